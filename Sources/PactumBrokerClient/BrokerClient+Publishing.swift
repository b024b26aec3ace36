import Foundation
import PactumCore

/// Contracts to publish for one consumer version: the body of `POST /contracts/publish`.
public struct ContractPublication: Sendable, Hashable {
    /// One contract (a pact file's JSON text) between the consumer and a provider.
    public struct Contract: Sendable, Hashable {
        public var consumerName: String
        public var providerName: String
        /// The pact's JSON text (sent base64-encoded).
        public var content: String
        /// Merge with a pact already published for this consumer version and provider, instead of overwriting.
        public var merge: Bool

        /// A contract with explicit names.
        public init(consumerName: String, providerName: String, content: String, merge: Bool = false) {
            self.consumerName = consumerName
            self.providerName = providerName
            self.content = content
            self.merge = merge
        }

        /// A contract from a pact file's text, its consumer and provider names read from the file.
        public init(pactText: String, file: String = "the pact", merge: Bool = false) throws {
            let document: JSONValue
            do {
                document = try JSONParser.parse(pactText)
            } catch {
                throw ContractPublicationError(message: "\(file) is not valid JSON (\(error)); give a pact file.")
            }
            guard let consumer = document["consumer"]?["name"]?.stringValue, !consumer.isEmpty,
                let provider = document["provider"]?["name"]?.stringValue, !provider.isEmpty
            else {
                throw ContractPublicationError(
                    message: "\(file) has no consumer.name or provider.name; is it a pact file?"
                )
            }
            self.init(consumerName: consumer, providerName: provider, content: pactText, merge: merge)
        }

        var json: JSONValue {
            [
                "consumerName": .string(consumerName),
                "providerName": .string(providerName),
                "specification": "pact",
                "contentType": "application/json",
                "content": .string(Data(content.utf8).base64EncodedString()),
                "onConflict": merge ? "merge" : "overwrite",
            ]
        }
    }

    /// The consumer (`pacticipantName`).
    public var pacticipantName: String
    /// The consumer version (`pacticipantVersionNumber`).
    public var version: String
    public var branch: String?
    public var tags: [String]
    public var buildURL: String?
    public var contracts: [Contract]

    /// Creates a publication.
    public init(
        pacticipantName: String,
        version: String,
        branch: String? = nil,
        tags: [String] = [],
        buildURL: String? = nil,
        contracts: [Contract]
    ) {
        self.pacticipantName = pacticipantName
        self.version = version
        self.branch = branch
        self.tags = tags
        self.buildURL = buildURL
        self.contracts = contracts
    }

    /// The request body.
    public var body: JSONValue {
        var object: [String: JSONValue] = [
            "pacticipantName": .string(pacticipantName),
            "pacticipantVersionNumber": .string(version),
            "contracts": .array(contracts.map(\.json)),
        ]
        if let branch { object["branch"] = .string(branch) }
        if !tags.isEmpty { object["tags"] = .array(tags.map(JSONValue.string)) }
        if let buildURL { object["buildUrl"] = .string(buildURL) }
        return .object(object)
    }

    /// One publication per consumer (and one contract per consumer/provider pair, files for the same pair merged
    /// as the official client does): what ``BrokerClient/publish(_:)`` sends for a set of pact files.
    public static func grouped(
        _ contracts: [Contract],
        version: String,
        branch: String? = nil,
        tags: [String] = [],
        buildURL: String? = nil
    ) -> [ContractPublication] {
        var pairs: [(key: String, contract: Contract)] = []
        for contract in contracts {
            let key = contract.consumerName + "\u{1F}" + contract.providerName
            if let index = pairs.firstIndex(where: { $0.key == key }) {
                pairs[index].contract.content = mergedPact(pairs[index].contract.content, contract.content)
            } else {
                pairs.append((key, contract))
            }
        }
        return pairs.map {
            ContractPublication(
                pacticipantName: $0.contract.consumerName,
                version: version,
                branch: branch,
                tags: tags,
                buildURL: buildURL,
                contracts: [$0.contract]
            )
        }
    }

    /// The interactions and messages of `second` appended to those of `first` (same description and states kept
    /// once).
    static func mergedPact(_ first: String, _ second: String) -> String {
        guard case .object(var merged) = (try? JSONParser.parse(first)) ?? .null,
            let other = try? JSONParser.parse(second)
        else { return first }
        for key in ["interactions", "messages"] {
            guard let added = other[key]?.arrayValue else { continue }
            var items = merged[key]?.arrayValue ?? []
            for item in added where !items.contains(where: { sameInteraction($0, item) }) { items.append(item) }
            merged[key] = .array(items)
        }
        return JSONWriter.compact(.object(merged))
    }

    private static func sameInteraction(_ a: JSONValue, _ b: JSONValue) -> Bool {
        a["description"] == b["description"] && a["providerState"] == b["providerState"]
            && a["providerStates"] == b["providerStates"] && a["type"] == b["type"]
    }
}

/// A pact file that cannot be published.
public struct ContractPublicationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    /// An error with its whole message.
    public init(message: String) { self.message = message }
}

extension BrokerClient {
    /// Publishes contracts: `GET /` → `pb:publish-contracts`, then `POST` the publication. Returns the broker's
    /// answer (`notices`, `_embedded.version`, `_links.pb:contracts`).
    @discardableResult
    public func publish(_ publication: ContractPublication) async throws -> JSONValue {
        let url = try url(forRelation: "pb:publish-contracts", in: try await index())
        return try await post(url, body: publication.body)
    }
}
