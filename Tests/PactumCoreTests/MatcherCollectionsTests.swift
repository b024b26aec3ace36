import PactumCore
import Testing

/// Arrays and maps: type with min/max, cascading, values, eachKey, eachValue, arrayContains, AND/OR.
@Suite("Matcher collections")
struct MatcherCollectionsTests {
    typealias F = MatcherFixtures

    private static let items: JSONValue = ["items": [["id": 1, "name": "a"]]]

    // MARK: Arrays without rules

    @Test func arraysWithoutRulesMatchItemForItem() throws {
        let mismatches = try F.responseBody(["list": [1, 2]], ["list": [1, 3]])
        #expect(F.messages(mismatches) == ["Expected 2 but received 3"])
        #expect(mismatches.first?.path == "$.list[1]")
    }

    @Test func arraysWithoutRulesMustHaveTheSameLength() throws {
        let longer = try F.responseBody(["list": [1]], ["list": [1, 2]])
        #expect(F.messages(longer) == ["Expected an array with 1 item but received 2"])
        #expect(longer.first?.path == "$.list")
        #expect(longer.first?.expected == "[1]")
        #expect(longer.first?.actual == "[1,2]")
        let shorter = try F.responseBody(["list": [1, 2]], ["list": [1]])
        #expect(
            F.messages(shorter) == [
                "Expected 2 at index 1 but it was missing", "Expected an array with 2 items but received 1",
            ]
        )
        #expect(shorter.first?.path == "$.list[1]")
        #expect(shorter.first?.actual == nil)
    }

    @Test func emptyExampleArrayWithoutRulesRejectsItems() throws {
        #expect(
            F.messages(try F.responseBody(["list": []], ["list": [1]])) == ["Expected an empty array but received [1]"]
        )
    }

    // MARK: Type with min and max

    @Test func minTypeAllowsMoreItemsThanTheExample() throws {
        let actual: JSONValue = ["items": [["id": 7, "name": "x"], ["id": 8, "name": "y"], ["id": 9, "name": "z"]]]
        #expect(try F.responseBody(Self.items, actual, [("$.items", .type(min: 1))]).isEmpty)
    }

    @Test func minTypeFailsWithTooFewItems() throws {
        let mismatches = try F.responseBody(Self.items, ["items": []], [("$.items", .type(min: 1))])
        #expect(F.messages(mismatches) == ["Expected an array with at least 1 item but received 0"])
        #expect(mismatches.first?.path == "$.items")
        #expect(mismatches.first?.expected == "[{\"id\":1,\"name\":\"a\"}]")
        #expect(mismatches.first?.actual == "[]")
        let two = try F.responseBody(Self.items, ["items": [["id": 1, "name": "a"]]], [("$.items", .type(min: 2))])
        #expect(F.messages(two) == ["Expected an array with at least 2 items but received 1"])
    }

    @Test func maxTypeFailsWithTooManyItems() throws {
        let actual: JSONValue = ["items": [["id": 1, "name": "a"], ["id": 2, "name": "b"], ["id": 3, "name": "c"]]]
        #expect(
            F.messages(try F.responseBody(Self.items, actual, [("$.items", .type(max: 2))]))
                == ["Expected an array with at most 2 items but received 3"]
        )
        #expect(
            F.messages(try F.responseBody(Self.items, actual, [("$.items", .type(max: 1))]))
                == ["Expected an array with at most 1 item but received 3"]
        )
    }

    @Test func minMaxTypeReadFromAV3Contract() throws {
        let response = try F.response(
            #"""
            {"status": 200, "body": {"tags": ["a"]},
             "matchingRules": {"body": {"$.tags": {"matchers": [{"match": "type", "min": 1, "max": 3}]}}}}
            """#
        )
        func check(_ tags: JSONValue) -> [String] {
            F.messages(
                PactMatcher.match(expected: response, actual: HTTPResponse(status: 200, body: .json(["tags": tags])))
            )
        }
        #expect(check(["x", "y"]).isEmpty)
        #expect(check([]) == ["Expected an array with at least 1 item but received 0"])
        #expect(check(["1", "2", "3", "4"]) == ["Expected an array with at most 3 items but received 4"])
        #expect(check(["x", 5]) == ["Expected 5 (integer) to be the same type as \"a\" (string)"])
    }

    @Test func everyActualItemIsComparedWithTheFirstExample() throws {
        let actual: JSONValue = ["items": [["id": 1, "name": "a"], ["id": "two", "name": "b"]]]
        let mismatches = try F.responseBody(Self.items, actual, [("$.items", .type(min: 1))])
        #expect(F.messages(mismatches) == ["Expected \"two\" (string) to be the same type as 1 (integer)"])
        #expect(mismatches.first?.path == "$.items[1].id")
        #expect(mismatches.first?.expected == "1")
        #expect(mismatches.first?.actual == "\"two\"")
    }

    @Test func typeRuleCascadesToNestedObjectsAndArrays() throws {
        let expected: JSONValue = ["user": ["name": "Mary", "tags": ["a", "b"], "address": ["zip": 12345]]]
        let fine: JSONValue = ["user": ["name": "Bob", "tags": ["z"], "address": ["zip": 99999]]]
        #expect(try F.responseBody(expected, fine, [("$.user", .type)]).isEmpty)
        let wrong: JSONValue = ["user": ["name": "Bob", "tags": [1], "address": ["zip": "99999"]]]
        let mismatches = try F.responseBody(expected, wrong, [("$.user", .type)])
        #expect(
            F.messages(mismatches).sorted() == [
                "Expected \"99999\" (string) to be the same type as 12345 (integer)",
                "Expected 1 (integer) to be the same type as \"a\" (string)",
            ]
        )
        #expect(Set(mismatches.map(\.path)) == ["$.user.address.zip", "$.user.tags[0]"])
    }

    @Test func cascadedMinDoesNotLimitNestedArrays() throws {
        // The min on $.items applies to $.items itself, not to arrays further down.
        let expected: JSONValue = ["items": [["tags": ["a", "b", "c"]]]]
        let actual: JSONValue = ["items": [["tags": ["x"]], ["tags": []]]]
        #expect(try F.responseBody(expected, actual, [("$.items", .type(min: 1))]).isEmpty)
    }

    @Test func nestedArrayWithItsOwnMin() throws {
        let expected: JSONValue = ["items": [["tags": ["a"]]]]
        let rules: [(String, MatchingRule)] = [("$.items", .type(min: 1)), ("$.items[*].tags", .type(min: 2))]
        let mismatches = try F.responseBody(expected, ["items": [["tags": ["x", "y"]], ["tags": ["z"]]]], rules)
        #expect(F.messages(mismatches) == ["Expected an array with at least 2 items but received 1"])
        #expect(mismatches.first?.path == "$.items[1].tags")
    }

    @Test func typeRuleOnTheRootArray() throws {
        let expected: JSONValue = [["id": 1]]
        #expect(try F.responseBody(expected, [["id": 2], ["id": 3]], [("$", .type(min: 1))]).isEmpty)
        let mismatches = try F.responseBody(expected, [["id": 2], ["id": nil]], [("$", .type(min: 1))])
        #expect(mismatches.map(\.path) == ["$[1].id"])
    }

    @Test func minTypeWithAnEmptyExample() throws {
        #expect(try F.responseBody(["list": []], ["list": [1, 2]], [("$.list", .type(min: 0))]).isEmpty)
        #expect(
            F.messages(try F.responseBody(["list": []], ["list": [1, 2, 3]], [("$.list", .type(max: 2))]))
                == ["Expected an array with at most 2 items but received 3"]
        )
    }

    @Test func equalityUnderACascadingTypeRule() throws {
        let expected: JSONValue = ["items": [["code": "A", "count": 1]]]
        let rules: [(String, MatchingRule)] = [("$.items", .type(min: 1)), ("$.items[*].code", .equality)]
        #expect(
            try F.responseBody(expected, ["items": [["code": "A", "count": 9], ["code": "A", "count": 3]]], rules)
                .isEmpty
        )
        let mismatches = try F.responseBody(
            expected,
            ["items": [["code": "A", "count": 9], ["code": "B", "count": 3]]],
            rules
        )
        #expect(F.messages(mismatches) == ["Expected \"B\" to be equal to \"A\""])
        #expect(mismatches.first?.path == "$.items[1].code")
    }

    @Test func typeRuleOnAMapAllowsOtherValues() throws {
        #expect(try F.responseBody(["m": ["a": 1]], ["m": ["a": 2]], [("$.m", .type)]).isEmpty)
        // Keys are still compared: a type rule does not make the key set free.
        #expect(
            F.messages(try F.responseBody(["m": ["a": 1]], ["m": ["b": 2]], [("$.m", .type)]))
                == ["Actual object is missing the key a"]
        )
    }

    // MARK: Maps: missing and unexpected keys

    @Test func responsesAllowUnexpectedKeysButNotMissingOnes() throws {
        #expect(try F.responseBody(["a": 1], ["a": 1, "extra": true]).isEmpty)
        let missing = try F.responseBody(["a": 1, "b": 2, "c": 3], ["a": 1])
        #expect(F.messages(missing) == ["Actual object is missing the keys b, c"])
        #expect(missing.first?.path == "$")
        #expect(missing.first?.expected == "{\"a\":1,\"b\":2,\"c\":3}")
        #expect(missing.first?.actual == "{\"a\":1}")
    }

    @Test func requestsRejectUnexpectedKeys() throws {
        let mismatches = try F.requestBody(["a": 1, "b": 2], ["a": 1, "c": 3])
        #expect(
            F.messages(mismatches)
                == ["Expected an object with keys [a, b] but received keys [a, c] (missing b; unexpected c)"]
        )
        #expect(mismatches.first?.side == .request)
        #expect(mismatches.first?.path == "$")
        #expect(
            F.messages(try F.requestBody(["o": ["a": 1]], ["o": ["a": 1, "z": 0]]))
                == ["Expected an object with keys [a] but received keys [a, z] (unexpected z)"]
        )
    }

    @Test func requestsRejectKeysInAnEmptyExampleObject() throws {
        #expect(
            F.messages(try F.requestBody(["o": [:]], ["o": ["x": 1]])) == [
                "Expected an empty object but received {\"x\":1}"
            ]
        )
        #expect(try F.responseBody(["o": [:]], ["o": ["x": 1]]).isEmpty)
    }

    // MARK: values

    @Test func valuesRuleIgnoresKeys() throws {
        let expected: JSONValue = ["prices": ["apple": 1]]
        let actual: JSONValue = ["prices": ["pear": 2, "plum": 3]]
        #expect(try F.requestBody(expected, actual, [("$.prices", .values), ("$.prices.*", .type)]).isEmpty)
    }

    @Test func valuesRuleComparesEachValueWithTheExample() throws {
        let expected: JSONValue = ["prices": ["apple": 1]]
        let actual: JSONValue = ["prices": ["pear": 2, "plum": "three"]]
        let mismatches = try F.requestBody(expected, actual, [("$.prices", .values), ("$.prices.*", .type)])
        #expect(F.messages(mismatches) == ["Expected \"three\" (string) to be the same type as 1 (integer)"])
        #expect(mismatches.first?.path == "$.prices.plum")
        // Without a type rule for the values they must equal the example.
        let equal = try F.requestBody(expected, ["prices": ["pear": 1, "plum": 2]], [("$.prices", .values)])
        #expect(F.messages(equal) == ["Expected 2 to be equal to 1"])
        #expect(equal.first?.path == "$.prices.plum")
    }

    @Test func valuesRuleUsesTheExampleWithTheSameKey() throws {
        let expected: JSONValue = ["m": ["a": "text", "b": 1]]
        #expect(
            try F.requestBody(expected, ["m": ["a": "other", "b": 5]], [("$.m", .values), ("$.m.*", .type)]).isEmpty
        )
    }

    // MARK: eachKey

    @Test func eachKeyChecksEveryKey() throws {
        let rules: [(String, MatchingRule)] = [("$.m", .eachKey([.regex("[a-z]+")])), ("$.m.*", .type)]
        #expect(try F.responseBody(["m": ["abc": 1]], ["m": ["x": 2, "yz": 3]], rules).isEmpty)
        let mismatches = try F.responseBody(["m": ["abc": 1]], ["m": ["ok": 2, "Bad1": 3]], rules)
        #expect(F.messages(mismatches) == ["Key \"Bad1\": Expected \"Bad1\" to match the regular expression '[a-z]+'"])
        #expect(mismatches.first?.path == "$.m.Bad1")
        #expect(mismatches.first?.expected == nil)
        #expect(mismatches.first?.actual == "\"Bad1\"")
    }

    @Test func eachKeyAllowsUnexpectedKeysInRequests() throws {
        let rules: [(String, MatchingRule)] = [("$.m", .eachKey([.regex("id-\\d+")])), ("$.m.*", .type)]
        #expect(try F.requestBody(["m": ["id-1": "a"]], ["m": ["id-2": "b", "id-3": "c"]], rules).isEmpty)
    }

    @Test func eachKeyReadFromAV4Contract() throws {
        let response = try F.response(
            #"""
            {"status": 200, "body": {"m": {"a1": 1}},
             "matchingRules": {"body": {"$.m": {"matchers": [
                {"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-z]\\d"}], "value": "a1"}]}}}}
            """#,
            .v4
        )
        let actual = HTTPResponse(status: 200, body: .json(["m": ["b2": 1, "cc": 1]]))
        #expect(
            F.messages(PactMatcher.match(expected: response, actual: actual))
                == ["Key \"cc\": Expected \"cc\" to match the regular expression '[a-z]\\d'"]
        )
    }

    // MARK: eachValue

    @Test func eachValueOnAMap() throws {
        let rules: [(String, MatchingRule)] = [("$.m", .eachValue([.integer]))]
        #expect(try F.requestBody(["m": ["a": 1]], ["m": ["b": 2, "c": 3]], rules).isEmpty)
        let mismatches = try F.requestBody(["m": ["a": 1]], ["m": ["b": 2, "c": 3.5]], rules)
        #expect(F.messages(mismatches) == ["Expected 3.5 (decimal) to be an integer"])
        #expect(mismatches.first?.path == "$.m.c")
    }

    @Test func eachValueOnAnArray() throws {
        let rules: [(String, MatchingRule)] = [("$.list", .eachValue([.regex("[A-Z]+")]))]
        #expect(try F.responseBody(["list": ["AB"]], ["list": ["X", "YZ", "Q"]], rules).isEmpty)
        let mismatches = try F.responseBody(["list": ["AB"]], ["list": ["X", "yz"]], rules)
        #expect(F.messages(mismatches) == ["Expected \"yz\" to match the regular expression '[A-Z]+'"])
        #expect(mismatches.first?.path == "$.list[1]")
    }

    // MARK: arrayContains

    private static let orders: JSONValue = ["events": [["type": "created", "id": 1], ["type": "shipped", "id": 2]]]

    @Test func arrayContainsFindsVariantsInAnyOrder() throws {
        let rule = MatchingRule.arrayContains([ArrayContainsVariant(index: 0), ArrayContainsVariant(index: 1)])
        let actual: JSONValue = [
            "events": [["type": "noise", "id": 0], ["type": "shipped", "id": 2], ["type": "created", "id": 1]]
        ]
        #expect(try F.responseBody(Self.orders, actual, [("$.events", rule)]).isEmpty)
    }

    @Test func arrayContainsReportsTheMissingVariant() throws {
        let rule = MatchingRule.arrayContains([ArrayContainsVariant(index: 0), ArrayContainsVariant(index: 1)])
        let mismatches = try F.responseBody(
            Self.orders,
            ["events": [["type": "created", "id": 1]]],
            [("$.events", rule)]
        )
        #expect(
            F.messages(mismatches)
                == [
                    "Expected the array to contain an item matching variant 1 ({\"id\":2,\"type\":\"shipped\"}) but none did"
                ]
        )
        #expect(mismatches.first?.path == "$.events")
        #expect(mismatches.first?.expected == "{\"id\":2,\"type\":\"shipped\"}")
        #expect(mismatches.first?.actual == "[{\"id\":1,\"type\":\"created\"}]")
    }

    @Test func arrayContainsVariantsHaveTheirOwnRules() throws {
        var variantRules = MatchingRuleCategory()
        try variantRules.add(.type, at: "$.id")
        let rule = MatchingRule.arrayContains([ArrayContainsVariant(index: 1, rules: variantRules)])
        #expect(
            try F.responseBody(Self.orders, ["events": [["type": "shipped", "id": 99]]], [("$.events", rule)]).isEmpty
        )
        // The variant's rules do not make `type` free: it must still equal "shipped".
        #expect(
            !(try F.responseBody(Self.orders, ["events": [["type": "sent", "id": 99]]], [("$.events", rule)]).isEmpty)
        )
    }

    @Test func arrayContainsWithoutVariantsNeedsEveryExampleItem() throws {
        let rule = MatchingRule.arrayContains([])
        #expect(try F.responseBody(["l": [1, 2]], ["l": [3, 2, 1]], [("$.l", rule)]).isEmpty)
        #expect(
            F.messages(try F.responseBody(["l": [1, 2]], ["l": [2, 3]], [("$.l", rule)]))
                == ["Expected the array to contain an item matching variant 0 (1) but none did"]
        )
    }

    @Test func arrayContainsWithAVariantIndexOutsideTheExample() throws {
        let rule = MatchingRule.arrayContains([ArrayContainsVariant(index: 5)])
        #expect(
            F.messages(try F.responseBody(["l": [1, 2]], ["l": [1, 2]], [("$.l", rule)]))
                == ["arrayContains variant 5 is not in the contract's example array, which has 2 items"]
        )
    }

    @Test func arrayContainsReadFromAV4Contract() throws {
        let response = try F.response(
            #"""
            {"status": 200,
             "body": {"links": [{"rel": "self", "href": "/orders/1"}, {"rel": "items", "href": "/orders/1/items"}]},
             "matchingRules": {"body": {"$.links": {"matchers": [{"match": "arrayContains", "variants": [
                {"index": 0, "rules": {"$.href": {"matchers": [{"match": "regex", "regex": "/orders/\\d+"}]}}},
                {"index": 1, "rules": {"$.href": {"matchers": [{"match": "regex", "regex": "/orders/\\d+/items"}]}}}
             ]}]}}}}
            """#,
            .v4
        )
        func check(_ links: JSONValue) -> [String] {
            F.messages(
                PactMatcher.match(expected: response, actual: HTTPResponse(status: 200, body: .json(["links": links])))
            )
        }
        #expect(check([["rel": "items", "href": "/orders/7/items"], ["rel": "self", "href": "/orders/7"]]).isEmpty)
        #expect(
            check([["rel": "self", "href": "/orders/7"]])
                == [
                    "Expected the array to contain an item matching variant 1 ({\"href\":\"/orders/1/items\",\"rel\":\"items\"}) but none did"
                ]
        )
    }

    // MARK: combine AND / OR

    @Test func andCombinationNeedsEveryRule() throws {
        let rules: [(String, MatchingRule)] = [("$.v", .regex("\\d+")), ("$.v", .include("5"))]
        #expect(try F.responseBody(["v": "15"], ["v": "25"], rules).isEmpty)
        #expect(F.messages(try F.responseBody(["v": "15"], ["v": "12"], rules)) == ["Expected \"12\" to include \"5\""])
        #expect(
            F.messages(try F.responseBody(["v": "15"], ["v": "x"], rules)) == [
                "Expected \"x\" to match the regular expression '\\d+'", "Expected \"x\" to include \"5\"",
            ]
        )
    }

    @Test func orCombinationNeedsAnyRule() throws {
        let rules: [(String, MatchingRule)] = [("$.v", .integer), ("$.v", .null)]
        #expect(try F.responseBody(["v": 1], ["v": 2], rules, logic: .or).isEmpty)
        #expect(try F.responseBody(["v": 1], ["v": nil], rules, logic: .or).isEmpty)
        #expect(
            F.messages(try F.responseBody(["v": 1], ["v": "2"], rules, logic: .or)) == [
                "Expected \"2\" (string) to be an integer", "Expected \"2\" (string) to be null",
            ]
        )
    }

    @Test func orCombinationReadFromJSON() throws {
        let response = try F.response(
            #"""
            {"status": 200, "body": {"v": "a"},
             "matchingRules": {"body": {"$.v": {"combine": "OR",
               "matchers": [{"match": "regex", "regex": "[a-z]"}, {"match": "regex", "regex": "\\d"}]}}}}
            """#
        )
        func check(_ value: JSONValue) -> Int {
            PactMatcher.match(expected: response, actual: HTTPResponse(status: 200, body: .json(["v": value]))).count
        }
        #expect(check("b") == 0)
        #expect(check("7") == 0)
        #expect(check("b7") == 2)
    }

    @Test func orCombinationOnArrays() throws {
        let rules: [(String, MatchingRule)] = [("$.l", .type(min: 3)), ("$.l", .type(max: 1))]
        #expect(try F.responseBody(["l": [1]], ["l": [1]], rules, logic: .or).isEmpty)
        #expect(try F.responseBody(["l": [1]], ["l": [1, 2, 3]], rules, logic: .or).isEmpty)
        #expect(
            F.messages(try F.responseBody(["l": [1]], ["l": [1, 2]], rules, logic: .or)) == [
                "Expected an array with at least 3 items but received 2",
                "Expected an array with at most 1 item but received 2",
            ]
        )
    }
}
