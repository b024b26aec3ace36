import Foundation
import PactumCore
import PactumTestSupport
import Testing

/// Contracts written by the official Pact implementation (pact-python 4.2 / pact_ffi 0.5.12, see
/// Fixtures/pact-python/README.md) are read by Pactum and written back without losing anything.
@Suite("Interop: official contracts round-trip")
struct InteropRoundTripTests {
    static let fixtures: [String] = {
        let root = SharedData.fixturesRoot.appendingPathComponent("pact-python")
        let files = SharedData.files(under: root, withExtension: "json")
        return files.isEmpty ? ["MISSING: \(root.path)"] : files
    }()

    static func load(_ name: String) throws -> (Pact, JSONValue) {
        let url = SharedData.fixturesRoot.appendingPathComponent("pact-python").appendingPathComponent(name)
        let data = try Data(contentsOf: url)
        return (try Pact(data: data), try JSONParser.parse(data))
    }

    @Test("the fixture set is complete")
    func fixtureSetIsComplete() {
        #expect(Self.fixtures.count >= 7, "expected the pact-python fixtures under Fixtures/pact-python")
        #expect(!Self.fixtures.contains { $0.hasPrefix("MISSING") })
    }

    @Test("reads and writes back equivalently", arguments: fixtures)
    func roundTrip(_ name: String) throws {
        try #require(!name.hasPrefix("MISSING"), "fixtures missing: \(name)")
        let (pact, original) = try Self.load(name)
        #expect(!pact.interactions.isEmpty)
        let written = try pact.json()
        let differences = JSONDiff.differences(Self.normalized(original), Self.normalized(written))
        #expect(differences.isEmpty, "\(name) changed on the round trip:\n\(differences.joined(separator: "\n"))")

        // Reading what we wrote gives the same model, and writing it again gives the same bytes.
        let reread = try Pact(json: written)
        var sorted = pact
        sorted.interactions = pact.sortedInteractions
        #expect(reread == sorted, "reading back what Pactum wrote for \(name) gave a different model")
        #expect(try reread.jsonText() == pact.jsonText(), "\(name) is not written byte-identically twice")
    }

    /// Interaction order is not significant (Pactum writes a stable sorted order); everything else must be equal.
    static func normalized(_ json: JSONValue) -> JSONValue {
        guard case .object(var root) = json else { return json }
        for key in ["interactions", "messages"] {
            if case .array(let items)? = root[key] {
                root[key] = .array(items.sorted { $0.jsonText < $1.jsonText })
            }
        }
        return .object(root)
    }
}
