#!/usr/bin/env bash
# Ensures a PostgreSQL server for the broker tests runs on 127.0.0.1:${PACTUM_POSTGRES_PORT:-55432} (idempotent,
# fast when it already runs) and prints the URL to export as PACTUM_TEST_POSTGRES_URL:
#   export PACTUM_TEST_POSTGRES_URL=$(./scripts/postgres.sh)
set -euo pipefail
PORT="${PACTUM_POSTGRES_PORT:-55432}"
DATA="${PACTUM_POSTGRES_DIR:-/tmp/pactum-postgres}"
URL="postgres://pactum:pactum@127.0.0.1:${PORT}/pactum?tlsmode=disable"

find_bin() {
    if command -v "$1" >/dev/null 2>&1; then command -v "$1"; return; fi
    ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -1
}
PG_CTL="$(find_bin pg_ctl || true)"
if [ -z "$PG_CTL" ]; then
    echo "installing postgresql with apt-get…" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    PG_CTL="$(find_bin pg_ctl)"
fi
BIN="$(dirname "$PG_CTL")"
INITDB="$(find_bin initdb)"
PSQL="$(find_bin psql)"

# PostgreSQL refuses to run as root: run it as the postgres user (created if missing).
as_owner() {
    if [ "$(id -u)" = "0" ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres >&2
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if [ ! -f "$DATA/PG_VERSION" ]; then
    mkdir -p "$DATA"
    [ "$(id -u)" = "0" ] && { id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres; chown postgres "$DATA"; }
    as_owner "$INITDB" -D "$DATA" -U postgres --auth=trust -E UTF8 >/dev/null
    printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 300\n" \
        "$PORT" "$DATA" >>"$DATA/postgresql.conf"
fi
if ! as_owner "$PG_CTL" -D "$DATA" status >/dev/null 2>&1; then
    as_owner "$PG_CTL" -D "$DATA" -l "$DATA/server.log" -w -t 30 start >/dev/null
fi
if ! as_owner "$PSQL" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='pactum'" | grep -q 1; then
    as_owner "$PSQL" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE ROLE pactum LOGIN PASSWORD 'pactum' CREATEDB" >/dev/null
fi
if ! as_owner "$PSQL" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='pactum'" | grep -q 1; then
    as_owner "$PSQL" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE pactum OWNER pactum" >/dev/null
fi
echo "$URL"
