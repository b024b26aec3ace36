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

    func load(_ sources: [PactSource]) async throws -> [LoadedPact] {
        var pacts: [LoadedPact] = []
        for source in sources {
            switch source.storage {
            case .file(let path):
                pacts.append(LoadedPact(pact: try Self.readPact(atPath: path), source: path))
            case .directory(let path):
                pacts += try Self.readDirectory(path).map {
                    LoadedPact(pact: try Self.readPact(atPath: $0), source: $0)
                }
            case .url(let url, let authentication):
                pacts.append(try await loadURL(url, authentication: authentication))
            case .broker(let broker):
                pacts += try await loadBroker(broker)
            case .pact(let pact, let name):
                pacts.append(LoadedPact(pact: pact, source: name))
            }
        }
        return pacts
    }

    static func readPact(atPath path: String) throws -> Pact {
        do {
            return try Pact(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw VerifierError(.unreadableContract, "\(error)")
        }
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
