import Foundation
import PactumCore

/// A provider contract to publish for one provider version (bi-directional contract testing): an OpenAPI document
/// and the result of the provider's own tests against it. The body of `POST
/// /provider-contracts/provider/{provider}/publish`, as the official `pactflow publish-provider-contract` sends it.
public struct ProviderContractPublication: Sendable, Hashable {
    /// The provider's own verification of its contract.
    public struct SelfVerification: Sendable, Hashable {
        public var success: Bool
        /// The verification tool's output (sent base64-encoded).
        public var content: String?
        public var contentType: String?
        public var format: String?
        public var verifier: String?
        public var verifierVersion: String?

        /// Self-verification results.
        public init(
            success: Bool,
            content: String? = nil,
            contentType: String? = nil,
            format: String? = nil,
            verifier: String? = nil,
            verifierVersion: String? = nil
        ) {
            self.success = success
            self.content = content
            self.contentType = contentType
            self.format = format
            self.verifier = verifier
            self.verifierVersion = verifierVersion
        }
    }

    public var provider: String
    public var version: String
    public var branch: String?
    public var tags: [String]
    public var buildURL: String?
    /// The document's text (sent base64-encoded).
    public var content: String
    /// `application/yaml` or `application/json`.
    public var contentType: String
    /// `oas`.
    public var specification: String
    public var selfVerification: SelfVerification?

    /// A publication.
    public init(
        provider: String,
        version: String,
        branch: String? = nil,
        tags: [String] = [],
        buildURL: String? = nil,
        content: String,
        contentType: String,
        specification: String = "oas",
        selfVerification: SelfVerification?
    ) {
        self.provider = provider
        self.version = version
        self.branch = branch
        self.tags = tags
        self.buildURL = buildURL
        self.content = content
        self.contentType = contentType
        self.specification = specification
        self.selfVerification = selfVerification
    }

    /// The request body.
    public var body: JSONValue {
        var contract: [String: JSONValue] = [
            "content": .string(Data(content.utf8).base64EncodedString()),
            "contentType": .string(contentType),
            "specification": .string(specification),
        ]
        if let results = selfVerification {
            var object: [String: JSONValue] = ["success": .bool(results.success)]
            if let content = results.content { object["content"] = .string(Data(content.utf8).base64EncodedString()) }
            if let value = results.contentType { object["contentType"] = .string(value) }
            if let value = results.format { object["format"] = .string(value) }
            if let value = results.verifier { object["verifier"] = .string(value) }
            if let value = results.verifierVersion { object["verifierVersion"] = .string(value) }
            contract["selfVerificationResults"] = .object(object)
        }
        var object: [String: JSONValue] = [
            "pacticipantVersionNumber": .string(version), "contract": .object(contract),
        ]
        if let branch { object["branch"] = .string(branch) }
        if !tags.isEmpty { object["tags"] = .array(tags.map(JSONValue.string)) }
        if let buildURL { object["buildUrl"] = .string(buildURL) }
        return .object(object)
    }
}

extension BrokerClient {
    /// Publishes a provider contract: `GET /` → `pf:publish-provider-contract`, then `POST` the publication. Returns
    /// the broker's answer (`notices`, `_embedded.version`).
    @discardableResult
    public func publishProviderContract(_ publication: ProviderContractPublication) async throws -> JSONValue {
        let url = try url(
            forRelation: "pf:publish-provider-contract",
            in: try await index(),
            parameters: ["provider": publication.provider]
        )
        return try await post(url, body: publication.body)
    }
}
