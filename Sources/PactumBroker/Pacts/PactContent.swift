import Crypto
import Foundation
import PactumCore

/// A pact document as the broker stores it: the JSON with an `_id` in every interaction and message, and the
/// SHA-1 of its canonical form (what decides whether two publications carry the same contract).
struct PactContent: Sendable, Hashable {
    /// The document with `_id`s injected.
    public var json: JSONValue
    /// SHA-1 (hex) of the canonical content: interactions and messages sorted, specification version, nothing else.
    public var sha: String
    /// `consumer.name` of the document.
    public var consumerName: String
    /// `provider.name` of the document.
    public var providerName: String

    /// Reads a pact document, checks it names a consumer and a provider, and computes its `_id`s and sha.
    public init(parsing bytes: [UInt8]) throws(BrokerError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes: bytes)
        } catch {
            throw BrokerError.badRequest("The pact content is not valid JSON: \(error)")
        }
        try self.init(json: value)
    }

    /// Builds the stored form of a pact document.
    public init(json value: JSONValue) throws(BrokerError) {
        guard case .object(var object) = value else {
            throw BrokerError.badRequest("The pact content must be a JSON object, not \(value.typeName)")
        }
        guard let consumer = object["consumer"]?["name"]?.stringValue, !consumer.isEmpty else {
            throw BrokerError.badRequest("The pact content has no consumer name (consumer.name)")
        }
        guard let provider = object["provider"]?["name"]?.stringValue, !provider.isEmpty else {
            throw BrokerError.badRequest("The pact content has no provider name (provider.name)")
        }
        for key in ["interactions", "messages"] {
            guard let items = object[key]?.arrayValue else { continue }
            object[key] = .array(items.map(Self.withIdentifier))
        }
        json = .object(object)
        sha = Self.canonicalSHA(of: .object(object))
        consumerName = consumer
        providerName = provider
    }

    /// The SHA-1 the Pact Broker computes with `base_equality_only_on_content_that_affects_verification_results`:
    /// only interactions, messages and the specification version count; interactions are compared sorted.
    public static func canonicalSHA(of value: JSONValue) -> String {
        var canonical: [String: JSONValue] = [:]
        for key in ["interactions", "messages"] {
            guard let items = value[key]?.arrayValue else { continue }
            canonical[key] = .array(items.map(withoutIdentifier).sorted { $0.jsonText < $1.jsonText })
        }
        let metadata = value["metadata"]
        if let version = metadata?["pactSpecification"]?["version"] ?? metadata?["pact-specification"]?["version"]
            ?? metadata?["pactSpecificationVersion"]
        {
            canonical["pactSpecificationVersion"] = version
        }
        return sha1Hex(JSONWriter.compact(.object(canonical)))
    }

    /// SHA-1 of a string's UTF-8, as lowercase hex.
    static func sha1Hex(_ text: String) -> String {
        Insecure.SHA1.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static func withoutIdentifier(_ interaction: JSONValue) -> JSONValue {
        guard case .object(var members) = interaction else { return interaction }
        members["_id"] = nil
        return .object(members)
    }

    private static func withIdentifier(_ interaction: JSONValue) -> JSONValue {
        guard case .object(var members) = interaction else { return interaction }
        members["_id"] = nil
        let identifier = sha1Hex(JSONWriter.compact(.object(members)))
        members["_id"] = .string(identifier)
        return .object(members)
    }

    /// Merges the interactions and messages of `other` into `json` (publish with `onConflict: merge`): an
    /// interaction with the same description and provider states is replaced, new ones are added.
    public static func merged(_ base: JSONValue, with other: JSONValue) throws(BrokerError) -> JSONValue {
        guard case .object(var result) = base else { return other }
        for key in ["interactions", "messages"] {
            guard let incoming = other[key]?.arrayValue else { continue }
            var items = result[key]?.arrayValue ?? []
            for item in incoming {
                let identity = interactionIdentity(item)
                if let index = items.firstIndex(where: { interactionIdentity($0) == identity }) {
                    if withoutIdentifier(items[index]) != withoutIdentifier(item) {
                        throw BrokerError.conflict(
                            "Cannot merge pacts: the interaction '\(item["description"]?.stringValue ?? "?")' "
                                + "already exists with different content. Publish under a new version."
                        )
                    }
                    items[index] = item
                } else {
                    items.append(item)
                }
            }
            result[key] = .array(items)
        }
        return .object(result)
    }

    private static func interactionIdentity(_ item: JSONValue) -> String {
        let description = item["description"] ?? .null
        let states = item["providerStates"] ?? item["providerState"] ?? item["provider_state"] ?? .null
        return JSONWriter.compact(.array([description, states]))
    }
}
