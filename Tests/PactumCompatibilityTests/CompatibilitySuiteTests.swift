import Foundation
import PactumCore
import PactumTestSupport
import Testing

/// The official Pact compatibility suite (consumer and provider sides), run against Pactum's own APIs.
///
/// Each feature file is parsed, and every scenario runs with a fresh `ScenarioWorld`: the background
/// steps, then its own. A step without a definition fails its scenario; nothing is skipped.
@Suite("Compatibility suite")
struct CompatibilitySuiteTests {
    static let features = [
        "V1/http_consumer.feature",
        "V2/http_consumer.feature",
        "V3/http_consumer.feature",
        "V3/generators.feature",
        "V3/http_generators.feature",
        "V3/http_matching.feature",
        "V3/matching_rules.feature",
        "V3/message_consumer.feature",
        "V4/http_consumer.feature",
        "V4/generators.feature",
        "V4/matching_rules.feature",
        "V4/message_consumer.feature",
        "V4/synchronous_message_consumer.feature",
        "V4/v4.feature",
        "V1/http_provider.feature",
        "V2/http_provider.feature",
        "V3/http_provider.feature",
        "V3/message_provider.feature",
        "V4/http_provider.feature",
        "V4/message_provider.feature",
    ]

    static let registry = StepRegistry(
        Steps.httpConsumer + Steps.consumerDefinitions + Steps.matching + Steps.generators + Steps.messages
            + Steps.httpProvider + Steps.messageProvider
    )

    @Test("Compatibility", arguments: features)
    func feature(_ path: String) async throws {
        let root = SharedData.compatibilitySuiteRoot
        let url = root.appendingPathComponent("features").appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else {
            Issue.record(
                "The compatibility suite is missing: no \(url.path). Put it at ../shared/pact-compatibility-suite."
            )
            print("\(path): 0 passed, 1 failed")
            return
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        let feature: GherkinFeature
        do {
            feature = try GherkinParser(file: path).parse(text)
        } catch {
            Issue.record("\(error)")
            print("\(path): 0 passed, 1 failed")
            return
        }
        let version = PactSpecification(versionString: String(path.prefix { $0 != "/" })) ?? .v4
        let fixtures = Fixtures(root: root.appendingPathComponent("fixtures"))
        var passed = 0
        var failed = 0
        for scenario in feature.scenarios {
            let world = ScenarioWorld(specification: version, fixtures: fixtures)
            let failure = await Self.run(scenario, in: world)
            await world.tearDown()
            if let failure {
                failed += 1
                Issue.record("\(path):\(scenario.line) scenario '\(scenario.name)' failed: \(failure)")
            } else {
                passed += 1
            }
        }
        if feature.scenarios.isEmpty {
            Issue.record("\(path) has no scenarios")
        }
        print("\(path): \(passed) passed, \(failed) failed")
    }

    /// Runs the steps in order; the first failing step ends the scenario. Returns why it failed, or nil.
    static func run(_ scenario: GherkinScenario, in world: ScenarioWorld) async -> String? {
        for step in scenario.background + scenario.steps {
            let arguments: StepArguments
            let definition: StepDefinition
            switch registry.resolve(step.text) {
            case .missing:
                return "step '\(step.displayText)' (line \(step.line)): no step definition for '\(step.text)'"
            case .ambiguous(let patterns):
                return "step '\(step.displayText)' (line \(step.line)): ambiguous, matched by \(patterns)"
            case .found(let found, let captures):
                definition = found
                arguments = StepArguments(captures: captures, table: step.table, docString: step.docString)
            }
            do {
                try await definition.action(world, arguments)
            } catch {
                return "step '\(step.displayText)' (line \(step.line)): \(error)"
            }
        }
        return nil
    }
}

/// The step definitions, one static list per area (`Steps+….swift`).
enum Steps {}
