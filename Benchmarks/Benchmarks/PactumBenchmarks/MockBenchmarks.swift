import Benchmark
import Foundation
import MockBenchmarkSupport
import PactumMock
import PactumTesting
import Testing  // withPact's default source location (#_sourceLocation)

// The mock server: start and stop, one whole consumer test, and one request against a mock with 10,000
// interactions. All requests go over a keep-alive loopback connection (KeepAliveHTTPClient).

/// A started mock server with 10,000 interactions and a client connected to it, shared by a benchmark's iterations.
final class LoadedMockServer: @unchecked Sendable {
    let server: MockServer
    let client: KeepAliveHTTPClient
    let requests: [[UInt8]]
    /// The next request to send: every interaction in turn, so each request finds its own.
    var next = 0

    init(interactionCount: Int) async throws {
        let server = try await MockServer.start(
            interactions: ItemContract.interactions(interactionCount).map(\.interaction)
        )
        self.server = server
        client = try KeepAliveHTTPClient(port: server.port)
        requests = (0..<interactionCount).map { ItemContract.request($0).bytes(port: server.port) }
    }
}

func registerMockBenchmarks() {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident]
    let configuration = Benchmark.Configuration(
        metrics: metrics,
        timeUnits: .microseconds,
        warmupIterations: 10,
        maxDuration: .seconds(5),
        maxIterations: 3000
    )

    Benchmark("Mock server start and stop (1 interaction)", configuration: configuration) { benchmark in
        let interactions = [ItemContract.interaction(1).interaction]
        for _ in benchmark.scaledIterations {
            do {
                let server = try await MockServer.start(interactions: interactions)
                await server.shutdown()
            } catch {
                benchmark.error("the mock server did not start: \(error)")
            }
        }
    }

    Benchmark("Consumer test, 1 interaction (withPact, contract merged)", configuration: configuration) { benchmark in
        let directory = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
            .appendingPathComponent("pactum-benchmark-consumer-test-\(getpid())")
        let contract = ContractConfiguration(
            consumer: ItemContract.consumer,
            provider: ItemContract.provider,
            directory: directory
        )
        let request = ItemContract.request(1)
        for _ in benchmark.scaledIterations {
            do {
                let status = try await withPact(contract, interactions: [ItemContract.interaction(1)]) { server in
                    try KeepAliveHTTPClient(port: server.port).send(request).status
                }
                if status != 200 { benchmark.error("the mock server answered \(status)") }
            } catch {
                benchmark.error("the consumer test failed: \(error)")
            }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    Benchmark(
        "Mock request, 10000 interactions loaded",
        configuration: .init(
            metrics: metrics,
            timeUnits: .microseconds,
            warmupIterations: 100,
            maxDuration: .seconds(5),
            maxIterations: 20_000
        )
    ) { benchmark, loaded in
        for _ in benchmark.scaledIterations {
            do {
                let response = try loaded.client.send(loaded.requests[loaded.next % loaded.requests.count])
                if response.status != 200 { benchmark.error("the mock server answered \(response.status)") }
            } catch {
                benchmark.error("the request failed: \(error)")
            }
            loaded.next += 1
        }
    } setup: {
        try await LoadedMockServer(interactionCount: 10_000)
    }
}
