import PactumCore
import Testing

/// Every value matcher on its own: what passes, what fails, and the exact sentence and location of a failure.
@Suite("Matcher value rules")
struct MatcherValueRulesTests {
    typealias F = MatcherFixtures

    /// The single mismatch of a check, or a recorded issue when there is not exactly one.
    private func only(_ mismatches: [Mismatch], sourceLocation: SourceLocation = #_sourceLocation) -> Mismatch? {
        #expect(mismatches.count == 1, "\(mismatches)", sourceLocation: sourceLocation)
        return mismatches.first
    }

    // MARK: Equality

    @Test func equalityPassesForEqualValues() throws {
        #expect(try F.value(.equality, "a", "a").isEmpty)
        #expect(try F.value(.equality, ["x": 1], ["x": 1]).isEmpty)
    }

    @Test func equalityFailureSaysBothValuesAndWhere() throws {
        let mismatch = only(try F.value(.equality, "a", "b"))
        #expect(mismatch?.message == "Expected \"b\" to be equal to \"a\"")
        #expect(mismatch?.side == .response)
        #expect(mismatch?.part == .body)
        #expect(mismatch?.path == "$.v")
        #expect(mismatch?.expected == "\"a\"")
        #expect(mismatch?.actual == "\"b\"")
        #expect(mismatch?.location == "response body $.v")
    }

    @Test func equalityKeepsIntegersApartFromDecimalsAndStrings() throws {
        #expect(only(try F.value(.equality, 1, 1.5))?.message == "Expected 1.5 to be equal to 1")
        #expect(only(try F.value(.equality, 1, "1"))?.message == "Expected \"1\" to be equal to 1")
    }

    @Test func withoutRulesValuesMustBeEqual() throws {
        let mismatch = only(try F.responseBody(["v": "a"], ["v": "b"]))
        #expect(mismatch?.message == "Expected \"a\" but received \"b\"")
        #expect(mismatch?.path == "$.v")
    }

    @Test func equalityResetsACascadingTypeRule() throws {
        let expected: JSONValue = ["id": 1, "name": "Mary", "kind": "user"]
        let rules: [(String, MatchingRule)] = [("$", .type), ("$.kind", .equality)]
        #expect(try F.responseBody(expected, ["id": 2, "name": "Bob", "kind": "user"], rules).isEmpty)
        let mismatch = only(try F.responseBody(expected, ["id": 2, "name": "Bob", "kind": "admin"], rules))
        #expect(mismatch?.message == "Expected \"admin\" to be equal to \"user\"")
        #expect(mismatch?.path == "$.kind")
    }

    // MARK: Regex

    @Test func regexMatchesTheWholeValue() throws {
        #expect(try F.value(.regex("\\d+"), "1", "12345").isEmpty)
        let mismatch = only(try F.value(.regex("\\d+"), "1", "123abc"))
        #expect(mismatch?.message == "Expected \"123abc\" to match the regular expression '\\d+'")
        #expect(mismatch?.expected == "\"1\"")
        #expect(mismatch?.actual == "\"123abc\"")
    }

    @Test func regexPartialMatchAtTheEndFails() throws {
        #expect(
            only(try F.value(.regex("[a-z]+"), "abc", "1abc"))?.message
                == "Expected \"1abc\" to match the regular expression '[a-z]+'"
        )
    }

    @Test func regexAlternationIsGroupedBeforeAnchoring() throws {
        #expect(try F.value(.regex("red|green"), "red", "green").isEmpty)
        #expect(
            only(try F.value(.regex("red|green"), "red", "greenish"))?.message
                == "Expected \"greenish\" to match the regular expression 'red|green'"
        )
        #expect(only(try F.value(.regex("red|green"), "red", "dark red")) != nil)
    }

    @Test func regexWithExplicitAnchorsStillWorks() throws {
        #expect(try F.value(.regex("^[A-Z]{3}$"), "ABC", "XYZ").isEmpty)
        #expect(!(try F.value(.regex("^[A-Z]{3}$"), "ABC", "XYZW").isEmpty))
    }

    @Test func regexAppliesToTheTextOfNumbersAndBooleans() throws {
        #expect(try F.value(.regex("\\d+"), 1, 42).isEmpty)
        #expect(try F.value(.regex("true|false"), true, false).isEmpty)
        #expect(
            only(try F.value(.regex("\\d+"), 1, 4.5))?.message == "Expected 4.5 to match the regular expression '\\d+'"
        )
    }

    @Test func invalidRegexInTheContractIsReported() throws {
        #expect(
            only(try F.value(.regex("[a-"), "a", "a"))?.message
                == "The regular expression '[a-' in the contract is not valid; fix the matching rule"
        )
    }

    // MARK: Type

    @Test func typeAcceptsAnyValueOfTheSameJSONType() throws {
        #expect(try F.value(.type, "example", "other").isEmpty)
        #expect(try F.value(.type, 1, 99).isEmpty)
        #expect(try F.value(.type, true, false).isEmpty)
        #expect(try F.value(.type, JSONValue.null, JSONValue.null).isEmpty)
    }

    @Test func typeTreatsIntegersAndDecimalsAsNumbers() throws {
        #expect(try F.value(.type, 1, 2.5).isEmpty)
        #expect(try F.value(.type, 2.5, 1).isEmpty)
    }

    @Test func typeFailureNamesBothTypes() throws {
        let mismatch = only(try F.value(.type, "x", 42))
        #expect(mismatch?.message == "Expected 42 (integer) to be the same type as \"x\" (string)")
        #expect(mismatch?.expected == "\"x\"")
        #expect(mismatch?.actual == "42")
        #expect(
            only(try F.value(.type, 1, JSONValue.null))?.message
                == "Expected null (null) to be the same type as 1 (integer)"
        )
        #expect(
            only(try F.value(.type, "1", true))?.message
                == "Expected true (boolean) to be the same type as \"1\" (string)"
        )
    }

    @Test func typeFailureForObjectVersusArray() throws {
        #expect(
            only(try F.value(.type, ["a": 1], [1]))?.message
                == "Expected [1] (array) to be the same type as {\"a\":1} (object)"
        )
        #expect(
            only(try F.value(.type, [1], "1"))?.message
                == "Expected \"1\" (string) to be the same type as [1] (array)"
        )
    }

    // MARK: Include

    @Test func includeChecksForASubstring() throws {
        #expect(try F.value(.include("world"), "hello world", "big world map").isEmpty)
        let mismatch = only(try F.value(.include("world"), "hello world", "hello"))
        #expect(mismatch?.message == "Expected \"hello\" to include \"world\"")
        #expect(mismatch?.path == "$.v")
    }

    @Test func includeAppliesToTheTextOfNumbers() throws {
        #expect(try F.value(.include("23"), 123, 12345).isEmpty)
        #expect(only(try F.value(.include("23"), 123, 999))?.message == "Expected 999 to include \"23\"")
    }

    // MARK: Integer, decimal, number

    @Test func integerAcceptsOnlyIntegers() throws {
        #expect(try F.value(.integer, 1, -42).isEmpty)
        #expect(only(try F.value(.integer, 1, 4.2))?.message == "Expected 4.2 (decimal) to be an integer")
        #expect(only(try F.value(.integer, 1, "42"))?.message == "Expected \"42\" (string) to be an integer")
    }

    @Test func decimalAcceptsOnlyNumbersWithAFraction() throws {
        #expect(try F.value(.decimal, 1.5, 100.25).isEmpty)
        #expect(only(try F.value(.decimal, 1.5, 4))?.message == "Expected 4 (integer) to be a decimal number")
        #expect(only(try F.value(.decimal, 1.5, "4.5"))?.message == "Expected \"4.5\" (string) to be a decimal number")
    }

    @Test func numberAcceptsIntegersAndDecimals() throws {
        #expect(try F.value(.number, 1, 7).isEmpty)
        #expect(try F.value(.number, 1, 7.25).isEmpty)
        #expect(only(try F.value(.number, 1, "7"))?.message == "Expected \"7\" (string) to be a number")
        #expect(only(try F.value(.number, 1, JSONValue.null))?.message == "Expected null (null) to be a number")
    }

    @Test func decimalReadFromAContractDistinguishesOnePointZero() throws {
        let mismatches = try F.responseBody(
            try F.json(#"{"v": 1.0}"#),
            try F.json(#"{"v": 1}"#),
            [("$.v", .decimal)]
        )
        #expect(F.messages(mismatches) == ["Expected 1 (integer) to be a decimal number"])
        #expect(try F.responseBody(try F.json(#"{"v": 1}"#), try F.json(#"{"v": 2.0}"#), [("$.v", .decimal)]).isEmpty)
    }

    // MARK: Boolean and null

    @Test func booleanAcceptsBooleansAndTheirText() throws {
        #expect(try F.value(.boolean, true, false).isEmpty)
        #expect(try F.value(.boolean, true, "true").isEmpty)
        #expect(only(try F.value(.boolean, true, 1))?.message == "Expected 1 (integer) to be a boolean")
        #expect(only(try F.value(.boolean, true, "yes"))?.message == "Expected \"yes\" (string) to be a boolean")
    }

    @Test func nullAcceptsOnlyNull() throws {
        #expect(try F.value(.null, JSONValue.null, JSONValue.null).isEmpty)
        let mismatch = only(try F.value(.null, JSONValue.null, "x"))
        #expect(mismatch?.message == "Expected \"x\" (string) to be null")
        #expect(mismatch?.expected == "null")
        #expect(mismatch?.actual == "\"x\"")
    }

    // MARK: Date, time, timestamp

    @Test func dateWithoutFormatIsISO8601() throws {
        #expect(try F.value(.date(), "2024-01-31", "2023-12-01").isEmpty)
        #expect(
            only(try F.value(.date(), "2024-01-31", "2024-13-01"))?.message
                == "Expected \"2024-13-01\" to be an ISO 8601 date"
        )
        #expect(
            only(try F.value(.date(), "2024-01-31", "31/01/2024"))?.message
                == "Expected \"31/01/2024\" to be an ISO 8601 date"
        )
    }

    @Test func dateWithAJavaFormat() throws {
        #expect(try F.value(.date(format: "dd/MM/yyyy"), "31/01/2024", "01/02/2023").isEmpty)
        #expect(
            only(try F.value(.date(format: "dd/MM/yyyy"), "31/01/2024", "2023-02-01"))?.message
                == "Expected \"2023-02-01\" to be a date in the format 'dd/MM/yyyy'"
        )
        #expect(try F.value(.date(format: "EEE, d MMM yyyy"), "Wed, 31 Jan 2024", "Thu, 1 Feb 2024").isEmpty)
    }

    @Test func dateOfANonStringValue() throws {
        #expect(
            only(try F.value(.date(), "2024-01-31", 20_240_131))?.message
                == "Expected 20240131 (integer) to be a date string"
        )
    }

    @Test func invalidJavaDateFormatInTheContractIsReported() throws {
        #expect(
            only(try F.value(.date(format: "yyyy-MM-dd'T"), "x", "2024-01-01"))?.message
                == "The date format 'yyyy-MM-dd'T' in the contract is not a valid Java date pattern"
        )
    }

    @Test func timeWithAndWithoutFormat() throws {
        #expect(try F.value(.time(), "10:15:30", "23:59:59").isEmpty)
        #expect(
            only(try F.value(.time(), "10:15:30", "25:00:00"))?.message
                == "Expected \"25:00:00\" to be an ISO 8601 time"
        )
        #expect(try F.value(.time(format: "hh:mm a"), "10:15 AM", "02:30 PM").isEmpty)
        #expect(
            only(try F.value(.time(format: "HH:mm"), "10:15", "10:15:30"))?.message
                == "Expected \"10:15:30\" to be a time in the format 'HH:mm'"
        )
        #expect(
            only(try F.value(.time(), "10:15:30", false))?.message
                == "Expected false (boolean) to be a time string"
        )
    }

    @Test func timestampWithAndWithoutFormat() throws {
        #expect(try F.value(.timestamp(), "2024-01-15T10:30:00Z", "2023-06-01T00:00:00+02:00").isEmpty)
        #expect(
            only(try F.value(.timestamp(), "2024-01-15T10:30:00Z", "yesterday"))?.message
                == "Expected \"yesterday\" to be an ISO 8601 timestamp"
        )
        let format = "yyyy-MM-dd HH:mm:ss"
        #expect(try F.value(.timestamp(format: format), "2024-01-15 10:30:00", "1999-12-31 23:59:59").isEmpty)
        #expect(
            only(try F.value(.timestamp(format: format), "2024-01-15 10:30:00", "2024-01-15T10:30:00"))?.message
                == "Expected \"2024-01-15T10:30:00\" to be a timestamp in the format 'yyyy-MM-dd HH:mm:ss'"
        )
    }

    @Test func dateTimeRulesReadFromJSONKeepTheirFormat() throws {
        let response = try F.response(
            #"""
            {"status": 200, "body": {"at": "2024-01-15 10:30"},
             "matchingRules": {"body": {"$.at": {"matchers": [{"match": "datetime", "format": "yyyy-MM-dd HH:mm"}]}}}}
            """#
        )
        let actual = HTTPResponse(status: 200, body: .json(["at": "2024-01-15T10:30"]))
        #expect(
            F.messages(PactMatcher.match(expected: response, actual: actual))
                == ["Expected \"2024-01-15T10:30\" to be a timestamp in the format 'yyyy-MM-dd HH:mm'"]
        )
    }

    // MARK: Semver

    @Test func semverAcceptsSemanticVersions() throws {
        for version in ["1.2.3", "0.0.1", "10.20.30-beta.1", "1.0.0+build.5", "1.0.0-rc.1+sha.abc"] {
            #expect(try F.value(.semver, "1.0.0", .string(version)).isEmpty, "\(version)")
        }
    }

    @Test func semverRejectsOtherText() throws {
        #expect(
            only(try F.value(.semver, "1.0.0", "1.2"))?.message
                == "Expected \"1.2\" to be a semantic version (like 1.2.3 or 1.2.3-beta.1+build)"
        )
        #expect(!(try F.value(.semver, "1.0.0", "01.2.3").isEmpty))
        #expect(!(try F.value(.semver, "1.0.0", "1.2.3-01").isEmpty))
        #expect(
            only(try F.value(.semver, "1.0.0", 1))?.message
                == "Expected 1 (integer) to be a semantic version string (like 1.2.3)"
        )
    }

    // MARK: notEmpty

    @Test func notEmptyRejectsEmptyValuesAndNull() throws {
        #expect(try F.value(.notEmpty, "x", "y").isEmpty)
        #expect(try F.value(.notEmpty, 1, 0).isEmpty)
        #expect(try F.value(.notEmpty, false, false).isEmpty)
        #expect(only(try F.value(.notEmpty, "x", ""))?.message == "Expected a non-empty string but received \"\"")
        #expect(
            only(try F.value(.notEmpty, "x", JSONValue.null))?.message == "Expected a non-empty value but received null"
        )
    }

    @Test func notEmptyOnArraysAndObjects() throws {
        #expect(try F.value(.notEmpty, [1], [2, 3]).isEmpty)
        #expect(F.messages(try F.value(.notEmpty, [1], [])).contains("Expected a non-empty array but received []"))
        let object = try F.value(.notEmpty, ["a": 1], [:])
        #expect(object.first?.message == "Expected a non-empty object but received {}")
        #expect(object.first?.path == "$.v")
    }

    // MARK: Unknown rules

    @Test func unknownRuleFromAContractIsReportedNotIgnored() throws {
        let response = try F.response(
            #"{"status": 200, "body": {"v": 1}, "matchingRules": {"body": {"$.v": {"matchers": [{"match": "plugin-thing"}]}}}}"#
        )
        #expect(
            F.messages(PactMatcher.match(expected: response, actual: HTTPResponse(status: 200, body: .json(["v": 1]))))
                == ["The matching rule 'plugin-thing' is not supported by Pactum; the value could not be checked"]
        )
    }
}
