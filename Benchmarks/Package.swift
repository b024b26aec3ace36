// swift-tools-version:6.1

// Performance benchmarks for PactumCore: parsing and writing a 1000-interaction V4 pact, and matching every
// response and request in it. A separate package so that package-benchmark stays out of Pactum's own
// dependency graph. See README.md for how to run it and for recorded results.

import PackageDescription

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
            dependencies: [.product(name: "PactumCore", package: "Pactum")]
        ),
        // package-benchmark suite: `swift package benchmark`.
        .executableTarget(
            name: "PactumBenchmarks",
            dependencies: [
                "BenchmarkFixtures",
                .product(name: "PactumCore", package: "Pactum"),
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
            dependencies: ["BenchmarkFixtures", .product(name: "PactumCore", package: "Pactum")]
        ),
        // Pactum's side of the same-run comparison with the reference implementation (run-comparison.sh).
        .executableTarget(
            name: "PactumComparison",
            dependencies: ["BenchmarkFixtures", .product(name: "PactumCore", package: "Pactum")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
