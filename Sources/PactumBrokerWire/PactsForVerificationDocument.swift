import Foundation

/// The broker's answer to a pacts-for-verification request: the pacts the provider should verify, each with why it
/// was selected, whether it is pending or work in progress, and the notices to show.
///
/// The broker encodes it; the client decodes it (leniently: what an older Pact Broker leaves out reads as empty).
public struct PactsForVerificationDocument: Sendable, Hashable, Codable {
    /// A notice to show when verifying a pact.
    public struct Notice: Sendable, Hashable, Codable {
        /// When to show it: `before_verification`, or `after_verification:success_true_published_false` and the
        /// other outcome keys.
        public var when: String
        public var text: String

        /// Creates a notice.
        public init(when: String, text: String) {
            self.when = when
            self.text = text
        }

        enum CodingKeys: String, CodingKey { case when, text }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            when = try container.decodeIfPresent(String.self, forKey: .when) ?? ""
            text = try container.decode(String.self, forKey: .text)
        }
    }

    /// How a pact is to be verified.
    public struct VerificationProperties: Sendable, Hashable, Codable {
        /// Pending: a failure is reported but does not fail the build (written only when the request asked for
        /// pending status).
        public var pending: Bool?
        /// Work in progress (written only when true).
        public var wip: Bool?
        public var notices: [Notice]

        /// Creates the properties.
        public init(pending: Bool? = nil, wip: Bool = false, notices: [Notice] = []) {
            self.pending = pending
            self.wip = wip ? true : nil
            self.notices = notices
        }

        enum CodingKeys: String, CodingKey { case pending, wip, notices }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            pending = try container.decodeIfPresent(Bool.self, forKey: .pending)
            wip = try container.decodeIfPresent(Bool.self, forKey: .wip)
            notices = try container.decodeIfPresent([Notice].self, forKey: .notices) ?? []
        }
    }

    /// One pact to verify: `_links.self` is its URL, named "Pact between C (version) and P".
    public struct Pact: Sendable, Hashable, Codable {
        /// Why it was selected ("latest from main branch, deployed to production").
        public var shortDescription: String?
        public var verificationProperties: VerificationProperties
        public var links: SelfLinks

        /// Creates an entry.
        public init(shortDescription: String?, verificationProperties: VerificationProperties, links: SelfLinks) {
            self.shortDescription = shortDescription
            self.verificationProperties = verificationProperties
            self.links = links
        }

        enum CodingKeys: String, CodingKey {
            case shortDescription, verificationProperties
            case links = "_links"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            shortDescription = try container.decodeIfPresent(String.self, forKey: .shortDescription)
            verificationProperties =
                try container.decodeIfPresent(VerificationProperties.self, forKey: .verificationProperties)
                ?? VerificationProperties()
            links = try container.decode(SelfLinks.self, forKey: .links)
        }
    }

    /// `_embedded.pacts`.
    public var pacts: [Pact]
    /// `_links.self`: the resource asked.
    public var links: SelfLinks?

    /// Creates a document.
    public init(pacts: [Pact], links: SelfLinks?) {
        self.pacts = pacts
        self.links = links
    }

    enum CodingKeys: String, CodingKey {
        case embedded = "_embedded"
        case links = "_links"
    }

    enum EmbeddedKeys: String, CodingKey { case pacts }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        links = try container.decodeIfPresent(SelfLinks.self, forKey: .links)
        if container.contains(.embedded) {
            let embedded = try container.nestedContainer(keyedBy: EmbeddedKeys.self, forKey: .embedded)
            pacts = try embedded.decodeIfPresent([Pact].self, forKey: .pacts) ?? []
        } else {
            pacts = []
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var embedded = container.nestedContainer(keyedBy: EmbeddedKeys.self, forKey: .embedded)
        try embedded.encode(pacts, forKey: .pacts)
        try container.encodeIfPresent(links, forKey: .links)
    }
}
