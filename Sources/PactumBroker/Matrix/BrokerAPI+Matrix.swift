import Foundation
import Hummingbird
import PactumBrokerWire
import PactumCore

extension BrokerAPI {
    /// The matrix and can-i-deploy.
    static let matrixRoutes: [BrokerRoute] = [
        BrokerRoute("GET", "/matrix", matrix),
        BrokerRoute("GET", "/can-i-deploy", canIDeploy),
    ]

    // MARK: Matrix and can-i-deploy

    /// The matrix; a query with problems answers 400 with every one of them in `errors` (a list), as the Pact Broker's
    /// `matrix/service.rb` `validate_selectors` does: the selectors' own, each pacticipant that does not exist, an
    /// unknown environment.
    static func matrix(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        var problems: [String] = []
        var parsed: MatrixQuery?
        do throws(BrokerError) {
            parsed = try MatrixQuery(matrix: request.query)
        } catch {
            problems += error.fieldErrors["q"] ?? [error.message]
        }
        var named: [String] = []
        for item in request.query["q"]?.arrayValue ?? [] {
            guard let name = item["pacticipant"]?.stringValue, !name.isEmpty, !named.contains(name) else { continue }
            named.append(name)
            if try await store.pacticipant(named: name) == nil { problems.append("Pacticipant \(name) not found") }
        }
        if case .environment(let name)? = parsed?.destination, try await store.environment(named: name) == nil {
            problems.append("Environment with name '\(name)' does not exist")
        }
        guard problems.isEmpty, let query = parsed else { throw BrokerError.invalidQuery(problems) }
        return try await matrixResponse(query, request, store)
    }

    static func canIDeploy(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        try await matrixResponse(try MatrixQuery(canIDeploy: request.query), request, store)
    }

    static func matrixVersion(
        _ pacticipant: String,
        _ v: MatrixVersion,
        _ request: BrokerRequest
    )
        -> MatrixDocument.Version
    {
        let url = request.url("pacticipants", pacticipant, "versions", v.number)
        return MatrixDocument.Version(
            number: v.number,
            branches: v.branches,
            environments: v.environments,
            tags: v.tags.map { tag in
                MatrixDocument.Tag(name: tag, links: SelfLinks(url + "/tags/" + PercentEncoding.pathSegment(tag)))
            },
            links: SelfLinks(url)
        )
    }

    static func matrixResponse(
        _ query: MatrixQuery,
        _ request: BrokerRequest,
        _ store: BrokerStore
    ) async throws
        -> BrokerResponse
    {
        if case .environment(let name) = query.destination, try await store.environment(named: name) == nil {
            throw BrokerError.validation(["environment": ["Environment with name '\(name)' does not exist"]])
        }
        let (resolved, rows) = try await store.matrix(query, baseURL: request.trustedBaseURL)
        let decision = MatrixDecision.decide(query: query, resolved: resolved, rows: rows)
        let document = MatrixDocument(
            summary: MatrixDocument.Summary(
                deployable: decision.deployable,
                reason: decision.reason,
                success: decision.success,
                failed: decision.failed,
                unknown: decision.unknown,
                ignored: query.ignore.isEmpty ? nil : decision.ignored
            ),
            notices: decision.notices.map { MatrixDocument.Notice(type: $0.type, text: $0.text) },
            matrix: decision.rows.prefix(query.rowLimit).map { row in
                let pactURL = request.url(
                    "pacts",
                    "provider",
                    row.provider,
                    "consumer",
                    row.consumer,
                    "pact-version",
                    row.pactSHA
                )
                return MatrixDocument.Row(
                    consumer: MatrixDocument.Pacticipant(
                        name: row.consumer,
                        version: matrixVersion(row.consumer, row.consumerVersion, request),
                        links: SelfLinks(request.url("pacticipants", row.consumer))
                    ),
                    provider: MatrixDocument.Pacticipant(
                        name: row.provider,
                        version: row.providerVersion.map { matrixVersion(row.provider, $0, request) },
                        links: SelfLinks(request.url("pacticipants", row.provider))
                    ),
                    pact: MatrixDocument.Pact(
                        createdAt: row.pactCreatedAt,
                        links: SelfLinks(
                            request.url(
                                "pacts",
                                "provider",
                                row.provider,
                                "consumer",
                                row.consumer,
                                "version",
                                row.consumerVersion.number
                            )
                        )
                    ),
                    verificationResult: row.verification.map { v in
                        MatrixDocument.VerificationResult(
                            success: v.success,
                            verifiedAt: v.verifiedAt,
                            links: SelfLinks(
                                v.crossContract
                                    ? crossContractURL(
                                        request,
                                        provider: row.provider,
                                        providerVersion: row.providerVersion?.number ?? "",
                                        consumer: row.consumer,
                                        consumerVersion: row.consumerVersion.number
                                    ) : pactURL + "/verification-results/\(v.number)"
                            )
                        )
                    },
                    ignored: row.ignored
                )
            }
        )
        return try .ok(encoding: document)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
