import PactumCore
import SQLKit

/// A publication: a consumer version's pact with one provider.
struct PublicationRecord: Sendable, Hashable {
    var id: Int
    var consumerID: Int
    var consumerName: String
    var consumerVersionID: Int
    var consumerVersionNumber: String
    var providerID: Int
    var providerName: String
    var contentID: Int
    var sha: String
    var createdAt: String
}

extension BrokerStore {
    private static let publicationSelect = """
        SELECT pp.id, pp.consumer_id, c.name AS consumer_name, pp.consumer_version_id, v.number AS version_number,
          pp.provider_id, p.name AS provider_name, pp.pact_content_id, pc.sha, pp.created_at
        FROM pact_publications pp
        JOIN pacticipants c ON c.id = pp.consumer_id
        JOIN pacticipants p ON p.id = pp.provider_id
        JOIN versions v ON v.id = pp.consumer_version_id
        JOIN pact_contents pc ON pc.id = pp.pact_content_id
        """

    private func publication(from row: any SQLRow) throws -> PublicationRecord {
        PublicationRecord(
            id: try row.decode(column: "id", as: Int.self),
            consumerID: try row.decode(column: "consumer_id", as: Int.self),
            consumerName: try row.decode(column: "consumer_name", as: String.self),
            consumerVersionID: try row.decode(column: "consumer_version_id", as: Int.self),
            consumerVersionNumber: try row.decode(column: "version_number", as: String.self),
            providerID: try row.decode(column: "provider_id", as: Int.self),
            providerName: try row.decode(column: "provider_name", as: String.self),
            contentID: try row.decode(column: "pact_content_id", as: Int.self),
            sha: try row.decode(column: "sha", as: String.self),
            createdAt: try row.decode(column: "created_at", as: String.self)
        )
    }

    func publications(
        _ filter: SQLQueryString,
        order: String = "ORDER BY pp.consumer_version_id DESC"
    ) async throws
        -> [PublicationRecord]
    {
        let query = SQLQueryString(Self.publicationSelect) + " WHERE " + filter + SQLQueryString(" " + order)
        return try await db.raw(query).all().map(publication(from:))
    }

    func publication(consumerVersionID: Int, providerID: Int) async throws -> PublicationRecord? {
        try await publications(
            "pp.consumer_version_id = \(bind: consumerVersionID) AND pp.provider_id = \(bind: providerID)"
        ).first
    }

    /// The publication of the same integration for the consumer version before `publication`'s.
    func publication(before publication: PublicationRecord) async throws -> PublicationRecord? {
        try await publications(
            """
            pp.consumer_id = \(bind: publication.consumerID) AND pp.provider_id = \(bind: publication.providerID)
            AND pp.consumer_version_id < \(bind: publication.consumerVersionID)
            """,
            order: "ORDER BY pp.consumer_version_id DESC LIMIT 1"
        ).first
    }

    /// The publications of the content a verification result verified, between its consumer and provider
    /// (of one consumer version when given), newest consumer version first.
    func publications(
        verifiedBy verification: VerificationRecord,
        consumerVersionID: Int? = nil
    ) async throws -> [PublicationRecord] {
        var filter: SQLQueryString = """
            pp.pact_content_id = \(bind: verification.contentID) AND p.name = \(bind: verification.providerName) \
            AND c.name = \(bind: verification.consumerName)
            """
        if let consumerVersionID { filter = filter + " AND pp.consumer_version_id = \(bind: consumerVersionID)" }
        return try await publications(filter)
    }

    /// The newest `limit` publications of the broker.
    func newestPublications(limit: Int) async throws -> [PublicationRecord] {
        try await publications("1 = 1", order: "ORDER BY pp.id DESC LIMIT \(limit)")
    }

    /// Every publication between a consumer and a provider, newest consumer version first.
    func publications(consumerID: Int, providerID: Int) async throws -> [PublicationRecord] {
        try await publications("pp.consumer_id = \(bind: consumerID) AND pp.provider_id = \(bind: providerID)")
    }

    /// The publication of the pact content `sha` between a consumer and a provider (its newest consumer version).
    func publication(consumerID: Int, providerID: Int, sha: String) async throws -> PublicationRecord? {
        try await publications(
            "pp.consumer_id = \(bind: consumerID) AND pp.provider_id = \(bind: providerID) AND pc.sha = \(bind: sha)"
        ).first
    }

    /// The newest publication between a consumer and a provider, optionally of a version with a tag / on a branch.
    func latestPublication(
        consumerID: Int,
        providerID: Int,
        tag: String? = nil,
        branch: String? = nil
    ) async throws
        -> PublicationRecord?
    {
        var filter: SQLQueryString = "pp.consumer_id = \(bind: consumerID) AND pp.provider_id = \(bind: providerID)"
        if let tag {
            filter +=
                " AND EXISTS (SELECT 1 FROM tags t WHERE t.version_id = pp.consumer_version_id AND t.name = \(bind: tag))"
        }
        if let branch {
            filter +=
                " AND EXISTS (SELECT 1 FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = pp.consumer_version_id AND b.name = \(bind: branch))"
        }
        return try await publications(filter, order: "ORDER BY pp.consumer_version_id DESC LIMIT 1").first
    }

    /// The newest publication of each consumer of the provider.
    func latestPublications(providerID: Int? = nil, tag: String? = nil) async throws -> [PublicationRecord] {
        var filter: SQLQueryString =
            "pp.consumer_version_id = (SELECT MAX(pp2.consumer_version_id) FROM pact_publications pp2 WHERE pp2.consumer_id = pp.consumer_id AND pp2.provider_id = pp.provider_id"
        if let tag {
            filter +=
                " AND EXISTS (SELECT 1 FROM tags t WHERE t.version_id = pp2.consumer_version_id AND t.name = \(bind: tag))"
        }
        filter += ")"
        if let providerID { filter += " AND pp.provider_id = \(bind: providerID)" }
        return try await publications(filter, order: "ORDER BY c.name, p.name")
    }

    /// Stores the content once per sha; returns its id.
    func ensureContent(_ content: PactContent) async throws -> Int {
        // Republishing unchanged content is the usual case: one query, and the content is not written out again.
        if let row = try await db.raw("SELECT id FROM pact_contents WHERE sha = \(bind: content.sha)").first() {
            return try row.decode(column: "id", as: Int.self)
        }
        if let row = try await db.raw(
            """
            INSERT INTO pact_contents (sha, content, created_at)
            VALUES (\(bind: content.sha), \(bind: JSONWriter.compact(content.json)), \(bind: BrokerClock.now()))
            ON CONFLICT (sha) DO NOTHING RETURNING id
            """
        ).first() {
            return try row.decode(column: "id", as: Int.self)
        }
        guard let row = try await db.raw("SELECT id FROM pact_contents WHERE sha = \(bind: content.sha)").first() else {
            throw BrokerStoreError(message: "pact content \(content.sha) vanished while being stored")
        }
        return try row.decode(column: "id", as: Int.self)
    }

    func content(sha: String) async throws -> (id: Int, json: JSONValue)? {
        guard let row = try await db.raw("SELECT id, content FROM pact_contents WHERE sha = \(bind: sha)").first()
        else { return nil }
        let text = try row.decode(column: "content", as: String.self)
        return (try row.decode(column: "id", as: Int.self), try JSONParser.parse(text))
    }

    func content(id: Int) async throws -> JSONValue? {
        guard let row = try await db.raw("SELECT content FROM pact_contents WHERE id = \(bind: id)").first() else {
            return nil
        }
        return try JSONParser.parse(try row.decode(column: "content", as: String.self))
    }

    /// What a publish did.
    enum PublishOutcome: Sendable, Equatable { case created, unchanged, merged }

    /// Publishes one pact for a consumer version: new (created), identical (unchanged), merged (onConflict merge),
    /// or a 409 when the content differs and merging was not asked for; with the id of the content now published.
    func publish(
        content: PactContent,
        consumer: PacticipantRecord,
        provider: PacticipantRecord,
        version: VersionRecord,
        merge: Bool
    ) async throws -> (outcome: PublishOutcome, contentID: Int) {
        let contentID = try await ensureContent(content)
        let now = BrokerClock.now()
        let inserted = try await db.raw(
            """
            INSERT INTO pact_publications (consumer_id, consumer_version_id, provider_id, pact_content_id, created_at, updated_at)
            VALUES (\(bind: consumer.id), \(bind: version.id), \(bind: provider.id), \(bind: contentID), \(bind: now), \(bind: now))
            ON CONFLICT (consumer_version_id, provider_id) DO NOTHING RETURNING id
            """
        ).first()
        if inserted != nil { return (.created, contentID) }
        guard let existing = try await publication(consumerVersionID: version.id, providerID: provider.id) else {
            throw BrokerStoreError(message: "the publication vanished while being stored")
        }
        if existing.sha == content.sha { return (.unchanged, existing.contentID) }
        guard merge else {
            throw BrokerStoreRefusal(
                code: .pactContentConflict,
                message:
                    "Cannot change the content of the pact for \(consumer.name) version \(version.number) and provider "
                    + "\(provider.name): a pact with different content was already published for this version. "
                    + "Publish under a new consumer version number (or publish with merge to add interactions)."
            )
        }
        guard let base = try await self.content(id: existing.contentID) else {
            throw BrokerStoreError(message: "pact content \(existing.sha) is missing")
        }
        let merged = try PactContent(json: try PactContent.merged(base, with: content.json))
        if merged.sha == existing.sha { return (.unchanged, existing.contentID) }
        let mergedID = try await ensureContent(merged)
        try await db.raw(
            "UPDATE pact_publications SET pact_content_id = \(bind: mergedID), updated_at = \(bind: now) WHERE id = \(bind: existing.id)"
        ).run()
        return (.merged, mergedID)
    }

    func deletePublication(id: Int) async throws {
        try await db.raw("DELETE FROM pact_publications WHERE id = \(bind: id)").run()
    }
}
