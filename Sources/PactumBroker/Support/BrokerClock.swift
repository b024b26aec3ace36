import Foundation

/// Timestamps as the broker stores and shows them: ISO 8601 UTC text, which sorts as it reads.
enum BrokerClock {
    /// Now, as `2024-01-31T10:00:00.123Z`.
    static func now() -> String { format(Date()) }

    static func format(_ date: Date) -> String {
        Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(date)
    }

    /// Parses `2024-01-31`, `2024-01-31T10:00:00Z` or with fractional seconds / an offset.
    static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day()) { return date }
        return nil
    }
}
