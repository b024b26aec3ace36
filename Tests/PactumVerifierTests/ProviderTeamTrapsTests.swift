import Foundation
import PactumCore
import PactumMock
import PactumTestSupport
import PactumVerifier
import Testing

/// What cost a provider team time in its first hour (issue #21): a missing state handler that only warned, a contract
/// for another provider that passed, a folder of every team's contracts, and a failed `#expect` that printed the
/// whole result before the report. The provider here is the stub server serving the same contract, so only the
/// verifier's own decisions can fail.
@Suite struct ProviderTeamTrapsTests {
    static let contract = ExampleContract.url

    /// The example contract's "a request for book 42", verified against a stub of itself.
    private func verifyBook42(
        providerName: String = "ExampleProvider",
        states: ProviderStateSetup,
        interaction: VerifiableInteraction? = nil
    ) async throws -> InteractionVerificationResult {
        let pacts = try StubServer.loadPacts(files: [Self.contract])
        let chosen = try #require(
            try interaction
                ?? ProviderVerifier.interactions(inFiles: [Self.contract.path], filter: .init(description: "book 42$"))
                .first
        )
        return try await withStubServer(pacts: pacts) { stub in
            let port = try #require(stub.url.port)
            let verifier = ProviderVerifier(
                configuration: .init(
                    providerName: providerName,
                    target: ProviderTarget(host: "127.0.0.1", port: port),
                    providerStates: states
                )
            )
            return try await verifier.verify(chosen)
        }
    }

    @Test("a state without a handler fails before anything is set up, naming the state and the handlers there are")
    func missingHandlerFails() async throws {
        let called = LockedCounter()
        let result = try await verifyBook42(
            states: .handlers([
                "a book with id 24 exists": { _ in
                    called.increment()
                    return [:]
                }
            ])
        )
        #expect(!result.passed)
        #expect(called.value == 0)
        #expect(result.failures.map(\.kind) == [.stateChangeFailed])
        #expect(result.requestLine == nil, "no request is sent when the state cannot be set up")
        let message = try #require(result.failures.first?.message)
        #expect(
            message
                == "There is no handler for provider state 'a book with id 42 exists' (the handlers are for "
                + "'a book with id 24 exists'): add one to providerStates: .handlers([…]), or pass "
                + "failsWithoutHandler: false to verify the interaction without setting the state up"
        )
        #expect(result.report.contains(message))
    }

    @Test("failsWithoutHandler: false verifies anyway, with a warning in the result and its report")
    func missingHandlerCanWarn() async throws {
        let result = try await verifyBook42(states: .handlers([:], failsWithoutHandler: false))
        #expect(result.passed)
        #expect(
            result.warnings == [
                "There is no handler for provider state 'a book with id 42 exists'; the interaction was verified "
                    + "without setting it up"
            ]
        )
        #expect(result.report.contains("WARNING: There is no handler for provider state 'a book with id 42 exists'"))
    }

    @Test("handlers are called with the state's parameters on set-up and again on teardown")
    func handlersSeeSetupAndTeardown() async throws {
        let changes = LockedChanges()
        let result = try await verifyBook42(
            states: .handlers([
                "a book with id 42 exists": { change in
                    changes.append(change)
                    return [:]
                }
            ])
        )
        #expect(result.passed, Comment(rawValue: result.report))
        #expect(changes.all.map(\.action) == [.setup, .teardown])
        #expect(
            changes.all.allSatisfy { $0.params == ["id": 42] && $0.interactionDescription == "a request for book 42" }
        )
    }

    @Test("an interaction of a contract with another provider fails, saying which and what to do")
    func anotherProvidersContractFails() async throws {
        let result = try await verifyBook42(providerName: "TodoAPI", states: .handlers([:], failsWithoutHandler: false))
        #expect(!result.passed)
        #expect(result.failures.map(\.kind) == [.wrongProvider])
        #expect(
            result.failures.first?.message
                == "\(Self.contract.path) is a contract between ExampleConsumer and provider 'ExampleProvider', and "
                + "this verifier verifies 'TodoAPI': pass provider: \"TodoAPI\" to "
                + "ProviderVerifier.interactions(inFiles:) to load only its contracts, or check providerName"
        )
    }

    @Test("a folder gives only the named provider's contracts; a folder with none names the providers it has")
    func foldersFilterByProvider() throws {
        let folder = Self.contract.deletingLastPathComponent().path
        let todo = try ProviderVerifier.interactions(inFiles: [folder], provider: "TodoAPI")
        #expect(Set(todo.map(\.provider)) == ["TodoAPI"])
        #expect(todo.map(\.consumer).allSatisfy { $0 == "TodoApp" })
        let example = try ProviderVerifier.interactions(inFiles: [folder], provider: "ExampleProvider")
        #expect(example.count == 5)
        #expect(Set(example.map(\.provider)) == ["ExampleProvider"])
        #expect(try ProviderVerifier.interactions(inFiles: [folder]).count == todo.count + example.count)
        #expect {
            try ProviderVerifier.interactions(inFiles: [folder], provider: "Catalogue")
        } throws: { error in
            (error as? VerifierError)?.code == .noPacts
                && "\(error)"
                    == "The folder \(folder) has no pacts for provider 'Catalogue', only for 'ExampleProvider', "
                    + "'TodoAPI': check the provider name (-n, providerName) or the folder"
        }
    }

    @Test("a failed #expect(result.passed) names the interaction, not every field of the result")
    func resultDescribesItselfByItsInteraction() async throws {
        let result = InteractionVerificationResult(description: "a request for book 42", warnings: ["w"])
        #expect(String(describing: result) == "a request for book 42")
    }
}

/// Counts calls from `@Sendable` closures.
private final class LockedCounter: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// Collects state changes from `@Sendable` closures.
private final class LockedChanges: @unchecked Sendable {
    private var changes: [ProviderStateChange] = []
    private let lock = NSLock()
    func append(_ change: ProviderStateChange) { lock.withLock { changes.append(change) } }
    var all: [ProviderStateChange] { lock.withLock { changes } }
}
