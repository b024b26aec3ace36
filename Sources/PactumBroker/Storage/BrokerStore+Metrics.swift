import Foundation
import SQLKit

extension BrokerStore {
    /// One round trip to the database.
    func ping() async throws {
        try await db.raw("SELECT 1 AS ok").run()
    }

    /// Sizes read at scrape time for `/metrics` (each a single indexed count).
    func metricGauges() async throws -> [BrokerGauge] {
        let tables: [(String, String, String)] = [
            ("pactum_broker_pacticipants", "pacticipants", "Pacticipants known to the broker."),
            ("pactum_broker_versions", "versions", "Pacticipant versions."),
            ("pactum_broker_pact_publications", "pact_publications", "Pacts published (one per consumer version)."),
            ("pactum_broker_verifications", "verifications", "Verification results stored."),
        ]
        var gauges: [BrokerGauge] = []
        for (name, table, help) in tables {
            let count =
                try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            gauges.append(BrokerGauge(name: name, help: help, value: Double(count)))
        }
        gauges.append(
            BrokerGauge(
                name: "pactum_broker_webhook_queue_depth",
                help: "Webhook deliveries waiting to be sent (not yet tried or retrying).",
                value: Double(try await webhookQueueDepth())
            )
        )
        return gauges
    }
}
