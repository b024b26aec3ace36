import PactumCore
import Testing

/// An interaction of the DSL with where its parts were built and what could not be built.
protocol BuiltInteraction: Sendable {
    var interaction: Interaction { get }
    var locations: [Mismatch.Side: SourceLocation] { get }
    var buildProblems: [BuildProblem] { get }
}

extension PactInteraction: BuiltInteraction {}
extension PactMessage: BuiltInteraction {}
extension PactSynchronousMessage: BuiltInteraction {}

/// Something wrong with an interaction as it was built, reported at the line that built it.
struct BuildProblem: Sendable {
    var side: Mismatch.Side
    var text: String
    var sourceLocation: SourceLocation

    /// Problems of one side found at one call, each named by its side (`request body $.due: …`).
    static func list(_ problems: [String], side: Mismatch.Side, at location: SourceLocation) -> [BuildProblem] {
        problems.map { BuildProblem(side: side, text: "\(side.rawValue) \($0)", sourceLocation: location) }
    }
}

/// Checks every example against its own matchers when a contract test starts.
///
/// A contract is a promise in two halves: the consumer's test runs against the examples, the provider's verification
/// runs against the matchers. An example that its own matcher refuses (`.datetime(example: "2024-05-01T10:00:00Z")`
/// with a format that wants a fraction, `.regex("\\d+", example: "abc")`, `.eachLike(x, min: 2, count: 1)`) makes a
/// contract that passes the consumer's test and fails against a provider that returns exactly the example. So each
/// interaction's request, response and message contents are matched against themselves with the interaction's own
/// rules, the same matching the verifiers do; any mismatch fails the test at the line that built it.
enum ExampleCheck {
    static func problems(
        in interaction: Interaction,
        locations: [Mismatch.Side: SourceLocation],
        fallback: SourceLocation
    ) -> [BuildProblem] {
        var mismatches: [Mismatch] = []
        switch interaction.kind {
        case .http(let request, let response):
            mismatches += PactMatcher.match(expected: request, actual: request)
            mismatches += PactMatcher.match(expected: response, actual: response)
        case .asynchronousMessage(let message):
            mismatches += PactMatcher.match(expected: message, actual: message)
        case .synchronousMessage(let request, let responses):
            mismatches += PactMatcher.match(expected: request, actual: request)
            for response in responses { mismatches += PactMatcher.match(expected: response, actual: response) }
        }
        return mismatches.map { mismatch in
            BuildProblem(
                side: mismatch.side,
                text: text(for: mismatch, in: interaction),
                sourceLocation: locations[mismatch.side] ?? fallback
            )
        }
    }

    static func text(for mismatch: Mismatch, in interaction: Interaction) -> String {
        var text =
            "The example in '\(interaction.description)' does not satisfy its own matcher at \(mismatch.location): \(mismatch.message)"
        text +=
            "\nA provider returning exactly this example would fail verification: change the example or the matcher"
        if mismatch.message.lowercased().contains("format") {
            text += " (for dates and times, pass format: or an ISO 8601 example such as 2024-05-01T10:00:00Z)"
        }
        text += "."
        return text
    }
}
