#!/bin/sh
# Creates the case store's role and database (idempotent; runs at every `docker compose up`). The worker and the API
# create and migrate its tables themselves at start (lib/store/migrations/). The role may create roles (not a
# superuser): its first start gives the audit trail to a role of its own, `audit_keeper`, and keeps only SELECT and
# INSERT on it (docs/security.md, "Audit trail").
set -eu
export PGHOST="${PGHOST:-postgresql}" PGPORT="${PGPORT:-5432}" PGUSER=temporal PGPASSWORD="$POSTGRES_PASSWORD"
until pg_isready -q; do sleep 2; done
psql -v ON_ERROR_STOP=1 -v pw="$CASES_DB_PASSWORD" postgres <<'SQL'
SELECT 'CREATE ROLE cases LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cases') \gexec
ALTER ROLE cases PASSWORD :'pw' CREATEROLE NOSUPERUSER;
SELECT 'CREATE DATABASE cases OWNER cases' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'cases') \gexec
SQL
echo "Case store database 'cases' ready"
