import Foundation
import PactumCore
import Testing

@testable import PactumBroker

/// `/pacticipants/{p}/labels/{l}` (PUT, GET, DELETE), `/pacticipants/label/{l}` and `/labels` over HTTP.
@Suite struct LabelAPITests {
    @Test(arguments: BrokerTestEngine.allCases)
    func labels(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            let client = BrokerHTTPTestClient(broker)
            // PUT creates the pacticipant and the label (201), then answers 200.
            let created = try await client.send("PUT", "/pacticipants/Web/labels/frontend", body: "{}")
            #expect(created.status == 201)
            #expect(try created.json()["name"]?.stringValue == "frontend")
            #expect(try created.json()["_embedded"]?["pacticipant"]?["name"]?.stringValue == "Web")
            #expect(try await client.send("PUT", "/pacticipants/Web/labels/frontend", body: "{}").status == 200)
            #expect(try await client.send("PUT", "/pacticipants/Mobile/labels/frontend", body: "{}").status == 201)
            #expect(try await client.send("PUT", "/pacticipants/Backend/labels/backend", body: "{}").status == 201)

            let label = try await client.getJSON("/pacticipants/Web/labels/frontend")
            #expect(label["_links"]?["pb:pacticipant"]?["name"]?.stringValue == "Web")
            let tagged = try await client.getJSON("/pacticipants/label/frontend")
            let names = tagged["_embedded"]?["pacticipants"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(names == ["Mobile", "Web"])
            let all = try await client.getJSON("/labels")
            #expect(all["_embedded"]?["labels"] == [["name": "backend"], ["name": "frontend"]])

            #expect(try await client.send("DELETE", "/pacticipants/Web/labels/frontend").status == 204)
            let gone = try await client.send("GET", "/pacticipants/Web/labels/frontend")
            #expect(gone.status == 404)
            #expect(gone.errorMessage == "No label 'frontend' found for pacticipant 'Web'")
            let deleteAgain = try await client.send("DELETE", "/pacticipants/Web/labels/frontend")
            #expect(deleteAgain.status == 404)
            let names2 = try await client.getJSON("/pacticipants/label/frontend")["_embedded"]?["pacticipants"]?
                .arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(names2 == ["Mobile"])
            let unknown = try await client.send("GET", "/pacticipants/Nobody/labels/x")
            #expect(unknown.status == 404)
            #expect(unknown.errorMessage == "No pacticipant with name 'Nobody' found")
        }
    }
}
