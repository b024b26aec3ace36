import Foundation
import PactumCore
import SQLKit

/// A provider contract as stored: a provider version's OpenAPI document and the provider's own verification of it.
struct ProviderContractRecord: Sendable, Hashable {
    var id: Int
    var providerID: Int
    var providerName: String
    var providerVersionID: Int
    var providerVersionNumber: String
    var sha: String
    var content: String
    var contentType: String
    var specification: String
    var selfVerification: ProviderContractSelfVerification
    var buildURL: String?
    var createdAt: String
}

/// The provider's own verification of its contract (its tests against the document), as published.
struct ProviderContractSelfVerification: Sendable, Hashable {
    /// nil when the provider published no self-verification results.
    var success: Bool?
    /// The results' text (decoded from the published base64).
    var content: String?
    var contentType: String?
    var format: String?
    var verifier: String?
    var verifierVersion: String?
}

/// A comparison of a consumer pact's content with a provider contract: pending until the worker (or the matrix, on
/// demand) runs it, then its outcome.
struct ContractComparisonRecord: Sendable, Hashable {
    var id: Int
    var contentID: Int
    var providerContractID: Int
    var done: Bool
    /// No errors (warnings do not fail); nil while pending.
    var success: Bool?
    /// `{"errors": [...], "warnings": [...]}` as the comparator writes its results.
    var results: JSONValue?
    var verificationDate: String?
    var verifier: String?
    var verifierVersion: String?
}

/// A pending comparison with what it compares.
struct ContractComparisonJob: Sendable {
    var id: Int
    var contentID: Int
    var providerContractID: Int
    var pactContent: String
    var contract: ProviderContractRecord
}

extension BrokerStore {
    /// What saving a provider contract did.
    enum ProviderContractOutcome: Sendable, Equatable { case created, updated, unchanged }

    private static let providerContractSelect = """
        SELECT pc.id, pc.provider_id, p.name AS provider_name, pc.provider_version_id, v.number AS version_number,
          pc.sha, pc.content, pc.content_type, pc.specification, pc.self_verification_success,
          pc.self_verification_content, pc.self_verification_content_type, pc.self_verification_format, pc.verifier,
          pc.verifier_version, pc.build_url, pc.created_at
        FROM provider_contracts pc
        JOIN pacticipants p ON p.id = pc.provider_id
        JOIN versions v ON v.id = pc.provider_version_id
        """

    private func providerContract(from row: any SQLRow) throws -> ProviderContractRecord {
        ProviderContractRecord(
            id: try row.decode(column: "id", as: Int.self),
            providerID: try row.decode(column: "provider_id", as: Int.self),
            providerName: try row.decode(column: "provider_name", as: String.self),
            providerVersionID: try row.decode(column: "provider_version_id", as: Int.self),
            providerVersionNumber: try row.decode(column: "version_number", as: String.self),
            sha: try row.decode(column: "sha", as: String.self),
            content: try row.decode(column: "content", as: String.self),
            contentType: try row.decode(column: "content_type", as: String.self),
            specification: try row.decode(column: "specification", as: String.self),
            selfVerification: ProviderContractSelfVerification(
                success: try row.decode(column: "self_verification_success", as: Int?.self).map { $0 != 0 },
                content: try row.decode(column: "self_verification_content", as: String?.self),
                contentType: try row.decode(column: "self_verification_content_type", as: String?.self),
                format: try row.decode(column: "self_verification_format", as: String?.self),
                verifier: try row.decode(column: "verifier", as: String?.self),
                verifierVersion: try row.decode(column: "verifier_version", as: String?.self)
            ),
            buildURL: try row.decode(column: "build_url", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: String.self)
        )
    }

    func providerContract(providerVersionID: Int) async throws -> ProviderContractRecord? {
        try await db.raw(
            SQLQueryString(Self.providerContractSelect) + " WHERE pc.provider_version_id = \(bind: providerVersionID)"
        ).first().map(providerContract(from:))
    }

    func providerContract(id: Int) async throws -> ProviderContractRecord? {
        try await db.raw(SQLQueryString(Self.providerContractSelect) + " WHERE pc.id = \(bind: id)").first()
            .map(providerContract(from:))
    }

    /// The provider contracts of some provider versions, by provider version id.
    func providerContracts(providerVersionIDs: [Int]) async throws -> [Int: ProviderContractRecord] {
        guard !providerVersionIDs.isEmpty else { return [:] }
        var result: [Int: ProviderContractRecord] = [:]
        for row in try await db.raw(
            SQLQueryString(Self.providerContractSelect)
                + " WHERE pc.provider_version_id \(isIn: providerVersionIDs)"
        ).all() {
            let record = try providerContract(from: row)
            result[record.providerVersionID] = record
        }
        return result
    }

    /// Whether the provider has published a provider contract.
    func hasProviderContracts(providerID: Int) async throws -> Bool {
        try await db.raw("SELECT id FROM provider_contracts WHERE provider_id = \(bind: providerID) LIMIT 1").first()
            != nil
    }

    /// What pacts-for-verification needs besides the pacts, in one query: when the provider's branch was made (nil
    /// without a branch, or when it does not exist yet), and whether the provider only publishes provider contracts
    /// (one, and never a verification result: its consumers' pacts are compared with its contracts, not replayed).
    func verificationContext(
        providerID: Int,
        providerBranch: String?
    ) async throws -> (branchCreatedAt: String?, onlyPublishesContracts: Bool) {
        // A branch name is never empty (`BrokerStoreRefusal.checkName`): "" stands for no branch.
        guard
            let row = try await db.raw(
                """
                SELECT (SELECT created_at FROM branches WHERE pacticipant_id = \(bind: providerID)
                    AND name = \(bind: providerBranch ?? "")) AS branch_created_at,
                  (SELECT 1 FROM provider_contracts WHERE provider_id = \(bind: providerID) LIMIT 1) AS has_contract,
                  (SELECT 1 FROM verifications WHERE provider_id = \(bind: providerID) LIMIT 1) AS has_verification
                """
            ).first()
        else { return (nil, false) }
        let hasContract = try row.decode(column: "has_contract", as: Int?.self) != nil
        let hasVerification = try row.decode(column: "has_verification", as: Int?.self) != nil
        return (try row.decode(column: "branch_created_at", as: String?.self), hasContract && !hasVerification)
    }

    /// Stores a provider version's contract (replacing an earlier one); when the document changed, the comparisons
    /// with the earlier one are dropped.
    func saveProviderContract(
        providerID: Int,
        versionID: Int,
        content: String,
        contentType: String,
        specification: String,
        selfVerification: ProviderContractSelfVerification,
        buildURL: String?
    ) async throws -> (ProviderContractRecord, ProviderContractOutcome) {
        let sha = PactContent.sha1Hex(content)
        let now = BrokerClock.now()
        let existing = try await providerContract(providerVersionID: versionID)
        let outcome: ProviderContractOutcome
        if let existing {
            let same =
                existing.sha == sha && existing.contentType == contentType && existing.specification == specification
                && existing.selfVerification == selfVerification && existing.buildURL == buildURL
            outcome = same ? .unchanged : .updated
            if !same {
                try await db.raw(
                    """
                    UPDATE provider_contracts SET sha = \(bind: sha), content = \(bind: content),
                      content_type = \(bind: contentType), specification = \(bind: specification),
                      self_verification_success = \(bind: selfVerification.success.map { $0 ? 1 : 0 }),
                      self_verification_content = \(bind: selfVerification.content),
                      self_verification_content_type = \(bind: selfVerification.contentType),
                      self_verification_format = \(bind: selfVerification.format),
                      verifier = \(bind: selfVerification.verifier), verifier_version = \(bind: selfVerification.verifierVersion),
                      build_url = \(bind: buildURL), updated_at = \(bind: now)
                    WHERE id = \(bind: existing.id)
                    """
                ).run()
                if existing.sha != sha {
                    try await db.raw(
                        "DELETE FROM contract_comparisons WHERE provider_contract_id = \(bind: existing.id)"
                    )
                    .run()
                }
            }
        } else {
            try await db.raw(
                """
                INSERT INTO provider_contracts (provider_id, provider_version_id, sha, content, content_type, specification,
                  self_verification_success, self_verification_content, self_verification_content_type,
                  self_verification_format, verifier, verifier_version, build_url, created_at, updated_at)
                VALUES (\(bind: providerID), \(bind: versionID), \(bind: sha), \(bind: content), \(bind: contentType),
                  \(bind: specification), \(bind: selfVerification.success.map { $0 ? 1 : 0 }), \(bind: selfVerification.content),
                  \(bind: selfVerification.contentType), \(bind: selfVerification.format), \(bind: selfVerification.verifier),
                  \(bind: selfVerification.verifierVersion), \(bind: buildURL), \(bind: now), \(bind: now))
                ON CONFLICT (provider_version_id) DO NOTHING
                """
            ).run()
            outcome = .created
        }
        guard let record = try await providerContract(providerVersionID: versionID) else {
            throw BrokerStoreError(message: "the provider contract vanished while being stored")
        }
        return (record, outcome)
    }

    // MARK: Comparisons

    /// Queues the comparisons a new provider contract needs: with the newest pact of each consumer of the provider and
    /// with the pacts of consumer versions currently deployed or released. Returns how many were queued (pairs
    /// already compared or queued are left alone).
    @discardableResult
    func queueComparisons(providerContract contract: ProviderContractRecord) async throws -> Int {
        let now = BrokerClock.now()
        let rows = try await db.raw(
            """
            INSERT INTO contract_comparisons (pact_content_id, provider_contract_id, status, created_at, updated_at)
            SELECT DISTINCT pp.pact_content_id, \(bind: contract.id), 'pending', \(bind: now), \(bind: now)
            FROM pact_publications pp WHERE pp.provider_id = \(bind: contract.providerID) AND (
              pp.consumer_version_id = (SELECT MAX(pp2.consumer_version_id) FROM pact_publications pp2
                WHERE pp2.consumer_id = pp.consumer_id AND pp2.provider_id = pp.provider_id)
              OR pp.consumer_version_id IN (SELECT d.version_id FROM deployed_versions d WHERE d.currently_deployed = 1)
              OR pp.consumer_version_id IN (SELECT r.version_id FROM released_versions r WHERE r.currently_supported = 1))
            ON CONFLICT (pact_content_id, provider_contract_id) DO NOTHING RETURNING id
            """
        ).all()
        return rows.count
    }

    /// Queues the comparisons a new pact needs: with the newest provider contract of its provider, the newest on the
    /// provider's main branch, and those of provider versions currently deployed or released.
    @discardableResult
    func queueComparisons(contentID: Int, providerID: Int) async throws -> Int {
        let now = BrokerClock.now()
        let rows = try await db.raw(
            """
            INSERT INTO contract_comparisons (pact_content_id, provider_contract_id, status, created_at, updated_at)
            SELECT DISTINCT \(bind: contentID), pc.id, 'pending', \(bind: now), \(bind: now)
            FROM provider_contracts pc WHERE pc.provider_id = \(bind: providerID) AND (
              pc.provider_version_id = (SELECT MAX(pc2.provider_version_id) FROM provider_contracts pc2
                WHERE pc2.provider_id = pc.provider_id)
              OR pc.provider_version_id = (SELECT MAX(bv.version_id) FROM branch_versions bv
                JOIN branches b ON b.id = bv.branch_id JOIN pacticipants p ON p.id = b.pacticipant_id
                JOIN provider_contracts pc3 ON pc3.provider_version_id = bv.version_id
                WHERE p.id = pc.provider_id AND b.name = p.main_branch)
              OR pc.provider_version_id IN (SELECT d.version_id FROM deployed_versions d WHERE d.currently_deployed = 1)
              OR pc.provider_version_id IN (SELECT r.version_id FROM released_versions r WHERE r.currently_supported = 1))
            ON CONFLICT (pact_content_id, provider_contract_id) DO NOTHING RETURNING id
            """
        ).all()
        return rows.count
    }

    /// Queues one comparison (the matrix asks for a pair not compared yet); returns its id.
    func ensureComparison(contentID: Int, providerContractID: Int) async throws -> Int {
        let now = BrokerClock.now()
        try await db.raw(
            """
            INSERT INTO contract_comparisons (pact_content_id, provider_contract_id, status, created_at, updated_at)
            VALUES (\(bind: contentID), \(bind: providerContractID), 'pending', \(bind: now), \(bind: now))
            ON CONFLICT (pact_content_id, provider_contract_id) DO NOTHING
            """
        ).run()
        guard
            let row = try await db.raw(
                """
                SELECT id FROM contract_comparisons
                WHERE pact_content_id = \(bind: contentID) AND provider_contract_id = \(bind: providerContractID)
                """
            ).first()
        else { throw BrokerStoreError(message: "the comparison vanished while being queued") }
        return try row.decode(column: "id", as: Int.self)
    }

    private static let comparisonColumns = """
        id, pact_content_id, provider_contract_id, status, success, results, verification_date, verifier,
        verifier_version
        """

    fileprivate func comparison(from row: any SQLRow) throws -> ContractComparisonRecord {
        let results = try row.decode(column: "results", as: String?.self)
        return ContractComparisonRecord(
            id: try row.decode(column: "id", as: Int.self),
            contentID: try row.decode(column: "pact_content_id", as: Int.self),
            providerContractID: try row.decode(column: "provider_contract_id", as: Int.self),
            done: try row.decode(column: "status", as: String.self) == "done",
            success: try row.decode(column: "success", as: Int?.self).map { $0 != 0 },
            results: try results.map { try JSONParser.parse($0) },
            verificationDate: try row.decode(column: "verification_date", as: String?.self),
            verifier: try row.decode(column: "verifier", as: String?.self),
            verifierVersion: try row.decode(column: "verifier_version", as: String?.self)
        )
    }

    /// The comparisons of some contents with some provider contracts.
    func comparisons(contentIDs: [Int], providerContractIDs: [Int]) async throws -> [ContractComparisonRecord] {
        guard !contentIDs.isEmpty, !providerContractIDs.isEmpty else { return [] }
        return try await db.raw(
            """
            SELECT \(unsafeRaw: Self.comparisonColumns) FROM contract_comparisons
            WHERE pact_content_id \(isIn: contentIDs) AND provider_contract_id \(isIn: providerContractIDs)
            """
        ).all().map(comparison(from:))
    }

    func comparison(contentID: Int, providerContractID: Int) async throws -> ContractComparisonRecord? {
        try await comparisons(contentIDs: [contentID], providerContractIDs: [providerContractID]).first
    }

    /// How often the worker claims one comparison: one whose broker died mid-run is run again by another, but a
    /// document that never finishes does not keep a worker busy forever (its pairs stay unknown).
    static let maximumComparisonAttempts = 3

    /// Claims up to `limit` pending comparisons with a lease, oldest first (so two brokers on one PostgreSQL never
    /// run the same one), with the pact content and the provider contract each compares.
    func claimComparisons(
        owner: String,
        now: String,
        leaseUntil: String,
        limit: Int,
        engine: BrokerDatabase.Engine
    ) async throws -> [ContractComparisonJob] {
        let lock = engine == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let ids = try await db.raw(
            """
            SELECT id FROM contract_comparisons
            WHERE status = 'pending' AND attempts < \(bind: Self.maximumComparisonAttempts)
              AND (lease_until IS NULL OR lease_until < \(bind: now))
            ORDER BY id LIMIT \(unsafeRaw: String(limit))\(unsafeRaw: lock)
            """
        ).all().map { try $0.decode(column: "id", as: Int.self) }
        guard !ids.isEmpty else { return [] }
        try await db.raw(
            """
            UPDATE contract_comparisons SET lease_owner = \(bind: owner), lease_until = \(bind: leaseUntil),
              attempts = attempts + 1
            WHERE id \(isIn: ids)
            """
        ).run()
        return try await comparisonJobs(ids: ids)
    }

    /// The pending comparisons with these ids, with what each compares.
    func comparisonJobs(ids: [Int]) async throws -> [ContractComparisonJob] {
        guard !ids.isEmpty else { return [] }
        let rows = try await db.raw(
            """
            SELECT cc.id, cc.pact_content_id, cc.provider_contract_id, c.content AS pact_content
            FROM contract_comparisons cc JOIN pact_contents c ON c.id = cc.pact_content_id
            WHERE cc.id \(isIn: ids) AND cc.status = 'pending' ORDER BY cc.id
            """
        ).all()
        var contracts: [Int: ProviderContractRecord] = [:]
        let contractIDs = Set(try rows.map { try $0.decode(column: "provider_contract_id", as: Int.self) })
        for row in try await db.raw(
            SQLQueryString(Self.providerContractSelect) + " WHERE pc.id \(isIn: contractIDs.sorted())"
        ).all() {
            let record = try providerContract(from: row)
            contracts[record.id] = record
        }
        return try rows.compactMap { row in
            let contractID = try row.decode(column: "provider_contract_id", as: Int.self)
            guard let contract = contracts[contractID] else { return nil }
            return ContractComparisonJob(
                id: try row.decode(column: "id", as: Int.self),
                contentID: try row.decode(column: "pact_content_id", as: Int.self),
                providerContractID: contractID,
                pactContent: try row.decode(column: "pact_content", as: String.self),
                contract: contract
            )
        }
    }

    /// Records a comparison's outcome (idempotent: a comparison already done is left as it is); false when it was
    /// already done or no longer exists.
    @discardableResult
    func recordComparison(id: Int, _ outcome: CrossContractOutcome) async throws -> Bool {
        let now = BrokerClock.now()
        let updated = try await db.raw(
            """
            UPDATE contract_comparisons SET status = 'done', success = \(bind: outcome.success ? 1 : 0),
              results = \(bind: JSONWriter.compact(outcome.resultsJSON)), verification_date = \(bind: now),
              verifier = \(bind: CrossContractOutcome.verifier), verifier_version = \(bind: CrossContractOutcome.verifierVersion),
              lease_owner = NULL, lease_until = NULL, updated_at = \(bind: now)
            WHERE id = \(bind: id) AND status = 'pending' RETURNING id
            """
        ).first()
        return updated != nil
    }

    /// Whether any comparison is waiting (the worker's idle check).
    func hasPendingComparisons() async throws -> Bool {
        try await db.raw("SELECT id FROM contract_comparisons WHERE status = 'pending' LIMIT 1").first() != nil
    }
}

extension BrokerStore {
    /// A comparison of a provider contract with a consumer's pact, with the newest consumer version that published
    /// that pact (the provider contract page).
    struct ContractComparisonSummary: Sendable, Hashable {
        var consumerName: String
        var consumerVersionNumber: String
        var comparison: ContractComparisonRecord
    }

    /// The newest consumer version's publication of a pact content with a provider.
    func newestPublication(contentID: Int, providerID: Int) async throws -> PublicationRecord? {
        try await publications(
            "pp.pact_content_id = \(bind: contentID) AND pp.provider_id = \(bind: providerID)",
            order: "ORDER BY pp.consumer_version_id DESC LIMIT 1"
        ).first
    }

    /// The comparisons of a provider contract, newest consumer version first (at most `limit`).
    func comparisons(providerContractID: Int, limit: Int = 100) async throws -> [ContractComparisonSummary] {
        let rows = try await db.raw(
            """
            SELECT cc.id, cc.pact_content_id, cc.provider_contract_id, cc.status, cc.success, cc.results,
              cc.verification_date, cc.verifier, cc.verifier_version, c.name AS consumer_name, v.number AS version_number
            FROM contract_comparisons cc
            JOIN provider_contracts pc ON pc.id = cc.provider_contract_id
            JOIN pact_publications pp ON pp.pact_content_id = cc.pact_content_id AND pp.provider_id = pc.provider_id
              AND pp.consumer_version_id = (SELECT MAX(pp2.consumer_version_id) FROM pact_publications pp2
                WHERE pp2.pact_content_id = cc.pact_content_id AND pp2.provider_id = pc.provider_id)
            JOIN pacticipants c ON c.id = pp.consumer_id
            JOIN versions v ON v.id = pp.consumer_version_id
            WHERE cc.provider_contract_id = \(bind: providerContractID)
            ORDER BY pp.consumer_version_id DESC LIMIT \(bind: limit)
            """
        ).all()
        return try rows.map { row in
            ContractComparisonSummary(
                consumerName: try row.decode(column: "consumer_name", as: String.self),
                consumerVersionNumber: try row.decode(column: "version_number", as: String.self),
                comparison: try comparison(from: row)
            )
        }
    }
}
