import PactumBrokerWire
import PactumCore

extension MatrixQuery.Selector {
    /// A sentence fragment: "version 1 of Foo", "the latest version of Foo with tag prod".
    public var summary: String {
        if let version { return "version \(version) of \(pacticipant)" }
        if let environment { return "the versions of \(pacticipant) in \(environment)" }
        var text = latest || mainBranch || branch != nil ? "the latest version of \(pacticipant)" : pacticipant
        if mainBranch { text += " from its main branch" }
        if let branch { text += " from branch \(branch)" }
        if let tag { text += " with tag \(tag)" }
        return text
    }
}

extension MatrixQuery {
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

    /// A notice of the matrix (`type` is success, warning, error, info, …).
    public typealias Notice = MatrixDocument.Notice

    /// The broker's whole document as it came (`summary`, `notices`, `matrix` and anything else it sent).
    public var document: JSONValue
    /// The document read as the Pact Broker API's matrix document.
    public var matrix: MatrixDocument
    /// `summary.deployable`: true, false, or nil when a result is missing (unknown).
    public var deployable: Bool? { matrix.summary.deployable }
    /// `summary.reason`.
    public var reason: String { matrix.summary.reason }
    /// `notices[]`.
    public var notices: [Notice] { matrix.notices }
    public var rows: [Row] {
        matrix.matrix.map { row in
            Row(
                consumer: row.consumer.name,
                consumerVersion: row.consumer.version?.number,
                provider: row.provider.name,
                providerVersion: row.provider.version?.number,
                success: row.verificationResult?.success,
                verificationURL: row.verificationResult?.links?.selfLink.href,
                ignored: row.ignored
            )
        }
    }

    /// Reads a matrix document; throws when it is not one (no `summary` or `matrix`, or wrongly typed fields).
    public init(document: JSONValue) throws {
        self.document = document
        matrix = try document.decode(MatrixDocument.self)
    }
}

extension BrokerClient {
    /// `GET /matrix?…` for `query`.
    public func matrix(_ query: MatrixQuery) async throws -> MatrixResult {
        let url = baseURL + "/matrix?" + query.queryString
        let document = try await get(url)
        do {
            return try MatrixResult(document: document)
        } catch {
            throw BrokerClientError(
                code: .invalidBody,
                method: "GET",
                url: url,
                message:
                    "The Pact broker's matrix answer is not a matrix document (\(error)); is \(baseURL) a Pact broker?"
            )
        }
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
