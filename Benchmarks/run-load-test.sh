#!/usr/bin/env bash
# The full-size load run of RELIABILITY.md: 100 concurrent clients publishing contracts and verification results and
# asking can-i-deploy, against release builds of `pactum broker serve` as deployed (each on a new database): one
# broker on an SQLite file, one on PostgreSQL, two on one PostgreSQL database; then the consistency check (nothing
# lost, nothing duplicated, no 5xx). Prints the throughput and p50/p99 per operation.
#
#   Benchmarks/run-load-test.sh                         # 2,000 iterations (8,000 requests) per configuration
#   PACTUM_LOAD_OPERATIONS=20000 Benchmarks/run-load-test.sh
#   LOAD_SCRATCH=/tmp/load-build Benchmarks/run-load-test.sh
#   LOAD_CONFIGURATIONS="sqlite postgres" Benchmarks/run-load-test.sh
#
# Environment: PACTUM_LOAD_OPERATIONS (iterations in all, 4 requests each), PACTUM_LOAD_CLIENTS (100),
# PACTUM_LOAD_SECONDS (no new iteration after this, default here 900), PACTUM_TEST_POSTGRES_URL (started with
# scripts/postgres.sh when unset; its role must be allowed to create databases), LOAD_SCRATCH (build folder, default
# .build-release-load), LOAD_CONFIGURATIONS (any of sqlite, postgres, two-brokers; default all three), LOAD_BROKER
# (a `pactum` binary to run instead of building one). The clients run in the test process (LoadTests/externalBrokers,
# release build); the lines starting with LOAD go to stdout and to ${LOAD_LOG:-/tmp/pactum-load-test.log}.
set -euo pipefail
cd "$(dirname "$0")/.."

export PACTUM_LOAD_OPERATIONS="${PACTUM_LOAD_OPERATIONS:-2000}"
export PACTUM_LOAD_CLIENTS="${PACTUM_LOAD_CLIENTS:-100}"
export PACTUM_LOAD_SECONDS="${PACTUM_LOAD_SECONDS:-900}"
POSTGRES_URL="${PACTUM_TEST_POSTGRES_URL:-$(./scripts/postgres.sh | tail -1)}"
SCRATCH="${LOAD_SCRATCH:-.build-release-load}"
CONFIGURATIONS="${LOAD_CONFIGURATIONS:-sqlite postgres two-brokers}"
LOG="${LOAD_LOG:-/tmp/pactum-load-test.log}"
WORK="$(mktemp -d /tmp/pactum-load.XXXXXX)"
FLAGS=(-c release --scratch-path "$SCRATCH" -Xswiftc -enable-testing)

echo "building (release, ${SCRATCH})…" >&2
swift build --build-tests "${FLAGS[@]}" >&2
BROKER="${LOAD_BROKER:-$(swift build "${FLAGS[@]}" --show-bin-path)/pactum}"
[ -x "$BROKER" ] || { echo "no pactum binary at $BROKER" >&2; exit 1; }

PIDS=()
stop_brokers() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    PIDS=()
}
# The databases of this run (see new_postgres_database), dropped at the end.
drop_databases() {
    for suffix in one two; do psql "${POSTGRES_URL%%\?*}" -qc "DROP DATABASE IF EXISTS pactum_load_$$_$suffix" 2>/dev/null || true; done
}
trap 'stop_brokers; drop_databases; rm -rf "$WORK"' EXIT

# Starts `pactum broker serve` on a database and adds its URL to URLS once it listens (at most 30 s).
URLS=""
start_broker() {
    local database="$1" log="$WORK/broker-${#PIDS[@]}.log"
    "$BROKER" broker serve --port 0 --database-url "$database" --log-level warning >"$log" 2>&1 &
    PIDS+=("$!")
    for _ in $(seq 300); do
        local url
        url="$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$log" | head -1 | sed 's/listening on //')" || true
        if [ -n "$url" ]; then URLS="${URLS:+$URLS }$url"; return; fi
        sleep 0.1
    done
    echo "the broker did not start within 30 s:" >&2
    cat "$log" >&2
    exit 1
}

# A new PostgreSQL database for one configuration.
new_postgres_database() {
    local name="pactum_load_$$_$1" base="${POSTGRES_URL%%\?*}"
    psql "$base" -qc "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
    echo "${base%/*}/$name?tlsmode=disable"
}

echo "load: ${PACTUM_LOAD_CLIENTS} clients, ${PACTUM_LOAD_OPERATIONS} iterations per configuration; broker $BROKER" >&2
: >"$LOG"
status=0
for configuration in $CONFIGURATIONS; do
    URLS=""
    case "$configuration" in
        sqlite)
            label="one broker, SQLite file"
            start_broker "sqlite://$WORK/broker.sqlite" ;;
        postgres)
            label="one broker, PostgreSQL"
            start_broker "$(new_postgres_database one)" ;;
        two-brokers)
            label="two brokers, one PostgreSQL database"
            database="$(new_postgres_database two)"
            start_broker "$database"
            start_broker "$database" ;;
        *) echo "unknown configuration $configuration (sqlite, postgres, two-brokers)" >&2; exit 2 ;;
    esac
    PACTUM_LOAD_BROKER_URLS="$URLS" PACTUM_LOAD_LABEL="$label" \
        swift test --skip-build "${FLAGS[@]}" --filter "LoadTests/externalBrokers" >>"$LOG" 2>&1 || status=$?
    stop_brokers
done
grep -E '^LOAD' "$LOG" || true
grep -E '(✘|✔) Test run' "$LOG" || tail -20 "$LOG"
exit "$status"
