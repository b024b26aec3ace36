import AsyncHTTPClient
import Foundation
import NIOSSL
import PactumBrokerClient
import PactumCore
import PactumMock

/// Where `pactum stub` gets its pacts: files and folders (watched with `--watch`), URLs, and a broker, with the
/// official `pact stub` flags.
struct StubSources: Sendable {
    var files: [String]
    var directories: [String]
    var fileExtension: String
    var urls: [String]
    var brokerURL: String?
    var authentication: BrokerAuthentication?
    var insecureTLS: Bool
    /// Regular expressions a broker pact's consumer name must match (any of them); empty for all.
    var consumerNames: [String]
    /// Regular expressions a broker pact's provider name must match (any of them); empty for all.
    var providerNames: [String]
    /// With selectors, the broker's pacts-for-verification of the one provider named by `--provider-name`.
    var consumerVersionSelectors: [ConsumerVersionSelector]
    var retries: Int

    /// Why pacts could not be loaded: one line per source, naming it.
    struct Failure: Error {
        var problems: [String]
    }

    /// The files and folders' pacts.
    func loadFiles() throws(Failure) -> [Pact] {
        guard !files.isEmpty || !directories.isEmpty else { return [] }
        do {
            return try StubServer.loadPacts(
                files: files.map { URL(fileURLWithPath: $0) },
                directories: directories.map { URL(fileURLWithPath: $0) },
                fileExtension: fileExtension
            )
        } catch {
            throw Failure(problems: error.problems)
        }
    }

    /// The pacts of the URLs and the broker, in that order. Every source is tried before giving up.
    func loadRemote() async throws(Failure) -> [Pact] {
        guard !urls.isEmpty || brokerURL != nil else { return [] }
        var tls = TLSConfiguration.makeClientConfiguration()
        if insecureTLS { tls.certificateVerification = .none }
        let httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(tlsConfiguration: tls, redirectConfiguration: .follow(max: 5, allowCycles: false))
        )
        var problems: [String] = []
        var pacts: [Pact] = []
        for url in urls {
            do {
                pacts.append(try await fetch(url, client: client(baseURL: url, httpClient: httpClient)))
            } catch {
                problems.append("\(url): \(error)")
            }
        }
        if let brokerURL {
            do {
                pacts += try await loadBroker(client(baseURL: brokerURL, httpClient: httpClient))
            } catch let failure as Failure {
                problems += failure.problems
            } catch {
                problems.append("The broker at \(brokerURL): \(error)")
            }
        }
        try? await httpClient.shutdown()
        guard problems.isEmpty else { throw Failure(problems: problems) }
        return pacts
    }

    private func client(baseURL: String, httpClient: HTTPClient) -> BrokerClient {
        BrokerClient(
            configuration: .init(baseURL: baseURL, authentication: authentication, retries: retries),
            httpClient: httpClient
        )
    }

    private func fetch(_ url: String, client: BrokerClient) async throws -> Pact {
        let fetched = try await client.fetchPact(url: url)
        do {
            return try Pact(data: Data(fetched.text.utf8))
        } catch {
            throw Failure(problems: ["\(url) is not a valid pact: \(error)"])
        }
    }

    private func loadBroker(_ broker: BrokerClient) async throws -> [Pact] {
        let base = broker.configuration.baseURL
        var urls: [String] = []
        if !consumerVersionSelectors.isEmpty {
            // validate() makes sure there is exactly one provider name.
            let provider = providerNames[0]
            let verifiable = try await broker.pactsForVerification(
                provider: provider,
                request: PactsForVerificationRequest(consumerVersionSelectors: consumerVersionSelectors)
            )
            urls = verifiable.map(\.url)
        } else {
            let consumers = try Self.patterns(consumerNames, flag: "--consumer-name")
            let providers = try Self.patterns(providerNames, flag: "--provider-name")
            let document = try await broker.listLatestPactVersions()
            for entry in document["pacts"]?.arrayValue ?? [] {
                let consumer = entry["_embedded"]?["consumer"]?["name"]?.stringValue ?? ""
                let provider = entry["_embedded"]?["provider"]?["name"]?.stringValue ?? ""
                guard Self.matches(consumer, consumers), Self.matches(provider, providers) else { continue }
                let link = entry["_links"]?["self"]
                if let href = link?["href"]?.stringValue ?? link?.arrayValue?.first?["href"]?.stringValue {
                    urls.append(href)
                }
            }
        }
        var pacts: [Pact] = []
        var problems: [String] = []
        for url in urls {
            do {
                pacts.append(try await fetch(url, client: broker))
            } catch let failure as Failure {
                problems += failure.problems
            } catch {
                problems.append("\(url) (from the broker at \(base)): \(error)")
            }
        }
        guard problems.isEmpty else { throw Failure(problems: problems) }
        return pacts
    }

    static func patterns(_ texts: [String], flag: String) throws -> [NSRegularExpression] {
        try texts.map { text in
            do {
                return try NSRegularExpression(pattern: text)
            } catch {
                throw Failure(problems: ["\(flag) '\(text)' is not a valid regular expression"])
            }
        }
    }

    static func matches(_ name: String, _ patterns: [NSRegularExpression]) -> Bool {
        patterns.isEmpty
            || patterns.contains {
                $0.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
            }
    }

    // MARK: Watching

    /// What the watched files look like now: every pact file of `files` and `directories` with its modification
    /// time and size (files that appear or disappear in a folder count too).
    func fileSignature() -> [String: [Double]] {
        var signature: [String: [Double]] = [:]
        let suffix = "." + (fileExtension.hasPrefix(".") ? String(fileExtension.dropFirst()) : fileExtension)
        var paths = files
        for directory in directories {
            let url = URL(fileURLWithPath: directory)
            guard let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil) else {
                continue
            }
            for case let file as URL in enumerator where file.lastPathComponent.hasSuffix(suffix) {
                paths.append(file.path)
            }
        }
        for path in paths {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            let size = (attributes?[.size] as? NSNumber)?.doubleValue ?? -1
            signature[path] = [modified, size]
        }
        return signature
    }
}
