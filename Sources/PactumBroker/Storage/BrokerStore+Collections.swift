import SQLKit

extension BrokerStore {
    /// A filter on the consumer version of a publication (`pp`, consumer `c`): on the named branch, or on the
    /// consumer's own main branch when `branch` is nil.
    static func onBranch(_ branch: String?) -> SQLQueryString {
        var filter = SQLQueryString(
            " AND EXISTS (SELECT 1 FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id"
                + " WHERE bv.version_id = pp.consumer_version_id AND b.name = "
        )
        if let branch {
            filter += "\(bind: branch))"
        } else {
            filter += "c.main_branch)"
        }
        return filter
    }

    /// The provider's publications from consumer versions on a branch (nil: each consumer's main branch),
    /// optionally of one consumer, newest first; with `latestOnly` the newest of each consumer only.
    func branchPublications(
        providerID: Int,
        consumerID: Int? = nil,
        branch: String?,
        latestOnly: Bool
    ) async throws -> [PublicationRecord] {
        var filter: SQLQueryString = "pp.provider_id = \(bind: providerID)"
        if let consumerID { filter += " AND pp.consumer_id = \(bind: consumerID)" }
        filter += Self.onBranch(branch)
        let all = try await publications(filter, order: "ORDER BY c.name, pp.consumer_version_id DESC")
        guard latestOnly else { return all }
        var seen: Set<Int> = []
        return all.filter { seen.insert($0.consumerID).inserted }
    }

    /// Whether some consumer version with a pact for the provider is on a branch with this name.
    func hasBranchPublications(providerID: Int, consumerID: Int? = nil, branch: String) async throws -> Bool {
        var filter: SQLQueryString = "pp.provider_id = \(bind: providerID)"
        if let consumerID { filter += " AND pp.consumer_id = \(bind: consumerID)" }
        filter += Self.onBranch(branch)
        return try await !publications(filter, order: "LIMIT 1").isEmpty
    }

    /// The provider's publications from consumer versions currently deployed or released (and supported) in the
    /// environment with that name.
    func environmentPublications(providerID: Int, environmentID: Int) async throws -> [PublicationRecord] {
        try await publications(
            """
            pp.provider_id = \(bind: providerID) AND (EXISTS (SELECT 1 FROM deployed_versions d
              WHERE d.version_id = pp.consumer_version_id AND d.environment_id = \(bind: environmentID) AND d.currently_deployed = 1)
            OR EXISTS (SELECT 1 FROM released_versions r
              WHERE r.version_id = pp.consumer_version_id AND r.environment_id = \(bind: environmentID) AND r.currently_supported = 1))
            """,
            order: "ORDER BY c.name, pp.consumer_version_id DESC"
        )
    }

    /// The newest publication before `publication` (same consumer and provider) whose content differs from it.
    func previousDistinctPublication(_ publication: PublicationRecord) async throws -> PublicationRecord? {
        try await publications(
            """
            pp.consumer_id = \(bind: publication.consumerID) AND pp.provider_id = \(bind: publication.providerID)
            AND pp.consumer_version_id < \(bind: publication.consumerVersionID) AND pc.sha <> \(bind: publication.sha)
            """,
            order: "ORDER BY pp.consumer_version_id DESC LIMIT 1"
        ).first
    }
}
