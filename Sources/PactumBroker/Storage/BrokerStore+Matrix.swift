import PactumBrokerWire
import SQLKit

extension BrokerStore {
    /// The rows of a matrix query (``MatrixRows/build(query:history:)``) over the history ``matrixHistory(_:)`` loads.
    /// With a base URL, comparisons run on demand raise their webhook events (their deliveries are sent when the
    /// webhook worker next looks at its queue).
    func matrix(
        _ query: MatrixQuery,
        baseURL: String? = nil
    ) async throws -> (resolved: [ResolvedMatrixSelector], rows: [MatrixRow]) {
        var history = try await matrixHistory(query)
        // Bi-directional pairs not compared yet: compared now (a few per request; the rest stay unknown).
        let missing = history.comparisonsNeeded.filter { history.comparisons[$0]?.done != true }
        if !missing.isEmpty {
            try await CrossContractComparisons.runOnDemand(
                pairs: missing.compactMap { key in
                    history.providerContracts[key.providerVersionID].map {
                        CrossContractComparisons.Pair(contentID: key.contentID, providerContractID: $0.id)
                    }
                },
                self,
                baseURL: baseURL
            )
            try await loadComparisons(&history)
        }
        return MatrixRows.build(query: query, history: history)
    }

    /// The comparisons of the bi-directional pairs the history needs.
    private func loadComparisons(_ history: inout MatrixHistory) async throws {
        let contracts = Dictionary(uniqueKeysWithValues: history.providerContracts.map { ($0.value.id, $0.key) })
        for comparison in try await comparisons(
            contentIDs: Array(Set(history.comparisonsNeeded.map(\.contentID))).sorted(),
            providerContractIDs: contracts.keys.sorted()
        ) {
            guard let providerVersionID = contracts[comparison.providerContractID] else { continue }
            let key = MatrixHistory.Verified(contentID: comparison.contentID, providerVersionID: providerVersionID)
            if history.comparisonsNeeded.contains(key) { history.comparisons[key] = comparison }
        }
    }

    /// Loads what the rows of a matrix query are built from in a fixed number of set-based queries, whatever the
    /// history: one per selector to resolve it, then one for each kind of data (pacts, consumers, counterpart
    /// versions, verifications, version details) over all the versions at once. A pacticipant or environment that
    /// does not exist is refused.
    func matrixHistory(_ query: MatrixQuery) async throws -> MatrixHistory {
        let pacticipants = try await pacticipants(named: query.selectors.map(\.pacticipant))
        var environmentNames = query.selectors.filter { $0.version == nil }.compactMap(\.environment)
        if case .environment(let name) = query.destination { environmentNames.append(name) }
        let environments = try await environmentIDs(named: environmentNames)

        var history = MatrixHistory(specified: [])
        for selector in query.selectors {
            guard let pacticipant = pacticipants[selector.pacticipant] else {
                throw BrokerStoreRefusal(
                    code: .unknownPacticipant,
                    message: "Pacticipant \(selector.pacticipant) not found"
                )
            }
            let versionIDs = try await matrixVersionIDs(
                of: pacticipant,
                selector: selector,
                environments: environments,
                limit: selector.selectsEveryVersion ? query.rowLimit : nil
            )
            history.specified.append(.init(selector: selector, pacticipantID: pacticipant.id, versionIDs: versionIDs))
        }
        let specifiedVersionIDs = Array(Set(history.specified.flatMap(\.versionIDs))).sorted()
        let specifiedPacticipantIDs = Set(history.specified.map(\.pacticipantID))

        // The pacts of the specified versions as consumers, and the consumers of the specified pacticipants.
        if !specifiedVersionIDs.isEmpty {
            for pact in try await matrixPublications("pp.consumer_version_id \(isIn: specifiedVersionIDs)") {
                history.pactsOfVersion[pact.consumerVersionID, default: []].append(pact)
            }
            // One index probe per pacticipant pair: the cost follows the pacticipants, not the publications. (A
            // scalar `LIMIT 1` subquery, not `EXISTS`, which PostgreSQL turns into a pass over every publication:
            // 68 ms instead of 0.7 ms at the benchmark's medium scale.)
            let rows = try await db.raw(
                """
                SELECT p.id AS provider_id, c.id AS consumer_id, c.name FROM pacticipants p, pacticipants c
                WHERE p.id \(isIn: Array(specifiedPacticipantIDs).sorted())
                  AND (SELECT 1 FROM pact_publications pp WHERE pp.provider_id = p.id AND pp.consumer_id = c.id
                    LIMIT 1) IS NOT NULL
                ORDER BY p.id, c.id
                """
            ).all()
            for row in rows {
                history.consumers[try row.decode(column: "provider_id", as: Int.self), default: []].append(
                    .init(
                        id: try row.decode(column: "consumer_id", as: Int.self),
                        name: try row.decode(column: "name", as: String.self)
                    )
                )
            }
        }

        // The counterpart versions: named by the destination, or inferred from the verifications without one.
        let counterparts = Set(
            history.pactsOfVersion.values.joined().map(\.providerID) + history.consumers.values.joined().map(\.id)
        ).subtracting(specifiedPacticipantIDs)
        // Without a destination, the rows infer a counterpart only for a pacticipant no selector names, and only
        // when one pacticipant is specified (with more, the rows are those between them).
        let infers = !history.onlyBetweenSpecified(query)
        let unspecifiedProviderContents =
            infers
            ? Array(
                Set(
                    history.pactsOfVersion.values.joined().filter { !specifiedPacticipantIDs.contains($0.providerID) }
                        .map(\.contentID)
                )
            ).sorted() : []
        let unspecifiedConsumers =
            infers
            ? Array(Set(history.consumers.values.joined().map(\.id)).subtracting(specifiedPacticipantIDs)).sorted() : []
        if let destination = query.destination {
            if !counterparts.isEmpty {
                history.destinationVersions = try await destinationVersionIDs(
                    of: Array(counterparts).sorted(),
                    destination,
                    environments: environments
                )
            }
        } else {
            if !unspecifiedProviderContents.isEmpty {
                for row in try await db.raw(
                    """
                    SELECT pact_content_id, provider_version_id FROM verifications WHERE id IN (
                      SELECT MAX(id) FROM verifications WHERE pact_content_id \(isIn: unspecifiedProviderContents)
                      GROUP BY pact_content_id)
                    """
                ).all() {
                    history.latestVerifier[try row.decode(column: "pact_content_id", as: Int.self)] =
                        try row.decode(column: "provider_version_id", as: Int.self)
                }
                // A pact nobody verified, with a provider that publishes provider contracts: its newest one.
                let unverified = history.pactsOfVersion.values.joined().filter {
                    !specifiedPacticipantIDs.contains($0.providerID) && history.latestVerifier[$0.contentID] == nil
                }
                let providers = Array(Set(unverified.map(\.providerID))).sorted()
                if !providers.isEmpty {
                    var newest: [Int: Int] = [:]
                    for row in try await db.raw(
                        """
                        SELECT provider_id, MAX(provider_version_id) AS provider_version_id FROM provider_contracts
                        WHERE provider_id \(isIn: providers) GROUP BY provider_id
                        """
                    ).all() {
                        newest[try row.decode(column: "provider_id", as: Int.self)] =
                            try row.decode(column: "provider_version_id", as: Int.self)
                    }
                    for pact in unverified { history.latestVerifier[pact.contentID] = newest[pact.providerID] }
                }
            }
            if !unspecifiedConsumers.isEmpty {
                // For each content a provider version verified, the newest consumer version with it: one backward
                // probe of `pact_publications (pact_content_id, provider_id, consumer_id, consumer_version_id)`
                // each, not every publication of the content (90 ms → 25 ms at the benchmark's medium scale).
                for row in try await db.raw(
                    """
                    SELECT x.provider_version_id, x.consumer_id, MAX(x.consumer_version_id) AS consumer_version_id
                    FROM (
                      SELECT d.provider_version_id, d.consumer_id, (
                        SELECT pp.consumer_version_id FROM pact_publications pp
                        WHERE pp.pact_content_id = d.pact_content_id AND pp.provider_id = d.provider_id
                          AND pp.consumer_id = d.consumer_id
                        ORDER BY pp.consumer_version_id DESC LIMIT 1) AS consumer_version_id
                      FROM (
                        SELECT DISTINCT vr.provider_version_id, vr.consumer_id, vr.pact_content_id,
                          pv.pacticipant_id AS provider_id
                        FROM verifications vr JOIN versions pv ON pv.id = vr.provider_version_id
                        WHERE vr.provider_version_id \(isIn: specifiedVersionIDs)
                          AND vr.consumer_id \(isIn: unspecifiedConsumers)
                      ) d
                    ) x
                    GROUP BY x.provider_version_id, x.consumer_id
                    """
                ).all() {
                    // NULL when none of the contents has a publication left (filtered here: in SQL the subquery
                    // would run twice).
                    guard let consumerVersionID = try row.decode(column: "consumer_version_id", as: Int?.self)
                    else { continue }
                    history.latestVerifiedConsumerVersion[
                        try row.decode(column: "provider_version_id", as: Int.self),
                        default: [:]
                    ][try row.decode(column: "consumer_id", as: Int.self)] = consumerVersionID
                }
                // A specified provider version with a provider contract: each consumer's newest pact with the
                // provider is compared with it (when that consumer has no verified one).
                for row in try await db.raw(
                    """
                    SELECT pc.provider_version_id, pp.consumer_id, MAX(pp.consumer_version_id) AS consumer_version_id
                    FROM provider_contracts pc JOIN pact_publications pp ON pp.provider_id = pc.provider_id
                    WHERE pc.provider_version_id \(isIn: specifiedVersionIDs)
                      AND pp.consumer_id \(isIn: unspecifiedConsumers)
                    GROUP BY pc.provider_version_id, pp.consumer_id
                    """
                ).all() {
                    let providerVersionID = try row.decode(column: "provider_version_id", as: Int.self)
                    let consumerID = try row.decode(column: "consumer_id", as: Int.self)
                    if history.latestVerifiedConsumerVersion[providerVersionID]?[consumerID] == nil {
                        history.latestVerifiedConsumerVersion[providerVersionID, default: [:]][consumerID] =
                            try row.decode(column: "consumer_version_id", as: Int.self)
                    }
                }
            }
        }

        // The pacts of the counterpart consumer versions with the specified providers.
        let consumerVersionIDs = Array(
            Set(
                history.consumers.values.joined().flatMap { consumer in
                    history.specified.filter { $0.pacticipantID == consumer.id }.flatMap(\.versionIDs)
                        + (history.destinationVersions[consumer.id] ?? [])
                }
                    + history.latestVerifiedConsumerVersion.values.flatMap(\.values)
            )
        ).sorted()
        if !consumerVersionIDs.isEmpty {
            for pact in try await matrixPublications(
                """
                pp.consumer_version_id \(isIn: consumerVersionIDs) \
                AND pp.provider_id \(isIn: Array(specifiedPacticipantIDs).sorted())
                """
            ) {
                let key = MatrixHistory.Pact(consumerVersionID: pact.consumerVersionID, providerID: pact.providerID)
                if history.pactsWithProvider[key] == nil { history.pactsWithProvider[key] = pact }
            }
        }

        // The newest verification of each pact content by each provider version in scope.
        let contents = history.pactsOfVersion.values.joined().filter {
            infers || specifiedPacticipantIDs.contains($0.providerID)
        }.map(\.contentID)
        let verifiedContents = Array(Set(contents + history.pactsWithProvider.values.map(\.contentID))).sorted()
        let providerVersionIDs = Array(
            Set(
                specifiedVersionIDs + history.destinationVersions.values.joined() + history.latestVerifier.values
            )
        ).sorted()
        if !verifiedContents.isEmpty, !providerVersionIDs.isEmpty {
            for row in try await db.raw(
                """
                SELECT id, pact_content_id, provider_version_id, success, created_at FROM verifications WHERE id IN (
                  SELECT MAX(id) FROM verifications WHERE pact_content_id \(isIn: verifiedContents)
                  AND provider_version_id \(isIn: providerVersionIDs) GROUP BY pact_content_id, provider_version_id)
                """
            ).all() {
                let key = MatrixHistory.Verified(
                    contentID: try row.decode(column: "pact_content_id", as: Int.self),
                    providerVersionID: try row.decode(column: "provider_version_id", as: Int.self)
                )
                history.verifications[key] = MatrixVerification(
                    number: try row.decode(column: "id", as: Int.self),
                    success: try row.decode(column: "success", as: Int.self) != 0,
                    verifiedAt: try row.decode(column: "created_at", as: String.self)
                )
            }
        }

        // Bi-directional pairs: a content and a provider version of its provider with a provider contract, without a
        // verification result.
        if !verifiedContents.isEmpty, !providerVersionIDs.isEmpty {
            for (versionID, contract) in try await providerContracts(providerVersionIDs: providerVersionIDs) {
                history.providerContracts[versionID] = .init(
                    id: contract.id,
                    providerID: contract.providerID,
                    selfVerification: contract.selfVerification.success
                )
            }
            if !history.providerContracts.isEmpty {
                var providerOfContent: [Int: Int] = [:]
                for pact in history.pactsOfVersion.values.joined() {
                    providerOfContent[pact.contentID] = pact.providerID
                }
                for pact in history.pactsWithProvider.values { providerOfContent[pact.contentID] = pact.providerID }
                for (contentID, providerID) in providerOfContent {
                    for (versionID, contract) in history.providerContracts where contract.providerID == providerID {
                        let key = MatrixHistory.Verified(contentID: contentID, providerVersionID: versionID)
                        if history.verifications[key] == nil { history.comparisonsNeeded.insert(key) }
                    }
                }
                try await loadComparisons(&history)
            }
        }

        history.versions = try await matrixVersions(
            ids: Array(Set(providerVersionIDs + consumerVersionIDs)).sorted()
        )
        return history
    }

    /// The pacticipants with these names, by name.
    private func pacticipants(named names: [String]) async throws -> [String: (id: Int, mainBranch: String?)] {
        let names = Array(Set(names)).sorted()
        guard !names.isEmpty else { return [:] }
        var result: [String: (id: Int, mainBranch: String?)] = [:]
        for row in try await db.raw("SELECT id, name, main_branch FROM pacticipants WHERE name \(isIn: names)")
            .all()
        {
            result[try row.decode(column: "name", as: String.self)] = (
                try row.decode(column: "id", as: Int.self), try row.decode(column: "main_branch", as: String?.self)
            )
        }
        return result
    }

    /// The ids of the environments with these names, by name.
    private func environmentIDs(named names: [String]) async throws -> [String: Int] {
        let names = Array(Set(names)).sorted()
        guard !names.isEmpty else { return [:] }
        var result: [String: Int] = [:]
        for row in try await db.raw("SELECT id, name FROM environments WHERE name \(isIn: names)").all() {
            result[try row.decode(column: "name", as: String.self)] = try row.decode(column: "id", as: Int.self)
        }
        return result
    }

    /// The ids of the versions a selector stands for, newest first (at most `limit` of them when it stands for many).
    private func matrixVersionIDs(
        of pacticipant: (id: Int, mainBranch: String?),
        selector: MatrixSelector,
        environments: [String: Int],
        limit: Int?
    ) async throws -> [Int] {
        if let number = selector.version {
            return try await db.raw(
                "SELECT id FROM versions WHERE pacticipant_id = \(bind: pacticipant.id) AND number = \(bind: number)"
            ).all().map { try $0.decode(column: "id", as: Int.self) }
        }
        if let environmentName = selector.environment {
            guard let environmentID = environments[environmentName] else {
                throw Self.unknownEnvironment(environmentName)
            }
            return try await versionIDsInEnvironment(environmentID, pacticipantIDs: [pacticipant.id])[pacticipant.id]
                ?? []
        }
        let branch = selector.mainBranch ? pacticipant.mainBranch : selector.branch
        if selector.mainBranch, branch == nil { return [] }
        var query: SQLQueryString = "SELECT v.id FROM versions v WHERE v.pacticipant_id = \(bind: pacticipant.id)"
        if let tag = selector.tag {
            query += " AND EXISTS (SELECT 1 FROM tags t WHERE t.version_id = v.id AND t.name = \(bind: tag))"
        }
        if let branch {
            query +=
                " AND EXISTS (SELECT 1 FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = v.id AND b.name = \(bind: branch))"
        }
        query += " ORDER BY v.id DESC"
        if selector.latest || selector.mainBranch {
            query += " LIMIT 1"
        } else if let limit {
            query += " LIMIT \(bind: limit)"
        }
        return try await db.raw(query).all().map { try $0.decode(column: "id", as: Int.self) }
    }

    /// The versions of the pacticipants currently deployed to or supported in an environment, newest first.
    private func versionIDsInEnvironment(_ environmentID: Int, pacticipantIDs: [Int]) async throws -> [Int: [Int]] {
        var result: [Int: [Int]] = [:]
        for row in try await db.raw(
            """
            SELECT pacticipant_id, version_id FROM deployed_versions WHERE environment_id = \(bind: environmentID)
              AND currently_deployed = 1 AND pacticipant_id \(isIn: pacticipantIDs)
            UNION
            SELECT pacticipant_id, version_id FROM released_versions WHERE environment_id = \(bind: environmentID)
              AND currently_supported = 1 AND pacticipant_id \(isIn: pacticipantIDs)
            ORDER BY version_id DESC
            """
        ).all() {
            result[try row.decode(column: "pacticipant_id", as: Int.self), default: []].append(
                try row.decode(column: "version_id", as: Int.self)
            )
        }
        return result
    }

    /// The counterpart versions a destination names for each pacticipant, newest first.
    private func destinationVersionIDs(
        of pacticipantIDs: [Int],
        _ destination: MatrixDestination,
        environments: [String: Int]
    ) async throws -> [Int: [Int]] {
        let query: SQLQueryString
        switch destination {
        case .environment(let name):
            guard let environmentID = environments[name] else { throw Self.unknownEnvironment(name) }
            return try await versionIDsInEnvironment(environmentID, pacticipantIDs: pacticipantIDs)
        // Each pacticipant's versions walked backwards (`versions (pacticipant_id, id)`) until one qualifies: a few
        // index probes when the tag or branch is in use, instead of every tagged version of every pacticipant. The
        // checks are scalar subqueries (`LIMIT 1`) so that PostgreSQL keeps the walk instead of a join.
        case .tag(let tag):
            query = """
                SELECT c.id AS pacticipant_id, (SELECT v.id FROM versions v WHERE v.pacticipant_id = c.id
                  AND (SELECT 1 FROM tags t WHERE t.version_id = v.id AND t.name = \(bind: tag) LIMIT 1) IS NOT NULL
                  ORDER BY v.id DESC LIMIT 1) AS version_id
                FROM pacticipants c WHERE c.id \(isIn: pacticipantIDs)
                """
        case .latest:
            query = """
                SELECT c.id AS pacticipant_id, (SELECT MAX(v.id) FROM versions v WHERE v.pacticipant_id = c.id) AS version_id
                FROM pacticipants c WHERE c.id \(isIn: pacticipantIDs)
                """
        case .mainBranch:
            query = """
                SELECT c.id AS pacticipant_id, (SELECT bv.version_id FROM branches b
                  JOIN branch_versions bv ON bv.branch_id = b.id
                  WHERE b.pacticipant_id = c.id AND b.name = c.main_branch
                  ORDER BY bv.version_id DESC LIMIT 1) AS version_id
                FROM pacticipants c WHERE c.id \(isIn: pacticipantIDs)
                """
        }
        var result: [Int: [Int]] = [:]
        for row in try await db.raw(query).all() {
            guard let versionID = try row.decode(column: "version_id", as: Int?.self) else { continue }
            result[try row.decode(column: "pacticipant_id", as: Int.self)] = [versionID]
        }
        return result
    }

    /// Pacts, newest consumer version first (in publication order for one consumer version).
    private func matrixPublications(_ filter: SQLQueryString) async throws -> [MatrixHistory.Publication] {
        try await db.raw(
            """
            SELECT pp.consumer_id, c.name AS consumer_name, pp.consumer_version_id, pp.provider_id,
              p.name AS provider_name, pp.pact_content_id, pc.sha, pp.created_at
            FROM pact_publications pp
            JOIN pacticipants c ON c.id = pp.consumer_id
            JOIN pacticipants p ON p.id = pp.provider_id
            JOIN pact_contents pc ON pc.id = pp.pact_content_id
            WHERE \(filter) ORDER BY pp.consumer_version_id DESC, pp.id
            """
        ).all().map { row in
            MatrixHistory.Publication(
                consumerID: try row.decode(column: "consumer_id", as: Int.self),
                consumer: try row.decode(column: "consumer_name", as: String.self),
                consumerVersionID: try row.decode(column: "consumer_version_id", as: Int.self),
                providerID: try row.decode(column: "provider_id", as: Int.self),
                provider: try row.decode(column: "provider_name", as: String.self),
                contentID: try row.decode(column: "pact_content_id", as: Int.self),
                sha: try row.decode(column: "sha", as: String.self),
                createdAt: try row.decode(column: "created_at", as: String.self)
            )
        }
    }

    /// The versions with their branches, tags and the environments they are currently in: two queries.
    private func matrixVersions(ids: [Int]) async throws -> [Int: MatrixVersion] {
        guard !ids.isEmpty else { return [:] }
        var versions: [Int: MatrixVersion] = [:]
        for row in try await db.raw("SELECT id, number FROM versions WHERE id \(isIn: ids)").all() {
            let id = try row.decode(column: "id", as: Int.self)
            versions[id] = MatrixVersion(id: id, number: try row.decode(column: "number", as: String.self))
        }
        var environments: [Int: Set<String>] = [:]
        for row in try await db.raw(
            """
            SELECT 'b' AS kind, bv.version_id, b.name, bv.id AS position FROM branch_versions bv
              JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id \(isIn: ids)
            UNION ALL
            SELECT 't' AS kind, t.version_id, t.name, t.id AS position FROM tags t WHERE t.version_id \(isIn: ids)
            UNION ALL
            SELECT 'e' AS kind, d.version_id, e.name, d.id AS position FROM deployed_versions d
              JOIN environments e ON e.id = d.environment_id
              WHERE d.version_id \(isIn: ids) AND d.currently_deployed = 1
            UNION ALL
            SELECT 'e' AS kind, r.version_id, e.name, r.id AS position FROM released_versions r
              JOIN environments e ON e.id = r.environment_id
              WHERE r.version_id \(isIn: ids) AND r.currently_supported = 1
            ORDER BY kind, position
            """
        ).all() {
            let id = try row.decode(column: "version_id", as: Int.self)
            let name = try row.decode(column: "name", as: String.self)
            switch try row.decode(column: "kind", as: String.self) {
            case "b": versions[id]?.branches.append(name)
            case "t": versions[id]?.tags.append(name)
            default: environments[id, default: []].insert(name)
            }
        }
        for (id, names) in environments { versions[id]?.environments = names.sorted() }
        return versions
    }

    private static func unknownEnvironment(_ name: String) -> BrokerStoreRefusal {
        BrokerStoreRefusal(code: .unknownEnvironment, message: "Environment with name '\(name)' does not exist")
    }
}
