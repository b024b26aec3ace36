import BenchmarkFixtures
import Foundation
import PactumCore

// Writes the benchmark contract (benchmark-pact.json, a V4 pact) and the actual traffic for it
// (benchmark-actual.json) into a directory, so Pactum and the reference implementation read the same bytes.
//
//     swift run -c release GenerateFixture [DIRECTORY] [--count N] [--seed S]

var arguments = Array(CommandLine.arguments.dropFirst())
var count = 1000
var seed: UInt64 = 0x5EED_0001
var directory: String?
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--count":
        guard let value = arguments.first.flatMap({ Int($0) }), value > 0 else {
            FileHandle.standardError.write(Data("--count needs a positive number\n".utf8))
            exit(2)
        }
        count = value
        arguments.removeFirst()
    case "--seed":
        guard let value = arguments.first.flatMap({ UInt64($0) }) else {
            FileHandle.standardError.write(Data("--seed needs a non-negative number\n".utf8))
            exit(2)
        }
        seed = value
        arguments.removeFirst()
    default:
        directory = argument
    }
}
let url = URL(fileURLWithPath: directory ?? NSTemporaryDirectory() + "pactum-benchmark-fixture", isDirectory: true)
do {
    try Fixture.write(ContractGenerator(interactionCount: count, seed: seed), to: url)
    let fixture = try Fixture.load(from: url)
    let responses = fixture.cases.filter(\.expectResponseMismatch).count
    let requests = fixture.cases.filter(\.expectRequestMismatch).count
    print(
        "wrote \(url.path)/\(Fixture.contractFileName) (\(fixture.contractData.count) bytes, "
            + "\(fixture.pact.interactions.count) interactions; \(responses) responses and \(requests) requests "
            + "deliberately mismatch) and \(Fixture.actualFileName)"
    )
} catch {
    FileHandle.standardError.write(Data("GenerateFixture: \(error)\n".utf8))
    exit(1)
}
