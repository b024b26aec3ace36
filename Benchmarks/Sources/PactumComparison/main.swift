import BenchmarkFixtures
import Dispatch
import Foundation
import PactumCore

// Pactum's side of the same-run comparison with the Pact reference implementation (pact_ffi), run by
// run-comparison.sh. It times exactly the work reference/reference_benchmark.py times, on the same files:
//
// - parse: the contract's bytes into the contract model (`Pact(data:)`; pact_ffi: `pactffi_parse_pact_json`
//   followed by `pactffi_pact_model_delete`);
// - message-body match: every response body matched against its contract body and body rules, as a message
//   (`PactMatcher.match(expected: Message, actual: Message)`; pact_ffi: `pactffi_match_message`);
// and, for Pactum only (pact_ffi has no call that matches a bare HTTP request or response):
// - the full response match and the full request match of every interaction.
//
//     swift run -c release PactumComparison FIXTURE_DIRECTORY [--rounds N] [--json OUTPUT]

struct Options {
    var directory = NSTemporaryDirectory() + "pactum-benchmark-fixture"
    var rounds = 20
    var jsonOutput: String?

    init(_ arguments: [String]) throws {
        var rest = arguments
        while !rest.isEmpty {
            let argument = rest.removeFirst()
            switch argument {
            case "--rounds":
                guard let value = rest.first.flatMap({ Int($0) }), value > 0 else {
                    throw FixtureErrorMessage("--rounds needs a positive number")
                }
                rounds = value
                rest.removeFirst()
            case "--json":
                guard let value = rest.first else { throw FixtureErrorMessage("--json needs a file path") }
                jsonOutput = value
                rest.removeFirst()
            default:
                directory = argument
            }
        }
    }
}

struct FixtureErrorMessage: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Nanoseconds taken by each of `rounds` runs of `body` (after one warm-up run).
func measure(rounds: Int, _ body: () throws -> Void) rethrows -> [UInt64] {
    try body()
    var samples: [UInt64] = []
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        samples.append(DispatchTime.now().uptimeNanoseconds - start)
    }
    return samples
}

func summary(_ name: String, _ samples: [UInt64], operations: Int) -> JSONValue {
    let sorted = samples.sorted()
    let median = sorted[sorted.count / 2]
    let minimum = sorted[0]
    let line =
        "\(name): median \(Double(median) / 1e6) ms per round, min \(Double(minimum) / 1e6) ms"
        + (operations > 1 ? ", \(Double(median) / Double(operations) / 1e3) µs per operation" : "")
    print(line)
    return .object([
        "name": .string(name),
        "rounds": .integer(samples.count),
        "operationsPerRound": .integer(operations),
        "medianNanoseconds": .integer(Int(median)),
        "minNanoseconds": .integer(Int(minimum)),
        "samplesNanoseconds": .array(samples.map { .integer(Int($0)) }),
    ])
}

do {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    let fixture = try Fixture.load(from: URL(fileURLWithPath: options.directory, isDirectory: true))
    let cases = fixture.cases
    let expectedMessages = cases.map(\.expectedMessage)
    let actualMessages = cases.map(\.actualMessage)
    var results: [JSONValue] = []

    // What each matcher finds, once, untimed: a check that both implementations judge the same traffic alike.
    var messageMismatches: [JSONValue] = []
    var responseFailures = 0
    var requestFailures = 0
    var unexpectedResults: [String] = []
    for (index, matchCase) in cases.enumerated() {
        let bodyMismatches = PactMatcher.match(expected: expectedMessages[index], actual: actualMessages[index])
        if !bodyMismatches.isEmpty { messageMismatches.append(.string(matchCase.description)) }
        let response = PactMatcher.match(expected: matchCase.expectedResponse, actual: matchCase.actualResponse)
        let request = PactMatcher.match(expected: matchCase.expectedRequest, actual: matchCase.actualRequest)
        if !response.isEmpty { responseFailures += 1 }
        if !request.isEmpty { requestFailures += 1 }
        if response.isEmpty == matchCase.expectResponseMismatch {
            unexpectedResults.append("response of \(matchCase.description): \(response.map(\.description))")
        }
        if request.isEmpty == matchCase.expectRequestMismatch {
            unexpectedResults.append("request of \(matchCase.description): \(request.map(\.description))")
        }
    }
    print(
        "Pactum \(cases.count) interactions: \(messageMismatches.count) bodies, \(responseFailures) responses and "
            + "\(requestFailures) requests mismatch; "
            + "\(unexpectedResults.count) results differ from the generator's plan"
    )
    for line in unexpectedResults.prefix(10) { print("  unexpected: \(line)") }

    results.append(
        summary(
            "parse",
            try measure(rounds: options.rounds) { _ = try Pact(data: fixture.contractData) },
            operations: 1
        )
    )
    results.append(
        summary(
            "messageBodyMatch",
            measure(rounds: options.rounds) {
                var found = 0
                for index in expectedMessages.indices {
                    found &+= PactMatcher.match(expected: expectedMessages[index], actual: actualMessages[index]).count
                }
                precondition(found > 0)
            },
            operations: cases.count
        )
    )
    // As the reference has to: the actual body arrives as bytes and is parsed as part of matching it.
    let actualBodyBytes = cases.map { $0.actualResponse.body.bytes }
    results.append(
        summary(
            "messageBodyMatchFromBytes",
            measure(rounds: options.rounds) {
                var found = 0
                for index in expectedMessages.indices {
                    let actual = Message(
                        contents: Body.fromWire(actualBodyBytes[index], contentType: "application/json"),
                        metadata: ["contentType": "application/json"]
                    )
                    found &+= PactMatcher.match(expected: expectedMessages[index], actual: actual).count
                }
                precondition(found > 0)
            },
            operations: cases.count
        )
    )
    results.append(
        summary(
            "responseMatchFromWire",
            measure(rounds: options.rounds) {
                var found = 0
                for (index, matchCase) in cases.enumerated() {
                    let wire = matchCase.actualResponse
                    let actual = HTTPResponse(
                        status: wire.status,
                        headers: wire.headers,
                        body: Body.fromWire(actualBodyBytes[index], contentType: wire.contentType)
                    )
                    found &+= PactMatcher.match(expected: matchCase.expectedResponse, actual: actual).count
                }
                precondition(found > 0)
            },
            operations: cases.count
        )
    )
    results.append(
        summary(
            "responseMatch",
            measure(rounds: options.rounds) {
                var found = 0
                for matchCase in cases {
                    found &+=
                        PactMatcher.match(expected: matchCase.expectedResponse, actual: matchCase.actualResponse).count
                }
                precondition(found > 0)
            },
            operations: cases.count
        )
    )
    results.append(
        summary(
            "requestMatch",
            measure(rounds: options.rounds) {
                var found = 0
                for matchCase in cases {
                    found &+=
                        PactMatcher.match(expected: matchCase.expectedRequest, actual: matchCase.actualRequest).count
                }
                precondition(found > 0)
            },
            operations: cases.count
        )
    )
    let report: JSONValue = .object([
        "implementation": "Pactum (PactumCore, release build)",
        "interactions": .integer(cases.count),
        "contractBytes": .integer(fixture.contractData.count),
        "messageBodyMismatches": .array(messageMismatches),
        "responseMismatches": .integer(responseFailures),
        "requestMismatches": .integer(requestFailures),
        "results": .array(results),
    ])
    if let path = options.jsonOutput {
        try Data(JSONWriter.pretty(report).utf8).write(to: URL(fileURLWithPath: path))
    }
} catch {
    FileHandle.standardError.write(Data("PactumComparison: \(error)\n".utf8))
    exit(1)
}
