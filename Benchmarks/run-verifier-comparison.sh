#!/usr/bin/env bash
# `pactum verify` against the official `pact verifier`: same pacts, same running provider, one run.
#
#   Benchmarks/run-verifier-comparison.sh [--sizes 100,300,1000,3000] [--runs 3] [--official-max 1000] \
#       [--providers example,python,python-http10,python-chunked]
#
# Builds `pactum` and the example provider in release mode (in .build-release at the repository root), makes pacts
# of N interactions from the example consumer's contract (each with a provider state and a body with matching
# rules), starts each kind of provider once (the Swift example provider; the Python http.server provider of
# Fixtures/PythonProvider writing headers and body separately, with HTTP/1.1 and HTTP/1.0, and chunked), and times
# both verifiers on each pact (see scripts/verifier_comparison.py). The official verifier is the `pact` command of pact-python-cli: the one in
# .venv-pact (scripts/test.sh installs it) or PACT_CLI.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
pact_cli="${PACT_CLI:-$root/.venv-pact/bin/pact}"
if [[ ! -x "$pact_cli" ]]; then
    echo "run-verifier-comparison.sh: no official pact command at $pact_cli (run scripts/test.sh once, or set PACT_CLI)" >&2
    exit 1
fi

echo "== Building pactum and the example provider (release)"
swift build -c release --package-path "$root" --scratch-path "$root/.build-release" --product pactum
swift build -c release --package-path "$root" --scratch-path "$root/.build-release" --product ExampleProvider
bin="$(swift build -c release --package-path "$root" --scratch-path "$root/.build-release" --show-bin-path)"

echo "== Verifying (official: $("$pact_cli" verifier --version 2>&1 | head -1))"
python3 "$here/scripts/verifier_comparison.py" "$bin/pactum" "$pact_cli" "$bin/ExampleProvider" \
    "$root/Fixtures/PythonProvider/bookshelf_provider.py" "$root/contracts/ExampleConsumer-ExampleProvider.json" "$@"
