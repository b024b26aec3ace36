#!/usr/bin/env bash
# Pactum's mock and stub servers against the official Pact implementation, same interactions and files, one run.
#
#   Benchmarks/run-mock-comparison.sh [--quick] [--keep]
#
# 1. builds MockComparison and the pactum command (release);
# 2. Pactum (MockComparison): consumer tests with one interaction, a mock server with N interactions and N
#    requests (N = 100, 300, 1,000, 10,000), and stub servers loaded with generated pacts of 100, 1,000 and
#    10,000 interactions, which it writes into a temporary directory;
# 3. the official side (reference/mock_benchmark.py): the same consumer tests and mock servers with pact-python 4
#    (N = 100 and 300: 300 alone takes a minute or two), and `pact stub` on the same pact files (up to 1,000
#    simple or 100 realistic interactions: beyond that it takes seconds to minutes per request), plus the
#    `pactum stub` command measured with the same client;
# 4. prints the table with the Pactum/official ratios. The whole run takes about 4-5 minutes (--quick: 1).
#
# Needs a Python with pact-python 4.x and the `pact` command (pact-python-cli): set PACT_PYTHON (and PACT_CLI if
# `pact` is not next to that Python); otherwise a virtual environment is made in Benchmarks/.venv-mock-reference.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
keep=0
quick=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --keep) keep=1; shift ;;
        --quick) quick=1; shift ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "run-mock-comparison.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

python="${PACT_PYTHON:-}"
if [[ -z "$python" ]]; then
    venv="$here/.venv-mock-reference"
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import pact, requests' 2>/dev/null; then
        echo "== Setting up the official implementation in $venv (pact-python 4 from PyPI)"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet 'pact-python==4.2.0' 'pact-python-cli' 'requests'
    fi
    python="$venv/bin/python"
fi
if ! "$python" -c 'import pact, requests; assert pact.__version__.startswith("4.")' 2>/dev/null; then
    echo "run-mock-comparison.sh: $python has no pact-python 4.x (and requests); install them or unset PACT_PYTHON" >&2
    exit 1
fi
pact_cli="${PACT_CLI:-$(dirname "$python")/pact}"
if [[ ! -x "$pact_cli" ]]; then pact_cli="$(command -v pact || true)"; fi
if [[ -z "$pact_cli" ]]; then
    echo "run-mock-comparison.sh: no pact command (pip install pact-python-cli, or set PACT_CLI)" >&2
    exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/pactum-mock-comparison.XXXXXX")"
if [[ "$keep" == 0 ]]; then trap 'rm -rf "$work"' EXIT; fi

echo "== Building (release)"
swift build -c release --package-path "$here" --product MockComparison
swift build -c release --package-path "$here" --product pactum
bin="$(swift build -c release --package-path "$here" --show-bin-path)"

echo "== Machine: $(nproc) cores, $(uname -srm), $(date -u '+%Y-%m-%d %H:%M UTC')," \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"

pactum_args=(--pactum-cli "$bin/pactum" --json "$work/pactum.json")
official_args=(--pact-cli "$pact_cli" --pactum-cli "$bin/pactum" --json "$work/official.json")
if [[ "$quick" == 1 ]]; then
    pactum_args+=(--consumer-tests 50 --mock-sizes 100,1000 --stub-sizes 100,1000)
    official_args+=(--consumer-tests 30 --mock-sizes 100 --official-stub-max-items 100 --stub-budget 1)
fi

echo "== Pactum"
"$bin/MockComparison" "$work" "${pactum_args[@]}"

echo "== Official (pact-python $("$python" -c 'import pact; print(pact.__version__)'), $pact_cli)"
"$python" -u "$here/reference/mock_benchmark.py" "$work" "${official_args[@]}" --pactum-results "$work/pactum.json"

echo "== Load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "$keep" == 1 ]]; then echo "== Files kept in $work"; fi
