import Foundation
import PactumCore
import Testing

@testable import PactumBroker

/// `/openapi.json` describes exactly the routes the broker serves (scripts/api-fuzz.sh fuzzes the API from it).
@Suite struct BrokerOpenAPITests {
    @Test func theDocumentHasEveryRouteAndItsParameters() async throws {
        try await WebhookTestSupport.withBroker(.sqlite) { client in
            let document = try await client.getJSON("/openapi.json")
            #expect(document["openapi"] == "3.0.3")
            let paths = try #require(document["paths"]?.objectValue)
            var operations = 0
            for item in paths.values { operations += item.objectValue?.count ?? 0 }
            #expect(operations == BrokerRouter.routes.count)
            for route in BrokerRouter.routes {
                let (path, names) = BrokerOpenAPI.openAPIPath(route.path)
                let operation = paths[path]?[route.method.lowercased()]
                #expect(operation != nil, "\(route.method) \(route.path)")
                let parameters = operation?["parameters"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
                #expect(parameters == names, "\(route.method) \(route.path)")
            }
            let publish = paths["/contracts/publish"]?["post"]
            #expect(publish?["requestBody"]?["content"]?["application/json"] != nil)
            #expect(publish?["x-pactum-permission"] == "write")
            #expect(paths["/pacticipants/{pacticipant}"]?["get"]?["x-pactum-permission"] == "read")
        }
    }
}
