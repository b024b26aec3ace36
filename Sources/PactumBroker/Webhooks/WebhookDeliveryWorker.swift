import AsyncHTTPClient
import Foundation
import Logging
import ServiceLifecycle

/// What the webhook handlers of one broker process share: the configuration, the HTTP client and the worker's
/// wake-up. Handlers reach it through their request (``BrokerRequest/webhooks``).
struct WebhookRuntime: Sendable {
    var configuration: WebhookConfiguration
    var client: HTTPClient
    var wakeUp = WebhookWakeUp()
    /// Where test executions (`POST /webhooks/{uuid}/execute`) are counted, apart from deliveries.
    var metrics: BrokerMetrics?

    var policy: WebhookTargetPolicy { WebhookTargetPolicy(configuration: configuration) }
    var executor: WebhookExecutor { WebhookExecutor(client: client, configuration: configuration) }
}

/// Sends queued deliveries: claims due ones with a lease (so two brokers on one PostgreSQL never send the same
/// delivery), sends each, records the attempt, and schedules a retry with exponential backoff until the attempts are
/// used up. Runs beside the HTTP server until graceful shutdown; a delivery being sent then is finished first.
struct WebhookDeliveryWorker: Sendable {
    var database: BrokerDatabase
    var runtime: WebhookRuntime
    var logger: Logger
    var metrics: BrokerMetrics
    /// This process's lease owner id.
    var owner = UUID().uuidString.lowercased()

    static let batchSize = 10

    /// How long an idle SQLite worker waits between looks at the queue when nothing wakes it: SQLite has one broker
    /// process (which wakes the worker when it queues a delivery) and every look takes the write lock.
    static let sqliteIdleInterval: Duration = .seconds(60)

    func run() async {
        let configuration = runtime.configuration
        let wakeUp = runtime.wakeUp
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            var wait = configuration.pollInterval
            do {
                let (sent, nextDue) = try await deliverDue()
                if sent > 0 { continue }
                if database.engine == .sqlite {
                    // Nothing due: sleep until the next retry is due (or a request queues a delivery).
                    let untilDue = nextDue.map { Duration.milliseconds(Int64(max(0, $0.timeIntervalSinceNow) * 1000)) }
                    wait = max(
                        configuration.pollInterval,
                        min(untilDue ?? Self.sqliteIdleInterval, Self.sqliteIdleInterval)
                    )
                }
            } catch {
                logger.warning("webhooks: could not read the delivery queue: \(String(reflecting: error))")
            }
            let pause = wait
            await cancelWhenGracefulShutdown { await wakeUp.wait(timeout: pause) }
        }
    }

    /// Claims and sends one batch of due deliveries; returns how many it sent and when the next waiting one is due.
    func deliverDue() async throws -> (sent: Int, nextDue: Date?) {
        let now = Date()
        // Long enough for a batch (sent concurrently, each bounded by the timeout) and its bookkeeping; a broker that
        // dies mid-send leaves its deliveries to the others once the lease ends.
        let lease = runtime.configuration.timeout * 2 + .seconds(60)
        let owner = self.owner
        let engine = database.engine
        let (claimed, nextDue) = try await database.transaction { db in
            let store = BrokerStore(db: db)
            let claimed = try await store.claimDeliveries(
                owner: owner,
                now: BrokerClock.format(now),
                leaseUntil: BrokerClock.format(now.addingTimeInterval(lease.timeInterval)),
                limit: Self.batchSize,
                engine: engine
            )
            return (claimed, claimed.isEmpty ? try await store.nextDeliveryDue() : nil)
        }
        // The batch is sent concurrently, so the whole batch ends within about one timeout, inside the lease.
        await withTaskGroup(of: Void.self) { group in
            for delivery in claimed { group.addTask { await deliver(delivery) } }
        }
        return (claimed.count, nextDue.flatMap(BrokerClock.parse))
    }

    func deliver(_ delivery: TriggeredWebhookRecord) async {
        let configuration = runtime.configuration
        let webhookID = delivery.webhookID
        let webhook: WebhookDefinition?
        do {
            webhook = try await database.transaction { db in try await BrokerStore(db: db).webhook(id: webhookID) }
        } catch {
            logger.warning("webhooks: could not read webhook \(delivery.webhookUUID): \(String(reflecting: error))")
            return
        }
        guard let webhook else { return }
        let result = await runtime.executor.execute(
            webhook.request,
            parameters: delivery.parameters,
            context: [
                "event_name": delivery.eventName, "consumer_name": delivery.consumerName,
                "provider_name": delivery.providerName, "triggered_webhook_uuid": delivery.uuid,
                "attempt": String(delivery.attempts + 1),
            ]
        )
        let attempts = delivery.attempts + 1
        let outcome: String
        let status: String
        if result.success {
            (outcome, status) = ("success", WebhookDeliveryStatus.success)
        } else if result.refused {
            (outcome, status) = ("refused", WebhookDeliveryStatus.failure)
        } else if attempts >= configuration.maximumAttempts {
            (outcome, status) = ("failure", WebhookDeliveryStatus.failure)
        } else {
            (outcome, status) = ("retry", WebhookDeliveryStatus.retrying)
        }
        let delay = configuration.retryDelay(afterAttempt: attempts)
        let next = BrokerClock.format(Date().addingTimeInterval(delay.timeInterval))
        let owner = self.owner
        let logs = result.logs
        do {
            let recorded = try await database.transaction { db in
                try await BrokerStore(db: db).recordAttempt(
                    id: delivery.id,
                    owner: owner,
                    success: result.success,
                    logs: logs,
                    status: status,
                    attempts: attempts,
                    nextAttemptAt: next
                )
            }
            if !recorded {
                logger.warning(
                    "webhooks: the lease on delivery \(delivery.uuid) expired before its attempt was recorded"
                )
            }
        } catch {
            logger.warning("webhooks: could not record delivery \(delivery.uuid): \(String(reflecting: error))")
        }
        metrics.increment("pactum_broker_webhook_deliveries_total", labels: ["outcome": outcome, "trigger": "event"])
        logger.info(
            "webhook \(webhook.uuid) \(delivery.eventName) attempt \(attempts): \(outcome)",
            metadata: [
                "triggered-webhook": "\(delivery.uuid)", "status": "\(result.responseStatus.map(String.init) ?? "-")",
            ]
        )
    }
}
