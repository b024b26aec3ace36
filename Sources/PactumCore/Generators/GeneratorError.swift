/// Why a generator could not be read from JSON or could not produce a value.
///
/// The ``description`` names the generator type and says what was wrong and what to do, e.g.
/// `ProviderState generator: no value named 'id' in the provider state (expression '${id}'); the provider
/// state has values: name, userId`.
public struct GeneratorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The Pact `type` of the generator involved (`RandomInt`, `Date`, …), or nil when it is not known.
    public var generatorType: String?
    /// What was wrong.
    public var message: String

    public init(generatorType: String?, message: String) {
        self.generatorType = generatorType
        self.message = message
    }

    public var description: String {
        guard let generatorType else { return message }
        return "\(generatorType) generator: \(message)"
    }
}
