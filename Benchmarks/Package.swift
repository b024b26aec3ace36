// swift-tools-version:6.1

// Performance benchmarks for Pactum: parsing and writing a 1000-interaction V4 pact, matching every response
// and request in it, and the mock and stub servers. A separate package so that package-benchmark stays out of Pactum's own
// dependency graph. See README.md for how to run it and for recorded results.

import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, so the repository's identity depends on where it was
// cloned (`pactum`, `main`, …). Work it out from this file's location.
let pactum = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "PactumBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The deterministic generator of the 1000-interaction contract and its actual traffic.
        .target(
            name: "BenchmarkFixtures",
            dependencies: [.product(name: "PactumCore", package: pactum)]
        ),
        // The mock and stub server benchmarks' interactions, pact files and keep-alive loopback HTTP client.
        .target(
            name: "MockBenchmarkSupport",
            dependencies: [
                "BenchmarkFixtures",
                .product(name: "PactumCore", package: pactum),
                .product(name: "PactumTesting", package: pactum),
            ]
        ),
        // package-benchmark suite: `swift package benchmark`.
        .executableTarget(
            name: "PactumBenchmarks",
            dependencies: [
                "BenchmarkFixtures",
                "MockBenchmarkSupport",
                .product(name: "PactumCore", package: pactum),
                .product(name: "PactumMock", package: pactum),
                .product(name: "PactumTesting", package: pactum),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/PactumBenchmarks",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark")
            ]
        ),
        // Writes the fixture files that both Pactum and the reference implementation read.
        .executableTarget(
            name: "GenerateFixture",
            dependencies: ["BenchmarkFixtures", .product(name: "PactumCore", package: pactum)]
        ),
        // Pactum's side of the same-run comparison with the reference implementation (run-comparison.sh).
        .executableTarget(
            name: "PactumComparison",
            dependencies: ["BenchmarkFixtures", .product(name: "PactumCore", package: pactum)]
        ),
        // Comparing a 1,000-interaction pact with a 200-operation OpenAPI document (PactumContracts).
        .executableTarget(
            name: "ComparatorBenchmark",
            dependencies: [
                .product(name: "PactumContracts", package: pactum),
                .product(name: "PactumCore", package: pactum),
            ]
        ),
        // Pactum's side of the mock and stub server comparison (run-mock-comparison.sh).
        .executableTarget(
            name: "MockComparison",
            dependencies: [
                "MockBenchmarkSupport",
                .product(name: "PactumCore", package: pactum),
                .product(name: "PactumMock", package: pactum),
                .product(name: "PactumTesting", package: pactum),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
