import Foundation
import PactumContracts
import PactumCore
import PactumTestSupport
import Testing

/// PactFlow's comparator cases (`../shared/openapi-pact-comparator`): each folder's pact compared with its OpenAPI
/// and/or AsyncAPI document must give exactly the results in its `results.json` (code, type, both locations, order).
@Suite("openapi-pact-comparator conformance")
struct ComparatorConformanceTests {
    static let expectedCaseCount = 61
    static let root = SharedData.sharedRoot.appendingPathComponent("openapi-pact-comparator")

    /// Cases that still disagree, each with the reason.
    static let knownFailures: [String: String] = [:]

    /// Every case folder (one holding a pact.json), relative to the data folder; a missing folder gives one entry.
    static let cases: [String] = {
        guard FileManager.default.fileExists(atPath: root.path) else { return ["MISSING: \(root.path)"] }
        return SharedData.files(under: root, withExtension: "json")
            .filter { $0.hasSuffix("/pact.json") || $0 == "pact.json" }
            .map { String($0.dropLast("/pact.json".count)) }
    }()

    static let tally = ComparatorTally(total: cases.count)

    @Test("all cases are present")
    func allCasesPresent() {
        #expect(
            Self.cases.count == Self.expectedCaseCount,
            "expected \(Self.expectedCaseCount) cases under \(Self.root.path)"
        )
    }

    @Test("case", arguments: cases)
    func comparatorCase(_ name: String) throws {
        var passed = false
        defer { Self.tally.record(passed: passed) }
        guard !name.hasPrefix("MISSING") else {
            Issue.record("the openapi-pact-comparator data is missing: \(name)")
            return
        }
        let folder = Self.root.appendingPathComponent(name)
        func text(_ file: String) throws -> String? {
            let url = folder.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            return try String(contentsOf: url, encoding: .utf8)
        }
        let expected = try JSONParser.parse(try Data(contentsOf: folder.appendingPathComponent("results.json")))
        let comparator = try ContractComparator(
            openAPI: try text("oas.yaml"),
            openAPIName: "\(name)/oas.yaml",
            asyncAPI: try text("asyncapi.yaml"),
            asyncAPIName: "\(name)/asyncapi.yaml"
        )
        let results = try comparator.compare(
            pact: try Data(contentsOf: folder.appendingPathComponent("pact.json")),
            name: "\(name)/pact.json"
        )
        let actualSummary = results.map { ResultSummary($0.json) }
        let expectedSummary = (expected.arrayValue ?? []).map(ResultSummary.init)
        let agrees = actualSummary == expectedSummary
        let description = """
            \(name): results differ
            expected:
            \(expectedSummary.map { "  \($0)" }.joined(separator: "\n"))
            actual:
            \(actualSummary.map { "  \($0)" }.joined(separator: "\n"))
            """
        if let reason = Self.knownFailures[name] {
            withKnownIssue(Comment(rawValue: reason)) { #expect(agrees, Comment(rawValue: description)) }
        } else {
            #expect(agrees, Comment(rawValue: description))
        }
        passed = agrees
    }
}

/// What must agree in a result: its code, type and both locations.
struct ResultSummary: Equatable, CustomStringConvertible {
    var code: String?
    var type: String?
    var mockLocation: String?
    var specLocation: String?

    init(_ json: JSONValue) {
        code = json["code"]?.stringValue
        type = json["type"]?.stringValue
        mockLocation = json["mockDetails"]?["location"]?.stringValue
        specLocation = json["specDetails"]?["location"]?.stringValue
    }

    var description: String {
        "\(code ?? "-") \(type ?? "-") mock=\(mockLocation ?? "-") spec=\(specLocation ?? "-")"
    }
}

/// Counts finished cases and prints the summary line once, when the last one finishes.
final class ComparatorTally: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private var passed = 0
    private var failed = 0

    init(total: Int) { self.total = total }

    func record(passed didPass: Bool) {
        lock.lock()
        if didPass { passed += 1 } else { failed += 1 }
        let done = passed + failed == total
        let line = "openapi-pact-comparator: \(passed) passed, \(failed) failed"
        lock.unlock()
        if done { print(line) }
    }
}
