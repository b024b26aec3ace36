import Foundation
import PactumCore

/// Which interactions to verify: by description, by provider state, only those without a state, or by consumer.
/// Patterns are regular expressions searched anywhere in the text, as the official verifier's filters are.
public struct InteractionFilter: Sendable {
    public var description: String?
    public var providerState: String?
    /// Only interactions without a provider state.
    public var noState: Bool
    /// Only pacts of these consumers (empty: all).
    public var consumers: [String]

    public init(
        description: String? = nil,
        providerState: String? = nil,
        noState: Bool = false,
        consumers: [String] = []
    ) {
        self.description = description
        self.providerState = providerState
        self.noState = noState
        self.consumers = consumers
    }

    /// Checks that the patterns are valid regular expressions.
    public func validate() throws(VerifierError) {
        for (name, pattern) in [("description", description), ("provider state", providerState)] {
            guard let pattern else { continue }
            do {
                _ = try NSRegularExpression(pattern: pattern)
            } catch {
                throw VerifierError(
                    .invalidConfiguration,
                    "The \(name) filter '\(pattern)' is not a valid regular expression"
                )
            }
        }
    }

    func includes(consumer: String) -> Bool { consumers.isEmpty || consumers.contains(consumer) }

    func includes(_ interaction: Interaction) -> Bool {
        if let description, !Self.search(description, in: interaction.description) { return false }
        if noState, !interaction.providerStates.isEmpty { return false }
        if let providerState {
            if providerState.isEmpty { return interaction.providerStates.isEmpty }
            return interaction.providerStates.contains { Self.search(providerState, in: $0.name) }
        }
        return true
    }

    private static func search(_ pattern: String, in text: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }
}
