import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import PactumCore

/// Replays contracts against a running provider and reports, per interaction, whether the provider honours it.
///
/// ```swift
/// let verifier = ProviderVerifier(configuration: .init(
///     providerName: "BookService",
///     target: ProviderTarget(host: "127.0.0.1", port: 8080),
///     providerStates: .handlers(["there are books": { _ in try await seedBooks(); return [:] }])
/// ))
/// let report = try await verifier.verify([.directory("contracts")])
/// #expect(report.success)
/// ```
///
/// Interactions are verified one after another, in contract order (provider states make them order-sensitive).
/// Errors thrown are ``VerifierError``s: the run could not happen (an unreadable contract, a provider that refuses
/// connections, an unreachable broker); mismatches are not errors but part of the returned report.
public struct ProviderVerifier: Sendable {
    public var configuration: Configuration
    /// The connections to the provider, kept for the verifier's lifetime and shared by its copies: every interaction
    /// verified through this verifier (``verify(_:)-(VerifiableInteraction)`` from parallel test cases too) reuses
    /// them. They close when the last copy goes away, or at the end of ``withProviderVerifier(configuration:_:)``.
    let connections: ProviderHTTPClient

    public init(configuration: Configuration) {
        self.configuration = configuration
        self.connections = ProviderHTTPClient()
    }

    /// Runs `body` with a verifier whose connections to the provider are closed when `body` returns or throws.
    public static func withProviderVerifier<Result>(
        configuration: Configuration,
        _ body: (ProviderVerifier) async throws -> Result
    ) async rethrows -> Result {
        let verifier = ProviderVerifier(configuration: configuration)
        defer { verifier.connections.closeIdleConnections() }
        return try await body(verifier)
    }

    /// Loads the pacts of the sources, verifies every interaction that passes the filter and, when configured,
    /// publishes the results to the broker each pact came from.
    ///
    /// - Parameters:
    ///   - sources: where the pacts come from: files, folders, URLs or a broker's pacts for verification.
    ///   - progress: called after each interaction, e.g. to print as the run goes.
    public func verify(
        _ sources: [PactSource],
        progress: (@Sendable (PactVerificationResult, InteractionVerificationResult) -> Void)? = nil
    ) async throws -> VerificationReport {
        try configuration.filter.validate()
        return try await withSession(loading: sources) { session in
            var warnings: [String] = []
            let pacts = try await session.load(sources, warnings: &warnings)
            guard !pacts.isEmpty else {
                throw VerifierError(
                    .noPacts,
                    "No pacts were found in \(sources.map(\.description).joined(separator: ", "))"
                )
            }
            var report = VerificationReport(warnings: warnings)
            for loaded in pacts where configuration.filter.includes(consumer: loaded.pact.consumer.name) {
                var result = loaded.emptyResult
                for interaction in loaded.pact.interactions where configuration.filter.includes(interaction) {
                    let outcome = try await session.verify(interaction, pending: loaded.pending)
                    result.interactions.append(outcome)
                    progress?(result, outcome)
                    if configuration.exitOnFirstError, !outcome.passed, !outcome.pending, !loaded.pending {
                        report.stoppedEarly = true
                        break
                    }
                }
                if let publication = configuration.publication, !report.stoppedEarly {
                    result.publication = try await session.publish(result, of: loaded, as: publication)
                }
                report.pacts.append(result)
                if report.stoppedEarly { break }
            }
            return report
        }
    }

    /// Loads the interactions of the sources that pass the filter, one per element, so a Swift Testing test can
    /// verify each as its own test case (see ``verify(_:)-(VerifiableInteraction)``). Folders give their pacts for
    /// ``Configuration/providerName`` only.
    public func interactions(from sources: [PactSource]) async throws -> [VerifiableInteraction] {
        try configuration.filter.validate()
        return try await withSession(loading: sources) { session in
            var interactions: [VerifiableInteraction] = []
            var warnings: [String] = []
            for loaded in try await session.load(sources, warnings: &warnings) {
                interactions += VerifiableInteraction.all(
                    of: loaded.pact,
                    source: loaded.source,
                    pactPending: loaded.pending,
                    filter: configuration.filter
                )
            }
            return interactions
        }
    }

    /// Verifies one interaction (from ``interactions(from:)`` or ``interactions(inFiles:provider:filter:)``).
    ///
    /// An interaction of a contract with another provider than ``Configuration/providerName`` fails without a
    /// request being sent: a test that verifies the wrong contract must not pass.
    public func verify(_ interaction: VerifiableInteraction) async throws -> InteractionVerificationResult {
        guard interaction.provider.isEmpty || interaction.provider == configuration.providerName else {
            var result = VerificationSession.emptyResult(of: interaction.interaction, pending: interaction.pactPending)
            result.failures.append(
                VerificationFailure(
                    kind: .wrongProvider,
                    message: "\(interaction.source) is a contract between \(interaction.consumer) and provider "
                        + "'\(interaction.provider)', and this verifier verifies '\(configuration.providerName)': "
                        + "pass provider: \"\(configuration.providerName)\" to ProviderVerifier.interactions(inFiles:) "
                        + "to load only its contracts, or check providerName"
                )
            )
            return result
        }
        return try await withSession { session in
            try await session.verify(interaction.interaction, pending: interaction.pactPending)
        }
    }

    /// Runs `body` with a session on this verifier's connections to the provider, on their event loop (see
    /// ``ProviderHTTPClient``). An AsyncHTTPClient for brokers and pact URLs is made only when `sources` has one,
    /// and shut down at the end.
    private func withSession<Result: Sendable>(
        loading sources: [PactSource] = [],
        _ body: (VerificationSession) async throws -> Result
    ) async throws -> Result {
        try await withTaskExecutorPreference(connections.executor) {
            try await withClients(loading: sources, body)
        }
    }

    private func withClients<Result: Sendable>(
        loading sources: [PactSource],
        _ body: (VerificationSession) async throws -> Result
    ) async throws -> Result {
        guard sources.contains(where: \.needsHTTPClient) else {
            return try await body(VerificationSession(configuration: configuration, provider: connections, client: nil))
        }
        var clientConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(5), read: TimeAmount(configuration.requestTimeout))
        )
        // A refused connection fails at once (the broker is down, and the broker client retries with its own
        // back-off) instead of being retried by the pool until the connect time-out.
        clientConfiguration.connectionPool.retryConnectionEstablishment = false
        if !configuration.verifyTLSCertificates {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .none
            clientConfiguration.tlsConfiguration = tls
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
        let session = VerificationSession(configuration: configuration, provider: connections, client: client)
        do {
            let result = try await body(session)
            try? await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}

/// One interaction of a contract, with where it came from, to be verified on its own (one Swift Testing test case
/// each). Its `description` names it in test reports.
public struct VerifiableInteraction: Sendable, CustomStringConvertible {
    public var interaction: Interaction
    public var consumer: String
    public var provider: String
    /// The file or URL of the pact.
    public var source: String
    /// Whether the broker marked the whole pact as pending.
    public var pactPending: Bool

    /// The interactions of a pact that pass the filter (none when its consumer does not).
    static func all(
        of pact: Pact,
        source: String,
        pactPending: Bool,
        filter: InteractionFilter
    )
        -> [VerifiableInteraction]
    {
        guard filter.includes(consumer: pact.consumer.name) else { return [] }
        return pact.interactions.filter(filter.includes).map {
            VerifiableInteraction(
                interaction: $0,
                consumer: pact.consumer.name,
                provider: pact.provider.name,
                source: source,
                pactPending: pactPending
            )
        }
    }

    public var description: String {
        let states = interaction.providerStates.map(\.name).filter { !$0.isEmpty }
        let given = states.isEmpty ? "" : " given \(states.joined(separator: ", "))"
        return "\(consumer): \(interaction.description)\(given)"
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

extension ProviderVerifier {
    /// The interactions of pact files, one element each: for `@Test(arguments:)`, so that each interaction is its
    /// own Swift Testing test case named by ``VerifiableInteraction/description``.
    ///
    /// ```swift
    /// @Test(arguments: try ProviderVerifier.interactions(inFiles: ["contracts"], provider: "Catalogue"))
    /// func honours(_ interaction: VerifiableInteraction) async throws {
    ///     let result = try await verifier.verify(interaction)
    ///     #expect(result.passed, Comment(rawValue: result.report))
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - paths: pact files and folders (every `*.json` file in a folder, not its subfolders), relative to the
    ///     current directory (the package's root under `swift test`).
    ///   - provider: when given, a folder gives only its pacts with this provider, as the official verifier's `-d`
    ///     does (a folder with none is an error). Files named in `paths` are always read; ``verify(_:)-(VerifiableInteraction)``
    ///     fails the interactions of a contract with another provider.
    ///   - filter: which interactions to keep (by description, state, consumer).
    public static func interactions(
        inFiles paths: [String],
        provider: String? = nil,
        filter: InteractionFilter = InteractionFilter()
    ) throws -> [VerifiableInteraction] {
        try filter.validate()
        var interactions: [VerifiableInteraction] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            let pacts =
                FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
                ? try VerificationSession.readDirectory(path, provider: provider)
                : [(path: path, pact: try VerificationSession.readPact(atPath: path))]
            for (file, pact) in pacts {
                interactions += VerifiableInteraction.all(of: pact, source: file, pactPending: false, filter: filter)
            }
        }
        return interactions
    }
}

extension InteractionVerificationResult {
    /// What was checked and, for a failure, every mismatch with its path and sentence: the text for a test
    /// failure message.
    public var report: String {
        var lines = [ConsoleReport(colour: false).lines(for: self)]
        for failure in failures where !failure.mismatches.isEmpty {
            lines.append("    \(failure.kind.title):")
            for mismatch in failure.mismatches {
                lines.append(
                    "      \(mismatch.path.isEmpty ? mismatch.part.rawValue : mismatch.path): \(mismatch.message)"
                )
            }
        }
        return lines.joined(separator: "\n")
    }
}
