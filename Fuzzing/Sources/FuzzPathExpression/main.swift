// Matching-rule paths: the input's first line is a path such as `$.a[*].b`, the rest a JSON body. The line is also
// used as a field name, and the path written for it must read back. A path that
// parses must parse again from its own description; rules at that path are then applied while matching the body
// against itself and against an empty object, as the mock server and the verifier do.

import Foundation
import PactumCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let path = String(parts[0])
    let bodyText = parts.count > 1 ? String(parts[1]) : #"{"a":[{"b":1},{"b":"x"}],"c":{"d":[1,2,3]}}"#
    // Any text as a field name: the path written for it must read back (names with quotes and backslashes).
    let written = PathExpression.text([.root, .field(path), .anyIndex, .field("x"), .anyField, .index(count)])
    do {
        _ = try PathExpression(written)
    } catch {
        fatalError("the path written for the name '\(path)', \(written), does not read back: \(error)")
    }
    guard let expression = try? PathExpression(path) else { return 0 }
    do {
        _ = try PathExpression(expression.description)
    } catch {
        fatalError("the path '\(path)' parsed, but its description '\(expression.description)' did not: \(error)")
    }
    guard let body = try? JSONParser.parse(bodyText) else { return 0 }
    var rules = MatchingRules()
    do {
        try rules.add(.type(min: 1), category: "body", path: path)
        try rules.add(.regex("^[a-z0-9]*$"), category: "header", path: path)
        try rules.add(.integer, category: "query", path: path)
    } catch {
        fatalError("the path '\(path)' parsed, but a rule could not be added at it: \(error)")
    }
    let expected = HTTPResponse(
        status: 200,
        headers: ["X-Value": ["abc"]],
        body: .json(body),
        matchingRules: rules
    )
    _ = PactMatcher.match(expected: expected, actual: expected)
    var other = expected
    other.body = .json(.object([:]))
    _ = PactMatcher.match(expected: expected, actual: other)
    var query = ["a": ["1"]]
    query[path, default: []].append("2")
    var request = HTTPRequest(method: "GET", path: "/", query: query, body: .json(body))
    request.matchingRules = rules
    _ = PactMatcher.match(expected: request, actual: request)
    return 0
}
