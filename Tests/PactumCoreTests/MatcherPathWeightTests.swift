import PactumCore
import Testing

/// Rule paths: parsing, which rule wins where several reach a value, and V2 flat paths against
/// V3/V4 categories (read from JSON and built with `MatchingRules.add`).
@Suite("Matcher path weights and rule paths")
struct MatcherPathWeightTests {
    typealias F = MatcherFixtures

    // MARK: Parsing

    @Test func pathExpressionsParse() throws {
        for text in ["$", "$.a.b", "$['a b']", "$.items[0]", "$.items[*].name", "$.*", "$[*]", "$.a['x.y'][2]"] {
            #expect(try PathExpression(text).description == text)
        }
    }

    @Test func invalidPathsAreErrorsNamingThePosition() {
        #expect(throws: PactError.self) { try PathExpression("$.") }
        do {
            _ = try PathExpression("$.a[x]")
            Issue.record("expected an error")
        } catch {
            #expect(
                error.description
                    == "invalid matching rule path '$.a[x]': expected an index, '*' or a quoted name inside '[ ]' at position 4. "
                    + "Use paths like $.items[*].name, $['a key'] or $.items[0]"
            )
        }
        do {
            _ = try PathExpression("$['open")
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "invalid matching rule path '$['open': unterminated quoted name at position 7")
        }
    }

    @Test func addingARuleAtAnInvalidPathThrows() {
        var rules = MatchingRules()
        #expect(throws: PactError.self) { try rules.add(.type, category: "body", path: "$.a[") }
        #expect(rules.isEmpty)
    }

    // MARK: Weights

    @Test func exactIndexBeatsStarIndex() throws {
        let expected: JSONValue = ["items": [["id": "a"], ["id": 1], ["id": "c"]]]
        let rules: [(String, MatchingRule)] = [
            ("$.items", .type), ("$.items[*].id", .regex("[a-z]")), ("$.items[1].id", .integer),
        ]
        #expect(try F.responseBody(expected, ["items": [["id": "x"], ["id": 7], ["id": "y"]]], rules).isEmpty)
        let mismatches = try F.responseBody(expected, ["items": [["id": "x"], ["id": "z"], ["id": 5]]], rules)
        #expect(
            F.messages(mismatches) == [
                "Expected \"z\" (string) to be an integer",
                "Expected 5 to match the regular expression '[a-z]'",
            ]
        )
        #expect(mismatches.map(\.path) == ["$.items[1].id", "$.items[2].id"])
    }

    @Test func exactFieldBeatsStar() throws {
        let expected: JSONValue = ["m": ["a": 1, "b": 2]]
        let rules: [(String, MatchingRule)] = [("$.m.*", .type), ("$.m.a", .equality)]
        #expect(try F.responseBody(expected, ["m": ["a": 1, "b": 99]], rules).isEmpty)
        let mismatches = try F.responseBody(expected, ["m": ["a": 5, "b": 99]], rules)
        #expect(F.messages(mismatches) == ["Expected 5 to be equal to 1"])
        #expect(mismatches.first?.path == "$.m.a")
    }

    @Test func moreSpecificPathBeatsARootRule() throws {
        let expected: JSONValue = ["name": "Mary", "id": 1]
        let rules: [(String, MatchingRule)] = [("$", .type), ("$.id", .regex("1\\d*"))]
        #expect(try F.responseBody(expected, ["name": "Bob", "id": 17], rules).isEmpty)
        #expect(
            F.messages(try F.responseBody(expected, ["name": "Bob", "id": 27], rules))
                == ["Expected 27 to match the regular expression '1\\d*'"]
        )
    }

    @Test func longerPathWinsOverShorterWithWildcards() throws {
        // $.a.*.c (2·2·1·2 = 8, ×4 = 32) beats $.a (2·2 = 4, ×2 = 8) for $.a.x.c.
        let expected: JSONValue = ["a": ["x": ["c": "text", "d": "text"]]]
        let rules: [(String, MatchingRule)] = [("$.a", .type), ("$.a.*.c", .regex("[0-9]+"))]
        #expect(try F.responseBody(expected, ["a": ["x": ["c": "42", "d": "any"]]], rules).isEmpty)
        #expect(
            F.messages(try F.responseBody(expected, ["a": ["x": ["c": "no", "d": "any"]]], rules))
                == ["Expected \"no\" to match the regular expression '[0-9]+'"]
        )
    }

    @Test func starIndexReachesArrayItemsButNotObjectFields() throws {
        // `[*]` matches only indexes; on a map it reaches nothing, so equality applies.
        let rules: [(String, MatchingRule)] = [("$.m[*]", .type)]
        #expect(
            F.messages(try F.responseBody(["m": ["a": 1]], ["m": ["a": 2]], rules)) == ["Expected 1 but received 2"]
        )
        #expect(try F.responseBody(["l": [1]], ["l": [2]], [("$.l[*]", .type)]).isEmpty)
    }

    @Test func dotStarReachesBothFieldsAndIndexes() throws {
        #expect(try F.responseBody(["m": ["a": 1]], ["m": ["a": 2]], [("$.m.*", .type)]).isEmpty)
        #expect(try F.responseBody(["l": [1]], ["l": [2]], [("$.l.*", .type)]).isEmpty)
    }

    @Test func starIndexAndDotStarWeighTheSame() throws {
        // Both reach $.l[0] with the same weight; the exact index still beats both.
        let rules: [(String, MatchingRule)] = [("$.l[*]", .type), ("$.l.*", .type), ("$.l[0]", .equality)]
        #expect(try F.responseBody(["l": [1, 2]], ["l": [1, 3]], rules).isEmpty)
        #expect(
            F.messages(try F.responseBody(["l": [1, 2]], ["l": [9, 3]], rules)) == ["Expected 9 to be equal to 1"]
        )
    }

    @Test func ruleOnADeeperPathDoesNotReachItsParent() throws {
        // $.a.b does not reach $.a: the object $.a is still compared key by key.
        let mismatches = try F.responseBody(["a": ["b": 1, "c": 1]], ["a": ["b": 2, "c": 2]], [("$.a.b", .type)])
        #expect(F.messages(mismatches) == ["Expected 1 but received 2"])
        #expect(mismatches.first?.path == "$.a.c")
    }

    @Test func quotedFieldNamesWithSpacesAndDots() throws {
        let expected: JSONValue = ["first name": "Mary", "v1.2": "x"]
        let rules: [(String, MatchingRule)] = [("$['first name']", .type), ("$['v1.2']", .regex("[a-z]"))]
        #expect(try F.responseBody(expected, ["first name": "Bob", "v1.2": "y"], rules).isEmpty)
        let mismatches = try F.responseBody(expected, ["first name": 3, "v1.2": "yy"], rules)
        #expect(
            F.messages(mismatches) == [
                "Expected 3 (integer) to be the same type as \"Mary\" (string)",
                "Expected \"yy\" to match the regular expression '[a-z]'",
            ]
        )
        #expect(mismatches.map(\.path) == ["$['first name']", "$['v1.2']"])
    }

    @Test func rootArrayRules() throws {
        let expected: JSONValue = [["id": 1]]
        let rules: [(String, MatchingRule)] = [("$", .type(min: 1)), ("$[*].id", .integer)]
        #expect(try F.responseBody(expected, [["id": 5], ["id": 6]], rules).isEmpty)
        let mismatches = try F.responseBody(expected, [["id": 5], ["id": 6.5]], rules)
        #expect(F.messages(mismatches) == ["Expected 6.5 (decimal) to be an integer"])
        #expect(mismatches.first?.path == "$[1].id")
    }

    // MARK: V2 flat paths versus V3/V4 categories

    private static let v2Response = #"""
        {"status": 200, "body": {"items": [{"id": 1, "name": "a"}], "total": 1},
         "matchingRules": {
           "$.body.items": {"min": 1, "match": "type"},
           "$.body.items[*].id": {"match": "integer"},
           "$.body.total": {"match": "regex", "regex": "\\d+"},
           "$.headers.X-Version": {"match": "regex", "regex": "v\\d+"}}}
        """#

    private static let v3Response = #"""
        {"status": 200, "body": {"items": [{"id": 1, "name": "a"}], "total": 1},
         "matchingRules": {
           "body": {
             "$.items": {"matchers": [{"match": "type", "min": 1}]},
             "$.items[*].id": {"matchers": [{"match": "integer"}]},
             "$.total": {"matchers": [{"match": "regex", "regex": "\\d+"}]}},
           "header": {"X-Version": {"matchers": [{"match": "regex", "regex": "v\\d+"}]}}}}
        """#

    @Test func v2FlatPathsLandInTheirCategories() throws {
        let v2 = try F.response(Self.v2Response, .v2)
        #expect(Set(v2.matchingRules["body"].rules.keys) == ["$.items", "$.items[*].id", "$.total"])
        #expect(Set(v2.matchingRules["header"].rules.keys) == ["X-Version"])
    }

    @Test func v2AndV3RulesAreTheSameRules() throws {
        let v2 = try F.response(Self.v2Response, .v2)
        let v3 = try F.response(Self.v3Response, .v3)
        let v4 = try F.response(Self.v3Response, .v4)
        #expect(v2.matchingRules == v3.matchingRules)
        #expect(v3.matchingRules == v4.matchingRules)
    }

    @Test func programmaticRulesEqualRulesReadFromJSON() throws {
        var rules = MatchingRules()
        try rules.add(.type(min: 1), category: "body", path: "$.items")
        try rules.add(.integer, category: "body", path: "$.items[*].id")
        try rules.add(.regex("\\d+"), category: "body", path: "$.total")
        try rules.add(.regex("v\\d+"), category: "header", path: "X-Version")
        #expect(rules == (try F.response(Self.v3Response, .v3)).matchingRules)
    }

    @Test func v2AndV3ContractsGiveTheSameMismatches() throws {
        let actual = HTTPResponse(
            status: 200,
            headers: ["X-Version": ["version2"]],
            body: .json(["items": [["id": 1, "name": "a"], ["id": "2", "name": "b"]], "total": 2.5])
        )
        var contracts = [try F.response(Self.v2Response, .v2), try F.response(Self.v3Response, .v3)]
        for index in contracts.indices { contracts[index].headers = ["X-Version": ["v1"]] }
        let results = contracts.map { PactMatcher.match(expected: $0, actual: actual) }
        #expect(results[0] == results[1])
        #expect(
            Set(F.messages(results[0])) == [
                "Header 'X-Version': Expected \"version2\" to match the regular expression 'v\\d+'",
                "Expected \"2\" (string) to be an integer",
                "Expected 2.5 to match the regular expression '\\d+'",
            ]
        )
    }

    @Test func v2RootBodyRule() throws {
        let contract = try F.response(#"{"status": 200, "body": [1, 2], "matchingRules": {"$.body": {"min": 1}}}"#, .v2)
        #expect(contract.matchingRules["body"]["$"] != nil)
        #expect(PactMatcher.match(expected: contract, actual: HTTPResponse(status: 200, body: .json([7]))).isEmpty)
        #expect(
            F.messages(PactMatcher.match(expected: contract, actual: HTTPResponse(status: 200, body: .json([]))))
                == ["Expected an array with at least 1 item but received 0"]
        )
    }

    @Test func v2RulePathOutsideTheKnownPartsIsRejected() {
        #expect(throws: PactError.self) {
            try F.response(#"{"status": 200, "matchingRules": {"$": {"match": "type"}}}"#, .v2)
        }
    }

    @Test func v3RuleWithInvalidPathIsAnErrorWithItsLocation() {
        do {
            _ = try F.response(
                #"{"status": 200, "matchingRules": {"body": {"$.a[": {"matchers": [{"match": "type"}]}}}}"#
            )
            Issue.record("expected an error")
        } catch {
            #expect((error as? PactError)?.jsonPath == "response.matchingRules.body['$.a[']")
        }
    }

    @Test func ruleListsAppendAndKeepTheirLogic() throws {
        var category = MatchingRuleCategory()
        try category.add(.integer, at: "$.v")
        try category.add(RuleList([.null], logic: .or), at: "$.v")
        #expect(category["$.v"] == RuleList([.integer, .null], logic: .or))
    }
}
