// Contract parsing: arbitrary bytes through `Pact(data:)`. A contract that parses is written back in every
// specification version it can be written in, and what was written must read again; each HTTP interaction is also
// matched against itself, which must give no mismatch.

import Foundation
import PactumCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard let pact = try? Pact(data: data) else { return 0 }
    for version in [PactSpecification.v2, .v3, .v4] {
        // Writing may refuse a version the contract can not be expressed in; that is a clean error, not a bug.
        guard let text = try? pact.jsonText(specification: version) else { continue }
        do {
            _ = try Pact(data: Data(text.utf8))
        } catch {
            fatalError("Pactum wrote a \(version) contract it can not read back: \(error)\n\(text)")
        }
    }
    for interaction in pact.interactions {
        switch interaction.kind {
        case .http(let request, let response):
            _ = PactMatcher.match(expected: request, actual: request)
            _ = PactMatcher.match(expected: response, actual: response)
        case .asynchronousMessage(let message):
            _ = PactMatcher.match(expected: message, actual: message)
        case .synchronousMessage(let request, let responses):
            _ = PactMatcher.match(expected: request, actual: request)
            for response in responses { _ = PactMatcher.match(expected: response, actual: response) }
        }
    }
    return 0
}
