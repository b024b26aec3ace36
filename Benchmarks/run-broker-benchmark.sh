#!/usr/bin/env bash
# The broker at scale: publish, pacts-for-verification, can-i-deploy and the matrix over HTTP, on SQLite and
# PostgreSQL, with a realistic history seeded straight into the database.
#
#   Benchmarks/run-broker-benchmark.sh [--scale small|medium|full] [--engines sqlite,postgres] [--iterations 200]
#
# Builds `pactum` in release mode (in .build-release at the repository root), makes sure the PostgreSQL server of
# scripts/postgres.sh runs (or uses PACTUM_TEST_POSTGRES_URL), and runs scripts/broker_benchmark.py, which starts
# `pactum broker serve` on 127.0.0.1 with a fresh SQLite file and then a fresh PostgreSQL database, seeds the
# history and prints p50/p99 per operation and engine. `--scale small` takes a minute; `full` (the default: 300
# pacticipants, 300,000 versions, 1,000,000 verification results) takes about ten.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

if ! command -v psql >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
    echo "== Installing the psql and sqlite3 clients with apt-get" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client sqlite3 >&2
fi

echo "== Building pactum (release)"
swift build -c release --package-path "$root" --scratch-path "$root/.build-release" --product pactum
bin="$(swift build -c release --package-path "$root" --scratch-path "$root/.build-release" --show-bin-path)"

if [[ -z "${PACTUM_TEST_POSTGRES_URL:-}" ]]; then
    PACTUM_TEST_POSTGRES_URL="$("$root/scripts/postgres.sh")"
fi
export PACTUM_TEST_POSTGRES_URL

echo "== Measuring"
python3 "$here/scripts/broker_benchmark.py" "$bin/pactum" "$@"
