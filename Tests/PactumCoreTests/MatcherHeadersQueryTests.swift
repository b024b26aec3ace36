import PactumCore
import Testing

/// Method, path, query, headers and status: names, repeated values, media types and their rules.
@Suite("Matcher headers, query, path and status")
struct MatcherHeadersQueryTests {
    typealias F = MatcherFixtures

    private func request(
        method: String = "GET",
        path: String = "/",
        query: [String: [String]]? = nil,
        headers: [String: [String]]? = nil
    ) -> HTTPRequest {
        HTTPRequest(method: method, path: path, query: query, headers: headers)
    }

    private func headers(
        _ expected: [String: [String]],
        _ actual: [String: [String]],
        rules: MatchingRules = MatchingRules()
    )
        -> [Mismatch]
    {
        PactMatcher.match(
            expected: HTTPResponse(status: 200, headers: expected, matchingRules: rules),
            actual: HTTPResponse(status: 200, headers: actual)
        )
    }

    private func query(
        _ expected: [String: [String]],
        _ actual: [String: [String]]?,
        rules: MatchingRules = MatchingRules()
    )
        -> [Mismatch]
    {
        var contract = request(query: expected)
        contract.matchingRules = rules
        return PactMatcher.match(expected: contract, actual: request(query: actual))
    }

    // MARK: Method and path

    @Test func methodIsComparedWithoutRegardToCase() {
        #expect(PactMatcher.match(expected: request(method: "post"), actual: request(method: "POST")).isEmpty)
        let mismatches = PactMatcher.match(expected: request(method: "POST"), actual: request(method: "get"))
        #expect(F.messages(mismatches) == ["Expected method POST but received GET"])
        #expect(mismatches.first?.part == .method)
        #expect(mismatches.first?.side == .request)
        #expect(mismatches.first?.expected == "POST")
        #expect(mismatches.first?.actual == "GET")
    }

    @Test func pathMustBeEqualWithoutRules() {
        let mismatches = PactMatcher.match(expected: request(path: "/orders/1"), actual: request(path: "/orders/2"))
        #expect(F.messages(mismatches) == ["Expected path '/orders/1' but received '/orders/2'"])
        #expect(mismatches.first?.part == .path)
        #expect(mismatches.first?.path == "")
        #expect(mismatches.first?.location == "request path")
        #expect(mismatches.first?.expected == "/orders/1")
        #expect(mismatches.first?.actual == "/orders/2")
    }

    @Test func pathRegexFromAV3Contract() throws {
        let contract = try F.request(
            #"{"method": "GET", "path": "/orders/1", "matchingRules": {"path": {"matchers": [{"match": "regex", "regex": "/orders/\\d+"}]}}}"#
        )
        #expect(PactMatcher.match(expected: contract, actual: request(path: "/orders/734")).isEmpty)
        let mismatches = PactMatcher.match(expected: contract, actual: request(path: "/orders/734/items"))
        #expect(
            F.messages(mismatches) == ["Expected \"/orders/734/items\" to match the regular expression '/orders/\\d+'"]
        )
        #expect(mismatches.first?.part == .path)
    }

    @Test func pathRegexFromAV2FlatRule() throws {
        let contract = try F.request(
            #"{"method": "GET", "path": "/users/abc", "matchingRules": {"$.path": {"match": "regex", "regex": "/users/[a-z]+"}}}"#,
            .v2
        )
        #expect(contract.matchingRules["path"].rules.count == 1)
        #expect(PactMatcher.match(expected: contract, actual: request(path: "/users/xyz")).isEmpty)
        #expect(PactMatcher.match(expected: contract, actual: request(path: "/users/X1")).count == 1)
    }

    @Test func pathRuleAddedProgrammatically() throws {
        var contract = request(path: "/files/a.txt")
        try contract.matchingRules.add(.include("/files/"), category: "path", path: "")
        #expect(PactMatcher.match(expected: contract, actual: request(path: "/v2/files/b.png")).isEmpty)
        #expect(
            F.messages(PactMatcher.match(expected: contract, actual: request(path: "/docs")))
                == ["Expected \"/docs\" to include \"/files/\""]
        )
    }

    // MARK: Headers: names and values

    @Test func headerNamesAreCaseInsensitive() {
        #expect(headers(["X-Request-Id": ["abc"]], ["x-request-id": ["abc"]]).isEmpty)
        #expect(headers(["accept": ["text/html"]], ["ACCEPT": ["text/html"]]).isEmpty)
    }

    @Test func headerValuesAreCaseSensitive() {
        let mismatches = headers(["X-Mode": ["fast"]], ["X-Mode": ["FAST"]])
        #expect(F.messages(mismatches) == ["Expected header 'X-Mode' to have the value 'fast' but received 'FAST'"])
        #expect(mismatches.first?.side == .response)
        #expect(mismatches.first?.part == .header)
        #expect(mismatches.first?.path == "X-Mode")
        #expect(mismatches.first?.expected == "fast")
        #expect(mismatches.first?.actual == "FAST")
        #expect(
            mismatches.first?.description
                == "response header X-Mode: Expected header 'X-Mode' to have the value 'fast' but received 'FAST'"
        )
    }

    @Test func missingHeader() {
        let mismatches = headers(["X-Id": ["1"]], ["Other": ["2"]])
        #expect(F.messages(mismatches) == ["Expected a header 'X-Id' but it was missing"])
        #expect(mismatches.first?.expected == "1")
        #expect(mismatches.first?.actual == nil)
    }

    @Test func unexpectedHeadersAreAllowedInRequestsAndResponses() {
        #expect(headers(["A": ["1"]], ["A": ["1"], "B": ["2"]]).isEmpty)
        #expect(
            PactMatcher.match(
                expected: request(headers: ["A": ["1"]]),
                actual: request(headers: ["A": ["1"], "User-Agent": ["curl"]])
            ).isEmpty
        )
    }

    @Test func whitespaceAfterCommasIsIgnored() {
        #expect(headers(["Allow": ["GET, POST"]], ["Allow": ["GET,POST"]]).isEmpty)
        #expect(headers(["Allow": ["GET,POST"]], ["Allow": ["GET,   POST"]]).isEmpty)
    }

    @Test func repeatedHeaderValuesMatchTheirCommaJoinedForm() {
        #expect(headers(["Accept-Language": ["en", "fr"]], ["Accept-Language": ["en, fr"]]).isEmpty)
        #expect(headers(["Accept-Language": ["en, fr"]], ["Accept-Language": ["en", "fr"]]).isEmpty)
    }

    @Test func repeatedHeaderValuesKeepTheirOrder() {
        let mismatches = headers(["Vary": ["Accept", "Origin"]], ["Vary": ["Origin", "Accept"]])
        #expect(
            F.messages(mismatches) == [
                "Expected header 'Vary' value 0 to be 'Accept' but received 'Origin'",
                "Expected header 'Vary' value 1 to be 'Origin' but received 'Accept'",
            ]
        )
    }

    @Test func moreHeaderValuesThanExpected() {
        #expect(
            F.messages(headers(["Vary": ["Accept"]], ["Vary": ["Accept, Origin"]]))
                == ["Expected header 'Vary' to have 1 value but received 2: 'Accept, Origin'"]
        )
    }

    @Test func fewerHeaderValuesThanExpected() {
        let mismatches = headers(["Vary": ["Accept", "Origin"]], ["Vary": ["Accept"]])
        #expect(mismatches.count == 1)
        #expect(mismatches.first?.path == "Vary")
    }

    @Test func dateHeadersAreNotSplitAtCommas() {
        let date = "Wed, 21 Oct 2015 07:28:00 GMT"
        #expect(headers(["Date": [date]], ["Date": [date]]).isEmpty)
        #expect(
            F.messages(headers(["Date": [date]], ["Date": ["Thu, 22 Oct 2015 07:28:00 GMT"]]))
                == ["Expected header 'Date' to have the value '\(date)' but received 'Thu, 22 Oct 2015 07:28:00 GMT'"]
        )
    }

    @Test func emptyExpectedHeaderValue() {
        #expect(headers(["X-Empty": [""]], ["X-Empty": [""]]).isEmpty)
        #expect(
            F.messages(headers(["X-Empty": [""]], ["X-Empty": ["x"]])) == [
                "Expected header 'X-Empty' to be empty but received 'x'"
            ]
        )
    }

    // MARK: Headers: media types

    @Test func contentTypeParametersIgnoreOrderSpacingAndCharsetCase() {
        #expect(
            headers(
                ["Content-Type": ["application/json; charset=UTF-8"]],
                ["content-type": ["application/json;charset=utf-8"]]
            ).isEmpty
        )
        #expect(
            headers(
                ["Content-Type": ["text/plain; charset=utf-8; format=flowed"]],
                ["Content-Type": ["text/plain; format=flowed; charset=utf-8"]]
            ).isEmpty
        )
    }

    @Test func contentTypeWithExtraActualParameterMatches() {
        #expect(
            headers(["Content-Type": ["application/json"]], ["Content-Type": ["application/json; charset=utf-8"]])
                .isEmpty
        )
    }

    @Test func contentTypeMissingAnExpectedParameterFails() {
        #expect(
            F.messages(
                headers(["Content-Type": ["application/json; charset=utf-8"]], ["Content-Type": ["application/json"]])
            )
                == [
                    "Expected header 'Content-Type' to have the value 'application/json; charset=utf-8' but received 'application/json'"
                ]
        )
        #expect(
            headers(["Content-Type": ["text/plain; charset=utf-8"]], ["Content-Type": ["text/plain; charset=latin1"]])
                .count == 1
        )
    }

    @Test func contentTypeWithADifferentTypeFails() {
        #expect(
            F.messages(headers(["Content-Type": ["application/json"]], ["Content-Type": ["text/html"]]))
                == ["Expected header 'Content-Type' to have the value 'application/json' but received 'text/html'"]
        )
    }

    // MARK: Headers: rules

    @Test func headerRegexRuleFromAV3Contract() throws {
        let contract = try F.response(
            #"""
            {"status": 200, "headers": {"X-Trace": "abc-123"},
             "matchingRules": {"header": {"X-Trace": {"matchers": [{"match": "regex", "regex": "[a-z]+-\\d+"}]}}}}
            """#
        )
        #expect(
            PactMatcher.match(expected: contract, actual: HTTPResponse(status: 200, headers: ["x-trace": ["zz-9"]]))
                .isEmpty
        )
        let mismatches = PactMatcher.match(
            expected: contract,
            actual: HTTPResponse(status: 200, headers: ["X-Trace": ["ZZ-9"]])
        )
        #expect(
            F.messages(mismatches) == [
                "Header 'X-Trace': Expected \"ZZ-9\" to match the regular expression '[a-z]+-\\d+'"
            ]
        )
        #expect(mismatches.first?.path == "X-Trace")
        #expect(mismatches.first?.expected == "abc-123")
        #expect(mismatches.first?.actual == "ZZ-9")
    }

    @Test func headerRuleNamesAreCaseInsensitive() throws {
        var rules = MatchingRules()
        try rules.add(.regex("\\d+"), category: "header", path: "x-count")
        #expect(headers(["X-Count": ["1"]], ["X-COUNT": ["42"]], rules: rules).isEmpty)
        #expect(headers(["X-Count": ["1"]], ["X-COUNT": ["many"]], rules: rules).count == 1)
    }

    @Test func headerRuleFromAV2FlatPath() throws {
        let contract = try F.response(
            #"{"status": 200, "headers": {"Location": "/orders/1"}, "matchingRules": {"$.headers.Location": {"match": "regex", "regex": "/orders/\\d+"}}}"#,
            .v2
        )
        #expect(contract.matchingRules["header"]["Location"] != nil)
        #expect(
            PactMatcher.match(
                expected: contract,
                actual: HTTPResponse(status: 200, headers: ["Location": ["/orders/55"]])
            ).isEmpty
        )
        #expect(
            F.messages(
                PactMatcher.match(
                    expected: contract,
                    actual: HTTPResponse(status: 200, headers: ["Location": ["/users/55"]])
                )
            )
                == ["Header 'Location': Expected \"/users/55\" to match the regular expression '/orders/\\d+'"]
        )
    }

    @Test func headerRuleAppliesToEachRepeatedValue() throws {
        var rules = MatchingRules()
        try rules.add(.regex("[a-z]+"), category: "header", path: "X-Tag")
        #expect(headers(["X-Tag": ["a"]], ["X-Tag": ["one", "two"]], rules: rules).isEmpty)
        #expect(headers(["X-Tag": ["a"]], ["X-Tag": ["one", "2"]], rules: rules).count == 1)
    }

    @Test func aRepeatedHeaderValueThatFailsItsRuleIsNamedAlone() throws {
        var rules = MatchingRules()
        try rules.add(.regex("\\d{1,4}"), category: "header", path: "X-Test")
        let mismatches = headers(["X-Test": ["1000"]], ["X-Test": ["1000", "1234", "9999ABC"]], rules: rules)
        #expect(
            F.messages(mismatches) == [
                #"Header 'X-Test': Expected "9999ABC" to match the regular expression '\d{1,4}'"#
            ]
        )
    }

    @Test func headerRuleOnAMissingHeaderStillReportsItMissing() throws {
        var rules = MatchingRules()
        try rules.add(.regex(".*"), category: "header", path: "X-Any")
        #expect(
            F.messages(headers(["X-Any": ["1"]], [:], rules: rules)) == ["Expected a header 'X-Any' but it was missing"]
        )
    }

    @Test func headerRulesWithTypeAcceptAnyValue() throws {
        var rules = MatchingRules()
        try rules.add(.type, category: "header", path: "ETag")
        #expect(headers(["ETag": ["\"v1\""]], ["ETag": ["\"v999\""]], rules: rules).isEmpty)
    }

    @Test func headerIntegerRuleReadsTheText() throws {
        var rules = MatchingRules()
        try rules.add(.integer, category: "header", path: "Content-Length")
        #expect(headers(["Content-Length": ["10"]], ["Content-Length": ["2048"]], rules: rules).isEmpty)
        #expect(
            F.messages(headers(["Content-Length": ["10"]], ["Content-Length": ["2k"]], rules: rules))
                == ["Header 'Content-Length': Expected \"2k\" (string) to be an integer"]
        )
    }

    @Test func headerTypeRuleWithMinAndMaxCountsValues() throws {
        var rules = MatchingRules()
        try rules.add(.type(min: 2, max: 3), category: "header", path: "X-Tag")
        #expect(headers(["X-Tag": ["a", "b"]], ["X-Tag": ["c", "d"]], rules: rules).isEmpty)
        #expect(headers(["X-Tag": ["a", "b"]], ["X-Tag": ["c, d, e"]], rules: rules).isEmpty)
        let few = headers(["X-Tag": ["a", "b"]], ["X-Tag": ["c"]], rules: rules)
        #expect(F.messages(few) == ["Expected header 'X-Tag' to have at least 2 values but received 1"])
        #expect(few.first?.path == "X-Tag")
        #expect(few.first?.expected == "a, b")
        #expect(few.first?.actual == "c")
        #expect(
            F.messages(headers(["X-Tag": ["a", "b"]], ["X-Tag": ["1", "2", "3", "4"]], rules: rules))
                == ["Expected header 'X-Tag' to have at most 3 values but received 4"]
        )
    }

    @Test func headerOrRules() throws {
        var rules = MatchingRules()
        try rules.add(.regex("\\d+"), category: "header", path: "X-Limit", logic: .or)
        try rules.add(.regex("none"), category: "header", path: "X-Limit", logic: .or)
        #expect(headers(["X-Limit": ["10"]], ["X-Limit": ["none"]], rules: rules).isEmpty)
        #expect(
            F.messages(headers(["X-Limit": ["10"]], ["X-Limit": ["all"]], rules: rules)) == [
                "Header 'X-Limit': Expected \"all\" to match the regular expression '\\d+'",
                "Header 'X-Limit': Expected \"all\" to match the regular expression 'none'",
            ]
        )
    }

    // MARK: Query

    @Test func queryMatchesWhenEqual() {
        #expect(query(["a": ["1"], "b": ["x y"]], ["b": ["x y"], "a": ["1"]]).isEmpty)
    }

    @Test func missingQueryParameter() {
        let mismatches = query(["q": ["shoes"]], [:])
        #expect(F.messages(mismatches) == ["Expected query parameter 'q' but it was missing"])
        #expect(mismatches.first?.part == .query)
        #expect(mismatches.first?.path == "q")
        #expect(mismatches.first?.expected == "shoes")
        #expect(mismatches.first?.location == "request query q")
    }

    @Test func unexpectedQueryParameterInARequestFails() {
        let mismatches = query(["q": ["shoes"]], ["q": ["shoes"], "debug": ["true", "1"]])
        #expect(F.messages(mismatches) == ["Unexpected query parameter 'debug' received (values: 'true', '1')"])
        #expect(mismatches.first?.path == "debug")
        #expect(mismatches.first?.actual == "true, 1")
        #expect(mismatches.first?.expected == nil)
    }

    @Test func queryWithoutExpectationsRejectsAnyActualParameter() {
        #expect(PactMatcher.match(expected: request(), actual: request(query: ["x": ["1"]])).count == 1)
        #expect(PactMatcher.match(expected: request(), actual: request()).isEmpty)
    }

    @Test func queryNamesAreCaseSensitive() {
        #expect(
            F.messages(query(["q": ["1"]], ["Q": ["1"]])) == [
                "Expected query parameter 'q' but it was missing",
                "Unexpected query parameter 'Q' received (values: '1')",
            ]
        )
    }

    @Test func queryValueMismatch() {
        let mismatches = query(["q": ["shoes"]], ["q": ["boots"]])
        #expect(
            F.messages(mismatches) == ["Expected query parameter 'q' to have the value 'shoes' but received 'boots'"]
        )
        #expect(mismatches.first?.expected == "shoes")
        #expect(mismatches.first?.actual == "boots")
    }

    @Test func repeatedQueryValuesKeepTheirOrder() {
        #expect(query(["id": ["1", "2"]], ["id": ["1", "2"]]).isEmpty)
        #expect(
            F.messages(query(["id": ["1", "2"]], ["id": ["2", "1"]])) == [
                "Expected query parameter 'id' to have the value '1' at position 0 but received '2'",
                "Expected query parameter 'id' to have the value '2' at position 1 but received '1'",
            ]
        )
    }

    @Test func moreOrFewerRepeatedQueryValues() {
        #expect(
            F.messages(query(["id": ["1"]], ["id": ["1", "2", "3"]]))
                == ["Expected query parameter 'id' to have 1 value but received 3 (unexpected '2', '3')"]
        )
        #expect(
            F.messages(query(["id": ["1", "2"]], ["id": ["1"]]))
                == ["Expected query parameter 'id' to have the value '2' at position 1 but it has only 1 value"]
        )
    }

    @Test func queryRegexRuleFromAV3Contract() throws {
        let contract = try F.request(
            #"""
            {"method": "GET", "path": "/", "query": {"from": ["2024-01-01"]},
             "matchingRules": {"query": {"from": {"matchers": [{"match": "date", "format": "yyyy-MM-dd"}]}}}}
            """#
        )
        #expect(PactMatcher.match(expected: contract, actual: request(query: ["from": ["2025-12-31"]])).isEmpty)
        let mismatches = PactMatcher.match(expected: contract, actual: request(query: ["from": ["31.12.2025"]]))
        #expect(
            F.messages(mismatches) == [
                "Query parameter 'from': Expected \"31.12.2025\" to be a date in the format 'yyyy-MM-dd'"
            ]
        )
        #expect(mismatches.first?.path == "from")
        #expect(mismatches.first?.expected == "2024-01-01")
        #expect(mismatches.first?.actual == "31.12.2025")
    }

    @Test func queryRuleFromAV2FlatPath() throws {
        let contract = try F.request(
            #"{"method": "GET", "path": "/", "query": "page=1", "matchingRules": {"$.query.page": {"match": "regex", "regex": "\\d+"}}}"#,
            .v2
        )
        #expect(PactMatcher.match(expected: contract, actual: request(query: ["page": ["12"]])).isEmpty)
        #expect(
            F.messages(PactMatcher.match(expected: contract, actual: request(query: ["page": ["last"]])))
                == ["Query parameter 'page': Expected \"last\" to match the regular expression '\\d+'"]
        )
    }

    @Test func queryRuleAppliesToEveryValue() throws {
        var rules = MatchingRules()
        try rules.add(.integer, category: "query", path: "id")
        #expect(query(["id": ["1"]], ["id": ["4", "5", "6"]], rules: rules).isEmpty)
        #expect(
            F.messages(query(["id": ["1"]], ["id": ["4", "x"]], rules: rules))
                == ["Query parameter 'id': Expected \"x\" (string) to be an integer"]
        )
    }

    @Test func queryTypeRuleWithMinCountsValues() throws {
        let contract = try F.request(
            #"""
            {"method": "GET", "path": "/", "query": {"id": ["1", "2"]},
             "matchingRules": {"query": {"id": {"matchers": [{"match": "type", "min": 2}]}}}}
            """#
        )
        #expect(PactMatcher.match(expected: contract, actual: request(query: ["id": ["7", "8", "9"]])).isEmpty)
        let mismatches = PactMatcher.match(expected: contract, actual: request(query: ["id": ["7"]]))
        #expect(F.messages(mismatches) == ["Expected query parameter 'id' to have at least 2 values but received 1"])
        #expect(mismatches.first?.expected == "1, 2")
        #expect(mismatches.first?.actual == "7")
    }

    @Test func queryNumberRulesReadDecimalTextOnly() throws {
        var rules = MatchingRules()
        try rules.add(.number, category: "query", path: "n")
        for text in ["0", "-2.5", "+3", "1e3", "6.02E-23", ".5"] {
            #expect(query(["n": ["1"]], ["n": [text]], rules: rules).isEmpty, "\(text)")
        }
        for text in ["nan", "inf", "infinity", "0x10", "1e", "--1", "1.2.3", ""] {
            #expect(
                F.messages(query(["n": ["1"]], ["n": [text]], rules: rules))
                    == ["Query parameter 'n': Expected \"\(text)\" (string) to be a number"],
                "\(text)"
            )
        }
    }

    @Test func queryDecimalAndTypeRulesOnText() throws {
        var rules = MatchingRules()
        try rules.add(.decimal, category: "query", path: "d")
        #expect(query(["d": ["1.5"]], ["d": ["0.25"]], rules: rules).isEmpty)
        #expect(
            F.messages(query(["d": ["1.5"]], ["d": ["2"]], rules: rules))
                == ["Query parameter 'd': Expected \"2\" (string) to be a decimal number"]
        )
        #expect(query(["d": ["1.5"]], ["d": ["0x1.8p1"]], rules: rules).count == 1)
        var type = MatchingRules()
        try type.add(.type, category: "metadata", path: "partition")
        let contract = Message(metadata: ["partition": 1], matchingRules: type)
        #expect(PactMatcher.match(expected: contract, actual: Message(metadata: ["partition": "12"])).isEmpty)
        #expect(
            F.messages(PactMatcher.match(expected: contract, actual: Message(metadata: ["partition": "nan"])))
                == ["Metadata 'partition': Expected \"nan\" (string) to be the same type as 1 (integer)"]
        )
    }

    @Test func queryTypeRuleWithMax() throws {
        var rules = MatchingRules()
        try rules.add(.type(max: 1), category: "query", path: "sort")
        #expect(
            F.messages(query(["sort": ["name"]], ["sort": ["name", "date"]], rules: rules))
                == ["Expected query parameter 'sort' to have at most 1 value but received 2"]
        )
    }

    @Test func queryOrRules() throws {
        var rules = MatchingRules()
        try rules.add(.integer, category: "query", path: "limit", logic: .or)
        try rules.add(.regex("all"), category: "query", path: "limit", logic: .or)
        #expect(query(["limit": ["10"]], ["limit": ["25"]], rules: rules).isEmpty)
        #expect(query(["limit": ["10"]], ["limit": ["all"]], rules: rules).isEmpty)
        #expect(query(["limit": ["10"]], ["limit": ["none"]], rules: rules).count == 2)
    }

    @Test func v1QueryStringsAreComparedVerbatimAfterDecoding() throws {
        let contract = try F.request(#"{"method": "GET", "path": "/", "query": "a=1&b=x%20y"}"#, .v1)
        let same = try F.request(#"{"method": "GET", "path": "/", "query": "a=1&b=x y"}"#, .v1)
        #expect(PactMatcher.match(expected: contract, actual: same).isEmpty)
        let reordered = try F.request(#"{"method": "GET", "path": "/", "query": "b=x%20y&a=1"}"#, .v1)
        #expect(
            F.messages(PactMatcher.match(expected: contract, actual: reordered))
                == [
                    "Expected the query string 'a=1&b=x%20y' but received 'b=x%20y&a=1' (Pact V1 compares query strings exactly)"
                ]
        )
    }

    // MARK: Status

    @Test func statusMustBeEqualWithoutRules() {
        let mismatches = PactMatcher.match(expected: HTTPResponse(status: 200), actual: HTTPResponse(status: 201))
        #expect(F.messages(mismatches) == ["Expected status 200 but received 201"])
        #expect(mismatches.first?.part == .status)
        #expect(mismatches.first?.expected == "200")
        #expect(mismatches.first?.actual == "201")
        #expect(mismatches.first?.location == "response status")
    }

    private func status(_ rule: MatchingRule, expected: Int = 200, actual: Int) throws -> [String] {
        var rules = MatchingRules()
        try rules.add(rule, category: "status", path: "")
        return F.messages(
            PactMatcher.match(
                expected: HTTPResponse(status: expected, matchingRules: rules),
                actual: HTTPResponse(status: actual)
            )
        )
    }

    @Test func statusCodeClasses() throws {
        #expect(try status(.statusCode(.success), actual: 204).isEmpty)
        #expect(
            try status(.statusCode(.success), actual: 404) == ["Expected a successful status (2xx) but received 404"]
        )
        #expect(try status(.statusCode(.information), actual: 101).isEmpty)
        #expect(
            try status(.statusCode(.information), actual: 200) == [
                "Expected an information status (1xx) but received 200"
            ]
        )
        #expect(try status(.statusCode(.redirect), actual: 301).isEmpty)
        #expect(
            try status(.statusCode(.redirect), actual: 200) == ["Expected a redirect status (3xx) but received 200"]
        )
        #expect(try status(.statusCode(.clientError), expected: 400, actual: 422).isEmpty)
        #expect(
            try status(.statusCode(.clientError), expected: 400, actual: 500)
                == ["Expected a client error status (4xx) but received 500"]
        )
        #expect(try status(.statusCode(.serverError), expected: 500, actual: 503).isEmpty)
        #expect(
            try status(.statusCode(.serverError), expected: 500, actual: 499)
                == ["Expected a server error status (5xx) but received 499"]
        )
        #expect(try status(.statusCode(.nonError), actual: 302).isEmpty)
        #expect(
            try status(.statusCode(.nonError), actual: 400) == ["Expected a non-error status (< 400) but received 400"]
        )
        #expect(try status(.statusCode(.error), expected: 500, actual: 404).isEmpty)
        #expect(
            try status(.statusCode(.error), expected: 500, actual: 200) == [
                "Expected an error status (>= 400) but received 200"
            ]
        )
    }

    @Test func statusCodeList() throws {
        #expect(try status(.statusCode(.codes([200, 204])), actual: 204).isEmpty)
        #expect(
            try status(.statusCode(.codes([200, 204])), actual: 201) == [
                "Expected a status in [200, 204] but received 201"
            ]
        )
    }

    @Test func statusCodeRuleFromAV4Contract() throws {
        let contract = try F.response(
            #"{"status": 200, "matchingRules": {"status": {"matchers": [{"match": "statusCode", "status": "nonError"}]}}}"#,
            .v4
        )
        #expect(PactMatcher.match(expected: contract, actual: HTTPResponse(status: 304)).isEmpty)
        let mismatches = PactMatcher.match(expected: contract, actual: HTTPResponse(status: 500))
        #expect(F.messages(mismatches) == ["Expected a non-error status (< 400) but received 500"])
        #expect(mismatches.first?.part == .status)
        #expect(mismatches.first?.expected == "200")
        #expect(mismatches.first?.actual == "500")
        let list = try F.response(
            #"{"status": 200, "matchingRules": {"status": {"matchers": [{"match": "statusCode", "status": [200, 202]}]}}}"#,
            .v4
        )
        #expect(PactMatcher.match(expected: list, actual: HTTPResponse(status: 202)).isEmpty)
        #expect(PactMatcher.match(expected: list, actual: HTTPResponse(status: 201)).count == 1)
    }
}

@Test("media types in Content-Type compare type and subtype without regard to case")
func mediaTypeCaseInsensitive() {
    let expected = HTTPResponse(headers: ["Content-Type": ["application/json; charset=utf-8"]])
    let actual = HTTPResponse(headers: ["content-type": ["Application/JSON;charset=UTF-8"]])
    #expect(PactMatcher.match(expected: expected, actual: actual).isEmpty)
    let other = HTTPResponse(headers: ["Content-Type": ["application/xml"]])
    #expect(
        PactMatcher.match(expected: expected, actual: other).map(\.message)
            == [
                "Expected header 'Content-Type' to have the value 'application/json; charset=utf-8' but received 'application/xml'"
            ]
    )
}
