import Foundation
import PactumCore
import PactumMock
import PactumVerifier
import Synchronization
import Testing

/// Provider states and messages handled by Swift closures, with Pactum's stub server standing in as the provider.
@Suite struct InProcessVerificationTests {
    static let itemPathGenerator: Generators = {
        var generators = Generators()
        if let generator = try? Generator(json: [
            "type": .string("ProviderState"), "expression": .string("/items/${id}"),
        ]) {
            generators.add(generator, category: "path", path: "")
        }
        return generators
    }()

    /// Any item path, so the stub answers whatever id the generator puts in.
    static let itemPathRule: MatchingRules = {
        var rules = MatchingRules()
        try? rules.add(.regex(#"/items/\d+"#), category: "path", path: "")
        return rules
    }()

    static let pact = Pact(
        consumer: "Shop",
        provider: "Catalogue",
        interactions: [
            Interaction(
                description: "get item 7",
                providerStates: [ProviderState("item exists", params: ["id": .integer(7)])],
                kind: .http(
                    request: HTTPRequest(
                        method: "GET",
                        path: "/items/1",
                        matchingRules: itemPathRule,
                        generators: itemPathGenerator
                    ),
                    response: HTTPResponse(status: 200, body: .json(.object(["id": .integer(7)])))
                )
            ),
            Interaction(
                description: "an order was placed",
                providerStates: [ProviderState("an order exists")],
                kind: .asynchronousMessage(
                    Message(contents: .json(.object(["orderId": .integer(1)])), metadata: ["topic": .string("orders")])
                )
            ),
        ],
        specification: .v4
    )

    final class Calls: Sendable {
        let changes = Mutex<[ProviderStateChange]>([])
        func record(_ change: ProviderStateChange) { changes.withLock { $0.append(change) } }
        var all: [ProviderStateChange] { changes.withLock { $0 } }
    }

    @Test func stateCallbacksRunAroundEachInteractionAndFeedGenerators() async throws {
        let calls = Calls()
        try await withStubServer(interactions: Self.pact.httpInteractions) { stub in
            let verifier = ProviderVerifier(
                configuration: .init(
                    providerName: "Catalogue",
                    target: ProviderTarget(host: "127.0.0.1", port: stub.port),
                    providerStates: .callback { change in
                        calls.record(change)
                        return change.name == "item exists" ? ["id": .integer(7)] : [:]
                    },
                    messages: .producers([
                        "an order was placed": { request in
                            #expect(request.providerStates.map(\.name) == ["an order exists"])
                            return .json(.object(["orderId": .integer(1)]), metadata: ["topic": .string("orders")])
                        }
                    ])
                )
            )
            let report = try await verifier.verify([.pact(Self.pact, name: "shop pact")])
            #expect(report.success, "\(ConsoleReport(colour: false).render(report))")
            #expect(report.interactions.map(\.type) == ["Synchronous/HTTP", "Asynchronous/Messages"])
            // The contract's example path is /items/1; the ProviderState generator made it /items/7.
            #expect(report.interactions[0].requestLine == "GET http://127.0.0.1:\(stub.port)/items/7")
        }
        #expect(
            calls.all.map { "\($0.action.rawValue) \($0.name)" } == [
                "setup item exists", "teardown item exists", "setup an order exists", "teardown an order exists",
            ]
        )
        #expect(calls.all.first?.params == ["id": .integer(7)])
    }

    @Test func aFailingStateSetUpFailsTheInteractionWithoutTeardown() async throws {
        struct SetUpFailed: Error, CustomStringConvertible {
            var description: String { "database is read-only" }
        }
        let calls = Calls()
        try await withStubServer(interactions: Self.pact.httpInteractions) { stub in
            let verifier = ProviderVerifier(
                configuration: .init(
                    providerName: "Catalogue",
                    target: ProviderTarget(host: "127.0.0.1", port: stub.port),
                    providerStates: .callback { change in
                        calls.record(change)
                        throw SetUpFailed()
                    },
                    filter: InteractionFilter(description: "item")
                )
            )
            let report = try await verifier.verify([.pact(Self.pact)])
            #expect(!report.success)
            let failure = try #require(report.interactions.first?.failures.first)
            #expect(failure.kind == .stateChangeFailed)
            #expect(failure.message == "The setup of provider state 'item exists' failed: database is read-only")
        }
        #expect(calls.all.map(\.action) == [.setup])
    }

    @Test func aWrongMessageFailsWithItsMismatches() async throws {
        let verifier = ProviderVerifier(
            configuration: .init(
                providerName: "Catalogue",
                messages: .callback { _ in
                    .json(.object(["orderId": .string("one")]), metadata: ["topic": .string("payments")])
                },
                filter: InteractionFilter(description: "order")
            )
        )
        let report = try await verifier.verify([.pact(Self.pact)])
        let result = try #require(report.interactions.first)
        #expect(result.failures.map(\.kind) == [.bodyMismatch, .metadataMismatch])
        #expect(result.failures[0].mismatches.map(\.path) == ["$.orderId"])
        #expect(result.failures[1].mismatches.map(\.path) == ["topic"])
        #expect(result.checks.map(\.passed) == [false, false])
        #expect(
            result.warnings == [
                "There was no provider state callback configured for provider state 'an order exists'; the interaction was verified without setting it up"
            ]
        )
    }

    @Test func aMissingProducerIsNamed() async throws {
        let verifier = ProviderVerifier(
            configuration: .init(
                providerName: "Catalogue",
                messages: .producers([:]),
                filter: .init(description: "order")
            )
        )
        let report = try await verifier.verify([.pact(Self.pact)])
        let failure = try #require(report.interactions.first?.failures.first)
        #expect(failure.kind == .messageFailed)
        #expect(failure.message.contains("No message producer is configured for 'an order was placed'"))
    }
}
