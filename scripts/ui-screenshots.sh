#!/usr/bin/env bash
# Screenshots of the broker's web UI for the README: starts `pactum broker serve` on a temporary SQLite database,
# publishes the example contracts (contracts/) and a few realistic companions, records verification results and
# deployments through the HAL API, and has headless Chromium write docs/screenshots/dashboard.png and
# docs/screenshots/contract.png (and network, matrix, can-i-deploy and environments .png).
#
#   scripts/ui-screenshots.sh [PACTUM_BINARY]
#
# Needs curl, python3 and Chromium (`apt-get install -y chromium`, or PACTUM_CHROMIUM=/path/to/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift >/dev/null 2>&1; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
PACTUM="${1:-}"
if [[ -z "$PACTUM" ]]; then
    swift build --product pactum
    PACTUM="$(swift build --show-bin-path)/pactum"
fi
CHROMIUM="${PACTUM_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [[ -z "$CHROMIUM" ]]; then
    echo "error: Chromium is missing: apt-get install -y chromium (or set PACTUM_CHROMIUM)" >&2
    exit 1
fi

work="$(mktemp -d)"
broker_pid=""
cleanup() {
    if [[ -n "$broker_pid" ]]; then kill "$broker_pid" 2>/dev/null || true; wait "$broker_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
"$PACTUM" broker serve --port "$port" --database-url "sqlite://$work/broker.sqlite" >"$work/broker.log" 2>&1 &
broker_pid=$!
for _ in $(seq 1 100); do
    curl -sf "$base/diagnostic/status/heartbeat" >/dev/null && break
    sleep 0.2
done
curl -sf "$base/diagnostic/status/heartbeat" >/dev/null || { cat "$work/broker.log" >&2; exit 1; }

# Publishes, verifies and deploys through the API (python3 for the JSON and base64).
BASE="$base" python3 - <<'PY'
import base64, glob, json, os, urllib.request

base = os.environ["BASE"]

def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", "Accept": "application/hal+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
        return json.loads(text) if text else {}

def publish(pact, version, branch):
    call("POST", "/contracts/publish", {
        "pacticipantName": pact["consumer"]["name"], "pacticipantVersionNumber": version, "branch": branch,
        "contracts": [{"consumerName": pact["consumer"]["name"], "providerName": pact["provider"]["name"],
                       "specification": "pact", "contentType": "application/json",
                       "content": base64.b64encode(json.dumps(pact).encode()).decode()}]})

def verify(consumer, provider, version, provider_version, success):
    pact = call("GET", f"/pacts/provider/{provider}/consumer/{consumer}/version/{version}")
    href = pact["_links"]["pb:publish-verification-results"]["href"]
    call("POST", href[len(base):], {"success": success, "providerApplicationVersion": provider_version})

def small(consumer, provider, descriptions):
    return {"consumer": {"name": consumer}, "provider": {"name": provider},
            "interactions": [{"description": d, "providerStates": [{"name": s}],
                              "request": {"method": m, "path": p},
                              "response": {"status": st, "headers": {"Content-Type": "application/json"},
                                           "body": {"ok": True}}} for d, s, m, p, st in descriptions],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}}

examples = [json.load(open(path)) for path in sorted(glob.glob("contracts/*.json"))]
for pact in examples:
    consumer, provider = pact["consumer"]["name"], pact["provider"]["name"]
    for version, branch, provider_version in [("1.2.0", "main", "3.1.0"), ("1.3.0", "feat/search", "3.2.0"),
                                              ("1.4.0", "main", "3.2.1")]:
        publish(pact, version, branch)
        verify(consumer, provider, version, provider_version, True)

others = [
    (small("CheckoutWeb", "ExampleProvider", [("a request for the basket", "a basket exists", "GET", "/basket", 200)]),
     "2.8.0", "2.8.1", False),
    (small("MobileApp", "ExampleProvider", [("a search for books", "books exist", "GET", "/books?q=swift", 200)]),
     "5.1.0", "3.2.1", True),
    (small("ExampleProvider", "Inventory", [("a stock level", "book 42 in stock", "GET", "/stock/42", 200)]),
     "3.2.1", None, None),
    (small("CheckoutWeb", "Payments", [("a card payment", "a valid card", "POST", "/payments", 201)]),
     "2.8.0", "7.0.3", True),
]
for pact, version, provider_version, success in others:
    publish(pact, version, "main")
    if provider_version:
        verify(pact["consumer"]["name"], pact["provider"]["name"], version, provider_version, success)

environment = call("POST", "/environments", {"name": "production", "displayName": "Production", "production": True})
for pacticipant, version in [("ExampleConsumer", "1.4.0"), ("ExampleProvider", "3.2.1")]:
    call("POST", f"/pacticipants/{pacticipant}/versions/{version}/deployed-versions/environment/{environment['uuid']}",
         {})
PY

contract_path="$(python3 -c '
import glob, json, urllib.parse
pact = json.load(open(sorted(glob.glob("contracts/*.json"))[0]))
q = urllib.parse.quote
print("/ui/pacts/provider/%s/consumer/%s/latest" % (q(pact["provider"]["name"]), q(pact["consumer"]["name"])))
')"

mkdir -p docs/screenshots
shoot() {
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --hide-scrollbars \
        --user-data-dir="$work/profile" --window-size=1280,900 --screenshot="$PWD/$1" "$base$2" >/dev/null 2>&1
    echo "wrote $1"
}
shoot docs/screenshots/dashboard.png /ui/dashboard
shoot docs/screenshots/contract.png "$contract_path"
shoot docs/screenshots/network.png /ui/network
shoot docs/screenshots/matrix.png /ui/matrix/provider/ExampleProvider/consumer/ExampleConsumer
shoot docs/screenshots/can-i-deploy.png \
    "/ui/can-i-deploy?pacticipant=CheckoutWeb&version=2.8.0&environment=production"
shoot docs/screenshots/environments.png /ui/environments
