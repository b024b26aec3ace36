import Foundation

/// A question for the matrix (`GET /matrix?q[][pacticipant]=…`): which versions are specified, where they are
/// going, what to ignore.
///
/// The client writes it with ``queryItems`` (the parameters the official `pact broker can-i-deploy` sends, in its
/// order) and the broker reads the same parameters back into this type, so the two cannot drift.
public struct MatrixQuery: Sendable, Hashable {
    /// One `q[]` selector: which versions of a pacticipant are asked about (`--pacticipant` with `--version`,
    /// `--latest [TAG]`, `--branch`, …). In ``MatrixQuery/ignore``, a pacticipant and optionally a version.
    public struct Selector: Sendable, Hashable {
        public var pacticipant: String
        public var version: String?
        /// The latest version (with ``tag`` or ``branch``: the latest with that tag or on that branch).
        public var latest: Bool
        public var tag: String?
        public var branch: String?
        /// The latest version of the pacticipant's main branch.
        public var mainBranch: Bool
        /// The versions currently in this environment.
        public var environment: String?

        /// Creates a selector.
        public init(
            pacticipant: String,
            version: String? = nil,
            latest: Bool = false,
            tag: String? = nil,
            branch: String? = nil,
            mainBranch: Bool = false,
            environment: String? = nil
        ) {
            self.pacticipant = pacticipant
            self.version = version
            self.latest = latest
            self.tag = tag
            self.branch = branch
            self.mainBranch = mainBranch
            self.environment = environment
        }
    }

    /// Where the specified versions are going: the counterpart versions the broker infers.
    public enum Destination: Sendable, Hashable {
        /// Versions currently deployed to, or released and supported in, an environment (`--to-environment`).
        case environment(String)
        /// The latest version with a tag (`--to`).
        case tag(String)
        /// The latest version.
        case latest
        /// The latest version of the main branch (`can-i-merge`).
        case mainBranch
    }

    /// How rows are reduced to the latest ones (`latestby`).
    public enum LatestBy: String, Sendable, Hashable, CaseIterable {
        /// The latest row for each consumer version and provider.
        case consumerVersionAndProvider = "cvp"
        /// The latest row for each consumer version and provider version.
        case consumerVersionAndProviderVersion = "cvpv"
        /// The latest row for each consumer and provider.
        case consumerAndProvider = "cp"
    }

    public var selectors: [Selector]
    public var destination: Destination?
    public var latestBy: LatestBy?
    /// Pacticipants (optionally a version) whose missing or failed verifications are ignored (`--ignore`).
    public var ignore: [Selector]
    /// The maximum number of rows (`limit`), or nil for the broker's default.
    public var limit: Int?

    /// Creates a query with every parameter as given (`latestBy: nil` sends no `latestby`): what the broker reads.
    public init(
        selectors: [Selector],
        destination: Destination?,
        latestBy: LatestBy?,
        ignore: [Selector] = [],
        limit: Int? = nil
    ) {
        self.selectors = selectors
        self.destination = destination
        self.latestBy = latestBy
        self.ignore = ignore
        self.limit = limit
    }

    /// The query the official `can-i-deploy` (and, with `.mainBranch`, `can-i-merge`) sends: with a destination,
    /// the specified versions with the latest counterpart versions there; without one, the specified versions with
    /// each other, or a single one with the latest versions of the others.
    public init(
        selectors: [Selector],
        destination: Destination? = nil,
        ignore: [Selector] = [],
        limit: Int? = nil
    ) {
        let latestBy: LatestBy =
            switch destination {
            case .environment: .consumerVersionAndProviderVersion
            case .tag, .mainBranch, .latest: .consumerVersionAndProvider
            case nil: selectors.count == 1 ? .consumerVersionAndProvider : .consumerVersionAndProviderVersion
            }
        self.init(
            selectors: selectors,
            destination: destination ?? (selectors.count == 1 ? .latest : nil),
            latestBy: latestBy,
            ignore: ignore,
            limit: limit
        )
    }

    /// The query parameters in the official client's order (the broker's nested-query parsing depends on it: each
    /// `q[][pacticipant]` starts a selector).
    public var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        for selector in selectors {
            items.append(("q[][pacticipant]", selector.pacticipant))
            if let version = selector.version { items.append(("q[][version]", version)) }
            if selector.latest { items.append(("q[][latest]", "true")) }
            if let tag = selector.tag { items.append(("q[][tag]", tag)) }
            if let branch = selector.branch { items.append(("q[][branch]", branch)) }
            if selector.mainBranch { items.append(("q[][mainBranch]", "true")) }
            if let environment = selector.environment { items.append(("q[][environment]", environment)) }
        }
        for ignored in ignore {
            items.append(("ignore[][pacticipant]", ignored.pacticipant))
            if let version = ignored.version { items.append(("ignore[][version]", version)) }
        }
        let latestBy = latestBy.map { [("latestby", $0.rawValue)] } ?? []
        switch destination {
        case .environment(let environment): items += latestBy + [("environment", environment)]
        case .tag(let tag): items += [("tag", tag)] + latestBy + [("latest", "true")]
        case .mainBranch: items += latestBy + [("latest", "true"), ("mainBranch", "true")]
        case .latest: items += latestBy + [("latest", "true")]
        case nil: items += latestBy
        }
        if let limit { items.append(("limit", String(limit))) }
        return items
    }
}
