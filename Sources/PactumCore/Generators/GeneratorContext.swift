import Foundation

/// What generators need besides their own settings: provider state values, the mock server's URL,
/// the clock, the time zone and a source of randomness.
///
/// Seed ``random`` (`SeededRandomNumberGenerator(seed:)`) and fix ``now`` to make generation repeatable.
public struct GeneratorContext: Sendable {
    /// Values returned by the provider state callbacks, used by `ProviderState` generators.
    public var providerState: [String: JSONValue]
    /// The base URL of the running mock server (e.g. `http://127.0.0.1:1234`), used by `MockServerURL`
    /// generators. When nil those generators keep their example URL.
    public var mockServerURL: String?
    /// The moment `Date`, `Time` and `DateTime` generators start from.
    public var now: Date
    /// The time zone dates and times are generated in.
    public var timeZone: TimeZone
    /// The randomness used by the random generators.
    public var random: SeededRandomNumberGenerator

    public init(
        providerState: [String: JSONValue] = [:],
        mockServerURL: String? = nil,
        now: Date = Date(),
        timeZone: TimeZone = .current,
        random: SeededRandomNumberGenerator = SeededRandomNumberGenerator()
    ) {
        self.providerState = providerState
        self.mockServerURL = mockServerURL
        self.now = now
        self.timeZone = timeZone
        self.random = random
    }
}
