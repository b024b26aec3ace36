#!/usr/bin/env bash
# Pactum against the Pact reference implementation (Rust pact_ffi) on the same generated contract, in one run.
#
#   Benchmarks/run-comparison.sh [--rounds N] [--count N] [--keep]
#
# 1. builds GenerateFixture and PactumComparison (release);
# 2. writes the 1000-interaction contract and its actual traffic into a temporary directory;
# 3. times Pactum on it (PactumComparison), then the reference on the same files (reference/reference_benchmark.py);
# 4. prints both and the Pactum/reference ratio.
#
# The reference runs in Python with pact-python-ffi (pact_ffi 0.5.12). Set PACT_PYTHON to a Python that has it;
# otherwise a virtual environment is made in Benchmarks/.venv-reference and the package installed from PyPI.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rounds=20
count=1000
keep=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rounds) rounds="${2:?--rounds needs a number}"; shift 2 ;;
        --count) count="${2:?--count needs a number}"; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "run-comparison.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

python="${PACT_PYTHON:-}"
if [[ -z "$python" ]]; then
    venv="$here/.venv-reference"
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import pact_ffi' 2>/dev/null; then
        echo "== Setting up the reference implementation in $venv (pact-python-ffi from PyPI)"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet 'pact-python-ffi==0.5.12.1'
    fi
    python="$venv/bin/python"
fi
if ! "$python" -c 'import pact_ffi' 2>/dev/null; then
    echo "run-comparison.sh: $python cannot import pact_ffi; install pact-python-ffi or unset PACT_PYTHON" >&2
    exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/pactum-comparison.XXXXXX")"
if [[ "$keep" == 0 ]]; then trap 'rm -rf "$work"' EXIT; fi

echo "== Building (release)"
swift build -c release --package-path "$here" --product GenerateFixture
swift build -c release --package-path "$here" --product PactumComparison
bin="$(swift build -c release --package-path "$here" --show-bin-path)"

echo "== Machine: $(nproc) cores, $(uname -srm), $(date -u '+%Y-%m-%d %H:%M UTC')," \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== Fixture"
"$bin/GenerateFixture" "$work" --count "$count"

echo "== Pactum ($rounds rounds)"
"$bin/PactumComparison" "$work" --rounds "$rounds" --json "$work/pactum.json"

echo "== Reference ($rounds rounds)"
"$python" "$here/reference/reference_benchmark.py" "$work" --rounds "$rounds" \
    --json "$work/reference.json" --pactum-results "$work/pactum.json"

if [[ "$keep" == 1 ]]; then echo "== Files kept in $work"; fi
