import Foundation
import PactumCore
import SQLKit

/// A queued or finished delivery of a webhook for one event (the Pact Broker's "triggered webhook").
struct TriggeredWebhookRecord: Sendable, Hashable {
    var id: Int
    var uuid: String
    var webhookID: Int
    var webhookUUID: String
    var eventName: String
    var triggerType: String
    var parameters: [String: String]
    var consumerName: String
    var providerName: String
    var consumerVersionNumber: String?
    var verificationID: Int?
    /// `not_run`, `retrying`, `success` or `failure`.
    var status: String
    var attempts: Int
    var nextAttemptAt: String
    var createdAt: String
    var updatedAt: String
}

/// One attempt of a delivery.
struct WebhookExecutionRecord: Sendable, Hashable {
    var success: Bool
    var logs: String
    var createdAt: String
}

/// Delivery statuses.
enum WebhookDeliveryStatus {
    static let notRun = "not_run"
    static let retrying = "retrying"
    static let success = "success"
    static let failure = "failure"
}

extension BrokerStore {
    // MARK: Webhooks

    private static let webhookColumns = """
        id, uuid, description, consumer_name, consumer_label, provider_name, provider_label, enabled, events, request,
          created_at, updated_at, team_uuid
        """

    private func webhook(from row: any SQLRow) throws -> (id: Int, WebhookDefinition) {
        func filter(_ prefix: String) throws -> WebhookPacticipantFilter? {
            let name = try row.decode(column: "\(prefix)_name", as: String?.self)
            let label = try row.decode(column: "\(prefix)_label", as: String?.self)
            return name == nil && label == nil ? nil : WebhookPacticipantFilter(name: name, label: label)
        }
        let events = try JSONParser.parse(try row.decode(column: "events", as: String.self))
        let request = try JSONParser.parse(try row.decode(column: "request", as: String.self))
        return (
            try row.decode(column: "id", as: Int.self),
            WebhookDefinition(
                uuid: try row.decode(column: "uuid", as: String.self),
                description: try row.decode(column: "description", as: String?.self),
                consumer: try filter("consumer"),
                provider: try filter("provider"),
                enabled: try row.decode(column: "enabled", as: Int.self) != 0,
                events: (events.arrayValue ?? []).compactMap(\.stringValue),
                request: WebhookRequestTemplate(stored: request),
                createdAt: try row.decode(column: "created_at", as: String.self),
                updatedAt: try row.decode(column: "updated_at", as: String.self),
                teamUUID: try row.decode(column: "team_uuid", as: String?.self)
            )
        )
    }

    func webhook(uuid: String) async throws -> (id: Int, WebhookDefinition)? {
        try await db.raw("SELECT \(unsafeRaw: Self.webhookColumns) FROM webhooks WHERE uuid = \(bind: uuid)")
            .first().map(webhook(from:))
    }

    func webhook(id: Int) async throws -> WebhookDefinition? {
        try await db.raw("SELECT \(unsafeRaw: Self.webhookColumns) FROM webhooks WHERE id = \(bind: id)")
            .first().map(webhook(from:))?.1
    }

    /// Every webhook, oldest first.
    func webhooks() async throws -> [(id: Int, WebhookDefinition)] {
        try await db.raw("SELECT \(unsafeRaw: Self.webhookColumns) FROM webhooks ORDER BY id").all()
            .map(webhook(from:))
    }

    /// Inserts or replaces (by uuid) a webhook; true when it is new.
    @discardableResult
    func saveWebhook(_ webhook: WebhookDefinition) async throws -> Bool {
        let events = JSONWriter.compact(.array(webhook.events.map(JSONValue.string)))
        let request = JSONWriter.compact(webhook.request.storedJSON)
        if try await self.webhook(uuid: webhook.uuid) != nil {
            try await db.raw(
                """
                UPDATE webhooks SET description = \(bind: webhook.description),
                  consumer_name = \(bind: webhook.consumer?.name), consumer_label = \(bind: webhook.consumer?.label),
                  provider_name = \(bind: webhook.provider?.name), provider_label = \(bind: webhook.provider?.label),
                  enabled = \(bind: webhook.enabled ? 1 : 0), events = \(bind: events), request = \(bind: request),
                  updated_at = \(bind: webhook.updatedAt), team_uuid = \(bind: webhook.teamUUID)
                WHERE uuid = \(bind: webhook.uuid)
                """
            ).run()
            return false
        }
        try await db.raw(
            """
            INSERT INTO webhooks (uuid, description, consumer_name, consumer_label, provider_name, provider_label,
              enabled, events, request, created_at, updated_at, team_uuid)
            VALUES (\(bind: webhook.uuid), \(bind: webhook.description), \(bind: webhook.consumer?.name),
              \(bind: webhook.consumer?.label), \(bind: webhook.provider?.name), \(bind: webhook.provider?.label),
              \(bind: webhook.enabled ? 1 : 0), \(bind: events), \(bind: request), \(bind: webhook.createdAt),
              \(bind: webhook.updatedAt), \(bind: webhook.teamUUID))
            """
        ).run()
        return true
    }

    func deleteWebhook(uuid: String) async throws {
        try await db.raw("DELETE FROM webhooks WHERE uuid = \(bind: uuid)").run()
    }

    // MARK: Deliveries

    private static let triggeredColumns = """
        t.id, t.uuid, t.webhook_id, w.uuid AS webhook_uuid, t.event_name, t.trigger_type, t.parameters,
          t.consumer_name, t.provider_name, t.consumer_version_number, t.verification_id, t.status, t.attempts,
          t.next_attempt_at, t.created_at, t.updated_at
        """

    private func triggered(from row: any SQLRow) throws -> TriggeredWebhookRecord {
        let parameters = try JSONParser.parse(try row.decode(column: "parameters", as: String.self))
        return TriggeredWebhookRecord(
            id: try row.decode(column: "id", as: Int.self),
            uuid: try row.decode(column: "uuid", as: String.self),
            webhookID: try row.decode(column: "webhook_id", as: Int.self),
            webhookUUID: try row.decode(column: "webhook_uuid", as: String.self),
            eventName: try row.decode(column: "event_name", as: String.self),
            triggerType: try row.decode(column: "trigger_type", as: String.self),
            parameters: (parameters.objectValue ?? [:]).compactMapValues(\.stringValue),
            consumerName: try row.decode(column: "consumer_name", as: String.self),
            providerName: try row.decode(column: "provider_name", as: String.self),
            consumerVersionNumber: try row.decode(column: "consumer_version_number", as: String?.self),
            verificationID: try row.decode(column: "verification_id", as: Int?.self),
            status: try row.decode(column: "status", as: String.self),
            attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: try row.decode(column: "next_attempt_at", as: String.self),
            createdAt: try row.decode(column: "created_at", as: String.self),
            updatedAt: try row.decode(column: "updated_at", as: String.self)
        )
    }

    /// The deliveries triggered for a consumer version's pacts with a provider: all of them, or only those a
    /// pact publication triggered (`byVerification: false`) or only those a verification result triggered.
    func triggeredWebhooks(
        consumer: String,
        provider: String,
        consumerVersion: String,
        byVerification: Bool? = nil
    ) async throws -> [TriggeredWebhookRecord] {
        var filter: SQLQueryString = """
            t.provider_name = \(bind: provider) AND t.consumer_name = \(bind: consumer)
            AND t.consumer_version_number = \(bind: consumerVersion)
            """
        switch byVerification {
        case true?: filter = filter + " AND t.verification_id IS NOT NULL"
        case false?: filter = filter + " AND t.verification_id IS NULL"
        case nil: break
        }
        return try await triggeredWebhooks(filter)
    }

    /// The deliveries a verification result triggered.
    func triggeredWebhooks(verificationID: Int) async throws -> [TriggeredWebhookRecord] {
        try await triggeredWebhooks("t.verification_id = \(bind: verificationID)")
    }

    func triggeredWebhook(uuid: String) async throws -> TriggeredWebhookRecord? {
        try await triggeredWebhooks("t.uuid = \(bind: uuid)").first
    }

    func triggeredWebhooks(_ filter: SQLQueryString) async throws -> [TriggeredWebhookRecord] {
        let query =
            SQLQueryString(
                "SELECT " + Self.triggeredColumns
                    + " FROM triggered_webhooks t JOIN webhooks w ON w.id = t.webhook_id WHERE "
            )
            + filter + " ORDER BY t.id"
        return try await db.raw(query).all().map(triggered(from:))
    }

    /// Queues a delivery (in the caller's transaction: it exists exactly when the event's change is committed) and
    /// returns it: the caller wakes the delivery worker once the transaction is committed.
    func enqueueDelivery(
        webhookID: Int,
        eventName: String,
        parameters: [String: String],
        consumerName: String,
        providerName: String,
        consumerVersionNumber: String?,
        verificationID: Int?
    ) async throws -> QueuedWebhookDelivery {
        let now = BrokerClock.now()
        let uuid = UUID().uuidString.lowercased()
        let text = JSONWriter.compact(.object(parameters.mapValues(JSONValue.string)))
        try await db.raw(
            """
            INSERT INTO triggered_webhooks (uuid, webhook_id, event_name, trigger_type, parameters, consumer_name,
              provider_name, consumer_version_number, verification_id, status, attempts, next_attempt_at,
              created_at, updated_at)
            VALUES (\(bind: uuid), \(bind: webhookID), \(bind: eventName),
              'resource_creation', \(bind: text), \(bind: consumerName), \(bind: providerName),
              \(bind: consumerVersionNumber), \(bind: verificationID), 'not_run', 0, \(bind: now), \(bind: now),
              \(bind: now))
            """
        ).run()
        return QueuedWebhookDelivery(uuid: uuid, webhookID: webhookID, eventName: eventName)
    }

    /// Leases up to `limit` due deliveries to `owner` until `leaseUntil`. On PostgreSQL rows another broker is
    /// claiming are skipped (`FOR UPDATE SKIP LOCKED`), and a leased row is not due for anyone else until the lease
    /// ends; on SQLite the transaction is the single writer.
    func claimDeliveries(
        owner: String,
        now: String,
        leaseUntil: String,
        limit: Int,
        engine: BrokerDatabase.Engine
    ) async throws -> [TriggeredWebhookRecord] {
        let lock = engine == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let ids = try await db.raw(
            """
            SELECT id FROM triggered_webhooks
            WHERE status IN ('not_run', 'retrying') AND next_attempt_at <= \(bind: now)
              AND (lease_until IS NULL OR lease_until < \(bind: now))
            ORDER BY next_attempt_at, id LIMIT \(unsafeRaw: String(limit))\(unsafeRaw: lock)
            """
        ).all().map { try $0.decode(column: "id", as: Int.self) }
        guard !ids.isEmpty else { return [] }
        var claimed: [TriggeredWebhookRecord] = []
        for id in ids {
            try await db.raw(
                """
                UPDATE triggered_webhooks SET lease_owner = \(bind: owner), lease_until = \(bind: leaseUntil)
                WHERE id = \(bind: id)
                """
            ).run()
            claimed += try await triggeredWebhooks("t.id = \(bind: id)")
        }
        return claimed
    }

    /// Records one attempt of a delivery this owner holds; false when the lease was lost (nothing recorded).
    @discardableResult
    func recordAttempt(
        id: Int,
        owner: String?,
        success: Bool,
        logs: String,
        status: String,
        attempts: Int,
        nextAttemptAt: String
    ) async throws -> Bool {
        let now = BrokerClock.now()
        var query: SQLQueryString = """
            UPDATE triggered_webhooks SET status = \(bind: status), attempts = \(bind: attempts),
              next_attempt_at = \(bind: nextAttemptAt), lease_owner = NULL, lease_until = NULL, updated_at = \(bind: now)
            WHERE id = \(bind: id)
            """
        if let owner { query += " AND lease_owner = \(bind: owner)" }
        let updated = try await db.raw(query + " RETURNING id").first()
        guard updated != nil else { return false }
        try await insertExecution(triggeredWebhookID: id, success: success, logs: logs, at: now)
        return true
    }

    func insertExecution(triggeredWebhookID: Int, success: Bool, logs: String, at now: String) async throws {
        try await db.raw(
            """
            INSERT INTO webhook_executions (triggered_webhook_id, success, logs, created_at)
            VALUES (\(bind: triggeredWebhookID), \(bind: success ? 1 : 0), \(bind: logs), \(bind: now))
            """
        ).run()
    }

    func executions(triggeredWebhookID: Int) async throws -> [WebhookExecutionRecord] {
        try await db.raw(
            """
            SELECT success, logs, created_at FROM webhook_executions
            WHERE triggered_webhook_id = \(bind: triggeredWebhookID) ORDER BY id
            """
        ).all().map {
            WebhookExecutionRecord(
                success: try $0.decode(column: "success", as: Int.self) != 0,
                logs: try $0.decode(column: "logs", as: String.self),
                createdAt: try $0.decode(column: "created_at", as: String.self)
            )
        }
    }

    /// When the next waiting delivery is due (lease or retry time), nil when none waits.
    func nextDeliveryDue() async throws -> String? {
        guard
            let row = try await db.raw(
                """
                SELECT next_attempt_at, lease_until FROM triggered_webhooks WHERE status IN ('not_run', 'retrying')
                ORDER BY next_attempt_at LIMIT 1
                """
            ).first()
        else { return nil }
        let due = try row.decode(column: "next_attempt_at", as: String.self)
        let lease = try row.decode(column: "lease_until", as: String?.self)
        return max(due, lease ?? due)
    }

    /// Deliveries waiting to be sent (never tried or retrying).
    func webhookQueueDepth() async throws -> Int {
        try await db.raw(
            "SELECT COUNT(*) AS n FROM triggered_webhooks WHERE status IN ('not_run', 'retrying')"
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    // MARK: Event data

    /// Provider versions a new contract must be verified by (`contract_requiring_verification_published`): the
    /// latest version on the provider's main branch and the versions currently deployed or released, each with
    /// why; versions that already verified this content successfully are left out.
    func providerVersionsRequiringVerification(
        provider: PacticipantRecord,
        contentID: Int
    ) async throws -> [(version: VersionRecord, descriptions: [String])] {
        var found: [(VersionRecord, [String])] = []
        func add(_ version: VersionRecord, _ description: String) {
            if let index = found.firstIndex(where: { $0.0.id == version.id }) {
                found[index].1.append(description)
            } else {
                found.append((version, [description]))
            }
        }
        if let main = provider.mainBranch,
            let latest = try await latestVersion(pacticipantID: provider.id, branch: main)
        {
            add(latest, "latest from main branch")
        }
        let deployed = try await db.raw(
            """
            SELECT d.version_id, e.name FROM deployed_versions d JOIN environments e ON e.id = d.environment_id
            WHERE d.pacticipant_id = \(bind: provider.id) AND d.currently_deployed = 1 ORDER BY d.id
            """
        ).all()
        for row in deployed {
            if let version = try await version(id: try row.decode(column: "version_id", as: Int.self)) {
                add(version, "deployed in \(try row.decode(column: "name", as: String.self))")
            }
        }
        let released = try await db.raw(
            """
            SELECT r.version_id, e.name FROM released_versions r JOIN environments e ON e.id = r.environment_id
            WHERE r.pacticipant_id = \(bind: provider.id) AND r.currently_supported = 1 ORDER BY r.id
            """
        ).all()
        for row in released {
            if let version = try await version(id: try row.decode(column: "version_id", as: Int.self)) {
                add(version, "released in \(try row.decode(column: "name", as: String.self))")
            }
        }
        var result: [(version: VersionRecord, descriptions: [String])] = []
        for (version, descriptions) in found {
            let verified = try await db.raw(
                """
                SELECT id FROM verifications WHERE pact_content_id = \(bind: contentID)
                  AND provider_version_id = \(bind: version.id) AND success = 1 LIMIT 1
                """
            ).first()
            if verified == nil { result.append((version, descriptions)) }
        }
        return result
    }
}

/// A webhook delivery a write queued.
struct QueuedWebhookDelivery: Sendable, Hashable {
    var uuid: String
    var webhookID: Int
    var eventName: String
}
