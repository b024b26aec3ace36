// swift-tools-version:6.1

import PackageDescription

let package = Package(
    name: "Pactum",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PactumCore", targets: ["PactumCore"]),
        .library(name: "PactumMock", targets: ["PactumMock"]),
        .library(name: "PactumTesting", targets: ["PactumTesting"]),
        .executable(name: "pactum", targets: ["PactumCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The contract model and matching engine: Foundation only.
        .target(name: "PactumCore"),
        // The mock and stub HTTP servers: PactumCore and SwiftNIO, nothing else.
        .target(
            name: "PactumMock",
            dependencies: [
                "PactumCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // The consumer DSL for Swift Testing: PactumCore and PactumMock only.
        .target(name: "PactumTesting", dependencies: ["PactumCore", "PactumMock"]),
        // The `pactum` command.
        .executableTarget(
            name: "PactumCLI",
            dependencies: [
                "PactumCore",
                "PactumMock",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The end-to-end example: a small bookshelf HTTP service (the provider, on SwiftNIO only) and a Swift
        // client library of its API (the consumer, Foundation only). Neither depends on Pactum.
        .executableTarget(
            name: "ExampleProvider",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Fixtures/ExampleProvider"
        ),
        .target(name: "ExampleConsumer", path: "Fixtures/ExampleConsumer"),
        // Helpers shared by the test targets: locating ../shared, a loopback HTTP client, the official Pact CLI.
        .target(name: "PactumTestSupport", dependencies: ["PactumCore"], path: "Tests/PactumTestSupport"),
        .testTarget(name: "PactumCoreTests", dependencies: ["PactumCore", "PactumTestSupport"]),
        .testTarget(
            name: "PactumMockTests",
            // ExampleProvider: its binary is launched by the official-verifier test, so it must be built first.
            dependencies: ["PactumCore", "PactumMock", "PactumTestSupport", "ExampleProvider"]
        ),
        // The consumer DSL, and the example consumer's contract tests (which write contracts/).
        .testTarget(
            name: "PactumTestingTests",
            dependencies: ["PactumTesting", "PactumTestSupport", "ExampleConsumer", "ExampleProvider"]
        ),
        // The `pactum` command, run as a subprocess (PactumCLI: so the executable is built first).
        .testTarget(name: "PactumCLITests", dependencies: ["PactumCore", "PactumTestSupport", "PactumCLI"]),
        // The official Pact compatibility suite (Gherkin features in ../shared) run against Pactum's APIs.
        .testTarget(
            name: "PactumCompatibilityTests",
            dependencies: ["PactumCore", "PactumMock", "PactumTesting", "PactumTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets where [.executable, .test, .regular].contains(target.type) {
    var settings = target.swiftSettings ?? []
    // Require `any` for existential types.
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    // Only the modules a file imports are visible to it.
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
