import Foundation
import PactumCore

/// A verification result: what a verifier publishes to a pact's `pb:publish-verification-results`
/// (``VerificationResultDocument/Publication``) and what the broker answers there and serves at
/// `…/verification-results/{number}`.
///
/// `testResults` and `verifiedBy` are kept as the verifier sent them: every Pact verifier writes its own shape. Through
/// `Codable` their numbers are integers when they have an integral value (`2.0` reads back as `2`). Reading is lenient
/// where other brokers differ: only `success` is required.
public struct VerificationResultDocument: Sendable, Hashable, Codable {
    /// The body a verifier POSTs.
    public struct Publication: Sendable, Hashable, Codable {
        /// The provider version that ran the verification.
        public var providerApplicationVersion: String
        public var success: Bool
        /// The CI build that ran it.
        public var buildUrl: String?
        /// Each interaction's outcome, in the verifier's own shape.
        public var testResults: JSONValue?
        /// `{"implementation": …, "version": …}`.
        public var verifiedBy: JSONValue?

        /// Creates a publication body.
        public init(
            providerApplicationVersion: String,
            success: Bool,
            buildUrl: String? = nil,
            testResults: JSONValue? = nil,
            verifiedBy: JSONValue? = nil
        ) {
            self.providerApplicationVersion = providerApplicationVersion
            self.success = success
            self.buildUrl = buildUrl
            self.testResults = testResults
            self.verifiedBy = verifiedBy
        }

        /// The members' names, for a reader that checks each one itself (the broker names every bad field).
        public enum CodingKeys: String, CodingKey {
            case providerApplicationVersion, success, buildUrl, testResults, verifiedBy
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            providerApplicationVersion = try container.decode(String.self, forKey: .providerApplicationVersion)
            success = try container.decode(Bool.self, forKey: .success)
            buildUrl = try container.decodeIfPresent(String.self, forKey: .buildUrl)
            testResults = try container.decodeIfPresent(AnyJSON.self, forKey: .testResults)?.value
            verifiedBy = try container.decodeIfPresent(AnyJSON.self, forKey: .verifiedBy)?.value
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(providerApplicationVersion, forKey: .providerApplicationVersion)
            try container.encode(success, forKey: .success)
            try container.encodeIfPresent(buildUrl, forKey: .buildUrl)
            try container.encodeIfPresent(testResults.map(AnyJSON.init), forKey: .testResults)
            try container.encodeIfPresent(verifiedBy.map(AnyJSON.init), forKey: .verifiedBy)
        }
    }

    /// `_links`: the result itself, its pact and the webhooks it triggered.
    public struct Links: Sendable, Hashable, Codable {
        /// `self`: "Verification result {number}".
        public var selfLink: HALLink
        /// `pb:pact-version`: the pact content that was verified.
        public var pactVersion: HALLink?
        /// `pb:triggered-webhooks`: the webhooks the publication triggered.
        public var triggeredWebhooks: HALLink?

        /// Creates the links.
        public init(selfLink: HALLink, pactVersion: HALLink? = nil, triggeredWebhooks: HALLink? = nil) {
            self.selfLink = selfLink
            self.pactVersion = pactVersion
            self.triggeredWebhooks = triggeredWebhooks
        }

        enum CodingKeys: String, CodingKey {
            case selfLink = "self"
            case pactVersion = "pb:pact-version"
            case triggeredWebhooks = "pb:triggered-webhooks"
        }
    }

    public var providerName: String
    public var providerApplicationVersion: String
    public var success: Bool
    /// When the broker received it (ISO 8601).
    public var verificationDate: String
    /// The CI build (left out when there is none, as are the test results and the verifier).
    public var buildUrl: String?
    public var testResults: JSONValue?
    public var verifiedBy: JSONValue?
    /// `_links` (the Pact Broker always writes them; nil when another broker leaves them out).
    public var links: Links?

    /// Creates a document.
    public init(
        providerName: String,
        providerApplicationVersion: String,
        success: Bool,
        verificationDate: String,
        buildUrl: String?,
        testResults: JSONValue?,
        verifiedBy: JSONValue?,
        links: Links?
    ) {
        self.providerName = providerName
        self.providerApplicationVersion = providerApplicationVersion
        self.success = success
        self.verificationDate = verificationDate
        self.buildUrl = buildUrl
        self.testResults = testResults
        self.verifiedBy = verifiedBy
        self.links = links
    }

    enum CodingKeys: String, CodingKey {
        case providerName, providerApplicationVersion, success, verificationDate, buildUrl, testResults, verifiedBy
        case links = "_links"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        providerName = try container.decodeIfPresent(String.self, forKey: .providerName) ?? ""
        providerApplicationVersion =
            try container.decodeIfPresent(String.self, forKey: .providerApplicationVersion) ?? ""
        success = try container.decode(Bool.self, forKey: .success)
        verificationDate = try container.decodeIfPresent(String.self, forKey: .verificationDate) ?? ""
        buildUrl = try container.decodeIfPresent(String.self, forKey: .buildUrl)
        testResults = try container.decodeIfPresent(AnyJSON.self, forKey: .testResults)?.value
        verifiedBy = try container.decodeIfPresent(AnyJSON.self, forKey: .verifiedBy)?.value
        links = try container.decodeIfPresent(Links.self, forKey: .links)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(providerName, forKey: .providerName)
        try container.encode(providerApplicationVersion, forKey: .providerApplicationVersion)
        try container.encode(success, forKey: .success)
        try container.encode(verificationDate, forKey: .verificationDate)
        try container.encodeIfPresent(buildUrl, forKey: .buildUrl)
        try container.encodeIfPresent(testResults.map(AnyJSON.init), forKey: .testResults)
        try container.encodeIfPresent(verifiedBy.map(AnyJSON.init), forKey: .verifiedBy)
        try container.encodeIfPresent(links, forKey: .links)
    }
}

/// Any JSON value through `Codable` (for the members a document keeps as they were sent).
struct AnyJSON: Codable {
    var value: JSONValue

    init(_ value: JSONValue) { self.value = value }

    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !array.isAtEnd { items.append(try array.decode(AnyJSON.self).value) }
            value = .array(items)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            var members: [String: JSONValue] = [:]
            for key in object.allKeys { members[key.stringValue] = try object.decode(AnyJSON.self, forKey: key).value }
            value = .object(members)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            value = .null
        } else if let bool = try? single.decode(Bool.self) {
            value = .bool(bool)
        } else if let integer = try? single.decode(Int.self) {
            value = .integer(integer)
        } else if let decimal = try? single.decode(Double.self) {
            value = .decimal(decimal)
        } else {
            value = .string(try single.decode(String.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch value {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let bool):
            var single = encoder.singleValueContainer()
            try single.encode(bool)
        case .integer(let integer):
            var single = encoder.singleValueContainer()
            try single.encode(integer)
        case .decimal(let decimal):
            var single = encoder.singleValueContainer()
            try single.encode(decimal)
        case .string(let string):
            var single = encoder.singleValueContainer()
            try single.encode(string)
        case .array(let items):
            var array = encoder.unkeyedContainer()
            for item in items { try array.encode(AnyJSON(item)) }
        case .object(let members):
            var object = encoder.container(keyedBy: AnyKey.self)
            for (key, member) in members { try object.encode(AnyJSON(member), forKey: AnyKey(key)) }
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
