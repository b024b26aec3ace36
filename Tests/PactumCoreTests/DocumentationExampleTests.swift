import PactumCore
import Testing

/// The example in PactumCore.docc prints exactly what the documentation says.
@Test("the DocC example's mismatches are the documented ones")
func documentationExample() throws {
    var response = HTTPResponse(
        status: 200,
        headers: ["Content-Type": ["application/json"]],
        body: .json(["id": 7, "total": 12.5, "lines": [["sku": "BK-0042", "qty": 1]]])
    )
    try response.matchingRules.add(.integer, category: "body", path: "$.id")
    try response.matchingRules.add(.decimal, category: "body", path: "$.total")
    try response.matchingRules.add(.type(min: 1), category: "body", path: "$.lines")
    try response.matchingRules.add(.regex("[A-Z]{2}-\\d{4}"), category: "body", path: "$.lines[*].sku")
    let actual = HTTPResponse(
        status: 200,
        headers: ["Content-Type": ["application/json; charset=utf-8"]],
        body: .json(["id": 8, "total": 3, "lines": []])
    )
    let printed = PactMatcher.match(expected: response, actual: actual).map(\.description).sorted()
    #expect(
        printed == [
            "response body $.lines: Expected an array with at least 1 item but received 0",
            "response body $.total: Expected 3 (integer) to be a decimal number",
        ]
    )
}
