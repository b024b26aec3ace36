import PactumBrokerClient
import PactumCore

/// Where contracts to verify come from: files, folders of `*.json` files, URLs, a broker, or pacts in memory.
public struct PactSource: Sendable, CustomStringConvertible {
    enum Storage: Sendable {
        case file(String)
        case directory(String)
        case url(String, BrokerAuthentication?)
        case broker(BrokerSource)
        case pact(Pact, name: String)
    }

    let storage: Storage

    /// One pact file.
    public static func file(_ path: String) -> PactSource { PactSource(storage: .file(path)) }

    /// Every `*.json` file in a folder (not its subfolders), in name order.
    public static func directory(_ path: String) -> PactSource { PactSource(storage: .directory(path)) }

    /// A pact at a URL, with optional basic or bearer authentication. A pact served by a broker (it has a
    /// `pb:publish-verification-results` link) can have its result published.
    public static func url(_ url: String, authentication: BrokerAuthentication? = nil) -> PactSource {
        PactSource(storage: .url(url, authentication))
    }

    /// The pacts a broker says the provider must verify.
    public static func broker(_ source: BrokerSource) -> PactSource { PactSource(storage: .broker(source)) }

    /// A pact already in memory (tests), named in reports by `name`.
    public static func pact(_ pact: Pact, name: String = "in-memory pact") -> PactSource {
        PactSource(storage: .pact(pact, name: name))
    }

    /// Whether loading it takes HTTP requests (a URL or a broker).
    var needsHTTPClient: Bool {
        switch storage {
        case .url, .broker: true
        case .file, .directory, .pact: false
        }
    }

    public var description: String {
        switch storage {
        case .file(let path): "file \(path)"
        case .directory(let path): "folder \(path)"
        case .url(let url, _): "URL \(url)"
        case .broker(let source): "broker \(source.baseURL)"
        case .pact(_, let name): name
        }
    }
}

/// A broker to fetch pacts from, and which of them: consumer version selectors, pending and WIP pacts.
public struct BrokerSource: Sendable {
    public var baseURL: String
    public var authentication: BrokerAuthentication?
    /// Which consumer versions' pacts to verify (`.mainBranch`, `.deployedOrReleased`, `.tag("prod", latest: true)`).
    public var consumerVersionSelectors: [ConsumerVersionSelector]
    /// Shorthand for `.tag(t, latest: true)` selectors.
    public var consumerVersionTags: [String]
    /// Ask the broker which pacts are pending (their failures do not fail the build).
    public var enablePending: Bool
    /// Include work-in-progress pacts created since this date (`2024-01-01`).
    public var includeWipPactsSince: String?
    /// The provider's branch and tags, which pending and WIP status depend on.
    public var providerBranch: String?
    public var providerTags: [String]

    public init(
        baseURL: String,
        authentication: BrokerAuthentication? = nil,
        consumerVersionSelectors: [ConsumerVersionSelector] = [],
        consumerVersionTags: [String] = [],
        enablePending: Bool = false,
        includeWipPactsSince: String? = nil,
        providerBranch: String? = nil,
        providerTags: [String] = []
    ) {
        self.baseURL = baseURL
        self.authentication = authentication
        self.consumerVersionSelectors = consumerVersionSelectors
        self.consumerVersionTags = consumerVersionTags
        self.enablePending = enablePending
        self.includeWipPactsSince = includeWipPactsSince
        self.providerBranch = providerBranch
        self.providerTags = providerTags
    }
}

/// Where and how to publish verification results.
public struct ResultPublication: Sendable, Hashable {
    public var providerVersion: String
    public var providerBranch: String?
    public var providerTags: [String]
    public var buildURL: String?

    public init(
        providerVersion: String,
        providerBranch: String? = nil,
        providerTags: [String] = [],
        buildURL: String? = nil
    ) {
        self.providerVersion = providerVersion
        self.providerBranch = providerBranch
        self.providerTags = providerTags
        self.buildURL = buildURL
    }
}
