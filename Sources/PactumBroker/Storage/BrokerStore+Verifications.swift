import PactumCore
import SQLKit

/// A verification result row.
struct VerificationRecord: Sendable, Hashable {
    var id: Int
    var contentID: Int
    var sha: String
    var consumerName: String
    var providerName: String
    var providerVersionID: Int
    var providerVersionNumber: String
    var success: Bool
    var buildURL: String?
    var testResults: JSONValue?
    var verifiedBy: JSONValue?
    var createdAt: String
}

extension BrokerStore {
    private static let verificationSelect = """
        SELECT vr.id, vr.pact_content_id, pc.sha, c.name AS consumer_name, p.name AS provider_name,
          vr.provider_version_id, v.number AS provider_version_number, vr.success, vr.build_url, vr.test_results,
          vr.verified_by, vr.created_at
        FROM verifications vr
        JOIN pact_contents pc ON pc.id = vr.pact_content_id
        JOIN pacticipants c ON c.id = vr.consumer_id
        JOIN pacticipants p ON p.id = vr.provider_id
        JOIN versions v ON v.id = vr.provider_version_id
        """

    private func verification(from row: any SQLRow) throws -> VerificationRecord {
        let results = try row.decode(column: "test_results", as: String?.self)
        let verifiedBy = try row.decode(column: "verified_by", as: String?.self)
        return VerificationRecord(
            id: try row.decode(column: "id", as: Int.self),
            contentID: try row.decode(column: "pact_content_id", as: Int.self),
            sha: try row.decode(column: "sha", as: String.self),
            consumerName: try row.decode(column: "consumer_name", as: String.self),
            providerName: try row.decode(column: "provider_name", as: String.self),
            providerVersionID: try row.decode(column: "provider_version_id", as: Int.self),
            providerVersionNumber: try row.decode(column: "provider_version_number", as: String.self),
            success: try row.decode(column: "success", as: Int.self) != 0,
            buildURL: try row.decode(column: "build_url", as: String?.self),
            testResults: try results.map { try JSONParser.parse($0) },
            verifiedBy: try verifiedBy.map { try JSONParser.parse($0) },
            createdAt: try row.decode(column: "created_at", as: String.self)
        )
    }

    func verifications(_ filter: SQLQueryString, limit: Int? = nil) async throws -> [VerificationRecord] {
        let limitClause = limit.map { " LIMIT \($0)" } ?? ""
        return try await db.raw(
            SQLQueryString(Self.verificationSelect) + " WHERE " + filter
                + SQLQueryString(" ORDER BY vr.id DESC" + limitClause)
        ).all().map(verification(from:))
    }

    func verification(id: Int) async throws -> VerificationRecord? {
        try await verifications("vr.id = \(bind: id)").first
    }

    /// The newest verification of a content by one provider version.
    func latestVerification(contentID: Int, providerVersionID: Int) async throws -> VerificationRecord? {
        try await verifications(
            "vr.pact_content_id = \(bind: contentID) AND vr.provider_version_id = \(bind: providerVersionID)",
            limit: 1
        ).first
    }

    func latestVerification(contentID: Int) async throws -> VerificationRecord? {
        try await verifications("vr.pact_content_id = \(bind: contentID)", limit: 1).first
    }

    struct NewVerification {
        var contentID: Int
        var consumerID: Int
        var providerID: Int
        var providerVersionID: Int
        var success: Bool
        var buildURL: String?
        var testResults: JSONValue?
        var verifiedBy: JSONValue?
        var pending: Bool
        var wip: Bool
        var consumerVersionIDs: [Int]
    }

    func insertVerification(_ new: NewVerification) async throws -> Int {
        guard
            let row = try await db.raw(
                """
                INSERT INTO verifications (pact_content_id, consumer_id, provider_id, provider_version_id, success, build_url,
                  test_results, verified_by, pending, wip, consumer_version_ids, created_at)
                VALUES (\(bind: new.contentID), \(bind: new.consumerID), \(bind: new.providerID), \(bind: new.providerVersionID),
                  \(bind: new.success ? 1 : 0), \(bind: new.buildURL), \(bind: new.testResults.map(JSONWriter.compact)),
                  \(bind: new.verifiedBy.map(JSONWriter.compact)), \(bind: new.pending ? 1 : 0), \(bind: new.wip ? 1 : 0),
                  \(bind: new.consumerVersionIDs.map(String.init).joined(separator: ",")), \(bind: BrokerClock.now()))
                RETURNING id
                """
            ).first()
        else { throw BrokerStoreError(message: "the verification was not stored") }
        return try row.decode(column: "id", as: Int.self)
    }

    /// What decides whether each of the given contents is pending for the requesting provider version, as few
    /// `SuccessfulVerification`s: per content, one carrying the first success (any provider version), one for a
    /// success by a version on `providerBranch`, and one for each of `providerTags` some successful version has.
    /// `PactSelection` asks only "is there a success on the branch / with the tag / before the branch was made / at
    /// all", which these answer as every successful row would, in a few index look-ups per content.
    ///
    /// One query whatever the number of contents and tags: a column per question, each a scalar subquery that walks
    /// the content's successful results (`verifications (pact_content_id, provider_id, success, …)`) until one
    /// answers it.
    func pendingEvidence(
        providerID: Int,
        contentIDs: [Int],
        providerBranch: String?,
        providerTags: [String]
    ) async throws -> [SuccessfulVerification] {
        guard !contentIDs.isEmpty else { return [] }
        let tags = Array(Set(providerTags)).sorted()
        func success(_ condition: SQLQueryString) -> SQLQueryString {
            """
            (SELECT 1 FROM verifications vr WHERE vr.pact_content_id = pc.id AND vr.provider_id = \(bind: providerID)
              AND vr.success = 1 AND (\(condition)) IS NOT NULL LIMIT 1)
            """
        }
        var query: SQLQueryString = """
            SELECT pc.sha, (SELECT MIN(vr.created_at) FROM verifications vr WHERE vr.pact_content_id = pc.id
              AND vr.provider_id = \(bind: providerID) AND vr.success = 1) AS first_success
            """
        if let providerBranch {
            query += ", "
            query += success(
                """
                SELECT 1 FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
                WHERE b.pacticipant_id = \(bind: providerID) AND b.name = \(bind: providerBranch)
                  AND bv.version_id = vr.provider_version_id LIMIT 1
                """
            )
            query += " AS on_branch"
        }
        for (index, tag) in tags.enumerated() {
            query += ", "
            query += success(
                """
                SELECT 1 FROM tags t WHERE t.version_id = vr.provider_version_id AND t.name = \(bind: tag) LIMIT 1
                """
            )
            query += " AS \(unsafeRaw: "tag_\(index)")"
        }
        query += " FROM pact_contents pc WHERE pc.id \(isIn: contentIDs) ORDER BY pc.id"
        let rows = try await db.raw(query).all()

        var result: [SuccessfulVerification] = []
        var evidence: [(sha: String, first: String, row: any SQLRow)] = []
        for row in rows {
            guard let first = try row.decode(column: "first_success", as: String?.self) else { continue }
            let sha = try row.decode(column: "sha", as: String.self)
            evidence.append((sha, first, row))
            result.append(SuccessfulVerification(sha: sha, createdAt: first))
        }
        if let providerBranch {
            for (sha, first, row) in evidence where try row.decode(column: "on_branch", as: Int?.self) != nil {
                result.append(SuccessfulVerification(sha: sha, providerBranches: [providerBranch], createdAt: first))
            }
        }
        for (index, tag) in tags.enumerated() {
            for (sha, first, row) in evidence where try row.decode(column: "tag_\(index)", as: Int?.self) != nil {
                result.append(SuccessfulVerification(sha: sha, providerTags: [tag], createdAt: first))
            }
        }
        return result
    }

    /// Every successful verification of the given contents by the provider, with the provider version's branches
    /// and tags: what `pendingEvidence` stands for (the reference it is tested against; slow on a long history).
    func successfulVerifications(providerID: Int, contentIDs: [Int]) async throws -> [SuccessfulVerification] {
        guard !contentIDs.isEmpty else { return [] }
        let rows = try await db.raw(
            """
            SELECT vr.id, pc.sha, vr.provider_version_id, vr.created_at FROM verifications vr
            JOIN pact_contents pc ON pc.id = vr.pact_content_id
            WHERE vr.provider_id = \(bind: providerID) AND vr.success = 1 AND vr.pact_content_id \(isIn: contentIDs)
            """
        ).all()
        var result: [SuccessfulVerification] = []
        var cache: [Int: ([String], [String])] = [:]
        for row in rows {
            let versionID = try row.decode(column: "provider_version_id", as: Int.self)
            if cache[versionID] == nil {
                cache[versionID] = (
                    try await branchNames(versionID: versionID), try await tagNames(versionID: versionID)
                )
            }
            result.append(
                SuccessfulVerification(
                    sha: try row.decode(column: "sha", as: String.self),
                    providerBranches: cache[versionID]?.0 ?? [],
                    providerTags: cache[versionID]?.1 ?? [],
                    createdAt: try row.decode(column: "created_at", as: String.self)
                )
            )
        }
        return result
    }
}
