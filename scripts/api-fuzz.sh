#!/usr/bin/env bash
# Property-based fuzzing of the broker's HTTP API (issue #19): schemathesis (PyPI) drives `pactum broker serve` on a
# fresh SQLite database from the broker's own /openapi.json (generated from the routes it serves, so it cannot
# drift). Every generated request must get an answer that is not a 5xx. Usage: scripts/api-fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION='4.32.5'
seconds="${1:-60}"
if [[ ! -x .venv-schemathesis/bin/st ]]; then
    echo "Installing schemathesis $SCHEMATHESIS_VERSION into .venv-schemathesis"
    python3 -m venv .venv-schemathesis
    .venv-schemathesis/bin/pip install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

bin="$(swift build --show-bin-path)"
folder="$(mktemp -d)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$bin/pactum" broker serve --port "$port" --database-url "sqlite://$folder/broker.sqlite" >"$folder/broker.log" 2>&1 &
broker=$!
cleanup() {
    kill "$broker" 2>/dev/null || true
    wait "$broker" 2>/dev/null || true
    rm -rf "$folder"
}
trap cleanup EXIT

# Bounded wait for the broker to answer.
python3 - "$port" <<'PY'
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/diagnostic/status/heartbeat"
for _ in range(200):
    try:
        urllib.request.urlopen(url, timeout=1)
        sys.exit(0)
    except Exception:
        time.sleep(0.1)
sys.exit("the broker did not answer within 20 s")
PY

status=0
.venv-schemathesis/bin/st run "http://127.0.0.1:$port/openapi.json" \
    --checks not_a_server_error --max-time "$seconds" --workers 1 --request-timeout 10 || status=$?
if [[ $status -ne 0 ]]; then
    echo "error: schemathesis found answers that break the API (above); the broker's log:" >&2
    tail -50 "$folder/broker.log" >&2
fi
exit "$status"
