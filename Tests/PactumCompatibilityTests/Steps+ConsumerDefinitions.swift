import Foundation
import PactumCore

/// Steps of `V3/http_consumer`, `V4/http_consumer`, `V4/v4` and the interaction settings shared with the
/// message features: interactions defined by a consumer test, and the pact file generated from them.
extension Steps {
    static let consumerDefinitions: [StepDefinition] = [
        StepDefinition("an integration is being defined for a consumer test") { world, _ in
            world.interactions.append(newHTTPInteraction(world))
        },
        StepDefinition("an HTTP interaction is being defined for a consumer test") { world, _ in
            world.interactions.append(newHTTPInteraction(world))
        },
        StepDefinition("a message interaction is being defined for a consumer test") { world, _ in
            world.interactions.append(
                Interaction(
                    description: "message interaction \(world.interactions.count + 1)",
                    kind: .asynchronousMessage(Message())
                )
            )
        },
        StepDefinition("a synchronous message interaction is being defined for a consumer test") { world, _ in
            world.interactions.append(
                Interaction(
                    description: "synchronous message interaction \(world.interactions.count + 1)",
                    kind: .synchronousMessage(request: Message(), responses: [])
                )
            )
        },
        StepDefinition("a provider state \(StepRegistry.string)(?: for the (?:synchronous )?message)? is specified") {
            world,
            arguments in
            let index = try lastInteraction(world)
            world.interactions[index].providerStates.append(ProviderState(arguments[0]))
        },
        StepDefinition(
            "a provider state \(StepRegistry.string)(?: for the (?:synchronous )?message)? is specified with the following data:"
        ) { world, arguments in
            let index = try lastInteraction(world)
            var params: [String: JSONValue] = [:]
            for (name, value) in try arguments.firstTableRow() { params[name] = try Fixtures.parseJSON(value) }
            world.interactions[index].providerStates.append(ProviderState(arguments[0], params: params))
        },
        StepDefinition(
            "a key of \(StepRegistry.string) is specified for the (HTTP|message|synchronous message) interaction"
        ) {
            world,
            arguments in
            let index = try lastInteraction(world, kind: arguments[1])
            world.interactions[index].key = arguments[0]
        },
        StepDefinition("the (HTTP|message|synchronous message) interaction is marked as pending") { world, arguments in
            let index = try lastInteraction(world, kind: arguments[0])
            world.interactions[index].pending = true
        },
        StepDefinition(
            "a comment \(StepRegistry.string) is added to the (HTTP|message|synchronous message) interaction"
        ) {
            world,
            arguments in
            let index = try lastInteraction(world, kind: arguments[1])
            var texts = world.interactions[index].comments["text"]?.arrayValue ?? []
            texts.append(.string(arguments[0]))
            world.interactions[index].comments["text"] = .array(texts)
        },
        StepDefinition("the Pact file for the test is generated") { world, _ in
            let pact = Pact(
                consumer: consumerName,
                provider: providerName,
                interactions: world.interactions,
                specification: world.writtenSpecification
            )
            world.pactJSON = try pact.json(specification: world.writtenSpecification)
            _ = try world.writePact(world.interactions, consumer: consumerName, provider: providerName)
        },
        StepDefinition("the interaction in the Pact file will contain (\\d+) provider states?") { world, arguments in
            let states = try pactFileInteraction(world, 0)["providerStates"]?.arrayValue ?? []
            guard states.count == (try arguments.integer(0)) else {
                throw StepFailure("expected \(arguments[0]) provider states but the pact file has \(states.count)")
            }
        },
        StepDefinition("the interaction in the Pact file will contain provider state \(StepRegistry.string)") {
            world,
            arguments in
            _ = try pactFileProviderState(world, arguments[0])
        },
        StepDefinition(
            "the provider state \(StepRegistry.string) in the Pact file will contain the following parameters:"
        ) {
            world,
            arguments in
            let state = try pactFileProviderState(world, arguments[0])
            guard let cell = try arguments.firstTableRow()["parameters"] else {
                throw StepFailure("the table has no 'parameters' column")
            }
            let expected = try Fixtures.parseJSON(cell)
            guard state["params"] == expected else {
                throw StepFailure("expected the parameters \(expected) but the pact file has \(state)")
            }
        },
        StepDefinition("the first interaction in the Pact file will have a type of \(StepRegistry.string)") {
            world,
            arguments in
            let type = try pactFileInteraction(world, 0)["type"]
            guard type == .string(arguments[0]) else {
                throw StepFailure("expected the type '\(arguments[0])' but it is \(String(describing: type))")
            }
        },
        StepDefinition("there will be an interaction in the Pact file with a type of \(StepRegistry.string)") {
            world,
            arguments in
            let interactions = try pactFileInteractions(world)
            guard interactions.contains(where: { $0["type"] == .string(arguments[0]) }) else {
                throw StepFailure("no interaction in the pact file has the type '\(arguments[0])'")
            }
        },
        StepDefinition("the first interaction in the Pact file will have \(StepRegistry.string) = '(.*)'") {
            world,
            arguments in
            let expected = try Fixtures.parseJSON(arguments[1])
            let actual = try pactFileInteraction(world, 0)[arguments[0]]
            guard actual == expected else {
                throw StepFailure(
                    "expected '\(arguments[0])' to be \(expected) but it is \(String(describing: actual))"
                )
            }
        },
    ]

    static func newHTTPInteraction(_ world: ScenarioWorld) -> Interaction {
        Interaction(
            description: "HTTP interaction \(world.interactions.count + 1)",
            kind: .http(request: HTTPRequest(method: "GET", path: "/"), response: HTTPResponse())
        )
    }

    /// The last interaction being defined, of the kind named in the step (`HTTP`, `message`, …) when given.
    static func lastInteraction(_ world: ScenarioWorld, kind: String? = nil) throws(StepFailure) -> Int {
        switch kind {
        case "HTTP":
            return try world.lastInteraction(where: { if case .http = $0 { true } else { false } }, named: "HTTP")
        case "message":
            return try world.lastInteraction(
                where: { if case .asynchronousMessage = $0 { true } else { false } },
                named: "message"
            )
        case "synchronous message":
            return try world.lastInteraction(
                where: { if case .synchronousMessage = $0 { true } else { false } },
                named: "synchronous message"
            )
        default:
            guard !world.interactions.isEmpty else { throw StepFailure("no interaction is being defined") }
            return world.interactions.count - 1
        }
    }

    static func pactFileInteractions(_ world: ScenarioWorld) throws(StepFailure) -> [JSONValue] {
        guard let json = world.pactJSON else { throw StepFailure("no pact file was generated") }
        guard let interactions = (json["interactions"] ?? json["messages"])?.arrayValue else {
            throw StepFailure("the pact file has no interactions")
        }
        return interactions
    }

    static func pactFileInteraction(_ world: ScenarioWorld, _ index: Int) throws(StepFailure) -> JSONValue {
        let interactions = try pactFileInteractions(world)
        guard interactions.indices.contains(index) else {
            throw StepFailure("the pact file has \(interactions.count) interactions, not \(index + 1)")
        }
        return interactions[index]
    }

    static func pactFileProviderState(_ world: ScenarioWorld, _ name: String) throws(StepFailure) -> JSONValue {
        let states = try pactFileInteraction(world, 0)["providerStates"]?.arrayValue ?? []
        guard let state = states.first(where: { $0["name"] == .string(name) }) else {
            throw StepFailure("the pact file has no provider state '\(name)'; it has \(states)")
        }
        return state
    }
}
