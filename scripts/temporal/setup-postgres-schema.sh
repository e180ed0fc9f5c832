#!/bin/sh
# docker compose one-shot `temporal-schema` (image temporalio/admin-tools): creates Temporal's two
# PostgreSQL databases and brings their schemas to the version the admin-tools image ships (the
# same release as the temporalio/server image). Safe on every `docker compose up`: `create` skips
# an existing database, `setup-schema -v 0.0` keeps a newer version, `update-schema` applies only
# the versions not yet applied. temporal-sql-tool reads the password from SQL_PASSWORD.
set -eu
: "${POSTGRES_SEEDS:?POSTGRES_SEEDS is required}"
: "${POSTGRES_USER:?POSTGRES_USER is required}"
: "${SQL_PASSWORD:?SQL_PASSWORD is required}"
port="${DB_PORT:-5432}"
schemas=/etc/temporal/schema/postgresql/v12

sql() { # database, command...
  database="$1"
  shift
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -u "$POSTGRES_USER" -p "$port" --db "$database" "$@"
}

for pair in temporal:temporal temporal_visibility:visibility; do
  database="${pair%%:*}"
  sql "$database" create
  sql "$database" setup-schema -v 0.0
  sql "$database" update-schema -d "$schemas/${pair#*:}/versioned"
  echo "temporal-schema: database $database is up to date"
done
