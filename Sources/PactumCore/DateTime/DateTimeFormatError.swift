/// An error raised when a date/time pattern or a date/time expression cannot be understood.
///
/// The message names the offending pattern or expression, where the problem is and what to do about it, e.g.
/// `Invalid date/time pattern 'yyyy-MM-dd b': unknown pattern letter 'b' at position 12; put literal text in
/// single quotes, e.g. 'T'`.
public struct DateTimeFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A human readable description of what was wrong, where, and how to fix it.
    public var message: String

    /// Creates an error with the given message.
    public init(message: String) {
        self.message = message
    }

    public var description: String { message }

    static func pattern(
        _ pattern: String,
        position: Int,
        _ problem: String,
        hint: String? = nil
    )
        -> DateTimeFormatError
    {
        let message = "Invalid date/time pattern '\(pattern)': \(problem) at position \(position)"
        return DateTimeFormatError(message: hint.map { message + "; " + $0 } ?? message)
    }

    static func expression(_ expression: String, position: Int, _ problem: String) -> DateTimeFormatError {
        DateTimeFormatError(message: "Invalid date/time expression '\(expression)': \(problem) at position \(position)")
    }
}
