import Foundation

/// The matrix's answer (`GET /matrix`, `GET /can-i-deploy`): deployable or not (or unknown), why, and the rows.
///
/// The broker encodes it and the client decodes it. Decoding is lenient where the Pact Broker's documents vary
/// (lists it leaves out read as empty), so the client reads the official broker's answers too.
public struct MatrixDocument: Sendable, Hashable, Codable {
    /// `summary`: the decision and how many rows were which.
    public struct Summary: Sendable, Hashable, Codable {
        /// True, false, or nil when a verification result is missing (unknown): written as `null`.
        public var deployable: Bool?
        /// Why, in one sentence.
        public var reason: String
        public var success: Int
        public var failed: Int
        public var unknown: Int
        /// The ignored rows' count, present when the query ignores something.
        public var ignored: Int?

        /// Creates a summary.
        public init(deployable: Bool?, reason: String, success: Int, failed: Int, unknown: Int, ignored: Int? = nil) {
            self.deployable = deployable
            self.reason = reason
            self.success = success
            self.failed = failed
            self.unknown = unknown
            self.ignored = ignored
        }

        enum CodingKeys: String, CodingKey { case deployable, reason, success, failed, unknown, ignored }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            deployable = try container.decodeIfPresent(Bool.self, forKey: .deployable)
            reason = try container.decodeIfPresent(String.self, forKey: .reason) ?? ""
            success = try container.decodeIfPresent(Int.self, forKey: .success) ?? 0
            failed = try container.decodeIfPresent(Int.self, forKey: .failed) ?? 0
            unknown = try container.decodeIfPresent(Int.self, forKey: .unknown) ?? 0
            ignored = try container.decodeIfPresent(Int.self, forKey: .ignored)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(deployable, forKey: .deployable)
            try container.encode(reason, forKey: .reason)
            try container.encode(success, forKey: .success)
            try container.encode(failed, forKey: .failed)
            try container.encode(unknown, forKey: .unknown)
            try container.encodeIfPresent(ignored, forKey: .ignored)
        }
    }

    /// A notice (`type` is success, warning, error, info, …).
    public struct Notice: Sendable, Hashable, Codable {
        public var type: String
        public var text: String

        /// Creates a notice.
        public init(type: String, text: String) {
            self.type = type
            self.text = text
        }
    }

    /// `{"name": …}`: a branch or an environment of a version.
    public struct Named: Sendable, Hashable, Codable {
        public var name: String

        /// Creates a named entry.
        public init(name: String) { self.name = name }
    }

    /// A tag of a version, with its link.
    public struct Tag: Sendable, Hashable, Codable {
        public var name: String
        public var links: SelfLinks?

        /// Creates a tag.
        public init(name: String, links: SelfLinks? = nil) {
            self.name = name
            self.links = links
        }

        enum CodingKeys: String, CodingKey {
            case name
            case links = "_links"
        }
    }

    /// A pacticipant version in a row.
    public struct Version: Sendable, Hashable, Codable {
        public var number: String
        /// The latest of ``branches`` (the deprecated single branch).
        public var branch: String?
        public var branches: [Named]
        public var branchVersions: [Named]
        public var environments: [Named]
        public var tags: [Tag]
        public var links: SelfLinks?

        /// Creates a version; `branch` is the last of `branches`.
        public init(
            number: String,
            branches: [String] = [],
            environments: [String] = [],
            tags: [Tag] = [],
            links: SelfLinks? = nil
        ) {
            self.number = number
            branch = branches.last
            self.branches = branches.map(Named.init)
            branchVersions = self.branches
            self.environments = environments.map(Named.init)
            self.tags = tags
            self.links = links
        }

        enum CodingKeys: String, CodingKey {
            case number, branch, branches, branchVersions, environments, tags
            case links = "_links"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            number = try container.decode(String.self, forKey: .number)
            branch = try container.decodeIfPresent(String.self, forKey: .branch)
            branches = try container.decodeIfPresent([Named].self, forKey: .branches) ?? []
            branchVersions = try container.decodeIfPresent([Named].self, forKey: .branchVersions) ?? []
            environments = try container.decodeIfPresent([Named].self, forKey: .environments) ?? []
            tags = try container.decodeIfPresent([Tag].self, forKey: .tags) ?? []
            links = try container.decodeIfPresent(SelfLinks.self, forKey: .links)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(number, forKey: .number)
            try container.encode(branch, forKey: .branch)
            try container.encode(branches, forKey: .branches)
            try container.encode(branchVersions, forKey: .branchVersions)
            try container.encode(environments, forKey: .environments)
            try container.encode(tags, forKey: .tags)
            try container.encodeIfPresent(links, forKey: .links)
        }
    }

    /// The consumer or provider of a row: its name, and its version (nil when no version is in scope, for example
    /// when none is deployed in the target environment; written as `null`).
    public struct Pacticipant: Sendable, Hashable, Codable {
        public var name: String
        public var version: Version?
        public var links: SelfLinks?

        /// Creates a row's pacticipant.
        public init(name: String, version: Version?, links: SelfLinks? = nil) {
            self.name = name
            self.version = version
            self.links = links
        }

        enum CodingKeys: String, CodingKey {
            case name, version
            case links = "_links"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            version = try container.decodeIfPresent(Version.self, forKey: .version)
            links = try container.decodeIfPresent(SelfLinks.self, forKey: .links)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(version, forKey: .version)
            try container.encodeIfPresent(links, forKey: .links)
        }
    }

    /// The pact of a row.
    public struct Pact: Sendable, Hashable, Codable {
        public var createdAt: String?
        public var links: SelfLinks?

        /// Creates a row's pact.
        public init(createdAt: String?, links: SelfLinks? = nil) {
            self.createdAt = createdAt
            self.links = links
        }

        enum CodingKeys: String, CodingKey {
            case createdAt
            case links = "_links"
        }
    }

    /// What the provider version made of the pact.
    public struct VerificationResult: Sendable, Hashable, Codable {
        public var success: Bool
        public var verifiedAt: String?
        /// `_links.self`: the verification result resource.
        public var links: SelfLinks?

        /// Creates a row's verification result.
        public init(success: Bool, verifiedAt: String?, links: SelfLinks? = nil) {
            self.success = success
            self.verifiedAt = verifiedAt
            self.links = links
        }

        enum CodingKeys: String, CodingKey {
            case success, verifiedAt
            case links = "_links"
        }
    }

    /// One row: a consumer version's pact and what a provider version made of it.
    public struct Row: Sendable, Hashable, Codable {
        public var consumer: Pacticipant
        public var provider: Pacticipant
        public var pact: Pact?
        /// nil when the pact is not verified by that provider version (written as `null`).
        public var verificationResult: VerificationResult?
        /// True when the query's `ignore[]` covers the row (written only then).
        public var ignored: Bool

        /// Creates a row.
        public init(
            consumer: Pacticipant,
            provider: Pacticipant,
            pact: Pact?,
            verificationResult: VerificationResult?,
            ignored: Bool = false
        ) {
            self.consumer = consumer
            self.provider = provider
            self.pact = pact
            self.verificationResult = verificationResult
            self.ignored = ignored
        }

        enum CodingKeys: String, CodingKey { case consumer, provider, pact, verificationResult, ignored }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            consumer = try container.decode(Pacticipant.self, forKey: .consumer)
            provider = try container.decode(Pacticipant.self, forKey: .provider)
            pact = try container.decodeIfPresent(Pact.self, forKey: .pact)
            verificationResult = try container.decodeIfPresent(VerificationResult.self, forKey: .verificationResult)
            ignored = try container.decodeIfPresent(Bool.self, forKey: .ignored) ?? false
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(consumer, forKey: .consumer)
            try container.encode(provider, forKey: .provider)
            try container.encodeIfPresent(pact, forKey: .pact)
            try container.encode(verificationResult, forKey: .verificationResult)
            if ignored { try container.encode(true, forKey: .ignored) }
        }
    }

    public var summary: Summary
    public var notices: [Notice]
    public var matrix: [Row]

    /// Creates a document.
    public init(summary: Summary, notices: [Notice], matrix: [Row]) {
        self.summary = summary
        self.notices = notices
        self.matrix = matrix
    }

    enum CodingKeys: String, CodingKey { case summary, notices, matrix }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        summary = try container.decode(Summary.self, forKey: .summary)
        notices = try container.decodeIfPresent([Notice].self, forKey: .notices) ?? []
        matrix = try container.decode([Row].self, forKey: .matrix)
    }
}
