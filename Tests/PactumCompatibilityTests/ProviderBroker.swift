import Foundation
import PactumBroker
import PactumCore
import PactumTestSupport

/// Pactum's own broker (in-memory SQLite, 127.0.0.1, a free port), kept running across a scenario's steps: the
/// scoped `withBroker` runs in a task of its own until ``shutdown()``.
final class ProviderBroker: Sendable {
    /// The broker's port.
    let port: Int
    private let stop: AsyncStream<Void>.Continuation
    private let task: Task<Void, any Error>

    private init(port: Int, stop: AsyncStream<Void>.Continuation, task: Task<Void, any Error>) {
        self.port = port
        self.stop = stop
        self.task = task
    }

    /// `http://127.0.0.1:<port>`.
    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts a broker and returns once it accepts connections.
    static func start() async throws -> ProviderBroker {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let (stopSignal, stop) = AsyncStream.makeStream(of: Void.self)
        let task = Task {
            defer { portContinuation.finish() }
            try await withBroker { running in
                portContinuation.yield(running.port)
                for await _ in stopSignal {}
            }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            stop.finish()
            do {
                try await task.value
            } catch {
                throw StepFailure("the broker could not start: \(error)")
            }
            throw StepFailure("the broker stopped before it listened")
        }
        return ProviderBroker(port: port, stop: stop, task: task)
    }

    /// Stops the broker and waits until it has.
    func shutdown() async {
        stop.finish()
        _ = await task.result
    }

    /// Publishes a pact as the given consumer version (`PUT /pacts/provider/P/consumer/C/version/V`).
    func publish(_ pact: Pact, consumerVersion: String) async throws {
        let text = try pact.jsonText(specification: pact.specification)
        let target =
            "/pacts/provider/\(Self.segment(pact.provider.name))/consumer/\(Self.segment(pact.consumer.name))"
            + "/version/\(Self.segment(consumerVersion))"
        let response = try await LoopbackHTTPClient.sendAsync(
            method: "PUT",
            port: port,
            target: target,
            headers: [("Content-Type", "application/json")],
            body: Array(text.utf8)
        )
        guard (200..<300).contains(response.status) else {
            throw StepFailure(
                "the broker answered PUT \(target) with \(response.status): "
                    + String(decoding: response.body, as: UTF8.self)
            )
        }
    }

    /// A JSON document of the broker's API, by path and query, or by a link the broker gave.
    func get(_ target: String) async throws -> JSONValue {
        var path = target
        if path.hasPrefix(url) { path.removeFirst(url.count) }
        let response = try await LoopbackHTTPClient.sendAsync(
            method: "GET",
            port: port,
            target: path,
            headers: [("Accept", "application/hal+json")],
            body: []
        )
        let text = String(decoding: response.body, as: UTF8.self)
        guard response.status == 200 else {
            throw StepFailure("the broker answered GET \(path) with \(response.status): \(text)")
        }
        do {
            return try JSONParser.parse(bytes: response.body)
        } catch {
            throw StepFailure("the broker's answer to GET \(path) is not JSON: \(text)")
        }
    }

    /// The verification results the broker holds for a consumer version's pact with the provider, newest last, read
    /// from the matrix and each result's own resource.
    func verificationResults(consumer: String, version: String) async throws -> (pactRows: Int, results: [JSONValue]) {
        let query = "q%5B%5D%5Bpacticipant%5D=\(Self.segment(consumer))&q%5B%5D%5Bversion%5D=\(Self.segment(version))"
        let matrix = try await get("/matrix?" + query)
        guard let rows = matrix["matrix"]?.arrayValue else {
            throw StepFailure("the broker's matrix has no 'matrix' array: \(JSONWriter.compact(matrix))")
        }
        var results: [JSONValue] = []
        for row in rows {
            guard let verification = row["verificationResult"], verification != .null else { continue }
            guard let link = verification["_links"]?["self"]?["href"]?.stringValue else {
                throw StepFailure("a verification result in the matrix has no self link: \(JSONWriter.compact(row))")
            }
            results.append(try await get(link))
        }
        return (rows.count, results)
    }

    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? text
    }
}
