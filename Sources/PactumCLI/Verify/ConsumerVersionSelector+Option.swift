import ArgumentParser
import PactumBrokerClient

extension ConsumerVersionSelector {
    /// The values of `--consumer-version-selectors` (JSON objects, as the official CLI takes them), or an error that
    /// names the selector that cannot be read.
    static func parse(_ options: [String]) throws -> [ConsumerVersionSelector] {
        try options.map { text in
            do {
                return try ConsumerVersionSelector(json: text)
            } catch {
                throw ValidationError(
                    "--consumer-version-selectors: \(error) Give one like '{\"mainBranch\": true}'."
                )
            }
        }
    }
}
