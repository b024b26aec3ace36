// The PactumCore samples of the README and the DocC catalog, compiled with the tests; they read and write files in
// the working directory, so they are not run. `DocumentationSampleTests` keeps the docs equal to them.
import Foundation  // doc: hidden
import PactumCore

enum CatalogCoreSample {  // doc: hidden
    static func run() throws {  // doc: hidden
        // A contract with one interaction: GET /orders/7 answers an order whose fields are matched by type.
        var response = HTTPResponse(
            status: 200,
            headers: ["Content-Type": ["application/json"]],
            body: .json(["id": 7, "total": 12.5, "lines": [["sku": "BK-0042", "qty": 1]]])
        )
        try response.matchingRules.add(.integer, category: "body", path: "$.id")
        try response.matchingRules.add(.decimal, category: "body", path: "$.total")
        try response.matchingRules.add(.type(min: 1), category: "body", path: "$.lines")
        try response.matchingRules.add(.regex("[A-Z]{2}-\\d{4}"), category: "body", path: "$.lines[*].sku")

        let pact = Pact(
            consumer: "Web",
            provider: "Orders",
            interactions: [
                Interaction(
                    description: "a request for order 7",
                    providerStates: [ProviderState("order 7 exists", params: ["id": 7])],
                    kind: .http(request: HTTPRequest(method: "GET", path: "/orders/7"), response: response)
                )
            ]
        )
        try pact.write(to: URL(fileURLWithPath: "contracts/Web-Orders.json"))  // Pact V4

        // What the provider actually answered:
        let actual = HTTPResponse(
            status: 200,
            headers: ["Content-Type": ["application/json; charset=utf-8"]],
            body: .json(["id": 8, "total": 3, "lines": []])
        )
        for mismatch in PactMatcher.match(expected: response, actual: actual) {
            print(mismatch)
        }
        // response body $.lines: Expected an array with at least 1 item but received 0
        // response body $.total: Expected 3 (integer) to be a decimal number
    }
}
