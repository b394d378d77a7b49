#!/usr/bin/env bash
# Start a local PostgreSQL (Debian's package) with a database for the store tests; prints its URL.
set -euo pipefail
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  $SUDO apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
$SUDO pg_ctlcluster "$version" main start >&2 2>/dev/null || true
as_postgres() { $SUDO su postgres -c "$1"; }
as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'rasd'\"" | grep -q 1 \
  || as_postgres "psql -qc \"CREATE ROLE rasd LOGIN PASSWORD 'rasd' SUPERUSER\"" >&2
as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'rasd_test'\"" | grep -q 1 \
  || as_postgres "createdb -O rasd rasd_test" >&2
echo "postgresql://rasd:rasd@127.0.0.1/rasd_test"
