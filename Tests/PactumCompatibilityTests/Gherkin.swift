import Foundation

/// A parsed Gherkin feature file: the subset of Gherkin the Pact compatibility suite uses, and a bit more
/// (Background, Scenario, Scenario Outline with Examples, Rule, tags, comments, data tables, doc strings).
struct GherkinFeature: Sendable {
    var name: String
    var tags: [String]
    var description: String
    /// Every runnable scenario, outlines already expanded, each with the background steps that apply to it.
    var scenarios: [GherkinScenario]
}

/// One runnable scenario.
struct GherkinScenario: Sendable {
    var name: String
    var tags: [String]
    var line: Int
    /// Background steps (feature, then rule) that run before `steps`.
    var background: [GherkinStep]
    var steps: [GherkinStep]
}

/// One step with its optional argument (a data table or a doc string).
struct GherkinStep: Sendable {
    /// `Given`, `When`, `Then`, `And`, `But` or `*`.
    var keyword: String
    var text: String
    var line: Int
    var table: [[String]]?
    var docString: String?

    var displayText: String { "\(keyword) \(text)" }
}

/// A problem in a feature file, with the line where it is.
struct GherkinError: Error, CustomStringConvertible {
    var file: String
    var line: Int
    var message: String

    var description: String { "\(file):\(line): \(message)" }
}

/// Reads Gherkin text into a `GherkinFeature`.
struct GherkinParser {
    private enum Block {
        case none
        case background
        case scenario
        case outline
        case examples
    }

    private struct PendingScenario {
        var name: String
        var tags: [String]
        var line: Int
        var steps: [GherkinStep] = []
        var isOutline: Bool
        var examples: [(tags: [String], table: [[String]])] = []
    }

    static let stepKeywords = ["Given", "When", "Then", "And", "But", "*"]

    let file: String

    init(file: String = "<feature>") {
        self.file = file
    }

    /// Parses a whole feature file.
    func parse(_ text: String) throws(GherkinError) -> GherkinFeature {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        var feature: GherkinFeature?
        var featureBackground: [GherkinStep] = []
        var ruleBackground: [GherkinStep] = []
        var inRule = false
        var pendingTags: [String] = []
        var block = Block.none
        var current: PendingScenario?
        var scenarios: [GherkinScenario] = []
        var descriptionLines: [String] = []
        var index = 0

        func finishScenario() throws(GherkinError) {
            guard let scenario = current else { return }
            current = nil
            let background = featureBackground + (inRule ? ruleBackground : [])
            if scenario.isOutline {
                scenarios += try expand(scenario, background: background)
            } else {
                scenarios.append(
                    GherkinScenario(
                        name: scenario.name,
                        tags: scenario.tags,
                        line: scenario.line,
                        background: background,
                        steps: scenario.steps
                    )
                )
            }
        }

        func appendStep(_ step: GherkinStep) throws(GherkinError) {
            switch block {
            case .background:
                if inRule { ruleBackground.append(step) } else { featureBackground.append(step) }
            case .scenario, .outline:
                current?.steps.append(step)
            case .none, .examples:
                throw GherkinError(file: file, line: step.line, message: "a step outside a scenario: '\(step.text)'")
            }
        }

        func lastStepAddingArgument(table: [[String]]?, docString: String?, line: Int) throws(GherkinError) {
            func update(_ steps: inout [GherkinStep]) -> Bool {
                guard var last = steps.popLast() else { return false }
                if let table { last.table = (last.table ?? []) + table }
                if let docString { last.docString = docString }
                steps.append(last)
                return true
            }
            var done = false
            switch block {
            case .background:
                done = inRule ? update(&ruleBackground) : update(&featureBackground)
            case .scenario, .outline:
                if var scenario = current {
                    done = update(&scenario.steps)
                    current = scenario
                }
            case .examples:
                if var scenario = current, let table, !scenario.examples.isEmpty {
                    scenario.examples[scenario.examples.count - 1].table += table
                    current = scenario
                    done = true
                }
            case .none:
                break
            }
            if !done {
                throw GherkinError(file: file, line: line, message: "a data table or doc string with no step before it")
            }
        }

        while index < lines.count {
            let lineNumber = index + 1
            let raw = lines[index]
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            index += 1
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }

            if trimmed.hasPrefix("\"\"\"") || trimmed.hasPrefix("```") {
                let delimiter = String(trimmed.prefix(3))
                let indent = raw.prefix { $0 == " " || $0 == "\t" }.count
                var content: [String] = []
                var closed = false
                while index < lines.count {
                    let docLine = lines[index]
                    index += 1
                    if docLine.trimmingCharacters(in: .whitespaces) == delimiter {
                        closed = true
                        break
                    }
                    let leading = docLine.prefix { $0 == " " || $0 == "\t" }.count
                    var text = String(docLine.dropFirst(min(indent, leading)))
                    if delimiter == "\"\"\"" { text = text.replacingOccurrences(of: "\\\"\\\"\\\"", with: "\"\"\"") }
                    content.append(text)
                }
                if !closed {
                    throw GherkinError(file: file, line: lineNumber, message: "the doc string is never closed")
                }
                try lastStepAddingArgument(table: nil, docString: content.joined(separator: "\n"), line: lineNumber)
                continue
            }

            if trimmed.hasPrefix("|") {
                try lastStepAddingArgument(
                    table: [try tableRow(trimmed, line: lineNumber)],
                    docString: nil,
                    line: lineNumber
                )
                continue
            }

            if trimmed.hasPrefix("@") {
                pendingTags += trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
                    .map(String.init)
                    .prefix { !$0.hasPrefix("#") }
                continue
            }

            if let name = Self.value(of: ["Feature:", "Ability:", "Business Need:"], in: trimmed) {
                guard feature == nil else {
                    throw GherkinError(file: file, line: lineNumber, message: "a second Feature in one file")
                }
                feature = GherkinFeature(name: name, tags: pendingTags, description: "", scenarios: [])
                pendingTags = []
                block = .none
                continue
            }
            if let _ = Self.value(of: ["Rule:"], in: trimmed) {
                try finishScenario()
                inRule = true
                ruleBackground = []
                block = .none
                pendingTags = []
                continue
            }
            if let _ = Self.value(of: ["Background:"], in: trimmed) {
                try finishScenario()
                block = .background
                continue
            }
            if let name = Self.value(of: ["Scenario Outline:", "Scenario Template:"], in: trimmed) {
                try finishScenario()
                current = PendingScenario(name: name, tags: pendingTags, line: lineNumber, isOutline: true)
                pendingTags = []
                block = .outline
                continue
            }
            if let name = Self.value(of: ["Scenario:", "Example:"], in: trimmed) {
                try finishScenario()
                current = PendingScenario(name: name, tags: pendingTags, line: lineNumber, isOutline: false)
                pendingTags = []
                block = .scenario
                continue
            }
            if let _ = Self.value(of: ["Examples:", "Scenarios:"], in: trimmed) {
                guard current?.isOutline == true else {
                    throw GherkinError(file: file, line: lineNumber, message: "Examples outside a Scenario Outline")
                }
                current?.examples.append((tags: pendingTags, table: []))
                pendingTags = []
                block = .examples
                continue
            }
            if let keyword = Self.stepKeywords.first(where: { trimmed.hasPrefix($0 + " ") || trimmed == $0 }) {
                let text = String(trimmed.dropFirst(keyword.count)).trimmingCharacters(in: .whitespaces)
                try appendStep(GherkinStep(keyword: keyword, text: text, line: lineNumber))
                continue
            }
            // Free text: a feature description (anything else is an error).
            if feature != nil, block == .none, current == nil {
                descriptionLines.append(trimmed)
                continue
            }
            throw GherkinError(file: file, line: lineNumber, message: "unexpected line '\(trimmed)'")
        }
        try finishScenario()
        guard var result = feature else {
            throw GherkinError(file: file, line: 1, message: "no 'Feature:' line")
        }
        result.description = descriptionLines.joined(separator: "\n")
        result.scenarios = scenarios
        return result
    }

    private static func value(of keywords: [String], in line: String) -> String? {
        for keyword in keywords where line.hasPrefix(keyword) {
            return String(line.dropFirst(keyword.count)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// Splits `| a | b\|c |` into cells, honouring the `\|`, `\\` and `\n` escapes.
    private func tableRow(_ line: String, line lineNumber: Int) throws(GherkinError) -> [String] {
        guard line.hasSuffix("|"), line.count >= 2 else {
            throw GherkinError(file: file, line: lineNumber, message: "a table row must end with '|'")
        }
        var cells: [String] = []
        var cell = ""
        var escaped = false
        for character in line.dropFirst() {
            if escaped {
                switch character {
                case "|": cell.append("|")
                case "n": cell.append("\n")
                case "\\": cell.append("\\")
                default:
                    cell.append("\\")
                    cell.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(cell.trimmingCharacters(in: .whitespaces))
                cell = ""
            } else {
                cell.append(character)
            }
        }
        return cells
    }

    private func expand(_ outline: PendingScenario, background: [GherkinStep]) throws(GherkinError) -> [GherkinScenario]
    {
        // An outline that expands to nothing would vanish from the run without a trace: refuse it.
        guard !outline.examples.isEmpty else {
            throw GherkinError(
                file: file,
                line: outline.line,
                message: "Scenario Outline '\(outline.name)' has no Examples, so it would run nothing"
            )
        }
        var result: [GherkinScenario] = []
        for examples in outline.examples {
            guard let header = examples.table.first, examples.table.count > 1 else {
                throw GherkinError(
                    file: file,
                    line: outline.line,
                    message:
                        "an Examples table of Scenario Outline '\(outline.name)' has no rows, so it would run nothing"
                )
            }
            for (rowIndex, row) in examples.table.dropFirst().enumerated() {
                guard row.count == header.count else {
                    throw GherkinError(
                        file: file,
                        line: outline.line,
                        message: "an Examples row has \(row.count) cells but the header has \(header.count)"
                    )
                }
                func substitute(_ text: String) -> String {
                    var text = text
                    for (name, value) in zip(header, row) {
                        text = text.replacingOccurrences(of: "<\(name)>", with: value)
                    }
                    return text
                }
                let steps = outline.steps.map { step in
                    var copy = step
                    copy.text = substitute(step.text)
                    copy.table = step.table?.map { $0.map(substitute) }
                    copy.docString = step.docString.map(substitute)
                    return copy
                }
                result.append(
                    GherkinScenario(
                        name: "\(substitute(outline.name)) (example \(rowIndex + 1))",
                        tags: outline.tags + examples.tags,
                        line: outline.line,
                        background: background,
                        steps: steps
                    )
                )
            }
        }
        return result
    }
}
