import Foundation

/// The broker's own Prometheus metrics: requests by route and status, their latencies, and named counters (publications,
/// verification results, webhook deliveries). One instance per broker process; `/metrics` renders it together with
/// gauges read from the database at scrape time (``BrokerStore/metricGauges()``).
final class BrokerMetrics: Sendable {
    /// Upper bounds (seconds) of the latency histogram's buckets.
    static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct RequestKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    struct LatencyKey: Hashable {
        var method: String
        var route: String
    }

    struct Histogram {
        var buckets = [Int](repeating: 0, count: BrokerMetrics.latencyBuckets.count)
        var count = 0
        var sum = 0.0
    }

    /// A counter with its label values (`name{label="value"}`).
    struct CounterKey: Hashable {
        var name: String
        var labels: [String: String]
    }

    struct State {
        var requests: [RequestKey: Int] = [:]
        var latencies: [LatencyKey: Histogram] = [:]
        var counters: [CounterKey: Int] = [:]
    }

    private let state = Locked(State())

    /// Help texts of the named counters, printed as `# HELP` lines.
    static let counterHelp: [String: String] = [
        "pactum_broker_publications_total": "Pacts published (each pact of a publish request counts once).",
        "pactum_broker_verification_results_total": "Verification results published.",
        "pactum_broker_webhook_deliveries_total": "Webhook delivery attempts by outcome.",
    ]

    /// Records one answered request.
    func record(method: String, route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[RequestKey(method: method, route: route, status: status), default: 0] += 1
            let key = LatencyKey(method: method, route: route)
            var histogram = state.latencies[key] ?? Histogram()
            for (index, bound) in Self.latencyBuckets.enumerated() where seconds <= bound {
                histogram.buckets[index] += 1
            }
            histogram.count += 1
            histogram.sum += seconds
            state.latencies[key] = histogram
            guard (200..<300).contains(status) else { return }
            if method == "POST", route == "/contracts/publish" || route.hasSuffix("/verification-results") {
                let name =
                    route == "/contracts/publish"
                    ? "pactum_broker_publications_total" : "pactum_broker_verification_results_total"
                state.counters[CounterKey(name: name, labels: [:]), default: 0] += 1
            } else if method == "PUT", route == "/pacts/provider/:p/consumer/:c/version/:v" {
                state.counters[CounterKey(name: "pactum_broker_publications_total", labels: [:]), default: 0] += 1
            }
        }
    }

    /// Adds to a named counter (declare its help text in ``counterHelp``).
    func increment(_ name: String, labels: [String: String] = [:], by amount: Int = 1) {
        state.withLock { $0.counters[CounterKey(name: name, labels: labels), default: 0] += amount }
    }

    /// The value of a named counter (tests and diagnostics).
    func value(of name: String, labels: [String: String] = [:]) -> Int {
        state.withLock { $0.counters[CounterKey(name: name, labels: labels)] ?? 0 }
    }

    /// The Prometheus text exposition (version 0.0.4) of everything recorded, followed by `gauges`.
    func render(gauges: [BrokerGauge]) -> String {
        let state = state.withLock { $0 }
        var lines: [String] = []
        lines.append("# HELP pactum_broker_http_requests_total HTTP requests answered, by method, route and status.")
        lines.append("# TYPE pactum_broker_http_requests_total counter")
        for (key, count) in state.requests.sorted(by: { Self.order($0.key, $1.key) }) {
            let labels = Self.labels(["method": key.method, "route": key.route, "status": String(key.status)])
            lines.append("pactum_broker_http_requests_total\(labels) \(count)")
        }
        lines.append(
            "# HELP pactum_broker_http_request_duration_seconds Time to answer a request, by method and route."
        )
        lines.append("# TYPE pactum_broker_http_request_duration_seconds histogram")
        for (key, histogram) in state.latencies.sorted(by: {
            ($0.key.route, $0.key.method) < ($1.key.route, $1.key.method)
        }) {
            let base = ["method": key.method, "route": key.route]
            for (index, bound) in Self.latencyBuckets.enumerated() {
                var labels = base
                labels["le"] = Self.number(bound)
                lines.append(
                    "pactum_broker_http_request_duration_seconds_bucket\(Self.labels(labels)) \(histogram.buckets[index])"
                )
            }
            var infinity = base
            infinity["le"] = "+Inf"
            lines.append(
                "pactum_broker_http_request_duration_seconds_bucket\(Self.labels(infinity)) \(histogram.count)"
            )
            lines.append("pactum_broker_http_request_duration_seconds_sum\(Self.labels(base)) \(histogram.sum)")
            lines.append("pactum_broker_http_request_duration_seconds_count\(Self.labels(base)) \(histogram.count)")
        }
        let counters = Dictionary(grouping: state.counters, by: \.key.name)
        for name in Set(Self.counterHelp.keys).union(counters.keys).sorted() {
            lines.append("# HELP \(name) \(Self.counterHelp[name] ?? name)")
            lines.append("# TYPE \(name) counter")
            let values = counters[name] ?? []
            if values.isEmpty, Self.counterHelp[name] != nil, !name.contains("webhook") {
                lines.append("\(name) 0")
            }
            for (key, count) in values.sorted(by: { Self.labels($0.key.labels) < Self.labels($1.key.labels) }) {
                lines.append("\(name)\(Self.labels(key.labels)) \(count)")
            }
        }
        for gauge in gauges {
            lines.append("# HELP \(gauge.name) \(gauge.help)")
            lines.append("# TYPE \(gauge.name) gauge")
            lines.append("\(gauge.name) \(Self.number(gauge.value))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func order(_ left: RequestKey, _ right: RequestKey) -> Bool {
        (left.route, left.method, left.status) < (right.route, right.method, right.status)
    }

    /// `{a="1",b="2"}` with sorted names and escaped values; empty for no labels.
    static func labels(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "" }
        let pairs = labels.keys.sorted().map { name in
            let value = (labels[name] ?? "")
                .replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\(name)=\"\(value)\""
        }
        return "{" + pairs.joined(separator: ",") + "}"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// A value read at scrape time.
struct BrokerGauge: Sendable {
    var name: String
    var help: String
    var value: Double
}
