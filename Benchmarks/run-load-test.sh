#!/usr/bin/env bash
# The full-size load run of RELIABILITY.md: 100 concurrent clients publishing contracts and verification results and
# asking can-i-deploy, against one broker (SQLite file, PostgreSQL) and two brokers on one PostgreSQL schema, then the
# consistency check (nothing lost, nothing duplicated, no 5xx). Prints the throughput and p50/p99 per operation.
#
#   Benchmarks/run-load-test.sh                         # 2,000 iterations (8,000 requests) per configuration
#   PACTUM_LOAD_OPERATIONS=20000 Benchmarks/run-load-test.sh
#   LOAD_SCRATCH=/tmp/load-build LOAD_CONFIGURATION=release Benchmarks/run-load-test.sh
#
# Environment: PACTUM_LOAD_OPERATIONS (iterations in all, 4 requests each; CI default 300), PACTUM_LOAD_CLIENTS
# (100), PACTUM_LOAD_SECONDS (no new iteration after this, default here 900), PACTUM_TEST_POSTGRES_URL (started with
# scripts/postgres.sh when unset), LOAD_SCRATCH (build folder, default .build), LOAD_CONFIGURATION (debug or release;
# release builds the tests with -enable-testing). The lines starting with LOAD go to stdout and to
# ${LOAD_LOG:-/tmp/pactum-load-test.log} with the whole test output.
set -euo pipefail
cd "$(dirname "$0")/.."

export PACTUM_LOAD_OPERATIONS="${PACTUM_LOAD_OPERATIONS:-2000}"
export PACTUM_LOAD_CLIENTS="${PACTUM_LOAD_CLIENTS:-100}"
export PACTUM_LOAD_SECONDS="${PACTUM_LOAD_SECONDS:-900}"
export PACTUM_TEST_POSTGRES_URL="${PACTUM_TEST_POSTGRES_URL:-$(./scripts/postgres.sh | tail -1)}"
SCRATCH="${LOAD_SCRATCH:-.build}"
CONFIGURATION="${LOAD_CONFIGURATION:-debug}"
LOG="${LOAD_LOG:-/tmp/pactum-load-test.log}"

FLAGS=(-c "$CONFIGURATION" --scratch-path "$SCRATCH")
if [ "$CONFIGURATION" = "release" ]; then FLAGS+=(-Xswiftc -enable-testing); fi

echo "building (${CONFIGURATION}, ${SCRATCH})…" >&2
swift build --build-tests "${FLAGS[@]}" >&2
echo "load: ${PACTUM_LOAD_CLIENTS} clients, ${PACTUM_LOAD_OPERATIONS} iterations per configuration" >&2
status=0
swift test --skip-build "${FLAGS[@]}" --filter "LoadTests" >"$LOG" 2>&1 || status=$?
grep -E '^LOAD' "$LOG" || true
grep -E '(✘|✔) Test run' "$LOG" || tail -20 "$LOG"
exit "$status"
