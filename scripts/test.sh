#!/usr/bin/env bash
# Pactum's one test command: prepares a fresh Debian machine for the tests, builds everything with
# warnings as errors, and runs every test. CI (.ci/run) calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n==> %s\n' "$*"; }

# The official conformance data lives next to the repository (../shared); the tests fail loudly
# without it, so say so up front.
if [[ ! -d ../shared/pact-spec || ! -d ../shared/pact-compatibility-suite ]]; then
    echo "error: ../shared/pact-spec and ../shared/pact-compatibility-suite are required next to the repository" >&2
    exit 1
fi

if ! command -v swift >/dev/null 2>&1; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
swift --version

# The official Pact CLI is the independent peer of the interop tests (PyPI pact-python-cli).
PACT_CLI_VERSION='1!0.10.9'
if [[ ! -x .venv-pact/bin/pact ]]; then
    log "Installing the official Pact CLI (pact-python-cli $PACT_CLI_VERSION) into .venv-pact"
    python3 -m venv .venv-pact
    .venv-pact/bin/pip install --quiet "pact-python-cli==$PACT_CLI_VERSION"
fi
export PACTUM_PACT_CLI="$PWD/.venv-pact/bin/pact"
# The official tools send anonymous usage events unless told not to; tests stay on loopback.
export PACT_DO_NOT_TRACK=true

# The broker's store tests run on SQLite and on PostgreSQL: install (Debian's packages) and start a server on
# 127.0.0.1 when none runs. The PostgreSQL tests fail, not skip, without it.
log "Starting PostgreSQL for the broker tests (scripts/postgres.sh)"
PACTUM_TEST_POSTGRES_URL="$(./scripts/postgres.sh)"
export PACTUM_TEST_POSTGRES_URL

# The web UI tests load every page in headless Chromium (Debian's package); they fail, not skip, without it.
if [[ -z "${PACTUM_CHROMIUM:-}" ]]; then
    if ! command -v chromium >/dev/null 2>&1; then
        log "Installing Chromium for the web UI tests (apt-get install chromium)"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
            || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
    fi
    if ! PACTUM_CHROMIUM="$(command -v chromium)"; then
        echo "error: chromium is not installed and could not be installed with apt-get" >&2
        exit 1
    fi
    export PACTUM_CHROMIUM
fi

log "Checking formatting (swift format, .swift-format)"
swift format lint --strict --recursive Sources Tests Fixtures Package.swift

# Tests run on a few Swift concurrency threads that the servers under test share (two on a two-core machine):
# Thread.sleep on one stalls them all. Async code waits with Task.sleep; synchronous stops (defer, deinit) with
# ProcessEnd (Tests/PactumTestSupport), which wakes when the child ends.
log "Checking that nothing blocks a Swift concurrency thread with Thread.sleep"
if grep -rn --include='*.swift' 'Thread\.sleep' Sources Tests Fixtures; then
    echo "error: Thread.sleep above; wait with Task.sleep (or ProcessEnd where nothing can be awaited)" >&2
    exit 1
fi

log "Building (warnings are errors)"
swift build --build-tests -Xswiftc -warnings-as-errors

# Every library's DocC catalog and symbol documentation; a broken link or an undocumented parameter fails the run.
# (Their Swift samples are compiled and run as tests: Tests/*/Documentation/, checked by DocumentationSampleTests.)
log "Building the documentation (swift package generate-documentation, warnings are errors)"
swift package generate-documentation --warnings-as-errors \
    --target PactumCore --target PactumMock --target PactumTesting --target PactumVerifier \
    --target PactumBrokerWire --target PactumBrokerClient --target PactumBroker --target PactumContracts

# The load and fault suites (RELIABILITY.md) hold the broker to bounded waits under 100 clients and through
# crashes; they run after the rest, by themselves, so that 500 other tests on the same two cores do not decide whether
# a request waits 10 s.
quiet='LoadTests|BrokerFault|MisbehavingProvider'
log "Running the tests (all but the load and fault suites)"
output=$(mktemp)
trap 'rm -f "$output"' EXIT
set +e
swift test --skip-build --skip "$quiet" 2>&1 | tee "$output"
status=${PIPESTATUS[0]}
log "Running the load and fault suites"
swift test --skip-build --filter "$quiet" 2>&1 | tee -a "$output"
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
set -e

# The broker's HTTP API, fuzzed from its own OpenAPI description: no generated request may get a 5xx.
api_fuzz_seconds="${PACTUM_API_FUZZ_SECONDS:-60}"
log "Fuzzing the broker's API (schemathesis, ${api_fuzz_seconds} s, scripts/api-fuzz.sh)"
if ! scripts/api-fuzz.sh "$api_fuzz_seconds"; then
    echo "error: the broker's API fuzzing failed" >&2
    status=1
fi

# The libFuzzer harnesses (Fuzzing/) run for a bounded time from the committed seed corpus; a crash, leak, timeout
# or out-of-memory fails the run and leaves the input in Fuzzing/Crashes/.
fuzz_seconds="${PACTUM_FUZZ_SECONDS:-20}"
log "Fuzzing PactumCore (each harness ${fuzz_seconds} s, Fuzzing/run.sh)"
if ! FUZZ_SCRATCH="$PWD/.build-fuzz" Fuzzing/run.sh --seconds "$fuzz_seconds"; then
    echo "error: a fuzz harness failed (see Fuzzing/Crashes/)" >&2
    status=1
fi

log "Summary"
# The conformance suites print one line per unit of official data: `<name>: N passed, M failed`. Each suite is pinned
# here (a pattern for its lines, how many lines, how many cases they pass in all), so a suite that stops running, loses
# a feature file, or runs fewer cases fails the run instead of printing less. A conformance line no entry claims fails
# the run until it is added.
conformance=(
    # name | pattern of its lines | lines | cases passed in all
    'Pact specification|^pact-specification: |1|803'
    'compatibility suite|^V[0-9]/[a-z0-9_]+\.feature: |20|190'
    # The official broker client's two Pact Broker and two PactFlow contracts on SQLite and PostgreSQL (every
    # interaction), and through the official verifier (the interactions it can send as written: it sorts query
    # parameters, which splits each matrix selector's pacticipant from its version). Known: the older PactFlow
    # contract's index interaction, whose regex wants an href ending in `{provider}` where the newer PactFlow contract
    # wants `/publish` for the same relation (only Ruby's match-anywhere reading passes both; once per runner, 3 in all).
    'broker client contracts|^broker-client-pacts/|12|408|3'
    # PactFlow's comparator cases (OpenAPI 2.0/3.0/3.1 and AsyncAPI) against PactumContracts.
    'openapi-pact-comparator|^openapi-pact-comparator: |1|61'
)
if ! scripts/conformance-summary.sh "$output" "${conformance[@]}"; then
    status=1
fi
grep -E 'Test run with [0-9]+ tests' "$output" || true
exit "$status"
