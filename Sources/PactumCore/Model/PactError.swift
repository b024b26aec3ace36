/// An error reading, writing or interpreting a contract.
///
/// `description` says what was wrong, where (file, interaction, JSON path) and what to do.
public struct PactError: Error, Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of problem it is, for code that handles some differently (the ``description`` is for people).
    public enum Code: String, Hashable, Sendable {
        /// The text is not JSON (or not the JSON expected).
        case invalidJSON
        /// The JSON is not a valid contract: a missing or wrongly typed field.
        case invalidPact
        /// A matching rule or generator path (`$.items[*].id`) cannot be parsed.
        case invalidPath
        /// A matching rule is malformed or has impossible parameters.
        case invalidMatchingRule
        /// A generator is malformed.
        case invalidGenerator
        /// A file could not be read, written or locked.
        case io
        /// Merging into an existing contract file found a conflicting interaction.
        case mergeConflict
    }

    /// What kind of problem it is.
    public let code: Code
    /// What was wrong.
    public var message: String
    /// The file involved, when there is one.
    public var file: String?
    /// The interaction involved (its description), when there is one.
    public var interaction: String?
    /// Where in the JSON document (e.g. `interactions[3].request.matchingRules`).
    public var jsonPath: String?
    /// What the user can do about it.
    public var hint: String?

    init(
        _ code: Code,
        _ message: String,
        file: String? = nil,
        interaction: String? = nil,
        jsonPath: String? = nil,
        hint: String? = nil
    ) {
        self.code = code
        self.message = message
        self.file = file
        self.interaction = interaction
        self.jsonPath = jsonPath
        self.hint = hint
    }

    public var description: String {
        var parts: [String] = []
        if let file { parts.append(file) }
        if let interaction { parts.append("interaction \"\(interaction)\"") }
        if let jsonPath { parts.append("at \(jsonPath)") }
        var text = parts.isEmpty ? message : parts.joined(separator: ", ") + ": " + message
        if let hint { text += ". " + hint }
        return text
    }

    public var debugDescription: String { "PactError(\(code)): \(description)" }

    /// The error with the file and interaction filled in where it has none yet.
    public func with(file: String? = nil, interaction: String? = nil) -> PactError {
        var copy = self
        if let file, copy.file == nil { copy.file = file }
        if let interaction, copy.interaction == nil { copy.interaction = interaction }
        return copy
    }

    static func invalidPath(_ path: String, _ detail: String) -> PactError {
        PactError(
            .invalidPath,
            "invalid matching rule path '\(path)': \(detail)",
            hint: "Use paths like $.items[*].name, $['a key'] or $.items[0]"
        )
    }

    static func invalidPact(_ message: String, at jsonPath: String? = nil, hint: String? = nil) -> PactError {
        PactError(.invalidPact, message, jsonPath: jsonPath, hint: hint)
    }

    /// A file could not be read, written or locked.
    public static func io(_ message: String, file: String) -> PactError { PactError(.io, message, file: file) }

}
