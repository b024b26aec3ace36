import AsyncHTTPClient
import Foundation
import Logging
import ServiceLifecycle

extension BrokerServer {
    /// Runs `serve` (the HTTP server), the comparison worker (bi-directional contract testing) and, unless disabled,
    /// the delivery worker beside it. On graceful shutdown the worker stops claiming, finishes the delivery it is sending
    /// and ends with the server; the HTTP client is shut down last.
    func withWebhookDelivery(
        services: BrokerServices,
        _ serve: @escaping @Sendable () async throws -> Void
    ) async throws {
        let runtime = services.webhooks
        let worker = WebhookDeliveryWorker(
            database: services.database,
            runtime: runtime,
            logger: services.logger,
            metrics: services.metrics
        )
        let deliver = configuration.webhooks.deliveryEnabled
        let comparisons = ContractComparisonWorker(
            database: services.database,
            wakeUp: services.comparisonWakeUp,
            logger: services.logger,
            baseURL: { services.trustedBaseURL },
            webhookWakeUp: runtime.wakeUp
        )
        let outcome: Result<Void, any Error>
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                if deliver { group.addTask { await worker.run() } }
                group.addTask { await comparisons.run() }
                try await serve()
                // The server stopped (graceful shutdown): the worker sees it too and ends after its delivery.
                if !Task.isShuttingDownGracefully { group.cancelAll() }
                try await group.waitForAll()
            }
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        try? await runtime.client.shutdown()
        try outcome.get()
    }
}
