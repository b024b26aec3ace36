import Hummingbird
import Logging

/// `/metrics`: the process's counters and histograms, and gauges read from the database (a database that cannot be
/// read leaves the gauges out and sets `pactum_broker_database_up` to 0 rather than failing the scrape).
enum BrokerMetricsEndpoint {
    /// The route as the auth middleware sees it (its handler is ``respond(context:)``, outside a transaction).
    static let route = BrokerRoute("GET", "/metrics") { _, _ in .noContent }

    static func respond(context: BrokerRequestContext) async -> Response {
        let services = context.services
        var gauges: [BrokerGauge]
        do {
            gauges = try await services.database.transaction(readOnly: true) { db in
                try await BrokerStore(db: db).metricGauges()
            }
            gauges.append(
                BrokerGauge(name: "pactum_broker_database_up", help: "1 when the database answered.", value: 1)
            )
            gauges.append(
                BrokerGauge(
                    name: "pactum_broker_database_queries_run",
                    help: "Statements run on the database since the broker started (BEGIN and COMMIT included).",
                    value: Double(services.database.queriesRun)
                )
            )
        } catch {
            context.logger.warning("metrics: the database did not answer: \(String(reflecting: error))")
            gauges = [BrokerGauge(name: "pactum_broker_database_up", help: "1 when the database answered.", value: 0)]
        }
        let text = services.metrics.render(gauges: gauges)
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
