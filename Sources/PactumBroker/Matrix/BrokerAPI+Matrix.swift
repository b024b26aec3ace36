import Foundation
import Hummingbird
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

    static func matrixVersionJSON(_ pacticipant: String, _ v: MatrixVersion, _ request: BrokerRequest) -> JSONValue {
        let url = request.url("pacticipants", pacticipant, "versions", v.number)
        return object([
            ("number", .string(v.number)),
            ("branch", v.branches.last.json),
            ("branches", .array(v.branches.map { ["name": .string($0)] })),
            ("branchVersions", .array(v.branches.map { ["name": .string($0)] })),
            ("environments", .array(v.environments.map { ["name": .string($0)] })),
            (
                "tags",
                .array(
                    v.tags.map { tag in
                        [
                            "name": .string(tag),
                            "_links": ["self": link(url + "/tags/" + BrokerRequest.encodeSegment(tag))],
                        ]
                    }
                )
            ),
            ("_links", ["self": link(url)]),
        ])
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
        let (resolved, rows) = try await store.matrix(query)
        let decision = MatrixDecision.decide(query: query, resolved: resolved, rows: rows)
        let items: [JSONValue] = decision.rows.prefix(query.limit).map { row in
            object([
                (
                    "consumer",
                    [
                        "name": .string(row.consumer),
                        "version": matrixVersionJSON(row.consumer, row.consumerVersion, request),
                        "_links": ["self": link(request.url("pacticipants", row.consumer))],
                    ]
                ),
                (
                    "provider",
                    [
                        "name": .string(row.provider),
                        "version": row.providerVersion.map { matrixVersionJSON(row.provider, $0, request) } ?? .null,
                        "_links": ["self": link(request.url("pacticipants", row.provider))],
                    ]
                ),
                (
                    "pact",
                    [
                        "createdAt": .string(row.pactCreatedAt),
                        "_links": [
                            "self": link(
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
                        ],
                    ]
                ),
                (
                    "verificationResult",
                    row.verification.map { v in
                        [
                            "success": .bool(v.success), "verifiedAt": .string(v.verifiedAt),
                            "_links": [
                                "self": link(
                                    request.url(
                                        "pacts",
                                        "provider",
                                        row.provider,
                                        "consumer",
                                        row.consumer,
                                        "pact-version",
                                        row.pactSHA
                                    )
                                        + "/verification-results/\(v.number)"
                                )
                            ],
                        ]
                    } ?? .null
                ),
                ("ignored", row.ignored ? true : nil),
            ])
        }
        var summary: [String: JSONValue] = [
            "deployable": decision.deployable.map(JSONValue.bool) ?? .null,
            "reason": .string(decision.reason),
            "success": .integer(decision.success),
            "failed": .integer(decision.failed),
            "unknown": .integer(decision.unknown),
        ]
        if !query.ignore.isEmpty { summary["ignored"] = .integer(decision.ignored) }
        return .ok([
            "summary": .object(summary),
            "notices": .array(decision.notices.map { ["type": .string($0.type), "text": .string($0.text)] }),
            "matrix": .array(items),
        ])
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
