// swift-tools-version:6.1

import PackageDescription

let package = Package(
    name: "Pactum",
    platforms: [.macOS(.v15), .iOS(.v18)],
    products: [
        .library(name: "PactumCore", targets: ["PactumCore"]),
        .library(name: "PactumMock", targets: ["PactumMock"]),
        .library(name: "PactumTesting", targets: ["PactumTesting"]),
        .library(name: "PactumVerifier", targets: ["PactumVerifier"]),
        .library(name: "PactumBrokerWire", targets: ["PactumBrokerWire"]),
        .library(name: "PactumBrokerClient", targets: ["PactumBrokerClient"]),
        .library(name: "PactumBroker", targets: ["PactumBroker"]),
        .library(name: "PactumContracts", targets: ["PactumContracts"]),
        .executable(name: "pactum", targets: ["PactumCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        // OpenAPI and AsyncAPI documents in YAML (PactumContracts).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // `swift package generate-documentation` (the DocC catalogs; CI builds them with warnings as errors).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
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
        // The Pact Broker API documents (Codable), shared by the broker and its client: Foundation and PactumCore
        // (JSONValue, for the members a document keeps as sent) only.
        .target(name: "PactumBrokerWire", dependencies: ["PactumCore"]),
        // The broker's HTTP API from the client side: publish, pacts for verification, verification results,
        // can-i-deploy, deployments and releases, environments, pacticipants, tags.
        .target(
            name: "PactumBrokerClient",
            dependencies: [
                "PactumCore",
                "PactumBrokerWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ]
        ),
        // Provider verification: replays contracts against a running provider and reports the result.
        .target(
            name: "PactumVerifier",
            dependencies: [
                "PactumCore",
                "PactumBrokerClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                // The provider's own HTTP/1.1 connections (ProviderHTTPClient), https providers included.
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The broker service: storage on SQLite or PostgreSQL through SQLKit, the Pact Broker-compatible HAL API.
        .target(
            name: "PactumBroker",
            dependencies: [
                "PactumCore",
                "PactumBrokerWire",
                // Consumer contracts compared with provider contracts (bi-directional contract testing); Yams to
                // bound a published YAML document's alias expansion and list its operations in the web UI.
                "PactumContracts",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                // HTTP1Channel's configuration (the idle connection time-out).
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                // Webhook deliveries.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // Consumer contracts checked against a provider's OpenAPI or AsyncAPI document (bi-directional contract
        // testing): PactumCore and Yams only, so the broker and the CLI can both use it.
        .target(name: "PactumContracts", dependencies: ["PactumCore", .product(name: "Yams", package: "Yams")]),
        // The `pactum` command.
        .executableTarget(
            name: "PactumCLI",
            dependencies: [
                "PactumCore",
                "PactumMock",
                "PactumVerifier",
                "PactumBrokerClient",
                "PactumBroker",
                // `pactum compare`.
                "PactumContracts",
                // `pactum stub -u/-b`: pacts from URLs and brokers.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
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
        .testTarget(name: "PactumBrokerWireTests", dependencies: ["PactumBrokerWire"]),
        // The comparator, and PactFlow's comparator cases in ../shared/openapi-pact-comparator.
        .testTarget(
            name: "PactumContractsTests",
            dependencies: ["PactumContracts", "PactumCore", "PactumTestSupport"]
        ),
        .testTarget(
            name: "PactumMockTests",
            // ExampleProvider: its binary is launched by the official-verifier test, so it must be built first.
            dependencies: ["PactumCore", "PactumMock", "PactumTestSupport", "ExampleProvider"]
        ),
        // The consumer DSL, and the example consumer's contract tests (which write contracts/).
        .testTarget(
            name: "PactumTestingTests",
            dependencies: [
                "PactumTesting", "PactumMock", "PactumCore", "PactumTestSupport", "ExampleConsumer", "ExampleProvider",
            ]
        ),
        .testTarget(
            name: "PactumVerifierTests",
            dependencies: [
                "PactumVerifier", "PactumCore", "PactumMock", "PactumTestSupport", "ExampleProvider",
                // The provider article's sample: a Hummingbird 2 service verified in-process.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // Misbehaving and recording providers (hanging, resetting, malformed HTTP) are small NIO servers.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "PactumBrokerClientTests",
            dependencies: ["PactumBrokerClient", "PactumBroker", "PactumCore", "PactumTestSupport"]
        ),
        .testTarget(
            name: "PactumBrokerTests",
            dependencies: [
                "PactumBroker", "PactumBrokerClient", "PactumBrokerWire", "PactumCore", "PactumTestSupport",
                // The official broker client's contracts, verified against the broker.
                "PactumVerifier",
                // Webhook receivers and load-test clients.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // `BrokerError.status`.
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The `pactum` command, run as a subprocess (PactumCLI: so the executable is built first).
        .testTarget(
            name: "PactumCLITests",
            dependencies: ["PactumCore", "PactumTestSupport", "PactumCLI", "ExampleProvider"]
        ),
        // The official Pact compatibility suite (Gherkin features in ../shared) run against Pactum's APIs.
        .testTarget(
            name: "PactumCompatibilityTests",
            dependencies: [
                "PactumCore", "PactumMock", "PactumTesting", "PactumVerifier", "PactumBroker", "PactumTestSupport",
                // The message provider of the provider-side scenarios is a small NIO server.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
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
