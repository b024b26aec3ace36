#!/usr/bin/env bash
# Runs the whole test suite under ThreadSanitizer and/or AddressSanitizer (RELIABILITY.md, "Sanitizers").
#
#   scripts/sanitizers.sh [thread|address]...     (default: both, one after the other)
#
# Each sanitizer builds into its own folder (.build-tsan, .build-asan; a first build takes 10–15 minutes on two
# cores). The environment is the one scripts/test.sh prepares (PostgreSQL, the official Pact CLI); the log of each run
# is written to .build-<san>/test.log and the sanitizer reports are counted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

sanitizers=("$@")
[[ ${#sanitizers[@]} -gt 0 ]] || sanitizers=(thread address)

if [[ ! -x .venv-pact/bin/pact ]]; then
    python3 -m venv .venv-pact
    .venv-pact/bin/pip install --quiet 'pact-python-cli==1!0.10.9'
fi
export PACTUM_PACT_CLI="$PWD/.venv-pact/bin/pact" PACT_DO_NOT_TRACK=true
PACTUM_TEST_POSTGRES_URL="$(./scripts/postgres.sh)"
export PACTUM_TEST_POSTGRES_URL
if [[ -z "${PACTUM_CHROMIUM:-}" ]] && command -v chromium >/dev/null 2>&1; then
    PACTUM_CHROMIUM="$(command -v chromium)"
    export PACTUM_CHROMIUM
fi

status=0
for sanitizer in "${sanitizers[@]}"; do
    case "$sanitizer" in
        thread) scratch=.build-tsan; export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=0}" ;;
        address) scratch=.build-asan; export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" ;;
        *) echo "sanitizers.sh: unknown sanitizer '$sanitizer' (thread or address)" >&2; exit 2 ;;
    esac
    echo "==> building with --sanitize=$sanitizer into $scratch"
    swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch"
    # As in scripts/test.sh: the load and fault suites run after the rest, by themselves.
    quiet='LoadTests|BrokerFault|MisbehavingProvider'
    echo "==> swift test --sanitize=$sanitizer"
    set +e
    swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" --skip "$quiet" 2>&1 |
        tee "$scratch/test.log"
    result=${PIPESTATUS[0]}
    swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" --filter "$quiet" 2>&1 |
        tee -a "$scratch/test.log"
    [[ ${PIPESTATUS[0]} -eq 0 ]] || result=1
    set -e
    reports=$(grep -c '^SUMMARY: .*Sanitizer' "$scratch/test.log" || true)
    echo "==> $sanitizer: swift test exit $result, $reports sanitizer report(s)"
    grep '^SUMMARY: .*Sanitizer' "$scratch/test.log" | sort | uniq -c || true
    grep -E 'Test run with [0-9]+ tests' "$scratch/test.log" || true
    [[ $result -eq 0 ]] || status=1
done
exit "$status"
