import PactumCore

/// One call to set up or tear down a provider state before or after an interaction is verified.
public struct ProviderStateChange: Sendable, Hashable {
    /// Whether the state is being set up (before the interaction) or torn down (after it).
    public enum Action: String, Sendable, Hashable {
        case setup
        case teardown
    }

    /// The state's name, `""` when the interaction has no provider state.
    public var name: String
    /// The state's parameters from the contract.
    public var params: [String: JSONValue]
    public var action: Action
    /// The description of the interaction being verified.
    public var interactionDescription: String

    public init(
        name: String,
        params: [String: JSONValue] = [:],
        action: Action,
        interactionDescription: String = ""
    ) {
        self.name = name
        self.params = params
        self.action = action
        self.interactionDescription = interactionDescription
    }
}

/// A Swift closure that sets up or tears down provider states in-process. It returns values that feed the
/// `ProviderState` generators of the request (`${id}` expressions), or an empty dictionary.
public typealias ProviderStateCallback = @Sendable (ProviderStateChange) async throws -> [String: JSONValue]

/// How the verifier brings the provider into the state an interaction expects.
public struct ProviderStateSetup: Sendable {
    enum Storage: Sendable {
        case none
        case url(String, asQuery: Bool)
        case callback(ProviderStateCallback)
        case handlers([String: ProviderStateCallback], failsWithoutHandler: Bool)
    }

    let storage: Storage
    /// Whether teardown calls are made after each interaction.
    public var teardown: Bool

    /// No provider state set-up: interactions with a named state are verified anyway, with a warning.
    public static let none = ProviderStateSetup(storage: .none, teardown: false)

    /// POST `{"state", "params", "action"}` to a state-change URL, as the official verifier does (or send them as
    /// query parameters). Values the URL answers with as a JSON object feed `ProviderState` generators.
    public static func url(_ url: String, asQuery: Bool = false, teardown: Bool = false) -> ProviderStateSetup {
        ProviderStateSetup(storage: .url(url, asQuery: asQuery), teardown: teardown)
    }

    /// One closure called for every state change, including the empty state of interactions without one.
    public static func callback(
        teardown: Bool = true,
        _ callback: @escaping ProviderStateCallback
    )
        -> ProviderStateSetup
    {
        ProviderStateSetup(storage: .callback(callback), teardown: teardown)
    }

    /// A closure for each state name, called with the state's parameters before the interaction (`action` is
    /// `.setup`) and, when `teardown` is true, again after it (`.teardown`). Interactions without a provider state
    /// call no handler.
    ///
    /// A state the contract names without a handler here fails the interaction before anything is set up, naming the
    /// state and the handlers there are: a missing handler is almost always a typo or a new state the consumer
    /// added. Pass `failsWithoutHandler: false` to verify such interactions anyway, with a warning in the result.
    public static func handlers(
        _ handlers: [String: ProviderStateCallback],
        teardown: Bool = true,
        failsWithoutHandler: Bool = true
    )
        -> ProviderStateSetup
    {
        ProviderStateSetup(storage: .handlers(handlers, failsWithoutHandler: failsWithoutHandler), teardown: teardown)
    }

    var isConfigured: Bool {
        if case .none = storage { return false }
        return true
    }
}
