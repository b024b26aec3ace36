// The PactumCore samples of the README and the DocC catalog, compiled with the tests; they read and write files in
// the working directory, so they are not run. `DocumentationSampleTests` keeps the docs equal to them.
import Foundation  // doc: hidden
import PactumCore

enum ReadmeCoreSample {  // doc: hidden
    static func run() throws {  // doc: hidden
        let pact = try Pact(contentsOf: URL(fileURLWithPath: "contracts/Web-Orders.json"))  // any version V1–V4
        for interaction in pact.interactions {
            guard case .http(_, let expected) = interaction.kind else { continue }
            let actual = HTTPResponse(
                status: 200,
                headers: ["Content-Type": ["application/json"]],
                body: .json(["id": 7, "total": 12.5])
            )
            for mismatch in PactMatcher.match(expected: expected, actual: actual) {
                print(mismatch)  // response body $.total: Expected 12.5 (decimal) to be an integer
            }
        }
        try pact.write(to: URL(fileURLWithPath: "out.json"), specification: .v3)
    }

}
