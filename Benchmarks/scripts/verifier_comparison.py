#!/usr/bin/env python3
"""Times `pactum verify` and the official `pact verifier` on the same pacts against running providers, one run.

Usage: verifier_comparison.py PACTUM PACT_CLI EXAMPLE_PROVIDER PYTHON_PROVIDER CONTRACT [--sizes 100,300,1000]
                              [--runs 3] [--official-max 1000] [--providers example,python,python-http10,...]

The pacts are made from the example consumer's contract (contracts/ExampleConsumer-ExampleProvider.json): its
"a request for book 42" and "a request for the books of an author" interactions repeated N times with distinct
descriptions, so every interaction has a provider state (a state-change call before it, a teardown call after it)
and a body with matching rules. Provider kinds (each started once, on a free port):

  example          Fixtures/ExampleProvider (SwiftNIO), each response in one write
  python           Fixtures/PythonProvider/bookshelf_provider.py: http.server, HTTP/1.1 keep-alive, the headers and
                   the body in two writes (Nagle on)
  python-http10    the same with HTTP/1.0: the connection closes after each response
  python-chunked   HTTP/1.1 keep-alive, Transfer-Encoding: chunked, the headers and each chunk in its own write
  python-one-write HTTP/1.1 keep-alive, each response in one write (the control)

Prints one row per provider and size: wall-clock seconds of each tool (median of --runs for Pactum, one run for the
official verifier), per-interaction cost and the ratio; and the floor: what a bare client (a few lines of Python on
raw sockets, no matching, no process start) takes for the same three requests per interaction (state set-up, the
request, teardown) against the same provider, keeping the connection when the provider does. The floor is the
provider's own cost on this machine: no verifier can be faster, so it bounds the ratio any verifier can reach.
"""
import argparse
import copy
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time


def make_pact(contract, size, path):
    base = [i for i in contract["interactions"]
            if i["description"] in ("a request for book 42", "a request for the books of an author")]
    interactions = []
    for index in range(size):
        interaction = copy.deepcopy(base[index % len(base)])
        interaction["description"] = f"{interaction['description']} #{index}"
        interaction.pop("key", None)
        interactions.append(interaction)
    pact = copy.deepcopy(contract)
    pact["interactions"] = interactions
    with open(path, "w") as handle:
        json.dump(pact, handle)


def run(command):
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "NO_COLOR": "1", "PACT_DO_NOT_TRACK": "true"})
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{command[0]} failed ({result.returncode}):\n{result.stdout[-3000:]}")
    return elapsed


def read_response(sock, buffer):
    """Reads one HTTP response from sock; returns (keep_alive, leftover bytes)."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("the provider closed the connection before the response headers")
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    version = lines[0].split(" ", 1)[0]
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    connection = headers.get("connection", "").lower()
    keep_alive = connection != "close" and (version == "HTTP/1.1" or connection == "keep-alive")
    if "content-length" in headers:
        length = int(headers["content-length"])
        while len(rest) < length:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("the provider closed the connection before the end of the body")
            rest += chunk
        return keep_alive, rest[length:]
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while b"0\r\n\r\n" not in rest:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("the provider closed the connection before the last chunk")
            rest += chunk
        return keep_alive, rest[rest.index(b"0\r\n\r\n") + 5:]
    while sock.recv(65536):
        pass
    return False, b""


def bare_client(port, size):
    """Seconds a bare keep-alive client takes for the pact's state set-up, request and teardown calls."""
    import socket
    steps = [("a book with id 42 exists", {"id": 42}, "/books/42"),
             ("books by Ursula K. Le Guin exist", {"author": "Ursula K. Le Guin"}, "/books?author=Ursula+K.+Le+Guin")]
    sock, leftover = None, b""
    start = time.perf_counter()
    for index in range(size):
        state, params, path = steps[index % 2]
        calls = []
        for action in ("setup", None, "teardown"):
            if action is None:
                calls.append(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n\r\n")
                continue
            body = json.dumps({"state": state, "params": params, "action": action})
            calls.append(f"POST /_pact/provider-states HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                         f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n{body}")
        for request in calls:
            if sock is None:
                sock = socket.create_connection(("127.0.0.1", int(port)))
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                leftover = b""
            sock.sendall(request.encode())
            if hasattr(socket, "TCP_QUICKACK"):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
            keep_alive, leftover = read_response(sock, leftover)
            if not keep_alive:
                sock.close()
                sock = None
    elapsed = time.perf_counter() - start
    if sock is not None:
        sock.close()
    return elapsed


PROVIDERS = {
    "example": (None, []),
    "python": ("python", []),
    "python-http10": ("python", ["--http10"]),
    "python-chunked": ("python", ["--chunked"]),
    "python-one-write": ("python", ["--one-write"]),
}


def start_provider(kind, example, python):
    script, flags = PROVIDERS[kind]
    if script is None:
        command = [example, "--host", "127.0.0.1", "--port", "0", "--quiet"]
    else:
        command = [sys.executable, python, "--host", "127.0.0.1", "--port", "0", *flags]
    provider = subprocess.Popen(command, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    line = provider.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
    if not match:
        provider.kill()
        sys.exit(f"the {kind} provider did not start: {line!r}")
    return provider, match.group(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pactum")
    parser.add_argument("pact_cli")
    parser.add_argument("provider")
    parser.add_argument("python_provider")
    parser.add_argument("contract")
    parser.add_argument("--sizes", default="100,300,1000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--official-max", type=int, default=1000)
    parser.add_argument("--providers", default="example,python,python-http10,python-chunked")
    args = parser.parse_args()
    contract = json.load(open(args.contract))
    sizes = [int(s) for s in args.sizes.split(",")]
    kinds = args.providers.split(",")
    for kind in kinds:
        if kind not in PROVIDERS:
            sys.exit(f"unknown provider kind {kind!r}; use {', '.join(PROVIDERS)}")

    rows = []
    with tempfile.TemporaryDirectory() as work:
        for size in sizes:
            make_pact(contract, size, os.path.join(work, f"pact-{size}.json"))
        for kind in kinds:
            provider, port = start_provider(kind, args.provider, args.python_provider)
            try:
                state_url = f"http://127.0.0.1:{port}/_pact/provider-states"
                for size in sizes:
                    path = os.path.join(work, f"pact-{size}.json")
                    flags = ["-f", path, "--hostname", "127.0.0.1", "--port", port, "--state-change-url",
                             state_url, "--state-change-teardown", "-n", "ExampleProvider"]
                    pactum = statistics.median(
                        run([args.pactum, "verify", *flags, "--no-colour"]) for _ in range(args.runs))
                    official = run([args.pact_cli, "verifier", *flags]) if size <= args.official_max else None
                    floor = statistics.median(bare_client(port, size) for _ in range(args.runs))
                    rows.append((kind, size, pactum, official, floor))
                    shown = f"{official:.2f} s" if official is not None else "-"
                    print(f"  {kind:>16} {size:>6} interactions: pactum {pactum:.3f} s, official {shown}, "
                          f"bare client {floor:.3f} s", flush=True)
            finally:
                provider.terminate()
                provider.wait(timeout=5)
    print()
    print("| provider | interactions | pactum verify | per interaction | pact verifier | per interaction | ratio "
          "| bare client (floor) | per interaction | best ratio the floor allows |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, size, pactum, official, floor in rows:
        per = pactum / size * 1e6
        floor_cells = f"{floor:.3f} s | {floor / size * 1e6:.0f} µs"
        if official is None:
            print(f"| {kind} | {size} | {pactum:.3f} s | {per:.0f} µs | - | - | - | {floor_cells} | - |")
        else:
            print(f"| {kind} | {size} | {pactum:.3f} s | {per:.0f} µs | {official:.2f} s | "
                  f"{official / size * 1e3:.1f} ms | {official / pactum:.0f}× | {floor_cells} | "
                  f"{official / floor:.0f}× |")


if __name__ == "__main__":
    main()
