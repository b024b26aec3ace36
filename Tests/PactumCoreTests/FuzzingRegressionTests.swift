import Foundation
import PactumCore
import Testing

/// Inputs the libFuzzer harnesses under Fuzzing/ found to break PactumCore, one test each, named for what broke.
/// The crashing inputs are also kept in the seed corpus (`Fuzzing/Corpus/<harness>/regression-*`).
@Suite("Fuzzing regressions")
struct FuzzingRegressionTests {
    @Test("a matching-rule path for a field name with a quote or backslash is written so that it reads back")
    func pathWithQuoteInFieldNameReadsBack() throws {
        for name in ["animal'", "a\\b", "it's a \\'key\\'", "'", "\\"] {
            let text = PathExpression.text([.root, .field(name), .anyIndex])
            let parsed = try PathExpression(text)
            #expect(parsed.description == text)
            // The escaped name addresses the same field: a rule at the written path applies to that field, so a
            // longer array of the same type matches (without the rule it would not).
            var rules = MatchingRules()
            try rules.add(.type(min: 2), category: "body", path: PathExpression.text([.root, .field(name)]))
            let expected = HTTPResponse(body: .json(.object([name: .array([1, 2])])), matchingRules: rules)
            let actual = HTTPResponse(body: .json(.object([name: .array([4, 5, 6])])))
            #expect(PactMatcher.match(expected: expected, actual: actual).isEmpty, "name \(name)")
        }
    }

    @Test("a V3 contract with a quote in a rule path's field name is written as V2, V3 and V4 and reads back")
    func contractWithQuoteInRulePathRoundTrips() throws {
        let text = """
            {"consumer": {"name": "FuzzConsumer"}, "provider": {"name": "FuzzProvider"},
             "interactions": [{"description": "array-size-less-than-required-xml",
               "request": {"method": "POST", "path": "/", "headers": {"Content-Type": "application/xml"},
                 "matchingRules": {"body": {"$.animal'": {"matchers": [{"min": 2}]}}},
                 "body": "<?xml version=\\"1.0\\" encoding=\\"UTF-8\\"?><animals><alligator name=\\"Mary\\"/></animals>"},
               "response": {"status": 200}}],
             "metadata": {"pactSpecification": {"version": "3.0.0"}}}
            """
        let pact = try Pact(data: Data(text.utf8))
        for version in [PactSpecification.v2, .v3, .v4] {
            let written = try pact.jsonText(specification: version)
            let reread = try Pact(data: Data(written.utf8))
            guard case .http(let request, _) = reread.interactions.first?.kind else {
                Issue.record("no HTTP interaction after writing \(version)")
                continue
            }
            #expect(!request.matchingRules["body"].isEmpty, "\(version)")
        }
    }

    @Test("a field name starting with a combining mark is read back from a quoted or dotted path")
    func pathWithFieldNameStartingWithCombiningMarkReadsBack() throws {
        // U+065E (a combining mark) would merge with the quote or dot before it into one Character, and a quote or
        // backslash inside the name followed by one would go unescaped.
        for name in ["\u{065E}abc", "\u{0301}", "e\u{0301}t\u{00E9}", "a'\u{065E}b", "\\\u{0301}"] {
            let quoted = PathExpression.text([.root, .field(name), .anyIndex])
            #expect(try PathExpression(quoted).description == quoted)
            let dotted = "$.\(name).x"
            #expect(throws: Never.self, "name \(name)") { try PathExpression(dotted) }
            var rules = MatchingRules()
            try rules.add(.type(min: 2), category: "body", path: PathExpression.text([.root, .field(name)]))
            let expected = HTTPResponse(body: .json(.object([name: .array([1, 2])])), matchingRules: rules)
            let actual = HTTPResponse(body: .json(.object([name: .array([4, 5, 6])])))
            #expect(PactMatcher.match(expected: expected, actual: actual).isEmpty, "name \(name)")
        }
    }

    @Test("an empty rule list (\"matchers\": []) is left out of a V2 contract instead of written as an unreadable {}")
    func emptyRuleListWrittenAsV2ReadsBack() throws {
        let text = """
            {"consumer": {"name": "C"}, "provider": {"name": "P"},
             "interactions": [{"description": "a grid", "request": {"method": "GET", "path": "/grid"},
               "response": {"status": 200, "body": {"grid": [[1, 2]]},
                 "matchingRules": {"body": {"$.grid": {"combine": "AND", "matchers": [{"match": "type", "min": 1}]},
                                            "$.grid[*]": {"combine": "AND", "matchers": []}}}}}],
             "metadata": {"pactSpecification": {"version": "3.0.0"}}}
            """
        let pact = try Pact(data: Data(text.utf8))
        let v2 = try pact.jsonText(specification: .v2)
        let reread = try Pact(data: Data(v2.utf8))
        guard case .http(_, let response) = reread.interactions.first?.kind else {
            Issue.record("no HTTP interaction after writing V2")
            return
        }
        #expect(response.matchingRules["body"].rules.keys.sorted() == ["$.grid"])
        #expect(!v2.contains("$.body.grid[*]"))
    }

    @Test("a V2 rule path whose second part starts with $ (\"$.$.x\") is refused naming the key")
    func v2RulePathWithDollarCategoryRefused() throws {
        let text = """
            {"consumer": {"name": "C"}, "provider": {"name": "P"},
             "interactions": [{"description": "animals", "request": {"method": "GET", "path": "/",
               "matchingRules": {"$.$.pagebody.animals": {"match": "type"}}}, "response": {"status": 200}}],
             "metadata": {"pactSpecification": {"version": "2.0.0"}}}
            """
        let error = #expect(throws: PactError.self) { try Pact(data: Data(text.utf8)) }
        #expect(error?.description.contains("interaction \"animals\"") == true)
        #expect(error?.description.contains("'$.$.pagebody.animals' must start with $.body") == true)
    }

    @Test("body and metadata rules whose keys are not $ paths are written as V2 paths that read back")
    func v2RulesForKeysWithoutRootReadBack() throws {
        let text = """
            {"consumer": {"name": "C"}, "provider": {"name": "P"},
             "interactions": [{"description": "people", "request": {"method": "GET", "path": "/"},
               "response": {"status": 200, "body": {"people": [{"@id": 1}]},
                 "matchingRules": {"body": {").people.**['@id']": {"matchers": [{"match": "type"}]},
                                            "$.people[*]['@id']": {"matchers": [{"match": "integer"}]}},
                                   "odd category": {"a.b['c": {"matchers": [{"match": "type"}]}}}}}],
             "metadata": {"pactSpecification": {"version": "3.0"}}}
            """
        let pact = try Pact(data: Data(text.utf8))
        let v2 = try pact.jsonText(specification: .v2)
        let reread = try Pact(data: Data(v2.utf8))
        guard case .http(_, let response) = reread.interactions.first?.kind else {
            Issue.record("no HTTP interaction after writing V2")
            return
        }
        // The root-less body key reaches no body value and is left out; the real path is kept.
        #expect(response.matchingRules["body"].rules.keys.sorted() == ["$.people[*]['@id']"])
        #expect(response.matchingRules["odd category"].rules.keys.sorted() == ["$['a.b[\\'c']"])
    }
}
