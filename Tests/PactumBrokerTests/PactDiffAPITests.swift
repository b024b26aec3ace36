import Foundation
import PactumCore
import Testing

@testable import PactumBroker

/// `…/previous-distinct`, `…/diff/previous-distinct`, `…/diff/version/{other}` and
/// `…/pact-version/{sha}/diff/pact-version/{other}` over HTTP on both engines.
@Suite struct PactDiffAPITests {
    typealias Client = BrokerHTTPTestClient

    @Test(arguments: BrokerTestEngine.allCases)
    func diffs(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            let client = Client(broker)
            let first = Client.pact(
                "Web",
                "Backend",
                interactions: [("get items", "items exist", 200), ("old", nil, 200)]
            )
            let changed = Client.pact(
                "Web",
                "Backend",
                interactions: [("get items", "items exist", 201), ("new one", nil, 204)]
            )
            try await client.publish(first, version: "1")
            try await client.publish(first, version: "2")  // same content as 1
            try await client.publish(changed, version: "3")
            let base = "/pacts/provider/Backend/consumer/Web/version/"

            // 3's previous distinct is 2 (the newest earlier version with other content).
            let previous = try await client.getJSON(base + "3/previous-distinct")
            #expect(previous["_links"]?["pb:consumer-version"]?["name"]?.stringValue == "2")
            let noPrevious = try await client.send("GET", base + "2/previous-distinct")
            #expect(noPrevious.status == 404)
            #expect(
                noPrevious.errorMessage.contains("No previous distinct version of the pact between Web (2) and Backend")
            )

            let diff = try await client.getJSON(base + "3/diff/previous-distinct")
            #expect(diff["identical"] == false)
            #expect(diff["summary"]?.stringValue == "1 interaction added, 1 interaction removed, 1 interaction changed")
            #expect(diff["interactionsAdded"] == ["new one"])
            #expect(diff["interactionsRemoved"] == ["old"])
            #expect(diff["interactionsChanged"]?[0]?["interaction"]?.stringValue == "get items (given items exist)")
            #expect(
                diff["interactionsChanged"]?[0]?["changes"]
                    == [["path": "$.response.status", "before": 200, "after": 201]]
            )
            #expect(diff["from"]?["consumerVersion"]?.stringValue == "2")
            #expect(diff["to"]?["consumerVersion"]?.stringValue == "3")
            #expect(
                diff["title"]?.stringValue
                    == "Differences from the pact of Web version 2 to version 3 (provider Backend)"
            )

            // The other direction, by version.
            let backwards = try await client.getJSON(base + "1/diff/version/3")
            #expect(backwards["interactionsAdded"] == ["old"])
            #expect(backwards["interactionsRemoved"] == ["new one"])
            let same = try await client.getJSON(base + "2/diff/version/1")
            #expect(same["identical"] == true)
            #expect(same["summary"]?.stringValue == "The two pacts have the same content.")

            // Text for clients that ask for it.
            let text = try await client.send(
                "GET",
                base + "3/diff/previous-distinct",
                headers: [("Accept", "text/plain")]
            )
            #expect(text.status == 200)
            #expect(text.contentType.hasPrefix("text/plain"))
            #expect(
                text.text == """
                    Differences from the pact of Web version 2 to version 3 (provider Backend)
                    1 interaction added, 1 interaction removed, 1 interaction changed
                    + interaction 'new one'
                    - interaction 'old'
                    ~ interaction 'get items (given items exist)'
                        - $.response.status: 200
                        + $.response.status: 201

                    """
            )

            // By content sha.
            let shaOld = try await client.getJSON(base + "1")["_links"]?["pb:pact-version"]?["name"]?.stringValue ?? ""
            let shaNew = try await client.getJSON(base + "3")["_links"]?["pb:pact-version"]?["name"]?.stringValue ?? ""
            let bySHA = try await client.getJSON(
                "/pacts/provider/Backend/consumer/Web/pact-version/\(shaNew)/diff/pact-version/\(shaOld)"
            )
            #expect(bySHA["interactionsAdded"] == ["new one"])

            let missing = try await client.send("GET", base + "3/diff/version/99")
            #expect(missing.status == 404)
            #expect(missing.errorMessage == "No pact found between consumer 'Web' version '99' and provider 'Backend'")

            // The pact versions of the integration are listed newest first.
            let versions = try await client.getJSON("/pacts/provider/Backend/consumer/Web/versions")
            let names = versions["_links"]?["pb:pact-versions"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(
                names == [
                    "Pact between Web (3) and Backend", "Pact between Web (2) and Backend",
                    "Pact between Web (1) and Backend",
                ]
            )
        }
    }
}
