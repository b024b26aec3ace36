import Foundation

/// Why a step failed: one sentence saying what was expected and what was found.
struct StepFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// What a step definition receives: the captured groups of its pattern and the step's argument.
struct StepArguments: Sendable {
    var captures: [String]
    var table: [[String]]?
    var docString: String?

    /// The capture at `index`, with Gherkin string escapes (`\"`, `\\`) removed.
    subscript(index: Int) -> String { captures[index] }

    /// The capture at `index` as an integer.
    func integer(_ index: Int) throws(StepFailure) -> Int {
        guard let value = Int(captures[index]) else { throw StepFailure("'\(captures[index])' is not an integer") }
        return value
    }

    /// The data table, or a failure when the step has none.
    func requireTable() throws(StepFailure) -> [[String]] {
        guard let table, !table.isEmpty else { throw StepFailure("the step needs a data table") }
        return table
    }

    /// The data table's rows as header → value dictionaries.
    func tableRows() throws(StepFailure) -> [[String: String]] {
        let table = try requireTable()
        let header = table[0]
        return table.dropFirst().map { row in
            var entry: [String: String] = [:]
            for (name, value) in zip(header, row) { entry[name] = value }
            return entry
        }
    }

    /// The first row under the header, as header → value.
    func firstTableRow() throws(StepFailure) -> [String: String] {
        guard let row = try tableRows().first else { throw StepFailure("the data table has no row under its header") }
        return row
    }
}

/// A step definition: an anchored regular expression and what to do when a step matches it.
struct StepDefinition: Sendable {
    typealias Action = @Sendable (ScenarioWorld, StepArguments) async throws -> Void

    var pattern: String
    var action: Action

    init(_ pattern: String, _ action: @escaping Action) {
        self.pattern = pattern
        self.action = action
    }
}

/// Finds the one definition whose pattern matches a step's text.
struct StepRegistry: Sendable {
    /// A quoted Gherkin string: `"…"` with `\"` escapes; use as a capture group.
    static let string = #""((?:[^"\\]|\\.)*)""#

    private struct Compiled: @unchecked Sendable {
        // NSRegularExpression is immutable and thread-safe once created.
        var regex: NSRegularExpression
        var definition: StepDefinition
    }

    private let compiled: [Compiled]

    init(_ definitions: [StepDefinition]) {
        compiled = definitions.map { definition in
            do {
                let regex = try NSRegularExpression(pattern: "^" + definition.pattern + "$")
                return Compiled(regex: regex, definition: definition)
            } catch {
                preconditionFailure("invalid step pattern '\(definition.pattern)': \(error)")
            }
        }
    }

    enum Resolution {
        case found(StepDefinition, [String])
        case missing
        case ambiguous([String])
    }

    func resolve(_ text: String) -> Resolution {
        var found: [(StepDefinition, [String])] = []
        let range = NSRange(text.startIndex..., in: text)
        for entry in compiled {
            guard let match = entry.regex.firstMatch(in: text, range: range) else { continue }
            var captures: [String] = []
            for group in 1..<max(1, match.numberOfRanges) {
                let groupRange = match.range(at: group)
                if groupRange.location == NSNotFound {
                    captures.append("")
                } else if let swiftRange = Range(groupRange, in: text) {
                    captures.append(Self.unescape(String(text[swiftRange])))
                }
            }
            found.append((entry.definition, captures))
        }
        switch found.count {
        case 0: return .missing
        case 1: return .found(found[0].0, found[0].1)
        default: return .ambiguous(found.map(\.0.pattern))
        }
    }

    /// Removes the `\"` and `\\` escapes of Gherkin strings.
    static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                if character != "\"" && character != "\\" { result.append("\\") }
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return result
    }
}
