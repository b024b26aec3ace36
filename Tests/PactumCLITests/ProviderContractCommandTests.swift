import Foundation
import PactumCore
import PactumTestSupport
import Testing

/// Bi-directional contract testing with `pactum` commands against `pactum broker serve`: `publish-provider-contract`
/// (the official flags), `publish`, `can-i-deploy`.
@Suite("pactum publish-provider-contract, run as a process")
struct ProviderContractCommandTests {
    static let openAPI = """
        openapi: 3.0.3
        info: {title: Books, version: "1.0.0"}
        paths:
          /books/{id}:
            get:
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer}}
              responses:
                "200":
                  description: a book
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [id, title]
                        properties:
                          id: {type: integer}
                          title: {type: string}

        """

    static func pact(path: String) -> String {
        """
        {"consumer": {"name": "BDConsumer"}, "provider": {"name": "BDProvider"},
         "interactions": [{"description": "a request for a book", "request": {"method": "GET", "path": "\(path)"},
           "response": {"status": 200, "headers": {"Content-Type": "application/json"},
             "body": {"id": 1, "title": "Dune"}}}],
         "metadata": {"pactSpecification": {"version": "3.0.0"}}}
        """
    }

    @Test func bidirectionalFlow() async throws {
        let (broker, url) = try await BrokerClientCommandTests.startBroker()
        defer { broker.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bidi-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let openAPI = folder.appendingPathComponent("openapi.yaml")
        let results = folder.appendingPathComponent("results.txt")
        let compatible = folder.appendingPathComponent("compatible.json")
        let incompatible = folder.appendingPathComponent("incompatible.json")
        try Self.openAPI.write(to: openAPI, atomically: true, encoding: .utf8)
        try "42 tests passed".write(to: results, atomically: true, encoding: .utf8)
        try Self.pact(path: "/books/1").write(to: compatible, atomically: true, encoding: .utf8)
        try Self.pact(path: "/authors/1").write(to: incompatible, atomically: true, encoding: .utf8)
        func pactum(_ arguments: [String]) async throws -> BrokerClientCommandTests.Outcome {
            try await BrokerClientCommandTests.pactum(arguments + ["-b", url])
        }

        let published = try await pactum([
            "publish-provider-contract", openAPI.path, "--provider", "BDProvider", "-a", "1.0.0", "--branch", "main",
            "--tag", "dev", "--content-type", "application/yaml", "--verification-success", "--verification-results",
            results.path, "--verification-results-content-type", "text/plain", "--verification-results-format",
            "text", "--verifier", "swift test", "--verifier-version", "6.1", "--build-url", "https://ci/1",
        ])
        #expect(published.status == 0, "\(published.stdout)\(published.stderr)")
        #expect(published.stdout.contains("Provider contract published for BDProvider version 1.0.0"))
        let publishedPact = try await pactum(["publish", compatible.path, "-a", "1.0.0", "--branch", "main"])
        #expect(publishedPact.status == 0, "\(publishedPact.stdout)\(publishedPact.stderr)")
        #expect(
            try await pactum([
                "record-deployment", "-a", "BDProvider", "-e", "1.0.0", "--environment", "production",
            ]).status == 0
        )
        let yes = try await pactum([
            "can-i-deploy", "-a", "BDConsumer", "-e", "1.0.0", "--to-environment", "production",
        ])
        #expect(yes.status == 0, "\(yes.stdout)\(yes.stderr)")

        #expect(try await pactum(["publish", incompatible.path, "-a", "2.0.0", "--branch", "main"]).status == 0)
        let no = try await pactum(["can-i-deploy", "-a", "BDConsumer", "-e", "2.0.0", "--to-environment", "production"])
        #expect(no.status == 1, "\(no.stdout)\(no.stderr)")

        #expect(
            try await pactum([
                "record-deployment", "-a", "BDConsumer", "-e", "1.0.0", "--environment", "production",
            ]).status == 0
        )
        let failing = try await pactum([
            "publish-provider-contract", openAPI.path, "--provider", "BDProvider", "-a", "1.1.0",
            "--verification-exit-code", "1",
        ])
        #expect(failing.status == 0, "\(failing.stdout)\(failing.stderr)")
        let failedSelf = try await pactum([
            "can-i-deploy", "-a", "BDProvider", "-e", "1.1.0", "--to-environment", "production",
        ])
        #expect(failedSelf.status == 1, "\(failedSelf.stdout)\(failedSelf.stderr)")

        // A document that is not YAML: the broker's 400 names the field, the command exits 1.
        let broken = folder.appendingPathComponent("broken.yaml")
        try "openapi: [".write(to: broken, atomically: true, encoding: .utf8)
        let refused = try await pactum([
            "publish-provider-contract", broken.path, "--provider", "BDProvider", "-a", "1.2.0",
            "--verification-success",
        ])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("contract.content"), "\(refused.stderr)")
    }
}
