/// Compares name → values maps (query parameters, form fields) under the rules keyed by name.
struct NamedValuesMatcher {
    let side: Mismatch.Side
    let part: Mismatch.Part
    /// `query parameter`, `form field`, … used in sentences.
    let noun: String
    let rules: MatchingRuleCategory
    let caseInsensitive: Bool
    /// Where a name's rules live for document-style categories (form bodies use `$.name`).
    var rulePath: ((String) -> [PathSegment])?

    func match(expected: [String: [String]], actual: [String: [String]], allowUnexpected: Bool) -> [Mismatch] {
        var mismatches: [Mismatch] = []
        for name in expected.keys.sorted() {
            let expectedValues = expected[name] ?? []
            guard let actualValues = lookup(name, in: actual) else {
                mismatches.append(
                    Mismatch(
                        side: side,
                        part: part,
                        path: displayPath(name),
                        expected: expectedValues.joined(separator: ", "),
                        message: "Expected \(noun) '\(name)' but it was missing"
                    )
                )
                continue
            }
            mismatches += compareValues(name, expectedValues, actualValues)
        }
        if !allowUnexpected {
            for name in actual.keys.sorted() where lookup(name, in: expected) == nil {
                let values = actual[name] ?? []
                mismatches.append(
                    Mismatch(
                        side: side,
                        part: part,
                        path: displayPath(name),
                        actual: values.joined(separator: ", "),
                        message:
                            "Unexpected \(noun) '\(name)' received (values: \(values.map { "'\($0)'" }.joined(separator: ", ")))"
                    )
                )
            }
        }
        return mismatches
    }

    /// Where a mismatch is reported: the name for query parameters, `$.name` for form fields
    /// (the same path their rules use, like other body mismatches).
    private func displayPath(_ name: String) -> String {
        rulePath.map { $0(name).pathString } ?? name
    }

    private func lookup(_ name: String, in map: [String: [String]]) -> [String]? {
        if let values = map[name] { return values }
        guard caseInsensitive else { return nil }
        let lower = name.lowercased()
        return map.first { $0.key.lowercased() == lower }?.value
    }

    private func rulesFor(_ name: String) -> RuleList? {
        if let rulePath { return rules.bestRules(for: rulePath(name)) }
        return rules.rules(forName: name, caseInsensitive: caseInsensitive)
    }

    func compareValues(_ name: String, _ expected: [String], _ actual: [String]) -> [Mismatch] {
        func mismatch(_ e: String?, _ a: String?, _ message: String) -> Mismatch {
            Mismatch(side: side, part: part, path: displayPath(name), expected: e, actual: a, message: message)
        }
        if let list = rulesFor(name) {
            var failures: [String] = []
            var ruleFailures = 0
            for rule in list.rules {
                var ruleFailed = false
                if case .type(let min, let max) = rule.storage {
                    if let min, actual.count < min {
                        failures.append(
                            "Expected \(noun) '\(name)' to have at least \(min) value\(min == 1 ? "" : "s") but received \(actual.count)"
                        )
                        ruleFailed = true
                    }
                    if let max, actual.count > max {
                        failures.append(
                            "Expected \(noun) '\(name)' to have at most \(max) value\(max == 1 ? "" : "s") but received \(actual.count)"
                        )
                        ruleFailed = true
                    }
                }
                for (index, value) in actual.enumerated() {
                    let example = index < expected.count ? expected[index] : (expected.first ?? "")
                    if let failure = RuleEvaluator.check(
                        rule,
                        expected: .string(example),
                        actual: .string(value),
                        cascaded: true,
                        fromText: true
                    ) {
                        failures.append("\(noun.capitalizedFirst) '\(name)': \(failure)")
                        ruleFailed = true
                    }
                }
                if ruleFailed { ruleFailures += 1 }
            }
            if list.logic == .or, ruleFailures < list.rules.count { return [] }
            return failures.map { mismatch(expected.joined(separator: ", "), actual.joined(separator: ", "), $0) }
        }
        var mismatches: [Mismatch] = []
        for (index, value) in expected.enumerated() {
            if let indexed = rules.rules(forName: name, index: index, caseInsensitive: caseInsensitive),
                index < actual.count
            {
                let failures = RuleEvaluator.failures(
                    of: indexed,
                    expected: .string(value),
                    actual: .string(actual[index]),
                    cascaded: false,
                    fromText: true
                )

                mismatches += failures.map {
                    mismatch(value, actual[index], "\(noun.capitalizedFirst) '\(name)' value \(index): \($0)")
                }
                continue
            }
            if index >= actual.count {
                mismatches.append(
                    mismatch(
                        value,
                        nil,
                        "Expected \(noun) '\(name)' to have the value '\(value)' at position \(index) but it has only \(actual.count) value\(actual.count == 1 ? "" : "s")"
                    )
                )
            } else if actual[index] != value {
                // With repeated values, say which one differs (order matters).
                let position = expected.count > 1 || actual.count > 1 ? " at position \(index)" : ""
                mismatches.append(
                    mismatch(
                        value,
                        actual[index],
                        "Expected \(noun) '\(name)' to have the value '\(value)'\(position) but received '\(actual[index])'"
                    )
                )
            }
        }
        if actual.count > expected.count {
            let extra = actual[expected.count...].map { "'\($0)'" }.joined(separator: ", ")
            mismatches.append(
                mismatch(
                    expected.joined(separator: ", "),
                    actual.joined(separator: ", "),
                    "Expected \(noun) '\(name)' to have \(expected.count) value\(expected.count == 1 ? "" : "s") but received \(actual.count) (unexpected \(extra))"
                )
            )
        }
        return mismatches
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
