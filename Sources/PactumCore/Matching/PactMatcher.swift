import Foundation

/// Decides whether an actual request, response or message satisfies the contract's expected one.
///
/// Requests are matched strictly (no unexpected query parameters or body keys); responses and
/// messages loosely (unexpected keys and headers are allowed), as the Pact specification says.
public enum PactMatcher {
    /// The ways `actual` differs from the expected request; empty when it matches.
    public static func match(expected: HTTPRequest, actual: HTTPRequest) -> [Mismatch] {
        var mismatches: [Mismatch] = []
        if expected.method.uppercased() != actual.method.uppercased() {
            mismatches.append(
                Mismatch(
                    side: .request,
                    part: .method,
                    expected: expected.method.uppercased(),
                    actual: actual.method.uppercased(),
                    message:
                        "Expected method \(expected.method.uppercased()) but received \(actual.method.uppercased())"
                )
            )
        }
        mismatches += matchPath(expected: expected.path, actual: actual.path, rules: expected.matchingRules["path"])
        if let expectedQuery = expected.v1QueryString, let actualQuery = actual.v1QueryString {
            // V1 compares query strings verbatim, after percent-decoding.
            if (expectedQuery.removingPercentEncoding ?? expectedQuery)
                != (actualQuery.removingPercentEncoding ?? actualQuery)
            {
                mismatches.append(
                    Mismatch(
                        side: .request,
                        part: .query,
                        expected: expectedQuery,
                        actual: actualQuery,
                        message:
                            "Expected the query string '\(expectedQuery)' but received '\(actualQuery)' (Pact V1 compares query strings exactly)"
                    )
                )
            }
        } else {
            mismatches += matchQuery(
                expected: expected.query,
                actual: actual.query,
                rules: expected.matchingRules["query"]
            )
        }
        mismatches += HeaderMatcher(side: .request, rules: expected.matchingRules["header"])
            .match(expected: expected.headers, actual: actual.headers)
        mismatches += BodyMatcher.match(
            expected: expected.body,
            expectedContentType: expected.contentType,
            actual: actual.body,
            actualContentType: actual.contentType,
            rules: expected.matchingRules["body"],
            allowUnexpectedKeys: false,
            side: .request
        )
        return mismatches
    }

    /// The ways `actual` differs from the expected response; empty when it matches.
    public static func match(expected: HTTPResponse, actual: HTTPResponse) -> [Mismatch] {
        var mismatches: [Mismatch] = []
        let statusRules = expected.matchingRules["status"]
        if let list = statusRules.singleList {
            let failures = RuleEvaluator.failures(
                of: list,
                expected: .integer(expected.status),
                actual: .integer(actual.status),
                cascaded: false
            )
            mismatches += failures.map {
                Mismatch(
                    side: .response,
                    part: .status,
                    expected: String(expected.status),
                    actual: String(actual.status),
                    message: $0
                )
            }
        } else if expected.status != actual.status {
            mismatches.append(
                Mismatch(
                    side: .response,
                    part: .status,
                    expected: String(expected.status),
                    actual: String(actual.status),
                    message: "Expected status \(expected.status) but received \(actual.status)"
                )
            )
        }
        mismatches += HeaderMatcher(side: .response, rules: expected.matchingRules["header"])
            .match(expected: expected.headers, actual: actual.headers)
        mismatches += BodyMatcher.match(
            expected: expected.body,
            expectedContentType: expected.contentType,
            actual: actual.body,
            actualContentType: actual.contentType,
            rules: expected.matchingRules["body"],
            allowUnexpectedKeys: true,
            side: .response
        )
        return mismatches
    }

    /// The ways `actual` differs from the expected message; empty when it matches.
    public static func match(expected: Message, actual: Message) -> [Mismatch] {
        var rules = expected.matchingRules["body"]
        if rules.isEmpty { rules = expected.matchingRules["content"] }
        var mismatches = BodyMatcher.match(
            expected: expected.contents,
            expectedContentType: expected.contentType,
            actual: actual.contents,
            actualContentType: actual.contentType,
            rules: rules,
            allowUnexpectedKeys: true,
            side: .message
        )
        mismatches += matchMetadata(
            expected: expected.metadata,
            actual: actual.metadata,
            rules: expected.matchingRules["metadata"]
        )
        return mismatches
    }

    /// The ways an actual request path differs from the expected one under the `path` rules.
    public static func matchPath(expected: String, actual: String, rules: MatchingRuleCategory) -> [Mismatch] {
        if let list = rules.singleList {
            let failures = RuleEvaluator.failures(
                of: list,
                expected: .string(expected),
                actual: .string(actual),
                cascaded: false,
                fromText: true
            )

            return failures.map {
                Mismatch(side: .request, part: .path, expected: expected, actual: actual, message: $0)
            }
        }
        guard expected != actual else { return [] }
        return [
            Mismatch(
                side: .request,
                part: .path,
                expected: expected,
                actual: actual,
                message: "Expected path '\(expected)' but received '\(actual)'"
            )
        ]
    }

    /// The ways actual query parameters differ from the expected ones under the `query` rules.
    public static func matchQuery(
        expected: [String: [String]]?,
        actual: [String: [String]]?,
        rules: MatchingRuleCategory
    )
        -> [Mismatch]
    {
        NamedValuesMatcher(side: .request, part: .query, noun: "query parameter", rules: rules, caseInsensitive: false)
            .match(expected: expected ?? [:], actual: actual ?? [:], allowUnexpected: false)
    }

    static func matchMetadata(
        expected: [String: JSONValue],
        actual: [String: JSONValue],
        rules: MatchingRuleCategory
    )
        -> [Mismatch]
    {
        var mismatches: [Mismatch] = []
        for key in expected.keys.sorted() {
            guard let expectedValue = expected[key] else { continue }
            guard
                let actualValue = actual[key] ?? actual.first(where: { $0.key.lowercased() == key.lowercased() })?.value
            else {
                mismatches.append(
                    Mismatch(
                        side: .message,
                        part: .metadata,
                        path: key,
                        expected: RuleEvaluator.show(expectedValue),
                        message: "Expected message metadata '\(key)' but it was missing"
                    )
                )
                continue
            }
            if let list = rules.rules(forName: key, caseInsensitive: false)
                ?? rules.bestRules(for: [.root, .field(key)])
            {
                let failures = RuleEvaluator.failures(
                    of: list,
                    expected: expectedValue,
                    actual: actualValue,
                    cascaded: false,
                    fromText: true
                )

                mismatches += failures.map {
                    Mismatch(
                        side: .message,
                        part: .metadata,
                        path: key,
                        expected: RuleEvaluator.show(expectedValue),
                        actual: RuleEvaluator.show(actualValue),
                        message: "Metadata '\(key)': \($0)"
                    )
                }
                continue
            }
            let lower = key.lowercased()
            if lower == "contenttype" || lower == "content-type",
                let e = expectedValue.stringValue.flatMap(MediaType.init),
                let a = actualValue.stringValue.flatMap(MediaType.init)
            {
                if !e.isEquivalent(to: a), e.essence != a.essence || !e.parameters.isEmpty {
                    mismatches.append(
                        Mismatch(
                            side: .message,
                            part: .metadata,
                            path: key,
                            expected: expectedValue.displayString,
                            actual: actualValue.displayString,
                            message:
                                "Expected message metadata '\(key)' to be '\(expectedValue.displayString)' but received '\(actualValue.displayString)'"
                        )
                    )
                }
                continue
            }
            if !RuleEvaluator.equal(expectedValue, actualValue, fromText: true) {
                mismatches.append(
                    Mismatch(
                        side: .message,
                        part: .metadata,
                        path: key,
                        expected: RuleEvaluator.show(expectedValue),
                        actual: RuleEvaluator.show(actualValue),
                        message:
                            "Expected message metadata '\(key)' to be \(RuleEvaluator.show(expectedValue)) but received \(RuleEvaluator.show(actualValue))"
                    )
                )
            }
        }
        return mismatches
    }
}

/// Compares headers: names without regard to case, values with it; `Content-Type` and `Accept`
/// as media types (parameter order and charset case do not matter); whitespace after commas ignored.
struct HeaderMatcher {
    let side: Mismatch.Side
    let rules: MatchingRuleCategory

    static let mediaTypeHeaders: Set<String> = ["content-type", "accept"]
    /// Headers whose values contain commas that do not separate values.
    static let unsplittable: Set<String> = [
        "date", "expires", "last-modified", "if-modified-since", "set-cookie", "retry-after",
    ]

    func match(expected: [String: [String]]?, actual: [String: [String]]?) -> [Mismatch] {
        guard let expected else { return [] }
        let actual = actual ?? [:]
        var mismatches: [Mismatch] = []
        for name in expected.keys.sorted(by: { $0.lowercased() < $1.lowercased() }) {
            let expectedValues = expected[name] ?? []
            guard let actualValues = HeaderLookup.values(name, in: actual) else {
                mismatches.append(
                    Mismatch(
                        side: side,
                        part: .header,
                        path: name,
                        expected: expectedValues.joined(separator: ", "),
                        message: "Expected a header '\(name)' but it was missing"
                    )
                )
                continue
            }
            mismatches += compare(name, expectedValues, actualValues)
        }
        return mismatches
    }

    private func split(_ name: String, _ values: [String]) -> [String] {
        guard !HeaderMatcher.unsplittable.contains(name.lowercased()) else { return values }
        return values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map { trim($0) } }
            .filter { !$0.isEmpty }
    }

    private func values(_ count: Int) -> String { count == 1 ? "value" : "values" }

    private func trim<S: StringProtocol>(_ text: S) -> String {
        text.trimmedWhitespace
    }

    private func compare(_ name: String, _ expected: [String], _ actual: [String]) -> [Mismatch] {
        func mismatch(_ message: String) -> Mismatch {
            Mismatch(
                side: side,
                part: .header,
                path: name,
                expected: expected.joined(separator: ", "),
                actual: actual.joined(separator: ", "),
                message: message
            )
        }
        if expected.isEmpty || expected == [""] {
            let actualText = actual.joined(separator: ", ")
            return actualText.isEmpty
                ? [] : [mismatch("Expected header '\(name)' to be empty but received '\(actualText)'")]
        }
        if let list = rules.rules(forName: name, caseInsensitive: true) {
            // A rule on the whole header applies to the joined value, or else to each value; a type rule
            // with min/max also limits how many values the header has.
            let joinedExpected = trim(expected.joined(separator: ", "))
            let joinedActual = trim(actual.joined(separator: ", "))
            let actualCount = split(name, actual).count
            func check(_ rule: MatchingRule, _ expected: String, _ actual: String) -> String? {
                RuleEvaluator.check(
                    rule,
                    expected: .string(expected),
                    actual: .string(actual),
                    cascaded: false,
                    fromText: true
                )
            }
            func failures(_ rule: MatchingRule) -> [String] {
                var found: [String] = []
                if case .type(let min, let max) = rule.storage {
                    let counted = "Expected header '\(name)' to have"
                    if let min, actualCount < min {
                        found.append("\(counted) at least \(min) \(values(min)) but received \(actualCount)")
                    }
                    if let max, actualCount > max {
                        found.append("\(counted) at most \(max) \(values(max)) but received \(actualCount)")
                    }
                }
                if let failure = check(rule, joinedExpected, joinedActual) {
                    // Several values: each is checked, and the sentence names the values that fail (not the list).
                    let failing =
                        actual.count > 1 ? actual.compactMap { check(rule, trim(expected[0]), trim($0)) } : [failure]
                    found += failing.map { "Header '\(name)': \($0)" }
                }
                return found
            }
            let perRule = list.rules.map(failures)
            let failedRules = perRule.filter { !$0.isEmpty }.count
            if failedRules == 0 || (list.logic == .or && failedRules < list.rules.count) { return [] }
            return perRule.flatMap { $0 }.map(mismatch)
        }
        if expected == actual { return [] }
        let expectedValues = split(name, expected)
        let actualValues = split(name, actual)
        var mismatches: [Mismatch] = []
        let isMediaType = HeaderMatcher.mediaTypeHeaders.contains(name.lowercased())
        for (index, value) in expectedValues.enumerated() {
            if let indexed = rules.rules(forName: name, index: index, caseInsensitive: true), index < actualValues.count
            {
                let failures = RuleEvaluator.failures(
                    of: indexed,
                    expected: .string(value),
                    actual: .string(actualValues[index]),
                    cascaded: false,
                    fromText: true
                )

                mismatches += failures.map { mismatch("Header '\(name)' value \(index): \($0)") }
                continue
            }
            guard index < actualValues.count else {
                mismatches.append(
                    mismatch(
                        "Expected header '\(name)' to have the value '\(value)' at position \(index) but it has only \(actualValues.count) value\(actualValues.count == 1 ? "" : "s")"
                    )
                )
                continue
            }
            let actualValue = actualValues[index]
            let same =
                isMediaType ? MediaType.headerValuesMatch(expected: value, actual: actualValue) : value == actualValue
            if !same {
                let whole = expected.count == 1 && actual.count == 1 && expectedValues.count == 1
                mismatches.append(
                    mismatch(
                        whole
                            ? "Expected header '\(name)' to have the value '\(trim(expected[0]))' but received '\(trim(actual[0]))'"
                            : "Expected header '\(name)' value \(index) to be '\(value)' but received '\(actualValue)'"
                    )
                )
            }
        }
        if actualValues.count > expectedValues.count {
            mismatches.append(
                mismatch(
                    "Expected header '\(name)' to have \(expectedValues.count) value\(expectedValues.count == 1 ? "" : "s") but received \(actualValues.count): '\(actual.joined(separator: ", "))'"
                )
            )
        }
        return mismatches
    }
}
