import Foundation
import PactumCore
import PactumTestSupport
import Testing

/// The official pact-specification test cases (V1, V1.1, V2, V3, V4): each says whether an actual
/// request, response or message matches an expected one.
@Suite("Pact specification conformance")
struct SpecificationConformanceTests {
    static let expectedCaseCount = 803
    static let versions: [(folder: String, version: PactSpecification)] = [
        ("v1", .v1), ("v1.1", .v1_1), ("v2", .v2), ("v3", .v3), ("v4", .v4),
    ]

    /// All case files as `vN/category/part/name.json`; a missing data folder gives one failing entry.
    static let cases: [String] = {
        let root = SharedData.specificationRoot
        guard FileManager.default.fileExists(atPath: root.path) else {
            return ["MISSING: \(root.path)"]
        }
        return versions.flatMap { version in
            SharedData.files(under: root.appendingPathComponent(version.folder), withExtension: "json")
                .map { "\(version.folder)/\($0)" }
        }
    }()

    static let tally = Tally(total: cases.count)

    @Test("all cases are present")
    func allCasesPresent() {
        #expect(
            Self.cases.count == Self.expectedCaseCount,
            "expected \(Self.expectedCaseCount) case files under \(SharedData.specificationRoot.path)"
        )
    }

    @Test("case", arguments: cases)
    func specificationCase(_ name: String) throws {
        var passed = false
        defer { Self.tally.record(passed: passed) }
        guard !name.hasPrefix("MISSING") else {
            Issue.record("the pact-specification data is missing: \(name)")
            return
        }
        let testCase = try SpecificationCase(relativePath: name)
        let mismatches = try testCase.run()
        let matched = mismatches.isEmpty
        #expect(
            matched == testCase.shouldMatch,
            """
            \(name): \(testCase.comment)
            expected \(testCase.shouldMatch ? "a match" : "a mismatch"), got \(matched ? "a match" : "mismatches:")
            \(mismatches.map { "  - \($0)" }.joined(separator: "\n"))
            """
        )
        passed = matched == testCase.shouldMatch
    }
}

/// Counts finished cases and prints the summary line once, when the last one finishes.
final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private var passed = 0
    private var failed = 0

    init(total: Int) { self.total = total }

    func record(passed didPass: Bool) {
        lock.lock()
        if didPass { passed += 1 } else { failed += 1 }
        let done = passed + failed == total
        let line = "pact-specification: \(passed) passed, \(failed) failed"
        lock.unlock()
        if done { print(line) }
    }
}

struct SpecificationCase {
    let name: String
    let version: PactSpecification
    let category: String
    let shouldMatch: Bool
    let comment: String
    let expected: [String: JSONValue]
    let actual: [String: JSONValue]

    init(relativePath: String) throws {
        name = relativePath
        let parts = relativePath.split(separator: "/").map(String.init)
        guard parts.count >= 3,
            let version = SpecificationConformanceTests.versions.first(where: { $0.folder == parts[0] })?.version
        else {
            throw CaseError("cannot tell the version and category of \(relativePath)")
        }
        self.version = version
        category = parts[1]
        let url = SharedData.specificationRoot.appendingPathComponent(relativePath)
        let json = try JSONParser.parse(try Data(contentsOf: url))
        guard case .bool(let match)? = json["match"], case .object(let expected)? = json["expected"],
            case .object(let actual)? = json["actual"]
        else {
            throw CaseError("\(relativePath) lacks match/expected/actual")
        }
        shouldMatch = match
        comment = json["comment"]?.stringValue ?? ""
        self.expected = expected
        self.actual = actual
    }

    func run() throws -> [Mismatch] {
        switch category {
        case "request":
            let e = try HTTPRequest(json: expected, specification: version)
            let a = try HTTPRequest(json: actual, specification: version)
            return PactMatcher.match(expected: e, actual: a)
        case "response":
            let e = try HTTPResponse(json: expected, specification: version)
            let a = try HTTPResponse(json: actual, specification: version)
            return PactMatcher.match(expected: e, actual: a)
        case "message":
            let e = try Message(json: expected, specification: version)
            let a = try Message(json: actual, specification: version)
            return PactMatcher.match(expected: e, actual: a)
        default:
            throw CaseError("unknown category \(category) in \(name)")
        }
    }
}

struct CaseError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
