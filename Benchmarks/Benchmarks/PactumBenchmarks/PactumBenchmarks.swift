import Benchmark
import BenchmarkFixtures
import Foundation
import PactumCore

// Parsing, writing and matching a realistic 1000-interaction V4 contract (see BenchmarkFixtures); the mock
// server benchmarks are in MockBenchmarks.swift.
//
//     swift package --package-path Benchmarks benchmark
//
// The matching benchmarks use a scaling factor of 1000 (one inner iteration per interaction), so their
// wall-clock, throughput and malloc figures marked `*` in the output are per interaction.

/// The fixture every benchmark uses, built once per benchmark process.
func loadFixture() -> Fixture {
    do {
        return try Fixture.generate(ContractGenerator(interactionCount: 1000))
    } catch {
        fatalError("The benchmark fixture could not be generated: \(error)")
    }
}

/// A typical interaction: a successful GET of one resource whose actual body has the median size of such bodies.
func typicalCase(in fixture: Fixture) -> MatchCase {
    let reads = fixture.cases.filter {
        $0.expectedRequest.method == "GET" && $0.expectedResponse.status == 200 && !$0.expectResponseMismatch
            && $0.expectedRequest.query == nil
    }
    let bySize = reads.sorted { $0.actualResponse.body.bytes.count < $1.actualResponse.body.bytes.count }
    guard !bySize.isEmpty else { fatalError("The benchmark fixture has no successful single-resource GET") }
    return bySize[bySize.count / 2]
}

let benchmarks: @Sendable () -> Void = {
    let fixture = loadFixture()
    let cases = fixture.cases
    precondition(cases.count == 1000, "expected 1000 HTTP interactions, found \(cases.count)")
    let actualBodyBytes = cases.map { $0.actualResponse.body.bytes }

    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .throughput, .mallocCountTotal, .peakMemoryResident]
    let whole = Benchmark.Configuration(
        metrics: metrics,
        timeUnits: .milliseconds,
        warmupIterations: 2,
        maxDuration: .seconds(8),
        maxIterations: 40
    )
    let perInteraction = Benchmark.Configuration(
        metrics: metrics,
        timeUnits: .microseconds,
        warmupIterations: 2,
        scalingFactor: .kilo,
        maxDuration: .seconds(8),
        maxIterations: 60
    )

    Benchmark("Parse 1000-interaction pact (Data)", configuration: whole) { benchmark in
        for _ in benchmark.scaledIterations {
            do {
                blackHole(try Pact(data: fixture.contractData))
            } catch {
                benchmark.error("parsing failed: \(error)")
            }
        }
    }

    Benchmark("Write 1000-interaction pact (jsonText)", configuration: whole) { benchmark in
        for _ in benchmark.scaledIterations {
            do {
                blackHole(try fixture.pact.jsonText(specification: .v4))
            } catch {
                benchmark.error("writing failed: \(error)")
            }
        }
    }

    Benchmark("Match 1000 responses (per interaction)", configuration: perInteraction) { benchmark in
        for index in benchmark.scaledIterations {
            let matchCase = cases[index % cases.count]
            blackHole(PactMatcher.match(expected: matchCase.expectedResponse, actual: matchCase.actualResponse))
        }
    }

    Benchmark("Match 1000 responses, body from bytes (per interaction)", configuration: perInteraction) { benchmark in
        for index in benchmark.scaledIterations {
            let matchCase = cases[index % cases.count]
            let wire = matchCase.actualResponse
            let actual = HTTPResponse(
                status: wire.status,
                headers: wire.headers,
                body: Body.fromWire(actualBodyBytes[index % cases.count], contentType: wire.contentType)
            )
            blackHole(PactMatcher.match(expected: matchCase.expectedResponse, actual: actual))
        }
    }

    Benchmark("Match 1000 requests (per interaction)", configuration: perInteraction) { benchmark in
        for index in benchmark.scaledIterations {
            let matchCase = cases[index % cases.count]
            blackHole(PactMatcher.match(expected: matchCase.expectedRequest, actual: matchCase.actualRequest))
        }
    }

    let typical = typicalCase(in: fixture)
    Benchmark(
        "Match one typical response",
        configuration: .init(
            // CPU time is sampled in 10 ms ticks, too coarse for one match.
            metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
            timeUnits: .microseconds,
            warmupIterations: 10,
            maxDuration: .seconds(5),
            maxIterations: 20_000
        )
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(PactMatcher.match(expected: typical.expectedResponse, actual: typical.actualResponse))
        }
    }

    registerMockBenchmarks()
}
