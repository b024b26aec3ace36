import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import PactumBrokerClient
import PactumCore

/// A pact to verify, with where it came from and what the broker said about it.
struct LoadedPact: Sendable {
    var pact: Pact
    /// The file path or URL.
    var source: String
    var pending: Bool = false
    var wip: Bool = false
    var shortDescription: String?
    var notices: [BrokerNotice] = []
    /// Set when the pact came from a broker: where its verification result goes.
    var brokerPact: FetchedPact?
    var brokerConfiguration: BrokerClient.Configuration?

    var emptyResult: PactVerificationResult {
        PactVerificationResult(
            consumer: pact.consumer.name,
            provider: pact.provider.name,
            source: source,
            shortDescription: shortDescription,
            pending: pending,
            wip: wip,
            notices: notices
        )
    }
}

/// The state of one verification run: its configuration and HTTP clients.
struct VerificationSession: Sendable {
    let configuration: ProviderVerifier.Configuration
    /// Requests to the provider and its state-change URL.
    let provider: ProviderHTTPClient
    /// Requests to brokers and pact URLs; `nil` when the run loads nothing over HTTP.
    let client: HTTPClient?

    /// The client for brokers and pact URLs.
    var brokerHTTPClient: HTTPClient {
        get throws {
            guard let client else {
                throw VerifierError(.invalidConfiguration, "No HTTP client for brokers was set up for this run")
            }
            return client
        }
    }

    /// Loads the pacts of the sources. A folder gives only its pacts for the configured provider, as the official
    /// verifier's `-d` does; a file, URL or pact given by name for another provider is kept, with a warning.
    func load(_ sources: [PactSource], warnings: inout [String]) async throws -> [LoadedPact] {
        var pacts: [LoadedPact] = []
        var named: [LoadedPact] = []
        for source in sources {
            switch source.storage {
            case .file(let path):
                named.append(LoadedPact(pact: try Self.readPact(atPath: path), source: path))
            case .directory(let path):
                pacts += try Self.readDirectory(path, provider: configuration.providerName).map {
                    LoadedPact(pact: $0.pact, source: $0.path)
                }
            case .url(let url, let authentication):
                named.append(try await loadURL(url, authentication: authentication))
            case .broker(let broker):
                pacts += try await loadBroker(broker)
            case .pact(let pact, let name):
                named.append(LoadedPact(pact: pact, source: name))
            }
            for loaded in named where !Self.isFor(configuration.providerName, loaded.pact) {
                warnings.append(
                    "\(loaded.source) is a contract between \(loaded.pact.consumer.name) and provider "
                        + "'\(loaded.pact.provider.name)', not '\(configuration.providerName)' (the provider name "
                        + "given): it was verified anyway; check the provider name or leave the file out"
                )
            }
            pacts += named
            named = []
        }
        return pacts
    }

    /// Whether `pact` is a contract with `provider` (any pact when either name is empty).
    static func isFor(_ provider: String, _ pact: Pact) -> Bool {
        provider.isEmpty || pact.provider.name.isEmpty || pact.provider.name == provider
    }

    static func readPact(atPath path: String) throws -> Pact {
        do {
            return try Pact(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw VerifierError(.unreadableContract, "\(error)")
        }
    }

    /// The pacts of a folder's `*.json` files whose provider is `provider` (all when it is `nil` or empty). A folder
    /// with pacts for other providers only is an error that names them.
    static func readDirectory(_ path: String, provider: String?) throws -> [(path: String, pact: Pact)] {
        let all = try readDirectory(path).map { (path: $0, pact: try readPact(atPath: $0)) }
        guard let provider, !provider.isEmpty else { return all }
        let kept = all.filter { isFor(provider, $0.pact) }
        guard kept.isEmpty else { return kept }
        let others = Set(all.map(\.pact.provider.name)).sorted().map { "'\($0)'" }.joined(separator: ", ")
        throw VerifierError(
            .noPacts,
            "The folder \(path) has no pacts for provider '\(provider)', only for \(others): check the provider "
                + "name (-n, providerName) or the folder"
        )
    }

    static func readDirectory(_ path: String) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw VerifierError(
                .unreadableContract,
                "Cannot read the folder \(path): \(error.localizedDescription). Check the path given with -d."
            )
        }
        let files = names.filter { $0.hasSuffix(".json") }.sorted().map {
            (path as NSString).appendingPathComponent($0)
        }
        guard !files.isEmpty else {
            throw VerifierError(.noPacts, "The folder \(path) has no *.json pact files")
        }
        return files
    }

    private func loadURL(_ url: String, authentication: BrokerAuthentication?) async throws -> LoadedPact {
        let broker = BrokerClient(
            configuration: BrokerClient.Configuration(baseURL: url, authentication: authentication),
            httpClient: try brokerHTTPClient
        )
        let fetched: FetchedPact
        do {
            fetched = try await broker.fetchPact(url: url)
        } catch {
            throw VerifierError(.unreadableContract, "Cannot fetch the pact at \(url): \(error)")
        }
        let pact: Pact
        do {
            pact = try Pact(data: Data(fetched.text.utf8))
        } catch {
            throw VerifierError(.unreadableContract, "The pact at \(url) is not a valid pact: \(error)")
        }
        let isBrokerPact = fetched.publishVerificationResultsURL != nil
        return LoadedPact(
            pact: pact,
            source: url,
            brokerPact: isBrokerPact ? fetched : nil,
            brokerConfiguration: isBrokerPact
                ? BrokerClient.Configuration(baseURL: url, authentication: authentication) : nil
        )
    }

    private func loadBroker(_ source: BrokerSource) async throws -> [LoadedPact] {
        let brokerConfiguration = BrokerClient.Configuration(
            baseURL: source.baseURL,
            authentication: source.authentication
        )
        let broker = BrokerClient(configuration: brokerConfiguration, httpClient: try brokerHTTPClient)
        let request = PactsForVerificationRequest(
            consumerVersionSelectors: source.consumerVersionSelectors,
            consumerVersionTags: source.consumerVersionTags,
            providerVersionBranch: source.providerBranch,
            providerVersionTags: source.providerTags,
            includePendingStatus: source.enablePending,
            includeWipPactsSince: source.includeWipPactsSince
        )
        let verifiable: [VerifiablePact]
        do {
            verifiable = try await broker.pactsForVerification(provider: configuration.providerName, request: request)
        } catch {
            throw VerifierError(
                .brokerFailure,
                "Cannot get the pacts for provider '\(configuration.providerName)' from the broker at "
                    + "\(source.baseURL): \(error)"
            )
        }
        var pacts: [LoadedPact] = []
        for entry in verifiable {
            let fetched: FetchedPact
            do {
                fetched = try await broker.fetchPact(url: entry.url)
            } catch {
                throw VerifierError(.brokerFailure, "Cannot fetch the pact at \(entry.url): \(error)")
            }
            let pact: Pact
            do {
                pact = try Pact(data: Data(fetched.text.utf8))
            } catch {
                throw VerifierError(.unreadableContract, "The pact at \(entry.url) is not a valid pact: \(error)")
            }
            pacts.append(
                LoadedPact(
                    pact: pact,
                    source: entry.url,
                    pending: entry.pending,
                    wip: entry.wip,
                    shortDescription: entry.shortDescription,
                    notices: entry.notices.map { BrokerNotice(when: $0.when, text: $0.text) },
                    brokerPact: fetched,
                    brokerConfiguration: brokerConfiguration
                )
            )
        }
        return pacts
    }
}
