import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PactumCore

/// How big a load run is, from the environment (small defaults for CI; `Benchmarks/run-load-test.sh` sets them
/// larger for the figures in RELIABILITY.md).
struct LoadSettings: Sendable, CustomStringConvertible {
    /// Concurrent clients (`PACTUM_LOAD_CLIENTS`, default 100).
    var clients: Int
    /// Iterations in all, shared out among the clients (`PACTUM_LOAD_OPERATIONS`, default 300). Each iteration is
    /// four requests: publish a contract, fetch it, publish a verification result, ask can-i-deploy.
    var iterations: Int
    /// After this many seconds no client starts a new iteration (`PACTUM_LOAD_SECONDS`, default 60).
    var seconds: Int

    static func fromEnvironment(defaultIterations: Int = 300) -> LoadSettings {
        let environment = ProcessInfo.processInfo.environment
        func number(_ name: String, _ fallback: Int) -> Int {
            environment[name].flatMap { Int($0) }.map { max(1, $0) } ?? fallback
        }
        return LoadSettings(
            clients: number("PACTUM_LOAD_CLIENTS", 100),
            iterations: number("PACTUM_LOAD_OPERATIONS", defaultIterations),
            seconds: number("PACTUM_LOAD_SECONDS", 60)
        )
    }

    var description: String { "\(clients) clients, \(iterations) iterations, at most \(seconds) s" }
}

/// The operations a load client performs, in order, in each iteration.
enum LoadOperation: String, CaseIterable, Sendable {
    case publish = "publish contract"
    case fetch = "fetch pact"
    case verify = "publish verification"
    case canIDeploy = "can-i-deploy"
}

/// A publication the broker acknowledged with 200.
struct AckedPublication: Sendable {
    var consumer: String
    var provider: String
    var version: String
    var description: String
}

/// A verification result the broker acknowledged with 201.
struct AckedVerification: Sendable {
    var publication: AckedPublication
    var providerVersion: String
    var success: Bool
    /// The path of the result (`/pacts/…/verification-results/N`).
    var path: String
}

/// Something a client was told that it should not have been.
struct LoadFailure: Sendable, CustomStringConvertible {
    var operation: LoadOperation
    /// The HTTP status, 0 when no answer came.
    var status: Int
    var detail: String

    var description: String { "\(operation.rawValue): \(status == 0 ? "no answer" : "\(status)") \(detail)" }
}

/// What every client of a load run did and was told.
struct LoadReport: Sendable {
    var label: String
    var settings: LoadSettings
    var publications: [AckedPublication] = []
    var verifications: [AckedVerification] = []
    var canIDeployAnswers = 0
    var latencies: [LoadOperation: [Duration]] = [:]
    var failures: [LoadFailure] = []
    var elapsed: Duration = .zero
    var iterations = 0

    var serverErrors: [LoadFailure] { failures.filter { $0.status >= 500 } }
    var requests: Int { latencies.values.map(\.count).reduce(0, +) }

    mutating func merge(_ other: LoadReport) {
        publications += other.publications
        verifications += other.verifications
        canIDeployAnswers += other.canIDeployAnswers
        failures += other.failures
        iterations += other.iterations
        for (operation, values) in other.latencies { latencies[operation, default: []] += values }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    static func percentile(_ values: [Duration], _ percent: Int) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return milliseconds(sorted[min(sorted.count - 1, (sorted.count * percent + 99) / 100 - 1)])
    }

    /// One line per operation with p50 and p99, and the throughput: what `run-load-test.sh` collects.
    var summary: String {
        let seconds = Self.milliseconds(elapsed) / 1000
        let rate = seconds > 0 ? Double(requests) / seconds : 0
        var lines = [
            "LOAD \(label): \(settings.clients) clients, \(iterations) iterations, \(requests) requests in "
                + String(format: "%.1f s = %.0f requests/s", seconds, rate)
                + "; acknowledged \(publications.count) publications, \(verifications.count) verifications, "
                + "\(canIDeployAnswers) can-i-deploy answers; \(failures.count) failures, \(serverErrors.count) 5xx"
        ]
        for operation in LoadOperation.allCases {
            let values = latencies[operation] ?? []
            lines.append(
                "LOAD \(label):   \(operation.rawValue): \(values.count) requests, "
                    + String(
                        format: "p50 %.1f ms, p99 %.1f ms",
                        Self.percentile(values, 50),
                        Self.percentile(values, 99)
                    )
            )
        }
        return lines.joined(separator: "\n")
    }
}

/// An HTTP client for load runs: AsyncHTTPClient with enough pooled connections for every client.
struct LoadHTTP: Sendable {
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var text: String

        var json: JSONValue? { try? JSONParser.parse(text) }
    }

    let client: HTTPClient
    let timeout: TimeAmount

    /// Runs `body` with a client allowing `connections` connections per broker, shut down afterwards.
    static func with<R: Sendable>(
        connections: Int,
        timeout: TimeAmount = .seconds(30),
        _ body: (LoadHTTP) async throws -> R
    ) async throws -> R {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: connections
        )
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(5), read: timeout)
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let http = LoadHTTP(client: client, timeout: timeout)
        do {
            let result = try await body(http)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    func send(_ method: HTTPMethod, _ url: String, json: JSONValue? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/hal+json, application/json")
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: JSONWriter.compact(json)))
        }
        let response = try await client.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return Answer(status: Int(response.status.code), headers: response.headers, text: String(buffer: body))
    }
}

/// Clients publishing contracts and verification results and asking can-i-deploy against one or more brokers, and
/// the check that the brokers hold exactly what the clients were told.
enum LoadDriver {
    static let consumers = 10
    static let providers = 5

    /// The pact a client publishes: one interaction named `description`.
    static func pact(consumer: String, provider: String, description: String, path: String) -> JSONValue {
        [
            "consumer": ["name": .string(consumer)],
            "provider": ["name": .string(provider)],
            "interactions": [
                [
                    "description": .string(description),
                    "request": ["method": "GET", "path": .string(path)],
                    "response": ["status": 200, "body": ["path": .string(path)]],
                ]
            ],
            "metadata": ["pactSpecification": ["version": "3.0.0"]],
        ]
    }

    static func publishBody(_ publication: AckedPublication, pact: JSONValue) -> JSONValue {
        [
            "pacticipantName": .string(publication.consumer),
            "pacticipantVersionNumber": .string(publication.version),
            "branch": "main",
            "contracts": [
                [
                    "consumerName": .string(publication.consumer),
                    "providerName": .string(publication.provider),
                    "specification": "pact",
                    "contentType": "application/json",
                    "content": .string(Data(JSONWriter.compact(pact).utf8).base64EncodedString()),
                ]
            ],
        ]
    }

    /// Percent-encodes everything but the unreserved characters (names and versions here are only those).
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "-._~").union(.alphanumerics))
            ?? text
    }

    /// The path of a URL the broker gave (its links carry the broker's own address).
    static func path(of url: String) -> String {
        guard let components = URLComponents(string: url) else { return url }
        return components.percentEncodedPath + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    /// Runs the clients: client `c` writes to `brokers[c % n]` and reads from the next broker (the same one when
    /// there is one), so with two brokers every answer crosses instances.
    static func run(brokers: [String], settings: LoadSettings, label: String, http: LoadHTTP) async -> LoadReport {
        let started = ContinuousClock.now
        let deadline = started + .seconds(settings.seconds)
        let run = UUID().uuidString.prefix(8).lowercased()
        var report = LoadReport(label: label, settings: settings)
        await withTaskGroup(of: LoadReport.self) { group in
            for client in 0..<settings.clients {
                let share =
                    settings.iterations / settings.clients + (client < settings.iterations % settings.clients ? 1 : 0)
                let writer = brokers[client % brokers.count]
                let reader = brokers[(client + 1) % brokers.count]
                group.addTask {
                    await runClient(
                        client,
                        iterations: share,
                        deadline: deadline,
                        writer: writer,
                        reader: reader,
                        run: String(run),
                        label: label,
                        settings: settings,
                        http: http
                    )
                }
            }
            for await outcome in group { report.merge(outcome) }
        }
        report.elapsed = ContinuousClock.now - started
        return report
    }

    private static func runClient(
        _ client: Int,
        iterations: Int,
        deadline: ContinuousClock.Instant,
        writer: String,
        reader: String,
        run: String,
        label: String,
        settings: LoadSettings,
        http: LoadHTTP
    ) async -> LoadReport {
        var report = LoadReport(label: label, settings: settings)
        func timed(_ operation: LoadOperation, _ body: () async throws -> LoadHTTP.Answer) async -> LoadHTTP.Answer? {
            let start = ContinuousClock.now
            do {
                let answer = try await body()
                report.latencies[operation, default: []].append(ContinuousClock.now - start)
                return answer
            } catch {
                report.failures.append(LoadFailure(operation: operation, status: 0, detail: "\(error)"))
                return nil
            }
        }
        func refuse(_ operation: LoadOperation, _ answer: LoadHTTP.Answer, _ what: String) {
            report.failures.append(
                LoadFailure(operation: operation, status: answer.status, detail: "\(what): \(answer.text.prefix(300))")
            )
        }
        for iteration in 0..<iterations where ContinuousClock.now < deadline {
            report.iterations += 1
            let consumer = "LoadConsumer\(client % consumers)"
            let provider = "LoadProvider\(client % providers)"
            // Every third pact has the same content as other clients' (one stored content, published by many
            // versions at once); the others are unique.
            let description =
                iteration % 3 == 0 ? "a shared request" : "request \(iteration) of client \(client) in run \(run)"
            let publication = AckedPublication(
                consumer: consumer,
                provider: provider,
                version: "\(run)-c\(client)-i\(iteration)",
                description: description
            )
            let pact = pact(consumer: consumer, provider: provider, description: description, path: "/items/\(client)")
            guard
                let published = await timed(
                    .publish,
                    {
                        try await http.send(
                            .POST,
                            writer + "/contracts/publish",
                            json: publishBody(publication, pact: pact)
                        )
                    }
                )
            else { continue }
            guard published.status == 200 else {
                refuse(.publish, published, "expected 200")
                continue
            }
            report.publications.append(publication)

            let pactPath =
                "/pacts/provider/\(encode(provider))/consumer/\(encode(consumer))/version/\(encode(publication.version))"
            guard let fetched = await timed(.fetch, { try await http.send(.GET, reader + pactPath) }) else { continue }
            guard fetched.status == 200, let document = fetched.json,
                document["interactions"]?[0]?["description"]?.stringValue == description,
                let resultsURL = document["_links"]?["pb:publish-verification-results"]?["href"]?.stringValue
            else {
                refuse(.fetch, fetched, "expected 200 with the interaction '\(description)' just published")
                continue
            }

            let success = iteration % 4 != 3
            let providerVersion = "\(run)-p\(client)-i\(iteration)"
            let body: JSONValue = [
                "success": .bool(success), "providerApplicationVersion": .string(providerVersion),
                "verifiedBy": ["implementation": "Pactum load test", "version": "1"],
            ]
            guard
                let verified = await timed(
                    .verify,
                    { try await http.send(.POST, writer + path(of: resultsURL), json: body) }
                )
            else { continue }
            guard verified.status == 201, let href = verified.json?["_links"]?["self"]?["href"]?.stringValue else {
                refuse(.verify, verified, "expected 201 with a self link")
                continue
            }
            report.verifications.append(
                AckedVerification(
                    publication: publication,
                    providerVersion: providerVersion,
                    success: success,
                    path: path(of: href)
                )
            )

            // What must hold now: the consumer version with this provider version is deployable exactly when the
            // verification just acknowledged succeeded, and the matrix has that one row.
            let query =
                "/matrix?q[][pacticipant]=\(encode(consumer))&q[][version]=\(encode(publication.version))"
                + "&q[][pacticipant]=\(encode(provider))&q[][version]=\(encode(providerVersion))&latestby=cvpv"
            guard let answer = await timed(.canIDeploy, { try await http.send(.GET, reader + query) }) else {
                continue
            }
            let rows = answer.json?["matrix"]?.arrayValue?.count
            guard answer.status == 200, answer.json?["summary"]?["deployable"]?.boolValue == success, rows == 1 else {
                refuse(
                    .canIDeploy,
                    answer,
                    "expected deployable \(success) with one matrix row, got \(rows ?? -1) rows"
                )
                continue
            }
            report.canIDeployAnswers += 1
        }
        return report
    }

    /// Reads back, through `brokers` (each item through a broker other than the one that took it when there are
    /// several), every acknowledged write, and compares the brokers' counts with the acknowledgements: returns every
    /// difference (lost, changed or duplicated data).
    static func check(_ report: LoadReport, brokers: [String], http: LoadHTTP) async throws -> [String] {
        var problems: [String] = []
        let reader = brokers[brokers.count > 1 ? 1 : 0]
        // Read back in batches of 20 concurrent requests.
        let publications = report.publications
        for start in stride(from: 0, to: publications.count, by: 20) {
            let batch = publications[start..<min(start + 20, publications.count)]
            problems += await withTaskGroup(of: String?.self) { group in
                for item in batch {
                    group.addTask {
                        let path =
                            "/pacts/provider/\(encode(item.provider))/consumer/\(encode(item.consumer))/version/"
                            + encode(item.version)
                        guard let answer = try? await http.send(.GET, reader + path) else {
                            return "lost publication \(item.consumer) \(item.version): no answer"
                        }
                        guard answer.status == 200,
                            answer.json?["interactions"]?[0]?["description"]?.stringValue == item.description
                        else { return "lost or changed publication \(item.consumer) \(item.version): \(answer.status)" }
                        return nil
                    }
                }
                var found: [String] = []
                for await problem in group { if let problem { found.append(problem) } }
                return found
            }
        }
        let verifications = report.verifications
        for start in stride(from: 0, to: verifications.count, by: 20) {
            let batch = verifications[start..<min(start + 20, verifications.count)]
            problems += await withTaskGroup(of: String?.self) { group in
                for item in batch {
                    group.addTask {
                        guard let answer = try? await http.send(.GET, reader + item.path) else {
                            return "lost verification \(item.path): no answer"
                        }
                        guard answer.status == 200, answer.json?["success"]?.boolValue == item.success,
                            answer.json?["providerApplicationVersion"]?.stringValue == item.providerVersion
                        else { return "lost or changed verification \(item.path): \(answer.status) \(answer.text)" }
                        return nil
                    }
                }
                var found: [String] = []
                for await problem in group { if let problem { found.append(problem) } }
                return found
            }
        }
        // Counts: exactly one row per acknowledged write (nothing duplicated, nothing extra).
        let gauges = try await metricGauges(reader, http: http)
        let expected: [(String, Int)] = [
            ("pactum_broker_pact_publications", report.publications.count),
            ("pactum_broker_verifications", report.verifications.count),
            ("pactum_broker_versions", report.publications.count + report.verifications.count),
            (
                "pactum_broker_pacticipants",
                Set(report.publications.flatMap { [$0.consumer, $0.provider] }).count
            ),
        ]
        for (name, count) in expected where gauges[name] != Double(count) {
            problems.append("\(name) is \(gauges[name].map { "\(Int($0))" } ?? "missing"), expected \(count)")
        }
        return problems
    }

    /// The unlabelled gauges of `/metrics`.
    static func metricGauges(_ broker: String, http: LoadHTTP) async throws -> [String: Double] {
        let answer = try await http.send(.GET, broker + "/metrics")
        var gauges: [String: Double] = [:]
        for line in answer.text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 2, !parts[0].contains("{"), let value = Double(parts[1]) {
                gauges[String(parts[0])] = value
            }
        }
        return gauges
    }
}
