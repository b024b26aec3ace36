import SQLKit

/// A consumer–provider pair that has at least one pact.
struct IntegrationRecord: Sendable, Hashable {
    var consumerID: Int
    var consumerName: String
    var providerID: Int
    var providerName: String
}

/// A version's branches and tags, looked up for a page of versions at once.
struct VersionLabels: Sendable, Hashable {
    var branches: [String] = []
    var tags: [String] = []
}

extension BrokerStore {
    /// Integrations ordered by consumer then provider name, `limit` of them from `offset` (every one when `limit` is
    /// nil). The distinct pairs come from a loose index scan of `pact_publications (provider_id, consumer_id, …)`:
    /// one index seek per pacticipant and per integration, never a scan of every publication. (The subqueries order
    /// by every column of that index so that PostgreSQL uses it rather than the `consumer_id` index plus a filter.)
    func integrations(limit: Int? = nil, offset: Int = 0) async throws -> [IntegrationRecord] {
        var query: SQLQueryString = """
            WITH RECURSIVE pairs(provider_id, consumer_id) AS (
              SELECT p.id, (SELECT pp.consumer_id FROM pact_publications pp WHERE pp.provider_id = p.id
                ORDER BY pp.provider_id, pp.consumer_id, pp.consumer_version_id LIMIT 1)
              FROM pacticipants p
              UNION ALL
              SELECT pairs.provider_id, (SELECT pp.consumer_id FROM pact_publications pp
                WHERE pp.provider_id = pairs.provider_id AND pp.consumer_id > pairs.consumer_id
                ORDER BY pp.provider_id, pp.consumer_id, pp.consumer_version_id LIMIT 1)
              FROM pairs WHERE pairs.consumer_id IS NOT NULL
            )
            SELECT pairs.provider_id, pairs.consumer_id, c.name AS consumer_name, p.name AS provider_name
            FROM pairs JOIN pacticipants c ON c.id = pairs.consumer_id JOIN pacticipants p ON p.id = pairs.provider_id
            ORDER BY c.name, p.name
            """
        if let limit { query += " LIMIT \(bind: limit) OFFSET \(bind: offset)" }
        return try await db.raw(query).all().map { row in
            IntegrationRecord(
                consumerID: try row.decode(column: "consumer_id", as: Int.self),
                consumerName: try row.decode(column: "consumer_name", as: String.self),
                providerID: try row.decode(column: "provider_id", as: Int.self),
                providerName: try row.decode(column: "provider_name", as: String.self)
            )
        }
    }

    /// The newest publication of each integration, in one query (one index seek per integration). The integrations
    /// are a derived table and the seek one correlated subquery, planned once (a subquery per integration cost
    /// PostgreSQL 10 ms of planning for a page of 50).
    func latestPublications(of integrations: [IntegrationRecord]) async throws -> [PublicationRecord] {
        guard !integrations.isEmpty else { return [] }
        var pairs: SQLQueryString = ""
        for (index, integration) in integrations.enumerated() {
            pairs +=
                index == 0
                ? "SELECT \(bind: integration.providerID) AS provider_id, \(bind: integration.consumerID) AS consumer_id"
                : " UNION ALL SELECT \(bind: integration.providerID), \(bind: integration.consumerID)"
        }
        return try await publications(
            """
            pp.id IN (SELECT (SELECT pp2.id FROM pact_publications pp2 WHERE pp2.provider_id = x.provider_id
              AND pp2.consumer_id = x.consumer_id ORDER BY pp2.consumer_version_id DESC LIMIT 1) FROM (\(pairs)) x)
            """
        )
    }

    /// The newest verification of each publication's content by its provider, in one query, by content id (one
    /// backward probe of `verifications (pact_content_id, provider_id, id)` each).
    func latestVerifications(of publications: [PublicationRecord]) async throws -> [Int: VerificationRecord] {
        guard !publications.isEmpty else { return [:] }
        var result: [Int: VerificationRecord] = [:]
        for record in try await verifications(
            """
            vr.id IN (SELECT (SELECT MAX(v2.id) FROM verifications v2 WHERE v2.pact_content_id = pp.pact_content_id
              AND v2.provider_id = pp.provider_id) FROM pact_publications pp
              WHERE pp.id \(isIn: publications.map(\.id)))
            """
        ) {
            result[record.contentID] = record
        }
        return result
    }

    /// The branches and tags of some versions (two queries, whatever the number of versions).
    func labels(versionIDs: [Int]) async throws -> [Int: VersionLabels] {
        let ids = Array(Set(versionIDs)).sorted()
        guard !ids.isEmpty else { return [:] }
        var result: [Int: VersionLabels] = [:]
        for row in try await db.raw(
            """
            SELECT bv.version_id, b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
            WHERE bv.version_id \(isIn: ids) ORDER BY bv.id
            """
        ).all() {
            let id = try row.decode(column: "version_id", as: Int.self)
            result[id, default: VersionLabels()].branches.append(try row.decode(column: "name", as: String.self))
        }
        for row in try await db.raw(
            "SELECT version_id, name FROM tags WHERE version_id \(isIn: ids) ORDER BY id"
        ).all() {
            let id = try row.decode(column: "version_id", as: Int.self)
            result[id, default: VersionLabels()].tags.append(try row.decode(column: "name", as: String.self))
        }
        return result
    }

    /// A page of the pacts between a consumer and a provider, newest consumer version first.
    func publicationsPage(
        consumerID: Int,
        providerID: Int,
        limit: Int,
        offset: Int
    ) async throws
        -> [PublicationRecord]
    {
        try await publications(
            "pp.consumer_id = \(bind: consumerID) AND pp.provider_id = \(bind: providerID)",
            order: "ORDER BY pp.consumer_version_id DESC LIMIT \(limit) OFFSET \(offset)"
        )
    }

    /// The newest verification of a content by the provider (nil when it was never verified).
    func latestVerification(contentID: Int, providerID: Int) async throws -> VerificationRecord? {
        try await verifications(
            "vr.pact_content_id = \(bind: contentID) AND vr.provider_id = \(bind: providerID)",
            limit: 1
        ).first
    }

    /// For each content, the newest verification by each of the newest `limit` provider versions that verified it
    /// (by content id): one query for every content, whatever their number.
    func latestVerificationsByProviderVersion(
        contentIDs: [Int],
        providerID: Int,
        limit: Int
    ) async throws
        -> [Int: [VerificationRecord]]
    {
        let contentIDs = Array(Set(contentIDs)).sorted()
        guard !contentIDs.isEmpty else { return [:] }
        // A provider version usually verifies a content once; read a few more rows than needed for repeats. Each
        // content is one backward walk of `verifications (pact_content_id, provider_id, id)`.
        var newest: SQLQueryString = ""
        for (index, contentID) in contentIDs.enumerated() {
            if index > 0 { newest += " UNION ALL " }
            newest += """
                SELECT id FROM (SELECT v2.id FROM verifications v2 WHERE v2.pact_content_id = \(bind: contentID)
                  AND v2.provider_id = \(bind: providerID) ORDER BY v2.id DESC LIMIT \(bind: limit * 4)) x\(unsafeRaw: String(index))
                """
        }
        var seen: Set<[Int]> = []
        var result: [Int: [VerificationRecord]] = [:]
        for record in try await verifications("vr.id IN (\(newest))")
        where (result[record.contentID]?.count ?? 0) < limit
            && seen.insert([record.contentID, record.providerVersionID]).inserted
        {
            result[record.contentID, default: []].append(record)
        }
        return result
    }

    /// Every version currently deployed to or released in some environment (one row a deployment or release).
    func currentDeployments() async throws -> (deployed: [DeploymentRecord], released: [DeploymentRecord]) {
        (
            try await deployedVersions("d.currently_deployed = 1"),
            try await releasedVersions("d.currently_supported = 1")
        )
    }
}
