#!/usr/bin/env python3
"""The official Pact implementation's side of the mock and stub server comparison (see ../README.md).

Does the same work as Pactum's `MockComparison` executable, with pact-python 4.x (the Rust mock server through
pact_ffi) and the official `pact stub` command (pact-stub-server), in the same run and on the same files:

(a) consumer test: a new Pact with one interaction, the mock server started, one request, the mock server
    verified and stopped ("bare"), and the same plus `Pact.write_file` merging into the contract ("full");
(b) one mock server with N interactions answering N requests: define, start, requests, verify and stop, write;
(c) `pact stub` loaded with the pact files MockComparison wrote into WORKDIR (stub-<kind>-<N>.json): time from
    launch to the first answer, and per-request latency once loaded, over one keep-alive connection. With
    --pactum-cli the `pactum stub` command is measured the same way, with the same client.

The interactions of (a) and (b) are `item_interaction` below, the same as Swift's `ItemContract.interaction`.
Requests go over one keep-alive connection of a small socket client (`Connection`), as on the Swift side.
The official implementation is slow at larger sizes (the mock server with 300 interactions takes about a minute,
`pact stub` with 1,000 takes seconds per request), so its sizes are capped (see --help); what was skipped is said.

    python mock_benchmark.py WORKDIR [--pact-cli PATH] [--pactum-cli PATH] [--json OUT]
                             [--pactum-results PACTUM_JSON] [--consumer-tests N] [--mock-sizes 100,300] ...
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

try:
    import pact
    import requests
    from pact import Pact, match
except ImportError:  # pragma: no cover - depends on the environment
    sys.exit("mock_benchmark.py: needs pact-python 4.x (pip install 'pact-python>=4,<5')")

CONSUMER = "BenchmarkItemsApp"
PROVIDER = "BenchmarkItemsAPI"


def now() -> int:
    return time.perf_counter_ns()


def summary(samples: list[int]) -> dict:
    ordered = sorted(samples)
    if not ordered:
        return {"count": 0}
    return {
        "count": len(ordered),
        "medianNanoseconds": ordered[len(ordered) // 2],
        "minNanoseconds": ordered[0],
        "p90Nanoseconds": ordered[min(len(ordered) - 1, len(ordered) * 9 // 10)],
        "maxNanoseconds": ordered[-1],
        "meanNanoseconds": sum(ordered) // len(ordered),
    }


def ms(nanoseconds: float) -> str:
    return f"{nanoseconds / 1e6:.3f} ms"


def us(nanoseconds: float) -> str:
    return f"{nanoseconds / 1e3:.1f} µs"


# MARK: - A keep-alive HTTP/1.1 client on a raw socket


class ServerClosed(Exception):
    pass


class Connection:
    """One keep-alive connection to 127.0.0.1:port. Responses need Content-Length or chunked encoding."""

    def __init__(self, port: int, timeout: float = 600) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def close(self) -> None:
        self.sock.close()

    def _fill(self) -> None:
        data = self.sock.recv(65536)
        if not data:
            raise ServerClosed("the server closed the connection")
        self.buffer += data

    def _line(self) -> bytes:
        while b"\r\n" not in self.buffer:
            self._fill()
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def send(self, request: bytes) -> tuple[int, int]:
        """Sends the serialized request; returns (status, body length)."""
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.buffer:
            self._fill()
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ")[1])
        length = 0
        chunked = False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value.strip())
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if chunked:
            total = 0
            while True:
                size = int(self._line().split(b";")[0], 16)
                if size == 0:
                    while self._line():
                        pass
                    return status, total
                while len(self.buffer) < size + 2:
                    self._fill()
                self.buffer = self.buffer[size + 2 :]
                total += size
        if status in (204, 304) or 100 <= status < 200:
            length = 0
        while len(self.buffer) < length:
            self._fill()
        self.buffer = self.buffer[length:]
        return status, length


def wire(method: str, target: str, headers: list[tuple[str, str]], body: bytes = b"", port: int = 0) -> bytes:
    """The request's bytes, as Swift's WireRequest.bytes(port:) writes them."""
    head = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
    for name, value in headers:
        head += f"{name}: {value}\r\n"
    if body or method.upper() in ("POST", "PUT", "PATCH"):
        head += f"Content-Length: {len(body)}\r\n"
    return (head + "\r\n").encode() + body


def connect_when_listening(port: int, process: subprocess.Popen, deadline_seconds: float = 600) -> Connection:
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the stub server exited with {process.returncode}")
        try:
            return Connection(port)
        except ConnectionRefusedError:
            time.sleep(0.0005)
    raise RuntimeError(f"nothing listened on port {port} within {deadline_seconds} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# MARK: - The interactions (the same as Swift's ItemContract)


def item_interaction(contract: Pact, index: int) -> None:
    """Interaction `index`: GET /items/<index>?fields=summary with Accept: application/json, a 200 JSON body."""
    (
        contract.upon_receiving(f"a request for item {index}")
        .given(f"item {index} exists")
        .with_request("GET", f"/items/{index}")
        .with_query_parameter("fields", "summary")
        .with_header("Accept", "application/json")
        .will_respond_with(200)
        .with_body(
            {
                "id": match.int(index),
                "name": match.like(f"Item {index}"),
                "price": match.decimal(9.99),
                "updated": match.regex("2024-01-01", regex=r"\d{4}-\d{2}-\d{2}"),
                "tags": match.each_like(match.like("tag"), min=1),
            },
            content_type="application/json",
        )
    )


def item_request(index: int) -> bytes:
    return wire("GET", f"/items/{index}?fields=summary", [("Accept", "application/json")])


# MARK: - (a) Consumer test with one interaction


def consumer_test(directory: Path | None) -> None:
    """One consumer test. The mock server stops when its handle is freed, at the latest on return."""
    contract = Pact(CONSUMER, PROVIDER).with_specification("V4")
    item_interaction(contract, 1)
    with contract.serve(addr="127.0.0.1") as server:  # raises MismatchesError on exit unless all matched
        connection = Connection(server.port)
        status, _ = connection.send(item_request(1))
        connection.close()
        if status != 200:
            raise RuntimeError(f"consumer test: status {status}")
    del server  # frees the server handle: stops the mock server
    if directory is not None:
        contract.write_file(directory)


def idiomatic_consumer_test(directory: Path) -> None:
    """The consumer test as pact-python's documentation writes it: serve() on localhost, `requests`, write_file."""
    contract = Pact(CONSUMER, PROVIDER).with_specification("V4")
    item_interaction(contract, 1)
    with contract.serve() as server:
        response = requests.get(
            f"{server.url}/items/1", params={"fields": "summary"}, headers={"Accept": "application/json"}
        )
        if response.status_code != 200:
            raise RuntimeError(f"consumer test (requests): status {response.status_code}")
    del server
    contract.write_file(directory)


def measure_consumer_tests(work: Path, count: int) -> dict:
    directory = work / "official-consumer-test"
    shutil.rmtree(directory, ignore_errors=True)
    for _ in range(10):
        consumer_test(None)
        consumer_test(directory)
        idiomatic_consumer_test(directory)
    if not any(directory.glob("*.json")):
        raise RuntimeError("pact-python wrote no contract")
    bare: list[int] = []
    full: list[int] = []
    idiomatic: list[int] = []
    for _ in range(count):
        start = now()
        consumer_test(None)
        middle = now()
        consumer_test(directory)
        end = now()
        idiomatic_consumer_test(directory)
        idiomatic.append(now() - end)
        full.append(end - middle)
        bare.append(middle - start)
    print(
        f"consumer test, 1 interaction ({count} tests): without writing median {ms(sorted(bare)[count // 2])}, "
        f"with Pact.write_file median {ms(sorted(full)[count // 2])}, "
        f"with requests and localhost {ms(sorted(idiomatic)[count // 2])}"
    )
    return {"bare": summary(bare), "full": summary(full), "idiomatic": summary(idiomatic)}


# MARK: - (b) One mock server, N interactions, N requests


def measure_mock_server(work: Path, size: int, rounds: int) -> dict:
    requests = [item_request(index) for index in range(size)]
    phases: dict[str, list[int]] = {}
    totals: list[int] = []
    durations: list[int] = []
    for round_number in range(rounds):
        output = work / f"official-mock-{size}-{round_number}"
        shutil.rmtree(output, ignore_errors=True)
        gc.collect()
        start = now()
        contract = Pact(CONSUMER, PROVIDER).with_specification("V4")
        for index in range(size):
            item_interaction(contract, index)
        defined = now()
        server = contract.serve(addr="127.0.0.1")
        server.__enter__()
        started = now()
        connection = Connection(server.port)
        durations = []
        for index, request in enumerate(requests):
            before = now()
            status, _ = connection.send(request)
            durations.append(now() - before)
            if status != 200:
                raise RuntimeError(f"mock server, {size} interactions: request {index} got {status}")
        requested = now()
        connection.close()
        server.__exit__(None, None, None)  # verifies: raises MismatchesError unless every interaction matched
        del server  # stops the mock server
        verified = now()
        contract.write_file(output)
        written = now()
        for name, value in (
            ("define", defined - start),
            ("start", started - defined),
            ("requests", requested - started),
            ("verifyAndStop", verified - requested),
            ("write", written - verified),
        ):
            phases.setdefault(name, []).append(value)
        totals.append(written - start)
        shutil.rmtree(output, ignore_errors=True)
    request_median = sorted(phases["requests"])[rounds // 2]
    tenth = max(1, size // 10)
    print(
        f"mock server, {size} interactions and {size} requests ({rounds} round{'s' if rounds > 1 else ''}): "
        f"total median {ms(sorted(totals)[rounds // 2])}; requests {ms(request_median)} "
        f"({us(request_median / size)} each; first tenth {us(sum(durations[:tenth]) / tenth)}, "
        f"last tenth {us(sum(durations[-tenth:]) / tenth)}), start {ms(sorted(phases['start'])[rounds // 2])}, "
        f"define {ms(sorted(phases['define'])[rounds // 2])}, write {ms(sorted(phases['write'])[rounds // 2])}"
    )
    result = {
        "interactions": size,
        "rounds": rounds,
        "total": summary(totals),
        "perRequestMedianNanoseconds": request_median // size,
        "firstTenthMeanNanoseconds": sum(durations[:tenth]) // tenth,
        "lastTenthMeanNanoseconds": sum(durations[-tenth:]) // tenth,
    }
    for name, samples in phases.items():
        result[name] = summary(samples)
    return result


# MARK: - (c) Stub servers


def load_requests(path: Path) -> list[bytes]:
    entries = json.loads(path.read_text())["requests"]
    return [
        wire(entry["method"], entry["target"], [tuple(pair) for pair in entry["headers"]], entry["body"].encode())
        for entry in entries
    ]


def measure_stub_command(
    command: list[str], pact_file: Path, requests: list[bytes], start_rounds: int, minimum: int, budget: float
) -> dict:
    starts: list[int] = []
    listening: list[int] = []
    durations: list[int] = []
    statuses: list[int] = []
    for round_number in range(start_rounds):
        port = free_port()
        start = now()
        process = subprocess.Popen(
            [*command, "stub", "-f", str(pact_file), "-p", str(port), "-l", "none"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            connection = connect_when_listening(port, process)
            listening.append(now() - start)
            connection.send(requests[0])
            starts.append(now() - start)
            if round_number == start_rounds - 1:
                deadline = time.monotonic() + budget
                index = 0
                while len(durations) < 2000 and (len(durations) < minimum or time.monotonic() < deadline):
                    before = now()
                    status, _ = connection.send(requests[index % len(requests)])
                    durations.append(now() - before)
                    if index < len(requests):
                        statuses.append(status)
                    index += 1
            connection.close()
        finally:
            process.terminate()
            process.wait()
    return {
        "startToListening": summary(listening),
        "startToFirstAnswer": summary(starts),
        "latency": summary(durations),
        "statuses": statuses,
    }


def status_counts(statuses: list[int]) -> str:
    counts: dict[int, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{status}: {count}" for status, count in sorted(counts.items()))


def measure_stubs(work: Path, args: argparse.Namespace) -> list[dict]:
    results = []
    caps = {"items": args.official_stub_max_items, "commerce": args.official_stub_max_commerce}
    files = sorted(
        work.glob("stub-*-*[0-9].json"), key=lambda path: (path.stem.split("-")[1], int(path.stem.split("-")[2]))
    )
    for pact_file in files:
        _, kind, size_text = pact_file.stem.split("-")
        size = int(size_text)
        requests = load_requests(work / f"{pact_file.stem}-requests.json")
        entry: dict = {"kind": kind, "interactions": size}
        if size <= caps.get(kind, 0):
            rounds = 3 if size <= 100 else 1
            official = measure_stub_command(
                [args.pact_cli], pact_file, requests, rounds, minimum=3, budget=args.stub_budget
            )
            entry["official"] = official
            print(
                f"stub {kind} {size}, pact stub: start to first answer median "
                f"{ms(official['startToFirstAnswer']['medianNanoseconds'])} (listening after "
                f"{ms(official['startToListening']['medianNanoseconds'])}), request median "
                f"{us(official['latency']['medianNanoseconds'])} ({official['latency']['count']} requests), "
                f"statuses {status_counts(official['statuses'])}"
            )
        else:
            print(f"stub {kind} {size}, pact stub: skipped (over the cap of {caps.get(kind, 0)} interactions)")
        if args.pactum_cli:
            ours = measure_stub_command(
                [args.pactum_cli], pact_file, requests, 3 if size <= 1000 else 2, minimum=400, budget=2
            )
            entry["pactumCLI"] = ours
            print(
                f"stub {kind} {size}, pactum stub (same client): start to first answer median "
                f"{ms(ours['startToFirstAnswer']['medianNanoseconds'])}, request median "
                f"{us(ours['latency']['medianNanoseconds'])} ({ours['latency']['count']} requests)"
            )
        results.append(entry)
    return results


# MARK: - The comparison table


def median_of(entry: dict | None, *keys: str) -> int | None:
    value = entry
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value.get("medianNanoseconds") if isinstance(value, dict) else value


def fmt(nanoseconds: int | None) -> str:
    if nanoseconds is None:
        return "—"
    if nanoseconds >= 1e9:
        return f"{nanoseconds / 1e9:.2f} s"
    if nanoseconds >= 1e6:
        return f"{nanoseconds / 1e6:.2f} ms"
    return f"{nanoseconds / 1e3:.0f} µs"


def ratio(ours: int | None, theirs: int | None) -> str:
    if ours is None or theirs is None or theirs == 0:
        return "—"
    value = ours / theirs
    speedup = theirs / ours if ours else float("inf")
    shown = f"{value:.3f}" if value >= 0.01 else f"{value:.1e}"
    if speedup >= 10:
        return f"{shown} ({speedup:,.0f}× faster)"
    if speedup >= 1:
        return f"{shown} ({speedup:.1f}× faster)"
    return f"{shown} ({1 / speedup:.1f}× slower)"


def print_table(pactum: dict, official: dict) -> None:
    rows: list[tuple[str, int | None, int | None]] = []
    rows.append(
        (
            "Consumer test, 1 interaction: mock server, 1 request, verify, stop",
            median_of(pactum, "consumerTest", "bare"),
            median_of(official, "consumerTest", "bare"),
        )
    )
    rows.append(
        (
            "Consumer test, 1 interaction, contract written (withPact / write_file)",
            median_of(pactum, "consumerTest", "full"),
            median_of(official, "consumerTest", "full"),
        )
    )
    rows.append(
        (
            "— the same with the usual clients (URLSession / requests on localhost)",
            median_of(pactum, "consumerTest", "idiomatic"),
            median_of(official, "consumerTest", "idiomatic"),
        )
    )
    official_mock = {entry["interactions"]: entry for entry in official.get("mock", [])}
    for entry in pactum.get("mock", []):
        size = entry["interactions"]
        theirs = official_mock.get(size)
        rows.append((f"Mock server, {size:,} interactions, {size:,} requests: whole test", median_of(entry, "total"),
                     median_of(theirs, "total")))
        rows.append((f"— {size:,} requests only", median_of(entry, "requests"), median_of(theirs, "requests")))
    official_stub = {(entry["kind"], entry["interactions"]): entry for entry in official.get("stub", [])}
    for entry in pactum.get("stub", []):
        key = (entry["kind"], entry["interactions"])
        theirs = official_stub.get(key, {})
        label = f"Stub, {entry['kind']} pact, {entry['interactions']:,} interactions"
        rows.append((f"{label}: launch to first answer (pactum stub / pact stub)",
                     median_of(theirs, "pactumCLI", "startToFirstAnswer"),
                     median_of(theirs, "official", "startToFirstAnswer")))
        rows.append((f"{label}: one request (pactum stub / pact stub, same client)",
                     median_of(theirs, "pactumCLI", "latency"), median_of(theirs, "official", "latency")))
        rows.append((f"{label}: one request, Pactum in process (Swift client)", median_of(entry, "inProcess", "latency"),
                     median_of(theirs, "official", "latency")))
    print()
    print("| Same work, same run | Pactum | official | Pactum / official |")
    print("| --- | --- | --- | --- |")
    for label, ours, theirs in rows:
        print(f"| {label} | {fmt(ours)} | {fmt(theirs)} | {ratio(ours, theirs)} |")
    print()
    print("Medians; — where a side was not measured (official sizes over the caps). Pactum in-process stub latency")
    print("is measured with the Swift client, the rest with this script's client for both commands.")
    for entry in pactum.get("stub", []):
        theirs = official_stub.get((entry["kind"], entry["interactions"]), {})
        ours_statuses = entry.get("inProcess", {}).get("statuses", [])
        their_statuses = theirs.get("official", {}).get("statuses", [])
        if their_statuses:
            common = min(len(ours_statuses), len(their_statuses))
            same = sum(1 for a, b in zip(ours_statuses, their_statuses) if a == b)
            print(f"stub {entry['kind']} {entry['interactions']}: same status as pact stub for {same} of {common} requests")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("work", type=Path, help="directory with MockComparison's stub-*.json files")
    parser.add_argument("--pact-cli", default=shutil.which("pact") or "pact", help="the official pact command")
    parser.add_argument("--pactum-cli", help="the pactum command, to measure `pactum stub` with the same client")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--pactum-results", type=Path, help="MockComparison's JSON: print the comparison table")
    parser.add_argument("--consumer-tests", type=int, default=100)
    parser.add_argument("--mock-sizes", default="100,300", help="official mock server sizes (default 100,300)")
    parser.add_argument("--mock-time-cap", type=float, default=150,
                        help="skip larger mock sizes once one round took longer than this many seconds")
    parser.add_argument("--official-stub-max-items", type=int, default=1000,
                        help="largest items pact loaded into pact stub (default 1000; 10,000 takes minutes per request)")
    parser.add_argument("--official-stub-max-commerce", type=int, default=100,
                        help="largest commerce pact loaded into pact stub (default 100; 1,000 takes ~12 s per request)")
    parser.add_argument("--stub-budget", type=float, default=3, help="seconds of requests per official stub (min. 3)")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: consumer, mock, stub")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    print(f"pact-python {pact.__version__}, `{args.pact_cli} stub --version`: ", end="", flush=True)
    version = subprocess.run([args.pact_cli, "stub", "--version"], capture_output=True, text=True)
    print((version.stdout or version.stderr).strip())
    results: dict = {"pactPython": pact.__version__, "pactStub": (version.stdout or version.stderr).strip()}
    if "consumer" not in skip:
        results["consumerTest"] = measure_consumer_tests(args.work, args.consumer_tests)
    if "mock" not in skip:
        mock = []
        sizes = [int(size) for size in args.mock_sizes.split(",") if size]
        measure_mock_server(args.work, 10, 1)  # warm-up
        for position, size in enumerate(sizes):
            entry = measure_mock_server(args.work, size, 3 if size <= 100 else 1)
            mock.append(entry)
            if entry["total"]["maxNanoseconds"] > args.mock_time_cap * 1e9 and position + 1 < len(sizes):
                print(f"mock server: skipping {sizes[position + 1:]} (the {size} round took over "
                      f"{args.mock_time_cap:.0f} s)")
                break
        results["mock"] = mock
    if "stub" not in skip:
        results["stub"] = measure_stubs(args.work, args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    if args.pactum_results:
        print_table(json.loads(args.pactum_results.read_text()), results)


if __name__ == "__main__":
    main()
