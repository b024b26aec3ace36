import PactumCore
import Testing

/// Message contents and metadata, and how strict each side is: requests reject unexpected body keys,
/// responses and messages allow them.
@Suite("Matcher messages and strictness")
struct MatcherMessagesTests {
    typealias F = MatcherFixtures

    private func match(_ expected: Message, _ actual: Message) -> [Mismatch] {
        PactMatcher.match(expected: expected, actual: actual)
    }

    // MARK: Strictness

    @Test func requestBodiesRejectUnexpectedKeysAtEveryLevel() throws {
        let expected: JSONValue = ["user": ["name": "Mary"]]
        let mismatches = try F.requestBody(expected, ["user": ["name": "Mary", "admin": true]])
        #expect(
            F.messages(mismatches) == [
                "Expected an object with keys [name] but received keys [admin, name] (unexpected admin)"
            ]
        )
        #expect(mismatches.first?.path == "$.user")
        #expect(mismatches.first?.side == .request)
        #expect(mismatches.first?.location == "request body $.user")
    }

    @Test func responseBodiesAllowUnexpectedKeys() throws {
        #expect(
            try F.responseBody(["user": ["name": "Mary"]], ["user": ["name": "Mary", "admin": true], "x": 1]).isEmpty
        )
    }

    @Test func messageContentsAllowUnexpectedKeys() {
        #expect(match(Message(contents: .json(["a": 1])), Message(contents: .json(["a": 1, "b": 2]))).isEmpty)
    }

    @Test func unexpectedKeysAllowedInRequestsUnderAValuesRule() throws {
        #expect(try F.requestBody(["m": ["a": 1]], ["m": ["x": 1, "y": 1]], [("$.m", .values)]).isEmpty)
    }

    // MARK: Message contents

    @Test func messageContentMismatch() {
        let mismatches = match(Message(contents: .json(["id": 1])), Message(contents: .json(["id": 2])))
        #expect(F.messages(mismatches) == ["Expected 1 but received 2"])
        #expect(mismatches.first?.side == .message)
        #expect(mismatches.first?.part == .body)
        #expect(mismatches.first?.path == "$.id")
        #expect(mismatches.first?.description == "message body $.id: Expected 1 but received 2")
    }

    @Test func messageMissingKey() {
        let mismatches = match(Message(contents: .json(["id": 1, "kind": "x"])), Message(contents: .json(["id": 1])))
        #expect(F.messages(mismatches) == ["Actual object is missing the key kind"])
    }

    @Test func v3MessageRulesInTheBodyCategory() throws {
        let contract = try F.message(
            #"""
            {"contents": {"orderId": 1, "at": "2024-01-01T00:00:00Z"}, "metadata": {"contentType": "application/json"},
             "matchingRules": {"body": {"$.orderId": {"matchers": [{"match": "integer"}]},
                                        "$.at": {"matchers": [{"match": "datetime"}]}}}}
            """#
        )
        let good = Message(
            contents: .json(["orderId": 77, "at": "2025-05-05T10:00:00+01:00"]),
            metadata: ["contentType": "application/json"]
        )
        #expect(match(contract, good).isEmpty)
        let bad = Message(
            contents: .json(["orderId": "77", "at": "soon"]),
            metadata: ["contentType": "application/json"]
        )
        #expect(
            F.messages(match(contract, bad)) == [
                "Expected \"soon\" to be an ISO 8601 timestamp",
                "Expected \"77\" (string) to be an integer",
            ]
        )
    }

    @Test func v4MessageRulesInTheContentCategory() throws {
        let contract = try F.message(
            #"""
            {"contents": {"content": {"tags": ["a"]}, "contentType": "application/json"},
             "matchingRules": {"content": {"$.tags": {"matchers": [{"match": "type", "min": 2}]}}}}
            """#,
            .v4
        )
        #expect(match(contract, Message(contents: .json(["tags": ["x", "y"]]))).isEmpty)
        #expect(
            F.messages(match(contract, Message(contents: .json(["tags": ["x"]]))))
                == ["Expected an array with at least 2 items but received 1"]
        )
    }

    @Test func messageWithoutExpectedContentsAcceptsAny() {
        #expect(match(Message(), Message(contents: .text("anything"))).isEmpty)
    }

    // MARK: Metadata

    @Test func metadataMustBeEqual() {
        let mismatches = match(
            Message(metadata: ["destination": "orders"]),
            Message(metadata: ["destination": "payments"])
        )
        #expect(
            F.messages(mismatches) == [
                "Expected message metadata 'destination' to be \"orders\" but received \"payments\""
            ]
        )
        #expect(mismatches.first?.side == .message)
        #expect(mismatches.first?.part == .metadata)
        #expect(mismatches.first?.path == "destination")
        #expect(mismatches.first?.expected == "\"orders\"")
        #expect(mismatches.first?.actual == "\"payments\"")
        #expect(mismatches.first?.location == "message metadata destination")
    }

    @Test func missingMetadata() {
        let mismatches = match(Message(metadata: ["key": "k1"]), Message())
        #expect(F.messages(mismatches) == ["Expected message metadata 'key' but it was missing"])
        #expect(mismatches.first?.expected == "\"k1\"")
        #expect(mismatches.first?.actual == nil)
    }

    @Test func unexpectedMetadataIsAllowed() {
        #expect(match(Message(metadata: ["a": "1"]), Message(metadata: ["a": "1", "traceId": "t"])).isEmpty)
    }

    @Test func metadataKeysFallBackToCaseInsensitiveLookup() {
        #expect(
            match(Message(metadata: ["Destination": "orders"]), Message(metadata: ["destination": "orders"])).isEmpty
        )
    }

    @Test func metadataNumbersMatchTheirText() {
        #expect(match(Message(metadata: ["partition": 3]), Message(metadata: ["partition": "3"])).isEmpty)
        #expect(match(Message(metadata: ["retry": true]), Message(metadata: ["retry": "true"])).isEmpty)
    }

    @Test func metadataContentTypeComparesMediaTypes() {
        #expect(
            match(
                Message(metadata: ["contentType": "application/json"]),
                Message(metadata: ["contentType": "application/json; charset=utf-8"])
            ).isEmpty
        )
        #expect(
            F.messages(
                match(
                    Message(metadata: ["contentType": "application/json"]),
                    Message(metadata: ["contentType": "text/plain"])
                )
            )
                == ["Expected message metadata 'contentType' to be 'application/json' but received 'text/plain'"]
        )
    }

    @Test func metadataRuleFromAV3Contract() throws {
        let contract = try F.message(
            #"""
            {"contents": {"a": 1}, "metadata": {"destination": "orders-1", "contentType": "application/json"},
             "matchingRules": {"metadata": {"destination": {"matchers": [{"match": "regex", "regex": "orders-\\d+"}]}}}}
            """#
        )
        let good = Message(
            contents: .json(["a": 1]),
            metadata: ["destination": "orders-42", "contentType": "application/json"]
        )
        #expect(match(contract, good).isEmpty)
        let bad = Message(
            contents: .json(["a": 1]),
            metadata: ["destination": "orders-x", "contentType": "application/json"]
        )
        let mismatches = match(contract, bad)
        #expect(
            F.messages(mismatches) == [
                "Metadata 'destination': Expected \"orders-x\" to match the regular expression 'orders-\\d+'"
            ]
        )
        #expect(mismatches.first?.part == .metadata)
        #expect(mismatches.first?.path == "destination")
        #expect(mismatches.first?.expected == "\"orders-1\"")
        #expect(mismatches.first?.actual == "\"orders-x\"")
    }

    @Test func metadataRuleAtAPathAndWithOr() throws {
        var rules = MatchingRules()
        try rules.add(.integer, category: "metadata", path: "$.partition", logic: .or)
        try rules.add(.regex("any"), category: "metadata", path: "$.partition", logic: .or)
        let contract = Message(metadata: ["partition": 1], matchingRules: rules)
        #expect(match(contract, Message(metadata: ["partition": 12])).isEmpty)
        #expect(match(contract, Message(metadata: ["partition": "any"])).isEmpty)
        #expect(
            F.messages(match(contract, Message(metadata: ["partition": "x"]))) == [
                "Metadata 'partition': Expected \"x\" (string) to be an integer",
                "Metadata 'partition': Expected \"x\" to match the regular expression 'any'",
            ]
        )
    }

    @Test func metadataRuleOnAMissingKeyStillReportsItMissing() throws {
        var rules = MatchingRules()
        try rules.add(.type, category: "metadata", path: "topic")
        #expect(
            F.messages(match(Message(metadata: ["topic": "t"], matchingRules: rules), Message()))
                == ["Expected message metadata 'topic' but it was missing"]
        )
    }
}
