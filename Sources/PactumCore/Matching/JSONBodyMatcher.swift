/// Compares an actual JSON document with the contract's example under the body (or metadata) rules,
/// following the Pact specification: rules cascade to children, the best-weighted path wins, maps in
/// requests may not have unexpected keys, arrays without rules must match item for item.
struct JSONBodyMatcher {
    let rules: MatchingRuleCategory
    let allowUnexpectedKeys: Bool
    let side: Mismatch.Side
    var part: Mismatch.Part = .body
    private(set) var mismatches: [Mismatch] = []

    init(rules: MatchingRuleCategory, allowUnexpectedKeys: Bool, side: Mismatch.Side, part: Mismatch.Part = .body) {
        self.rules = rules
        self.allowUnexpectedKeys = allowUnexpectedKeys
        self.side = side
        self.part = part
    }

    /// Matches whole documents and returns the mismatches.
    static func match(
        expected: JSONValue,
        actual: JSONValue,
        rules: MatchingRuleCategory,
        allowUnexpectedKeys: Bool,
        side: Mismatch.Side,
        part: Mismatch.Part = .body
    ) -> [Mismatch] {
        var matcher = JSONBodyMatcher(rules: rules, allowUnexpectedKeys: allowUnexpectedKeys, side: side, part: part)
        matcher.compare([.root], expected, actual)
        return matcher.mismatches
    }

    private func sub(rules: MatchingRuleCategory) -> JSONBodyMatcher {
        JSONBodyMatcher(rules: rules, allowUnexpectedKeys: allowUnexpectedKeys, side: side, part: part)
    }

    private mutating func add(_ path: [PathSegment], _ expected: JSONValue?, _ actual: JSONValue?, _ message: String) {
        let mismatch = Mismatch(
            side: side,
            part: part,
            path: path.pathString,
            expected: expected.map(RuleEvaluator.show),
            actual: actual.map(RuleEvaluator.show),
            message: message
        )
        if !mismatches.contains(mismatch) { mismatches.append(mismatch) }
    }

    mutating func compare(_ path: [PathSegment], _ expected: JSONValue, _ actual: JSONValue) {
        switch (expected, actual) {
        case (.object(let e), .object(let a)):
            compareMaps(path, e, a)
        case (.array(let e), .array(let a)):
            compareLists(path, e, a)
        case (.object, _), (.array, _):
            add(
                path,
                expected,
                actual,
                "Expected \(RuleEvaluator.showTyped(actual)) to be the same type as \(RuleEvaluator.showTyped(expected))"
            )
        default:
            compareValues(path, expected, actual)
        }
    }

    // MARK: Maps

    private mutating func compareMaps(
        _ path: [PathSegment],
        _ expected: [String: JSONValue],
        _ actual: [String: JSONValue]
    ) {
        let rulesHere = rules.bestRules(for: path)
        if expected.isEmpty, !allowUnexpectedKeys, !actual.isEmpty, rulesHere == nil {
            add(
                path,
                .object(expected),
                .object(actual),
                "Expected an empty object but received \(RuleEvaluator.show(.object(actual)))"
            )
            return
        }
        guard let list = rulesHere else {
            matchKeys(path, expected, actual, rulesHere: nil)
            compareEntries(path, expected, actual)
            return
        }
        for rule in list.rules {
            let isValuesRule: Bool
            switch rule.storage {
            case .values, .eachValue, .eachKey: isValuesRule = true
            default: isValuesRule = false
            }
            if !list.cascaded, isValuesRule {
                var matcher = self
                if case .eachValue(let valueRules) = rule.storage {
                    matcher = sub(rules: starRules(path, valueRules))
                }
                if case .eachKey(let keyRules) = rule.storage {
                    checkKeys(path, actual.keys.sorted(), keyRules)
                }
                for key in actual.keys.sorted() {
                    guard let value = actual[key] else { continue }
                    if let example = expected[key] {
                        matcher.compare(path + [.field(key)], example, value)
                    } else if let first = expected.keys.sorted().first.flatMap({ expected[$0] }) {
                        matcher.compare(path + [.field(key)], first, value)
                    }
                }
                if matcher.mismatches != mismatches {
                    for mismatch in matcher.mismatches where !mismatches.contains(mismatch) {
                        mismatches.append(mismatch)
                    }
                }
            } else {
                if let failure = mapRuleFailure(rule, expected: expected, actual: actual, cascaded: list.cascaded) {
                    add(path, .object(expected), .object(actual), failure)
                }
                matchKeys(path, expected, actual, rulesHere: list)
                compareEntries(path, expected, actual)
            }
        }
    }

    private func mapRuleFailure(
        _ rule: MatchingRule,
        expected: [String: JSONValue],
        actual: [String: JSONValue],
        cascaded: Bool
    ) -> String? {
        switch rule.storage {
        case .type, .equality, .values, .eachKey, .eachValue, .arrayContains, .include, .regex, .contentType, .date,
            .time, .timestamp, .semver, .integer, .decimal, .number, .boolean, .statusCode, .unknown:
            // Maps satisfy type-like rules as maps; their entries are compared one by one.
            return nil
        case .notEmpty, .null:
            return RuleEvaluator.check(rule, expected: .object(expected), actual: .object(actual), cascaded: cascaded)
        }
    }

    private func starRules(_ path: [PathSegment], _ rules: [MatchingRule]) -> MatchingRuleCategory {
        var category = MatchingRuleCategory()
        let tokens: [PathExpression.Token] = path.map { segment in
            switch segment {
            case .root: return .root
            case .field(let name): return .field(name)
            case .index(let index): return .index(index)
            }
        }
        let key = PathExpression(tokens: tokens + [.star]).description
        try? category.add(RuleList(rules), at: key)
        return category
    }

    private mutating func checkKeys(_ path: [PathSegment], _ keys: [String], _ keyRules: [MatchingRule]) {
        for key in keys {
            for rule in keyRules {
                if let failure = RuleEvaluator.check(
                    rule,
                    expected: .string(""),
                    actual: .string(key),
                    cascaded: false,
                    fromText: true
                ) {
                    add(path + [.field(key)], nil, .string(key), "Key \(RuleEvaluator.quoted(key)): \(failure)")
                }
            }
        }
    }

    /// Checks the keys of a map; `rulesHere` is the best rule list for `path` (already looked up by the caller).
    private mutating func matchKeys(
        _ path: [PathSegment],
        _ expected: [String: JSONValue],
        _ actual: [String: JSONValue],
        rulesHere: RuleList?
    ) {
        let exact = rulesHere?.cascaded == false ? rulesHere : nil
        let hasValuesRule =
            exact?.rules.contains { rule in
                switch rule.storage {
                case .values, .eachValue, .eachKey: return true
                default: return false
                }
            } ?? false
        if !hasValuesRule {
            let missing = expected.keys.filter { actual[$0] == nil }.sorted()
            if allowUnexpectedKeys {
                if !missing.isEmpty {
                    let names = missing.joined(separator: ", ")
                    add(
                        path,
                        .object(expected),
                        .object(actual),
                        "Actual object is missing the key\(missing.count == 1 ? "" : "s") \(names)"
                    )
                }
            } else {
                let unexpected = actual.keys.filter { expected[$0] == nil }.sorted()
                if !missing.isEmpty || !unexpected.isEmpty {
                    var parts: [String] = []
                    if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
                    if !unexpected.isEmpty { parts.append("unexpected \(unexpected.joined(separator: ", "))") }
                    add(
                        path,
                        .object(expected),
                        .object(actual),
                        "Expected an object with keys [\(expected.keys.sorted().joined(separator: ", "))] "
                            + "but received keys [\(actual.keys.sorted().joined(separator: ", "))] (\(parts.joined(separator: "; ")))"
                    )
                }
            }
        }
        if let exact {
            for rule in exact.rules {
                if case .eachKey(let keyRules) = rule.storage { checkKeys(path, actual.keys.sorted(), keyRules) }
            }
        }
    }

    private mutating func compareEntries(
        _ path: [PathSegment],
        _ expected: [String: JSONValue],
        _ actual: [String: JSONValue]
    ) {
        for key in expected.keys.sorted() {
            guard let value = expected[key], let actualValue = actual[key] else { continue }
            compare(path + [.field(key)], value, actualValue)
        }
    }

    // MARK: Lists

    private mutating func compareLists(_ path: [PathSegment], _ expected: [JSONValue], _ actual: [JSONValue]) {
        if let list = rules.bestRules(for: path) {
            compareListsWithRules(path, list, expected, actual)
            return
        }
        if expected.isEmpty, !actual.isEmpty {
            add(
                path,
                .array(expected),
                .array(actual),
                "Expected an empty array but received \(RuleEvaluator.show(.array(actual)))"
            )
            return
        }
        for (index, value) in expected.enumerated() {
            if index < actual.count {
                compare(path + [.index(index)], value, actual[index])
            } else if !rules.isDefined(for: path + [.index(index)]) {
                add(
                    path + [.index(index)],
                    value,
                    nil,
                    "Expected \(RuleEvaluator.show(value)) at index \(index) but it was missing"
                )
            }
        }
        if expected.count != actual.count {
            add(
                path,
                .array(expected),
                .array(actual),
                "Expected an array with \(expected.count) item\(expected.count == 1 ? "" : "s") but received \(actual.count)"
            )
        }
    }

    private mutating func compareListsWithRules(
        _ path: [PathSegment],
        _ list: RuleList,
        _ expected: [JSONValue],
        _ actual: [JSONValue]
    ) {
        var results: [[Mismatch]] = []
        for rule in list.rules {
            var matcher = sub(rules: rules)
            matcher.compareListWithRule(path, rule, list.cascaded, expected, actual)
            results.append(matcher.mismatches)
        }
        if list.logic == .or, results.contains(where: \.isEmpty) { return }
        for result in results {
            for mismatch in result where !mismatches.contains(mismatch) { mismatches.append(mismatch) }
        }
    }

    private mutating func compareListWithRule(
        _ path: [PathSegment],
        _ rule: MatchingRule,
        _ cascaded: Bool,
        _ expected: [JSONValue],
        _ actual: [JSONValue]
    ) {
        switch rule.storage {
        case .arrayContains(let variants):
            let effective =
                variants.isEmpty
                ? expected.indices.map { ArrayContainsVariant(index: $0, rules: equalityRules()) } : variants
            for variant in effective {
                guard variant.index >= 0, variant.index < expected.count else {
                    add(
                        path,
                        .array(expected),
                        .array(actual),
                        "arrayContains variant \(variant.index) is not in the contract's example array, which has \(expected.count) item\(expected.count == 1 ? "" : "s")"
                    )
                    continue
                }
                let example = expected[variant.index]
                let found = actual.contains { item in
                    JSONBodyMatcher.match(
                        expected: example,
                        actual: item,
                        rules: variant.rules,
                        allowUnexpectedKeys: allowUnexpectedKeys,
                        side: side,
                        part: part
                    ).isEmpty
                }
                if !found {
                    add(
                        path,
                        example,
                        .array(actual),
                        "Expected the array to contain an item matching variant \(variant.index) (\(RuleEvaluator.show(example))) but none did"
                    )
                }
            }
        case .eachValue(let valueRules):
            guard !expected.isEmpty else { return }
            if cascaded {
                matchListContents(path, expected, actual)
            } else {
                var matcher = sub(rules: starRules(path, valueRules))
                matcher.matchListContents(path, expected, actual)
                for mismatch in matcher.mismatches where !mismatches.contains(mismatch) { mismatches.append(mismatch) }
            }
        default:
            guard !expected.isEmpty else {
                // An empty example with a rule: only the rule itself applies (e.g. a min/max length).
                if let failure = RuleEvaluator.check(
                    rule,
                    expected: .array(expected),
                    actual: .array(actual),
                    cascaded: cascaded
                ) {
                    add(path, .array(expected), .array(actual), failure)
                }
                return
            }
            if let failure = RuleEvaluator.check(
                rule,
                expected: .array(expected),
                actual: .array(actual),
                cascaded: cascaded
            ) {
                add(path, .array(expected), .array(actual), failure)
            }
            matchListContents(path, expected, actual)
        }
    }

    private func equalityRules() -> MatchingRuleCategory {
        var category = MatchingRuleCategory()
        try? category.add(.equality, at: "$")
        return category
    }

    private mutating func matchListContents(_ path: [PathSegment], _ expected: [JSONValue], _ actual: [JSONValue]) {
        let count = max(expected.count, actual.count)
        for index in 0..<count {
            let example = index < expected.count ? expected[index] : expected[0]
            if index < actual.count {
                compare(path + [.index(index)], example, actual[index])
            } else if !rules.isDefined(for: path + [.index(index)]) {
                add(
                    path + [.index(index)],
                    example,
                    nil,
                    "Expected \(RuleEvaluator.show(example)) at index \(index) but it was missing"
                )
            }
        }
    }

    // MARK: Values

    private mutating func compareValues(_ path: [PathSegment], _ expected: JSONValue, _ actual: JSONValue) {
        guard let list = rules.bestRules(for: path) else {
            if expected != actual {
                add(
                    path,
                    expected,
                    actual,
                    "Expected \(RuleEvaluator.show(expected)) but received \(RuleEvaluator.show(actual))"
                )
            }
            return
        }
        let failures = RuleEvaluator.failures(of: list, expected: expected, actual: actual, cascaded: list.cascaded)

        for failure in failures { add(path, expected, actual, failure) }
    }
}
