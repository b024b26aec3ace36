// swift-tools-version:5.4

// libFuzzer harnesses for PactumCore: contract parsing, matching-rule paths, Java date-time patterns and
// regex-driven string generation. A separate package so that fuzzing builds (`-sanitize=fuzzer,address`) never
// touch Pactum's own build. See run.sh for how to build and run them, and RELIABILITY.md at the repository root
// for the recorded campaigns.
//
// Tools version 5.4 on purpose: from 5.5 on SwiftPM renames an executable's entry point to `<Module>_main` and links
// `main` to it, which leaves no room for libFuzzer's own `main`. The harnesses define only `LLVMFuzzerTestOneInput`.

import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, so the repository's identity depends on where it was
// cloned (`pactum`, `main`, …). Work it out from this file's location.
let pactum = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let harnesses = ["FuzzPactParsing", "FuzzPathExpression", "FuzzJavaDateTimeFormat", "FuzzRegexGeneration"]

let package = Package(
    name: "PactumFuzzing",
    dependencies: [
        .package(path: "../")
    ],
    targets: harnesses.map { name in
        .executableTarget(name: name, dependencies: [.product(name: "PactumCore", package: pactum)])
    }
)
