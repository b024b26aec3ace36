import Foundation
import NIOHTTP1
import PactumCore

extension PactsForVerificationRequest {
    /// The POST body: the request's Codable encoding, with the keys the official verifier sends.
    public var body: JSONValue {
        get throws { try JSONValue(encoding: self) }
    }
}

/// A pact the broker says the provider should verify, with why and how.
public struct VerifiablePact: Sendable, Hashable {
    /// A broker notice: when to show it (`before_verification`, `after_verification:success_true_published_false`,
    /// …) and its text.
    public struct Notice: Sendable, Hashable {
        /// When to show the notice.
        public var when: String
        /// The notice's text.
        public var text: String

        /// Creates a notice.
        public init(when: String, text: String) {
            self.when = when
            self.text = text
        }
    }

    /// The pact's URL (fetch it with ``BrokerClient/fetchPact(url:)``).
    public var url: String
    /// Why it was selected (`latest from main branch, deployed to production`), or the link's name.
    public var shortDescription: String
    /// Pending: a failure is reported but does not fail the verification.
    public var pending: Bool
    /// Work in progress (always pending too).
    public var wip: Bool
    /// The broker's notices about this pact.
    public var notices: [Notice]

    /// Creates a verifiable pact.
    public init(url: String, shortDescription: String, pending: Bool = false, wip: Bool = false, notices: [Notice] = [])
    {
        self.url = url
        self.shortDescription = shortDescription
        self.pending = pending
        self.wip = wip
        self.notices = notices
    }

    /// The notices to show at `when` (`before_verification`, or the `after_verification:…` key for the outcome).
    public func notices(when: String) -> [Notice] { notices.filter { $0.when == when } }

    /// The `after_verification:…` key for an outcome.
    public static func afterVerification(success: Bool, published: Bool) -> String {
        "after_verification:success_\(success)_published_\(published)"
    }
}

/// A pact fetched from the broker: its JSON text and the links needed to publish a verification result.
public struct FetchedPact: Sendable, Hashable {
    /// The URL it was fetched from.
    public var url: String
    /// The JSON text as served (the pact with the broker's `_links` and `createdAt`; readers ignore those).
    public var text: String
    /// The parsed document.
    public var document: JSONValue
    /// `consumer.name` (or the `pb:consumer` link's name).
    public var consumerName: String?
    /// `provider.name` (or the `pb:provider` link's name).
    public var providerName: String?
    /// Where to POST a verification result (`pb:publish-verification-results`); nil when the pact is not from a
    /// broker.
    public var publishVerificationResultsURL: String?
    /// The provider pacticipant (`pb:provider`), whose links add branches and tags to provider versions.
    public var providerURL: String?

    /// Creates a fetched pact from its URL and the document served there.
    public init(url: String, text: String, document: JSONValue) {
        self.url = url
        self.text = text
        self.document = document
        consumerName =
            document["consumer"]?["name"]?.stringValue
            ?? HAL.links("pb:consumer", in: document).first?["name"]?
            .stringValue
        providerName =
            document["provider"]?["name"]?.stringValue
            ?? HAL.links("pb:provider", in: document).first?["name"]?
            .stringValue
        publishVerificationResultsURL = HAL.href("pb:publish-verification-results", in: document)
        providerURL = HAL.href("pb:provider", in: document)
    }
}

/// A verification result to publish for a pact.
public struct VerificationResultPublication: Sendable, Hashable {
    /// One interaction's outcome (`testResults[]`).
    public struct TestResult: Sendable, Hashable {
        /// A mismatch: `attribute` is method, path, status, query, header, body or metadata.
        public struct Mismatch: Sendable, Hashable {
            public var attribute: String
            /// The header or query name, or the body path.
            public var identifier: String?
            public var description: String

            /// Creates a mismatch.
            public init(attribute: String, identifier: String? = nil, description: String) {
                self.attribute = attribute
                self.identifier = identifier
                self.description = description
            }
        }

        /// The interaction's `_id` as the broker injected it.
        public var interactionId: String?
        /// The interaction's description.
        public var interactionDescription: String?
        public var success: Bool
        public var mismatches: [Mismatch]
        /// Errors other than mismatches (the provider could not be reached, a state change failed).
        public var exceptions: [String]

        /// Creates a test result.
        public init(
            interactionId: String?,
            interactionDescription: String? = nil,
            success: Bool,
            mismatches: [Mismatch] = [],
            exceptions: [String] = []
        ) {
            self.interactionId = interactionId
            self.interactionDescription = interactionDescription
            self.success = success
            self.mismatches = mismatches
            self.exceptions = exceptions
        }

        var json: JSONValue {
            var object: [String: JSONValue] = ["success": .bool(success)]
            if let interactionId { object["interactionId"] = .string(interactionId) }
            if let interactionDescription { object["interactionDescription"] = .string(interactionDescription) }
            if !mismatches.isEmpty {
                object["mismatches"] = .array(
                    mismatches.map { mismatch in
                        var item: [String: JSONValue] = [
                            "attribute": .string(mismatch.attribute), "description": .string(mismatch.description),
                        ]
                        if let identifier = mismatch.identifier { item["identifier"] = .string(identifier) }
                        return .object(item)
                    }
                )
            }
            if !exceptions.isEmpty {
                object["exceptions"] = .array(exceptions.map { .object(["message": .string($0)]) })
            }
            return .object(object)
        }
    }

    /// The provider version verified (`providerApplicationVersion`).
    public var providerVersion: String
    /// The provider version's branch: added with `PUT …/branches/{b}/versions/{v}` before publishing.
    public var providerBranch: String?
    /// The provider version's tags: each added with `PUT …/versions/{v}/tags/{t}` before publishing.
    public var providerTags: [String]
    public var success: Bool
    /// The CI build that ran the verification.
    public var buildURL: String?
    public var testResults: [TestResult]
    /// `verifiedBy.implementation`.
    public var implementation: String
    /// `verifiedBy.version`.
    public var implementationVersion: String

    /// Creates a publication.
    public init(
        providerVersion: String,
        providerBranch: String? = nil,
        providerTags: [String] = [],
        success: Bool,
        buildURL: String? = nil,
        testResults: [TestResult] = [],
        implementation: String = "Pactum",
        implementationVersion: String = BrokerClient.implementationVersion
    ) {
        self.providerVersion = providerVersion
        self.providerBranch = providerBranch
        self.providerTags = providerTags
        self.success = success
        self.buildURL = buildURL
        self.testResults = testResults
        self.implementation = implementation
        self.implementationVersion = implementationVersion
    }

    /// The body POSTed to `pb:publish-verification-results`, as the broker reads it.
    public var publication: VerificationResultDocument.Publication {
        VerificationResultDocument.Publication(
            providerApplicationVersion: providerVersion,
            success: success,
            buildUrl: buildURL,
            testResults: .array(testResults.map(\.json)),
            verifiedBy: ["implementation": .string(implementation), "version": .string(implementationVersion)]
        )
    }

    /// ``publication`` as JSON.
    public var body: JSONValue {
        get throws { try JSONValue(encoding: publication) }
    }
}

extension BrokerClient {
    /// The pacts `provider` should verify.
    ///
    /// With selectors, tags, pending or WIP pacts asked for: `GET /` → `pb:provider-pacts-for-verification`, GET it,
    /// then POST the request to its `self` link (the official verifier's sequence). With none of them: the latest
    /// pact of each consumer (`pb:latest-provider-pacts`, its `pacts` links). An unknown provider gives an empty
    /// list.
    public func pactsForVerification(
        provider: String,
        request: PactsForVerificationRequest = .init()
    ) async throws -> [VerifiablePact] {
        let index = try await index()
        if request.selectsLatestPactOfEachConsumer {
            let url = try url(forRelation: "pb:latest-provider-pacts", in: index, parameters: ["provider": provider])
            guard let document = try await getIfExists(url) else { return [] }
            var links = HAL.links("pb:pacts", in: document)
            if links.isEmpty { links = HAL.links("pacts", in: document) }
            return links.compactMap { link in
                guard let href = link["href"]?.stringValue else { return nil }
                let description = link["title"]?.stringValue ?? link["name"]?.stringValue ?? "latest"
                return VerifiablePact(url: absoluteURL(href), shortDescription: description)
            }
        }
        let relation =
            HAL.href("pb:provider-pacts-for-verification", in: index) != nil
            ? "pb:provider-pacts-for-verification" : "beta:provider-pacts-for-verification"
        let start = try url(forRelation: relation, in: index, parameters: ["provider": provider])
        guard let resource = try await getIfExists(start) else { return [] }
        let target = HAL.href("self", in: resource).map(absoluteURL) ?? start
        let answer = try await post(target, body: try request.body)
        let document: PactsForVerificationDocument
        do {
            document = try answer.decode(PactsForVerificationDocument.self)
        } catch {
            throw BrokerClientError(
                code: .invalidBody,
                method: "POST",
                url: target,
                message: "The Pact broker's pacts for verification are not the documented document (\(error))"
            )
        }
        return document.pacts.map { pact in
            let properties = pact.verificationProperties
            return VerifiablePact(
                url: absoluteURL(pact.links.selfLink.href),
                shortDescription: pact.shortDescription ?? pact.links.selfLink.name ?? "",
                pending: properties.pending ?? false,
                wip: properties.wip ?? false,
                notices: properties.notices.map { VerifiablePact.Notice(when: $0.when, text: $0.text) }
            )
        }
    }

    /// Fetches the pact at `url` (sent with `Accept: application/hal+json, application/json, */*`).
    public func fetchPact(url: String) async throws -> FetchedPact {
        let target = absoluteURL(url)
        let response = try await send(.GET, target, accept: "application/hal+json, application/json, */*")
        guard case .object = response.document else {
            throw BrokerClientError.invalidBody(
                method: "GET",
                url: target,
                status: response.status,
                text: response.text
            )
        }
        return FetchedPact(url: target, text: response.text, document: response.document)
    }

    /// Publishes a verification result for `pact`: the provider version's branch and tags first (through the
    /// pact's `pb:provider` pacticipant), then `POST` to its `pb:publish-verification-results`. Returns the broker's
    /// verification result document (its `_links.self` is where the result can be read again).
    @discardableResult
    public func publishVerificationResult(
        _ result: VerificationResultPublication,
        pact: FetchedPact
    ) async throws -> VerificationResultDocument {
        guard let publishURL = pact.publishVerificationResultsURL else {
            throw BrokerClientError.missingRelation("pb:publish-verification-results", url: pact.url)
        }
        if result.providerBranch != nil || !result.providerTags.isEmpty {
            let pacticipant: JSONValue
            if let providerURL = pact.providerURL {
                pacticipant = try await get(providerURL)
            } else {
                pacticipant = try await index()
            }
            let provider = pact.providerName ?? ""
            if let branch = result.providerBranch {
                let relation = pact.providerURL == nil ? "pb:pacticipant-branch-version" : "pb:branch-version"
                let url = try url(
                    forRelation: relation,
                    in: pacticipant,
                    parameters: ["branch": branch, "version": result.providerVersion, "pacticipant": provider]
                )
                try await put(url, body: .object([:]))
            }
            for tag in result.providerTags {
                let relation = pact.providerURL == nil ? "pb:pacticipant-version-tag" : "pb:version-tag"
                let url = try url(
                    forRelation: relation,
                    in: pacticipant,
                    parameters: ["tag": tag, "version": result.providerVersion, "pacticipant": provider]
                )
                try await put(url, body: .object([:]))
            }
        }
        let target = absoluteURL(publishURL)
        let answer = try await post(target, body: try result.body)
        do {
            return try answer.decode(VerificationResultDocument.self)
        } catch {
            throw BrokerClientError(
                code: .invalidBody,
                method: "POST",
                url: target,
                message: "The Pact broker's answer to a verification result is not a verification result (\(error))"
            )
        }
    }
}
