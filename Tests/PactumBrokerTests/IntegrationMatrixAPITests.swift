import Foundation
import PactumCore
import Testing

@testable import PactumBroker

/// The matrix of a whole integration (`q[][pacticipant]=C&q[][pacticipant]=P`, no versions): the pacts and the
/// verifications that exist, newest first, bounded by `limit` — not every pairing of every version.
@Suite struct IntegrationMatrixAPITests {
    static func pairs(_ matrix: JSONValue) -> [String] {
        (matrix["matrix"]?.arrayValue ?? []).map { row in
            let consumer = row["consumer"]?["version"]?["number"]?.stringValue ?? "?"
            let provider = row["provider"]?["version"]?["number"]?.stringValue ?? "-"
            let success = row["verificationResult"]?["success"].map { $0 == .bool(true) ? "ok" : "failed" } ?? "none"
            return "\(consumer)×\(provider):\(success)"
        }.sorted()
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func integrationMatrix(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            let client = BrokerHTTPTestClient(broker)
            for (version, status) in [("1", 200), ("2", 201), ("3", 202)] {
                let pact = BrokerHTTPTestClient.pact("Web", "Orders", interactions: [("list", nil, status)])
                try await client.publish(pact, version: version)
            }
            func verify(_ consumerVersion: String, by providerVersion: String, success: Bool) async throws {
                try await client.publishVerification(
                    provider: "Orders",
                    consumer: "Web",
                    consumerVersion: consumerVersion,
                    providerVersion: providerVersion,
                    success: success
                )
            }
            try await verify("1", by: "p1", success: true)
            try await verify("1", by: "p2", success: true)
            try await verify("2", by: "p3", success: false)

            let query = "q%5B%5D%5Bpacticipant%5D=Web&q%5B%5D%5Bpacticipant%5D=Orders"
            let all = try await client.getJSON("/matrix?" + query)
            #expect(Self.pairs(all) == ["1×p1:ok", "1×p2:ok", "2×p3:failed", "3×-:none"])
            // The newest two versions of each side only.
            let limited = try await client.getJSON("/matrix?" + query + "&limit=2")
            #expect(Self.pairs(limited) == ["2×p3:failed", "3×-:none"])
        }
    }
}
