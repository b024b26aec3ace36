import Foundation

/// Compares XML bodies element by element: names (with namespace URIs, not prefixes), attributes
/// (`$.root.child['@attr']`), child elements grouped by name, and text (`$.root.child['#text']`).
struct XMLBodyMatcher {
    /// Where a node is: as a plain path (`$.animals.alligator`) and with sibling indexes
    /// (`$.animals[0].alligator`), since contracts use both spellings for repeated elements.
    struct Location {
        var plain: [PathSegment]
        var indexed: [PathSegment]
        /// Namespace prefixes in scope on each side, to compare prefixed attributes by URI.
        var expectedScope: [String: String] = [:]
        var actualScope: [String: String] = [:]

        func child(_ name: String, index: Int) -> Location {
            var copy = self
            copy.plain.append(.field(name))
            copy.indexed += [.index(index), .field(name)]
            return copy
        }

        func appending(_ name: String) -> Location {
            var copy = self
            copy.plain.append(.field(name))
            copy.indexed.append(.field(name))
            return copy
        }

        var paths: [[PathSegment]] { [plain, indexed] }
    }

    let rules: MatchingRuleCategory
    let allowUnexpectedKeys: Bool
    let side: Mismatch.Side
    private(set) var mismatches: [Mismatch] = []

    static func match(
        expected: String,
        actual: String,
        rules: MatchingRuleCategory,
        allowUnexpectedKeys: Bool,
        side: Mismatch.Side
    ) -> [Mismatch] {
        let expectedRoot: XMLElement
        let actualRoot: XMLElement
        do {
            expectedRoot = try XMLDocumentParser.parse(expected)
        } catch {
            return [
                Mismatch(
                    side: side,
                    part: .body,
                    path: "$",
                    message: "The contract's XML body could not be read: \(error)"
                )
            ]
        }
        do {
            actualRoot = try XMLDocumentParser.parse(actual)
        } catch {
            return [
                Mismatch(
                    side: side,
                    part: .body,
                    path: "$",
                    actual: BodyMatcher.cut(actual),
                    message: "The actual XML body could not be read: \(error)"
                )
            ]
        }
        var matcher = XMLBodyMatcher(rules: rules, allowUnexpectedKeys: allowUnexpectedKeys, side: side)
        let root: [PathSegment] = [.root, .field(key(expectedRoot))]
        matcher.compareElement(Location(plain: root, indexed: root), expectedRoot, actualRoot)
        return matcher.mismatches
    }

    /// Elements are identified by namespace URI and local name, so prefixes do not matter.
    static func key(_ element: XMLElement) -> String {
        if let uri = element.namespaceURI, !uri.isEmpty { return "\(uri):\(element.localName)" }
        return element.localName
    }

    /// `<a:doc>` for each element, with namespace URIs when the local names alone would not show
    /// the difference (same name, different namespace).
    static func describe(_ expected: XMLElement, _ actual: XMLElement) -> (String, String) {
        guard expected.localName == actual.localName else { return ("<\(expected.name)>", "<\(actual.name)>") }
        func withNamespace(_ element: XMLElement) -> String {
            guard let uri = element.namespaceURI, !uri.isEmpty else { return "<\(element.name)> (no namespace)" }
            return "<\(element.name)> (namespace '\(uri)')"
        }
        return (withNamespace(expected), withNamespace(actual))
    }

    private mutating func add(_ location: Location, _ expected: String?, _ actual: String?, _ message: String) {
        let mismatch = Mismatch(
            side: side,
            part: .body,
            path: location.plain.pathString,
            expected: expected,
            actual: actual,
            message: message
        )
        if !mismatches.contains(mismatch) { mismatches.append(mismatch) }
    }

    private func rulesAt(_ location: Location) -> RuleList? { rules.bestRules(forAnyOf: location.paths) }

    private static func scope(_ element: XMLElement, inheriting parent: [String: String]) -> [String: String] {
        var scope = parent
        for (name, value) in element.attributes where name.hasPrefix("xmlns:") {
            scope[String(name.dropFirst(6))] = value
        }
        return scope
    }

    private static func attributeKey(_ name: String, scope: [String: String]) -> String {
        guard let colon = name.firstIndex(of: ":") else { return name }
        let prefix = String(name[..<colon])
        guard let uri = scope[prefix] else { return name }
        return "\(uri):\(name[name.index(after: colon)...])"
    }

    private mutating func compareElement(_ location: Location, _ expected: XMLElement, _ actual: XMLElement) {
        var path = location
        path.expectedScope = XMLBodyMatcher.scope(expected, inheriting: location.expectedScope)
        path.actualScope = XMLBodyMatcher.scope(actual, inheriting: location.actualScope)
        let expectedName = XMLBodyMatcher.key(expected)
        let actualName = XMLBodyMatcher.key(actual)
        if let list = rulesAt(path) {
            var failures: [String] = []
            for rule in list.rules {
                if let failure = elementRuleFailure(rule, expected, actual, cascaded: list.cascaded) {
                    failures.append(failure)
                }
            }
            let failed = list.logic == .or ? failures.count == list.rules.count : !failures.isEmpty
            if failed {
                for failure in failures { add(path, expectedName, actualName, failure) }
                return
            }
        } else if expectedName != actualName {
            let (e, a) = XMLBodyMatcher.describe(expected, actual)
            add(path, expectedName, actualName, "Expected element \(e) but received \(a)")
            return
        }
        compareAttributes(path, expected, actual)
        compareChildren(path, expected, actual)
        compareText(path, expected, actual)
    }

    private func elementRuleFailure(
        _ rule: MatchingRule,
        _ expected: XMLElement,
        _ actual: XMLElement,
        cascaded: Bool
    )
        -> String?
    {
        let actualChildren = actual.childElements.count
        switch rule.storage {
        case .type(let min, let max):
            if XMLBodyMatcher.key(expected) != XMLBodyMatcher.key(actual) {
                let (e, a) = XMLBodyMatcher.describe(expected, actual)
                return "Expected element \(a) to be the same type as \(e)"
            }
            if !cascaded, let min, actualChildren < min {
                return
                    "Expected <\(actual.name)> to have at least \(min) child element\(min == 1 ? "" : "s") but it has \(actualChildren)"
            }
            if !cascaded, let max, actualChildren > max {
                return
                    "Expected <\(actual.name)> to have at most \(max) child element\(max == 1 ? "" : "s") but it has \(actualChildren)"
            }
            return nil
        case .equality, .values:
            return XMLBodyMatcher.key(expected) == XMLBodyMatcher.key(actual)
                ? nil : "Expected element <\(actual.name)> to be equal to <\(expected.name)>"
        case .notEmpty:
            return actual.children.isEmpty ? "Expected <\(actual.name)> to have at least one child" : nil
        default:
            // Value rules (integer, date, …) that cascade onto an element apply to its text, not its name.
            return nil
        }
    }

    private mutating func compareAttributes(_ path: Location, _ expected: XMLElement, _ actual: XMLElement) {
        var expectedAttributes: [String: String] = [:]
        for (name, value) in expected.attributesExcludingNamespaceDeclarations {
            expectedAttributes[XMLBodyMatcher.attributeKey(name, scope: path.expectedScope)] = value
        }
        var actualAttributes: [String: String] = [:]
        for (name, value) in actual.attributesExcludingNamespaceDeclarations {
            actualAttributes[XMLBodyMatcher.attributeKey(name, scope: path.actualScope)] = value
        }
        if !allowUnexpectedKeys {
            let unexpected = actualAttributes.keys.filter { expectedAttributes[$0] == nil }.sorted()
            if !unexpected.isEmpty {
                add(
                    path,
                    expectedAttributes.keys.sorted().joined(separator: ", "),
                    actualAttributes.keys.sorted().joined(separator: ", "),
                    "Unexpected attribute\(unexpected.count == 1 ? "" : "s") \(unexpected.map { "'\($0)'" }.joined(separator: ", ")) on <\(actual.name)>"
                )
            }
        }
        for name in expectedAttributes.keys.sorted() {
            guard let value = expectedAttributes[name] else { continue }
            let attributePath = path.appending("@" + name)
            guard let actualValue = actualAttributes[name] else {
                add(
                    attributePath,
                    value,
                    nil,
                    "Expected attribute \(name)='\(value)' on <\(actual.name)> but it was missing"
                )
                continue
            }
            compareValue(attributePath, value, actualValue, what: "attribute \(name)")
        }
    }

    private mutating func compareValue(_ path: Location, _ expected: String, _ actual: String, what: String) {
        if let list = rulesAt(path) {
            let failures = RuleEvaluator.failures(
                of: list,
                expected: .string(expected),
                actual: .string(actual),
                cascaded: list.cascaded,
                fromText: true
            )

            for failure in failures { add(path, expected, actual, failure) }
            return
        }
        if expected != actual {
            add(path, expected, actual, "Expected \(what) to be '\(expected)' but received '\(actual)'")
        }
    }

    private func typeRuleReaches(_ path: Location) -> Bool {
        guard let list = rulesAt(path) else { return false }
        return list.rules.contains { if case .type = $0.storage { true } else { false } }
    }

    private mutating func compareChildren(_ path: Location, _ expected: XMLElement, _ actual: XMLElement) {
        let expectedChildren = expected.childElements
        let actualChildren = actual.childElements
        if expectedChildren.isEmpty, !actualChildren.isEmpty, !allowUnexpectedKeys {
            add(
                path,
                nil,
                actualChildren.map { "<\($0.name)>" }.joined(separator: ", "),
                "Expected <\(actual.name)> to have no child elements but it has \(actualChildren.map { "<\($0.name)>" }.joined(separator: ", "))"
            )
            return
        }
        var expectedByName: [String: [XMLElement]] = [:]
        var order: [String] = []
        for child in expectedChildren {
            let key = XMLBodyMatcher.key(child)
            if expectedByName[key] == nil { order.append(key) }
            expectedByName[key, default: []].append(child)
        }
        var actualByName: [String: [XMLElement]] = [:]
        var actualOrder: [String] = []
        for child in actualChildren {
            let key = XMLBodyMatcher.key(child)
            if actualByName[key] == nil { actualOrder.append(key) }
            actualByName[key, default: []].append(child)
        }
        for key in actualOrder {
            let group = actualByName[key] ?? []
            let childPath = path.child(key, index: 0)
            guard let examples = expectedByName[key] else {
                if !allowUnexpectedKeys || typeRuleReaches(childPath) {
                    add(
                        path,
                        nil,
                        "<\(group[0].name)>",
                        "Unexpected child element <\(group[0].name)> in <\(actual.name)>"
                    )
                }
                continue
            }
            if typeRuleReaches(childPath) {
                for (index, child) in group.enumerated() {
                    compareElement(path.child(key, index: index), examples[0], child)
                }
                continue
            }
            for index in 0..<max(examples.count, group.count) {
                if index < examples.count, index < group.count {
                    compareElement(path.child(key, index: index), examples[index], group[index])
                } else if index < group.count {
                    if !allowUnexpectedKeys {
                        add(
                            childPath,
                            nil,
                            "<\(group[index].name)>",
                            "Unexpected child element <\(group[index].name)> in <\(actual.name)> (expected \(examples.count), received \(group.count))"
                        )
                    }
                } else {
                    add(
                        childPath,
                        "<\(examples[index].name)>",
                        nil,
                        "Expected child element <\(examples[index].name)> in <\(actual.name)> but it was missing (expected \(examples.count), received \(group.count))"
                    )
                }
            }
        }
        for key in order where actualByName[key] == nil {
            let example = expectedByName[key]?[0]
            add(
                path.child(key, index: 0),
                "<\(example?.name ?? key)>",
                nil,
                "Expected child element <\(example?.name ?? key)> in <\(actual.name)> but it was missing"
            )
        }
    }

    private mutating func compareText(_ path: Location, _ expected: XMLElement, _ actual: XMLElement) {
        func text(_ element: XMLElement) -> String {
            element.children.compactMap(\.text).map(\.trimmedWhitespace).joined()
        }
        let textPath = path.appending("#text")
        let expectedText = text(expected)
        let actualText = text(actual)
        if let list = rulesAt(textPath) {
            let failures = RuleEvaluator.failures(
                of: list,
                expected: .string(expectedText),
                actual: .string(actualText),
                cascaded: list.cascaded,
                fromText: true
            )

            for failure in failures { add(textPath, expectedText, actualText, failure) }
            return
        }
        if expectedText != actualText {
            add(
                textPath,
                expectedText,
                actualText,
                "Expected the text of <\(expected.name)> to be '\(expectedText)' but received '\(actualText)'"
            )
        }
    }
}
