import Testing

/// The feature-file reader refuses what would make scenarios vanish from the run instead of failing.
@Suite("Gherkin parser")
struct GherkinParserTests {
    @Test("a Scenario Outline expands to one scenario per Examples row")
    func outlineExpands() throws {
        let feature = try GherkinParser(file: "t.feature").parse(
            """
            Feature: F
              Scenario Outline: add <a>
                Given a number <a>
                Examples:
                  | a |
                  | 1 |
                  | 2 |
            """
        )
        #expect(feature.scenarios.map(\.name) == ["add 1 (example 1)", "add 2 (example 2)"])
        #expect(feature.scenarios.map { $0.steps.map(\.text) } == [["a number 1"], ["a number 2"]])
    }

    @Test("a Scenario Outline without Examples is an error, not zero scenarios")
    func outlineWithoutExamples() {
        let error = #expect(throws: GherkinError.self) {
            try GherkinParser(file: "t.feature").parse(
                """
                Feature: F
                  Scenario Outline: add <a>
                    Given a number <a>

                  Scenario: plain
                    Given a number 1
                """
            )
        }
        #expect(error?.line == 2)
        #expect(error?.message == "Scenario Outline 'add <a>' has no Examples, so it would run nothing")
    }

    @Test("an Examples table with a header and no rows is an error")
    func examplesWithoutRows() {
        let error = #expect(throws: GherkinError.self) {
            try GherkinParser(file: "t.feature").parse(
                """
                Feature: F
                  Scenario Outline: add <a>
                    Given a number <a>
                    Examples:
                      | a |
                """
            )
        }
        #expect(error?.line == 2)
        #expect(error?.message.contains("has no rows") == true)
    }
}
