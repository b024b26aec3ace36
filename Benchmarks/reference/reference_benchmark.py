#!/usr/bin/env python3
"""The Pact reference implementation's side of the Pactum comparison (see ../README.md).

Times the Rust reference implementation (pact_ffi, through the `pact-python-ffi` package) doing the same work
as Pactum's `PactumComparison` executable, on the same fixture files written by `GenerateFixture`:

- parse: `pactffi_parse_pact_json` on the contract's bytes, then `pactffi_pact_model_delete`;
- messageBodyMatch: `pactffi_match_message` on every interaction, the contract's response body with its body
  matching rules as the expected message and the actual response body as the actual message, then
  `pactffi_mismatches_delete`. The messages are built (`pactffi_message_new_from_json`) before the clock
  starts; pact_ffi consumes (frees) both messages in the match call, so they are rebuilt for every round.

It also times the same loop calling a trivial FFI function twice per interaction (`callOverhead`), the part of
the match loop that is Python and cffi rather than Rust, and, with --pactum-results, prints the comparison
table with ratios. Needs the `pact-python-ffi` package (pact_ffi 0.5.12 was used for the recorded results).

    python reference_benchmark.py FIXTURE_DIR [--rounds N] [--json OUT] [--pactum-results PACTUM_JSON]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

try:
    from pact_ffi.ffi import ffi, lib
except ImportError:  # pragma: no cover - depends on the environment
    sys.exit("reference_benchmark.py: needs the pact-python-ffi package (pip install pact-python-ffi)")

CONTRACT_FILE = "benchmark-pact.json"
ACTUAL_FILE = "benchmark-actual.json"
SPEC_V3 = lib.PactSpecification_V3 if hasattr(lib, "PactSpecification_V3") else 4


def summary(name: str, samples: list[int], operations: int) -> dict:
    ordered = sorted(samples)
    median = ordered[len(ordered) // 2]
    line = f"{name}: median {median / 1e6:.3f} ms per round, min {ordered[0] / 1e6:.3f} ms"
    if operations > 1:
        line += f", {median / operations / 1e3:.3f} µs per operation"
    print(line)
    return {
        "name": name,
        "rounds": len(samples),
        "operationsPerRound": operations,
        "medianNanoseconds": median,
        "minNanoseconds": ordered[0],
        "samplesNanoseconds": samples,
    }


def message_pairs(contract: dict, actual: dict) -> list[tuple[str, bytes, bytes]]:
    """(description, expected message JSON, actual message JSON) for every HTTP interaction, in contract order."""
    actual_by_description = {entry["description"]: entry for entry in actual["interactions"]}
    pairs = []
    for interaction in contract["interactions"]:
        if interaction.get("type") != "Synchronous/HTTP":
            continue
        description = interaction["description"]
        response = interaction["response"]
        body = response.get("body", {})
        expected_message = {
            "description": description,
            "metadata": {"contentType": "application/json"},
            "matchingRules": {"body": response.get("matchingRules", {}).get("body", {})},
        }
        if "content" in body:
            expected_message["contents"] = body["content"]
        actual_response = actual_by_description[description]["response"]
        actual_message = {"description": description, "metadata": {"contentType": "application/json"}}
        if "body" in actual_response:
            actual_message["contents"] = actual_response["body"]
        pairs.append((description, json.dumps(expected_message).encode(), json.dumps(actual_message).encode()))
    return pairs


def build_messages(pairs: list[tuple[str, bytes, bytes]]) -> list[tuple[object, object]]:
    built = []
    for index, (description, expected, actual) in enumerate(pairs):
        e = lib.pactffi_message_new_from_json(2 * index, expected, SPEC_V3)
        a = lib.pactffi_message_new_from_json(2 * index + 1, actual, SPEC_V3)
        if e == ffi.NULL or a == ffi.NULL:
            sys.exit(f"reference_benchmark.py: pact_ffi could not read the messages of '{description}'")
        built.append((e, a))
    return built


def mismatch_descriptions(mismatches) -> list[str]:
    found = []
    iterator = lib.pactffi_mismatches_get_iter(mismatches)
    while True:
        mismatch = lib.pactffi_mismatches_iter_next(iterator)
        if mismatch == ffi.NULL:
            break
        found.append(ffi.string(lib.pactffi_mismatch_description(mismatch)).decode())
    lib.pactffi_mismatches_iter_delete(iterator)
    return found


def run(directory: Path, rounds: int) -> dict:
    contract_bytes = (directory / CONTRACT_FILE).read_bytes()
    contract = json.loads(contract_bytes)
    actual = json.loads((directory / ACTUAL_FILE).read_bytes())
    pairs = message_pairs(contract, actual)
    planned = {entry["description"]: entry.get("expectResponseMismatch", False) for entry in actual["interactions"]}

    # Untimed: what the reference finds, to check both implementations judge the same traffic alike.
    body_mismatches = []
    examples = {}
    for (description, _, _), (e, a) in zip(pairs, build_messages(pairs)):
        mismatches = lib.pactffi_match_message(e, a)
        found = mismatch_descriptions(mismatches)
        lib.pactffi_mismatches_delete(mismatches)
        if found:
            body_mismatches.append(description)
            examples[description] = found
    unplanned = [d for d in body_mismatches if not planned.get(d)]
    print(
        f"pact_ffi {ffi.string(lib.pactffi_version()).decode()}: {len(pairs)} interactions, "
        f"{len(body_mismatches)} bodies mismatch ({len(unplanned)} not planned by the generator)"
    )
    for description in unplanned[:10]:
        print(f"  unplanned: {description}: {examples[description][:3]}")

    results = []

    def parse_once() -> int:
        start = time.perf_counter_ns()
        pact = lib.pactffi_parse_pact_json(contract_bytes)
        lib.pactffi_pact_model_delete(pact)
        elapsed = time.perf_counter_ns() - start
        if pact == ffi.NULL:
            sys.exit("reference_benchmark.py: pact_ffi could not parse the contract")
        return elapsed

    parse_once()
    results.append(summary("parse", [parse_once() for _ in range(rounds)], 1))

    def match_once() -> int:
        messages = build_messages(pairs)
        match, delete = lib.pactffi_match_message, lib.pactffi_mismatches_delete
        start = time.perf_counter_ns()
        for e, a in messages:
            delete(match(e, a))
        return time.perf_counter_ns() - start

    match_once()
    results.append(summary("messageBodyMatch", [match_once() for _ in range(rounds)], len(pairs)))

    def overhead_once() -> int:
        messages = [(None, None)] * len(pairs)
        call = lib.pactffi_version
        start = time.perf_counter_ns()
        for _e, _a in messages:
            call()
            call()
        return time.perf_counter_ns() - start

    overhead_once()
    results.append(summary("callOverhead", [overhead_once() for _ in range(rounds)], len(pairs)))

    # The fixed cost of one pact_ffi message match (async runtime entry, message and result handling),
    # measured on a one-key body.
    trivial = json.dumps({"description": "t", "contents": {"a": 1}, "metadata": {"contentType": "application/json"}})

    def trivial_once() -> int:
        messages = [
            (lib.pactffi_message_new_from_json(0, trivial.encode(), SPEC_V3),
             lib.pactffi_message_new_from_json(1, trivial.encode(), SPEC_V3))
            for _ in pairs
        ]
        match, delete = lib.pactffi_match_message, lib.pactffi_mismatches_delete
        start = time.perf_counter_ns()
        for e, a in messages:
            delete(match(e, a))
        return time.perf_counter_ns() - start

    trivial_once()
    results.append(summary("trivialMessageMatch", [trivial_once() for _ in range(rounds)], len(pairs)))

    return {
        "implementation": f"Pact reference (Rust pact_ffi {ffi.string(lib.pactffi_version()).decode()}, via cffi)",
        "interactions": len(pairs),
        "contractBytes": len(contract_bytes),
        "messageBodyMismatches": body_mismatches,
        "results": results,
    }


def compare(pactum: dict, reference: dict) -> None:
    """Prints the side-by-side table: medians, per-interaction costs and the Pactum/reference ratio."""
    ours = {r["name"]: r for r in pactum["results"]}
    theirs = {r["name"]: r for r in reference["results"]}
    overhead = theirs.get("callOverhead", {}).get("medianNanoseconds", 0)
    print()
    print(f"Comparison on the same {pactum['interactions']}-interaction contract ({pactum['contractBytes']} bytes):")
    print(f"{'median of rounds':<34} {'Pactum':>10} {'reference':>10} {'ratio':>7}   {'ratio of fastest rounds':>23}")
    count = pactum["interactions"]
    rows = [
        ("parse the contract (ms)", "parse", "parse", 1e6, 0),
        (f"match {count} response bodies (ms)", "messageBodyMatchFromBytes", "messageBodyMatch", 1e6, 0),
        ("  per interaction (µs)", "messageBodyMatchFromBytes", "messageBodyMatch", 1e3 * count, 0),
        ("  the same, less Python/cffi (µs)", "messageBodyMatchFromBytes", "messageBodyMatch", 1e3 * count, overhead),
        ("  Pactum body pre-parsed (µs)", "messageBodyMatch", "messageBodyMatch", 1e3 * count, overhead),
    ]
    for label, our_name, their_name, scale, less in rows:
        if our_name not in ours or their_name not in theirs:
            continue
        mine = ours[our_name]["medianNanoseconds"] / scale
        other = (theirs[their_name]["medianNanoseconds"] - less) / scale
        fastest = ours[our_name]["minNanoseconds"] / (theirs[their_name]["minNanoseconds"] - less)
        print(f"{label:<34} {mine:>10.1f} {other:>10.1f} {mine / other:>7.2f}   {fastest:>23.2f}")
    print("(ratio = Pactum / reference: below 1 means Pactum is faster)")
    if "trivialMessageMatch" in theirs:
        fixed = (theirs["trivialMessageMatch"]["medianNanoseconds"] - overhead) / 1e3 / count
        print(f"(reference fixed cost of one message match on a one-key body: {fixed:.1f} µs)")
    for name, label in (
        ("responseMatchFromWire", "full response match, body from bytes"),
        ("responseMatch", "full response match, body pre-parsed"),
        ("requestMatch", "full request match, body pre-parsed"),
    ):
        if name in ours:
            per = ours[name]["medianNanoseconds"] / ours[name]["operationsPerRound"] / 1e3
            print(f"Pactum {label}: {per:.1f} µs per interaction (no pact_ffi call does this for a bare response)")
    same = set(pactum.get("messageBodyMismatches", [])) == set(reference.get("messageBodyMismatches", []))
    print(
        f"Body mismatches found: Pactum {len(pactum.get('messageBodyMismatches', []))}, "
        f"reference {len(reference.get('messageBodyMismatches', []))}, "
        f"{'the same interactions' if same else 'DIFFERENT interactions'}"
    )
    if not same:
        only_pactum = sorted(set(pactum["messageBodyMismatches"]) - set(reference["messageBodyMismatches"]))
        only_reference = sorted(set(reference["messageBodyMismatches"]) - set(pactum["messageBodyMismatches"]))
        print(f"  only Pactum: {only_pactum[:10]}")
        print(f"  only reference: {only_reference[:10]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("fixture", type=Path, help="directory written by GenerateFixture")
    parser.add_argument("--rounds", type=int, default=20, help="timed rounds per measurement (default 20)")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--pactum-results", type=Path, help="PactumComparison's JSON, to print the comparison")
    arguments = parser.parse_args()
    if arguments.rounds < 1:
        parser.error("--rounds must be at least 1")
    report = run(arguments.fixture, arguments.rounds)
    if arguments.json:
        arguments.json.write_text(json.dumps(report, indent=2) + "\n")
    if arguments.pactum_results:
        compare(json.loads(arguments.pactum_results.read_text()), report)


if __name__ == "__main__":
    main()
