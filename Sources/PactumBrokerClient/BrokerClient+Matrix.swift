import PactumCore

/// A question for the matrix: which versions are specified, where they are going, what to ignore.
///
/// ``queryItems`` gives the query string the official `pact broker can-i-deploy` and `can-i-merge` send.
public struct MatrixQuery: Sendable, Hashable {
    /// One specified pacticipant version (`--pacticipant` with `--version`, `--latest [TAG]`, `--branch`, …).
    public struct Selector: Sendable, Hashable {
        public var pacticipant: String
        public var version: String?
        /// The latest version (with ``tag`` or ``branch``: the latest with that tag or on that branch).
        public var latest: Bool
        public var tag: String?
        public var branch: String?
        /// The latest version of the pacticipant's main branch.
        public var mainBranch: Bool

        /// Creates a selector.
        public init(
            pacticipant: String,
            version: String? = nil,
            latest: Bool = false,
            tag: String? = nil,
            branch: String? = nil,
            mainBranch: Bool = false
        ) {
            self.pacticipant = pacticipant
            self.version = version
            self.latest = latest
            self.tag = tag
            self.branch = branch
            self.mainBranch = mainBranch
        }

        /// A sentence fragment: "version 1 of Foo", "the latest version of Foo with tag prod".
        public var summary: String {
            if let version { return "version \(version) of \(pacticipant)" }
            var text = latest || mainBranch || branch != nil ? "the latest version of \(pacticipant)" : pacticipant
            if mainBranch { text += " from its main branch" }
            if let branch { text += " from branch \(branch)" }
            if let tag { text += " with tag \(tag)" }
            return text
        }
    }

    /// Where the specified versions are going.
    public enum Destination: Sendable, Hashable {
        /// No destination: the specified versions with each other (or with the latest of the others).
        case none
        /// An environment (`--to-environment`).
        case environment(String)
        /// The latest versions with a tag (`--to`).
        case tag(String)
        /// The latest versions of the others' main branches (`can-i-merge`).
        case mainBranch
    }

    public var selectors: [Selector]
    public var destination: Destination
    /// Pacticipants (and optionally versions) whose results are ignored (`--ignore`).
    public var ignore: [(pacticipant: String, version: String?)]
    /// The maximum number of rows (`limit`), or nil for the broker's default.
    public var limit: Int?

    /// Creates a query.
    public init(
        selectors: [Selector],
        destination: Destination = .none,
        ignore: [(pacticipant: String, version: String?)] = [],
        limit: Int? = nil
    ) {
        self.selectors = selectors
        self.destination = destination
        self.ignore = ignore
        self.limit = limit
    }

    public static func == (lhs: MatrixQuery, rhs: MatrixQuery) -> Bool {
        lhs.queryString == rhs.queryString
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(queryString) }

    /// The query parameters in the official client's order (order matters for the broker's nested-query parsing).
    public var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        for selector in selectors {
            items.append(("q[][pacticipant]", selector.pacticipant))
            if let version = selector.version { items.append(("q[][version]", version)) }
            if selector.latest { items.append(("q[][latest]", "true")) }
            if let tag = selector.tag { items.append(("q[][tag]", tag)) }
            if let branch = selector.branch { items.append(("q[][branch]", branch)) }
            if selector.mainBranch { items.append(("q[][mainBranch]", "true")) }
        }
        for ignored in ignore {
            items.append(("ignore[][pacticipant]", ignored.pacticipant))
            if let version = ignored.version { items.append(("ignore[][version]", version)) }
        }
        switch destination {
        case .environment(let environment):
            items += [("latestby", "cvpv"), ("environment", environment)]
        case .tag(let tag):
            items += [("tag", tag), ("latestby", "cvp"), ("latest", "true")]
        case .mainBranch:
            items += [("latestby", "cvp"), ("latest", "true"), ("mainBranch", "true")]
        case .none:
            items += selectors.count == 1 ? [("latestby", "cvp"), ("latest", "true")] : [("latestby", "cvpv")]
        }
        if let limit { items.append(("limit", String(limit))) }
        return items
    }

    /// The query string, percent-encoded (see ``HAL/query(_:)``).
    public var queryString: String { HAL.query(queryItems) }
}

/// The matrix's answer: deployable or not (or unknown), why, and the rows.
public struct MatrixResult: Sendable, Hashable {
    /// One row: a consumer version, a provider version and the verification between them.
    public struct Row: Sendable, Hashable {
        public var consumer: String
        public var consumerVersion: String?
        public var provider: String
        public var providerVersion: String?
        /// The verification's success, or nil when the pact is not verified.
        public var success: Bool?
        public var verificationURL: String?
        public var ignored: Bool
    }

    /// The broker's whole document (`summary`, `notices`, `matrix`).
    public var document: JSONValue
    /// `summary.deployable`: true, false, or nil when a result is missing (unknown).
    public var deployable: Bool?
    /// `summary.reason`.
    public var reason: String
    /// `notices[]` as (type, text).
    public var notices: [Notice]
    public var rows: [Row]

    /// A notice of the matrix (`type` is success, warning, error, info, …).
    public struct Notice: Sendable, Hashable {
        public var type: String
        public var text: String
    }

    /// Reads a matrix document.
    public init(document: JSONValue) {
        self.document = document
        deployable = document["summary"]?["deployable"]?.boolValue
        reason = document["summary"]?["reason"]?.stringValue ?? ""
        notices = (document["notices"]?.arrayValue ?? []).compactMap { notice in
            notice["text"]?.stringValue.map { Notice(type: notice["type"]?.stringValue ?? "info", text: $0) }
        }
        rows = (document["matrix"]?.arrayValue ?? []).map { row in
            Row(
                consumer: row["consumer"]?["name"]?.stringValue ?? "",
                consumerVersion: row["consumer"]?["version"]?["number"]?.stringValue,
                provider: row["provider"]?["name"]?.stringValue ?? "",
                providerVersion: row["provider"]?["version"]?["number"]?.stringValue,
                success: row["verificationResult"]?["success"]?.boolValue,
                verificationURL: row["verificationResult"].flatMap { HAL.href("self", in: $0) },
                ignored: row["ignored"]?.boolValue ?? false
            )
        }
    }
}

extension BrokerClient {
    /// `GET /matrix?…` for `query`.
    public func matrix(_ query: MatrixQuery) async throws -> MatrixResult {
        let document = try await get(baseURL + "/matrix?" + query.queryString)
        guard document["matrix"]?.arrayValue != nil else {
            throw BrokerClientError(
                code: .invalidBody,
                method: "GET",
                url: baseURL + "/matrix?" + query.queryString,
                message: "The Pact broker's matrix answer has no 'matrix' list; is \(baseURL) a Pact broker?"
            )
        }
        return MatrixResult(document: document)
    }

    /// can-i-deploy: the matrix for `query`, asked again up to `retryWhileUnknown` times, `retryInterval` apart,
    /// while the answer is unknown (a verification result is missing).
    public func canIDeploy(
        _ query: MatrixQuery,
        retryWhileUnknown: Int = 0,
        retryInterval: Duration = .seconds(10)
    ) async throws -> MatrixResult {
        var result: MatrixResult
        do {
            result = try await matrix(query)
        } catch let error as BrokerClientError where error.status == 400 {
            // The broker refuses an environment it does not know with a bare 400: say which environments there are.
            if case .environment(let name) = query.destination { _ = try await environment(named: name) }
            throw error
        }
        var retries = 0
        while result.deployable == nil, retries < retryWhileUnknown {
            retries += 1
            try await Task.sleep(for: retryInterval)
            result = try await matrix(query)
        }
        return result
    }
}
