// swift-tools-version:6.1

import PackageDescription

let package = Package(
    name: "Pactum",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PactumCore", targets: ["PactumCore"])
    ],
    targets: [
        .target(name: "PactumCore"),
        .testTarget(
            name: "PactumCoreTests",
            dependencies: ["PactumCore"]
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
