#!/bin/sh
# Creates the Temporal and visibility databases and brings their schemas up to date (idempotent).
# Run by compose's temporal-schema-setup job (admin-tools image) and by `npm run cluster` (scripts/cluster.ts), which
# points TEMPORAL_SCHEMA_DIR at the schema of the server module it built.
set -eu
SCHEMA_DIR=${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema}
if command -v nc >/dev/null; then nc -z -w 10 "${POSTGRES_SEEDS}" "${DB_PORT}"; fi
for db in temporal temporal_visibility; do
  schema=temporal
  [ "$db" = temporal_visibility ] && schema=visibility
  temporal-sql-tool --plugin postgres12 --ep "${POSTGRES_SEEDS}" -u "${POSTGRES_USER}" -p "${DB_PORT}" --db "$db" create || true
  temporal-sql-tool --plugin postgres12 --ep "${POSTGRES_SEEDS}" -u "${POSTGRES_USER}" -p "${DB_PORT}" --db "$db" setup-schema -v 0.0 || true
  temporal-sql-tool --plugin postgres12 --ep "${POSTGRES_SEEDS}" -u "${POSTGRES_USER}" -p "${DB_PORT}" --db "$db" \
    update-schema -d "${SCHEMA_DIR}/postgresql/v12/${schema}/versioned"
done
echo 'PostgreSQL schema setup complete'
