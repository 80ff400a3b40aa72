#!/bin/sh
# Creates the Temporal and visibility databases and brings their schemas up to date (idempotent).
set -eu
nc -z -w 10 "${POSTGRES_SEEDS}" "${DB_PORT}"
for db in temporal temporal_visibility; do
  schema=temporal
  [ "$db" = temporal_visibility ] && schema=visibility
  temporal-sql-tool --plugin postgres12 --ep "${POSTGRES_SEEDS}" -u "${POSTGRES_USER}" -p "${DB_PORT}" --db "$db" create || true
  temporal-sql-tool --plugin postgres12 --ep "${POSTGRES_SEEDS}" -u "${POSTGRES_USER}" -p "${DB_PORT}" --db "$db" setup-schema -v 0.0 || true
  temporal-sql-tool --plugin postgres12 --ep "${POSTGRES_SEEDS}" -u "${POSTGRES_USER}" -p "${DB_PORT}" --db "$db" \
    update-schema -d "/etc/temporal/schema/postgresql/v12/${schema}/versioned"
done
echo 'PostgreSQL schema setup complete'
