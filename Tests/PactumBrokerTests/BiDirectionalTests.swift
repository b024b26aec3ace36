import Foundation
import PactumCore
import PactumTestSupport
import Testing

@testable import PactumBroker

/// Bi-directional contract testing data: a provider's OpenAPI document and consumer pacts that agree with it or not.
enum BiDirectionalData {
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

    static func pact(consumer: String = "BDConsumer", provider: String = "BDProvider", path: String) -> String {
        """
        {"consumer": {"name": "\(consumer)"}, "provider": {"name": "\(provider)"},
         "interactions": [{"description": "a request for a book", "request": {"method": "GET", "path": "\(path)"},
           "response": {"status": 200, "headers": {"Content-Type": "application/json"},
             "body": {"id": 1, "title": "Dune"}}}],
         "metadata": {"pactSpecification": {"version": "3.0.0"}}}
        """
    }

    /// A pact the document allows.
    static let compatible = pact(path: "/books/1")
    /// A pact asking for a path the document does not have.
    static let incompatible = pact(path: "/authors/1")

    static func files(in directory: URL) throws -> (openAPI: String, compatible: String, incompatible: String) {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = [("openapi.yaml", openAPI), ("compatible.json", compatible), ("incompatible.json", incompatible)]
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return (
            directory.appendingPathComponent("openapi.yaml").path,
            directory.appendingPathComponent("compatible.json").path,
            directory.appendingPathComponent("incompatible.json").path
        )
    }

    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("pactum-bidi-\(UUID().uuidString)")
    }
}

/// The official `pact pactflow publish-provider-contract`, `pact broker publish` and `pact broker can-i-deploy`
/// against this broker: a compatible pact may go, an incompatible one may not, nor a provider version whose own
/// verification failed.
@Suite struct BiDirectionalOfficialCLITests {
    @Test(arguments: BrokerTestEngine.allCases)
    func officialClientFlow(engine: BrokerTestEngine) async throws {
        let directory = BiDirectionalData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try BiDirectionalData.files(in: directory)
        try await engine.withTestBroker { broker in
            let url = broker.url
            // The official CLI sends self-verification results only when --verifier or --verification-results is
            // given: without them `--verification-success` and `--no-verification-success` send the same body.
            let published = try await OfficialBrokerCLI.succeed([
                "pactflow", "publish-provider-contract", files.openAPI, "--provider", "BDProvider", "-a", "1.0.0",
                "--branch", "main", "--content-type", "application/yaml", "--verification-success",
                "--verifier", "swift test", "-b", url,
            ])
            #expect(published.contains("Provider contract published for BDProvider version 1.0.0"), "\(published)")
            try await OfficialBrokerCLI.succeed([
                "broker", "publish", files.compatible, "-a", "1.0.0", "--branch", "main", "-b", url,
            ])
            // No destination: the provider's newest provider contract.
            let yes = try await OfficialBrokerCLI.run([
                "broker", "can-i-deploy", "-a", "BDConsumer", "-e", "1.0.0", "-b", url,
            ])
            #expect(yes.status == 0, "\(yes.output)")
            try await OfficialBrokerCLI.succeed([
                "broker", "create-environment", "--name", "production", "--production", "-b", url,
            ])
            try await OfficialBrokerCLI.succeed([
                "broker", "record-deployment", "-a", "BDProvider", "-e", "1.0.0", "--environment", "production",
                "-b", url,
            ])
            let toProduction = try await OfficialBrokerCLI.run([
                "broker", "can-i-deploy", "-a", "BDConsumer", "-e", "1.0.0", "--to-environment", "production",
                "-b", url,
            ])
            #expect(toProduction.status == 0, "\(toProduction.output)")

            // An incompatible pact: no.
            try await OfficialBrokerCLI.succeed([
                "broker", "publish", files.incompatible, "-a", "2.0.0", "--branch", "main", "-b", url,
            ])
            let incompatible = try await OfficialBrokerCLI.run([
                "broker", "can-i-deploy", "-a", "BDConsumer", "-e", "2.0.0", "--to-environment", "production",
                "-b", url,
            ])
            #expect(incompatible.status == 1, "\(incompatible.output)")

            // A provider version whose self-verification failed may not join the consumer in production.
            try await OfficialBrokerCLI.succeed([
                "broker", "record-deployment", "-a", "BDConsumer", "-e", "1.0.0", "--environment", "production",
                "-b", url,
            ])
            try await OfficialBrokerCLI.succeed([
                "pactflow", "publish-provider-contract", files.openAPI, "--provider", "BDProvider", "-a", "1.1.0",
                "--branch", "main", "--content-type", "application/yaml", "--no-verification-success",
                "--verifier", "swift test", "-b", url,
            ])
            let failedSelf = try await OfficialBrokerCLI.run([
                "broker", "can-i-deploy", "-a", "BDProvider", "-e", "1.1.0", "--to-environment", "production",
                "-b", url,
            ])
            #expect(failedSelf.status == 1, "\(failedSelf.output)")
            let provider = try await OfficialBrokerCLI.run([
                "broker", "can-i-deploy", "-a", "BDProvider", "-e", "1.0.0", "--to-environment", "production",
                "-b", url,
            ])
            #expect(provider.status == 0, "\(provider.output)")
        }
    }
}

/// The provider-contract API: publishing (both routes), bad input, the matrix rows and the read endpoints.
@Suite struct BiDirectionalAPITests {
    static func publishBody(
        version: String,
        document: String = BiDirectionalData.openAPI,
        success: Bool? = true,
        tags: [String] = []
    ) -> String {
        var contract: [String: JSONValue] = [
            "content": .string(Data(document.utf8).base64EncodedString()),
            "contentType": "application/yaml",
            "specification": "oas",
        ]
        if let success {
            contract["selfVerificationResults"] = [
                "success": .bool(success), "content": .string(Data("all good".utf8).base64EncodedString()),
                "contentType": "text/plain", "format": "text", "verifier": "swift test", "verifierVersion": "1",
            ]
        }
        return JSONWriter.compact([
            "pacticipantVersionNumber": .string(version), "branch": "main", "tags": .array(tags.map(JSONValue.string)),
            "contract": .object(contract),
        ])
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func publishCompareAndRead(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            let client = BrokerHTTPTestClient(broker)
            let index = try await client.getJSON("/")
            #expect(
                index["_links"]?["pf:publish-provider-contract"]?["href"]?.stringValue?
                    .hasSuffix("/provider-contracts/provider/{provider}/publish") == true
            )
            let published = try await client.send(
                "POST",
                "/provider-contracts/provider/BDProvider/publish",
                body: Self.publishBody(version: "1.0.0", tags: ["dev"])
            )
            #expect(published.status == 200, "\(published.text)")
            let body = try published.json()
            #expect(body["_embedded"]?["version"]?["number"]?.stringValue == "1.0.0")
            #expect(body["_links"]?["pb:pacticipant-version-tags"]?.arrayValue?.count == 1)
            #expect(body["notices"]?.arrayValue?.isEmpty == false)

            try await client.publish(try JSONParser.parse(BiDirectionalData.compatible), version: "1.0.0")
            try await client.publish(try JSONParser.parse(BiDirectionalData.incompatible), version: "2.0.0")

            let good = try await client.getJSON(
                "/matrix?q[][pacticipant]=BDConsumer&q[][version]=1.0.0&q[][pacticipant]=BDProvider&q[][version]=1.0.0&latestby=cvpv"
            )
            let row = try #require(good["matrix"]?.arrayValue?.first)
            #expect(row["verificationResult"]?["success"] == true, "\(good.jsonText)")
            let href = try #require(row["verificationResult"]?["_links"]?["self"]?["href"]?.stringValue)
            #expect(href.contains("/contracts/bi-directional/provider/BDProvider/version/1.0.0/consumer/BDConsumer"))
            let results = try await client.getJSON(String(href[href.range(of: "/contracts")!.lowerBound...]))
            #expect(results["summary"]?["success"] == true)
            #expect(results["crossContractVerificationResults"]?["success"] == true)
            #expect(results["crossContractVerificationResults"]?["verifier"] == "pactum")
            #expect(results["crossContractVerificationResults"]?["results"]?["errors"]?.arrayValue?.isEmpty == true)
            #expect(results["providerContractVerificationResults"]?["success"] == true)

            let bad = try await client.getJSON(
                "/matrix?q[][pacticipant]=BDConsumer&q[][version]=2.0.0&q[][pacticipant]=BDProvider&q[][version]=1.0.0&latestby=cvpv"
            )
            #expect(bad["matrix"]?[0]?["verificationResult"]?["success"] == false, "\(bad.jsonText)")
            let badResults = try await client.getJSON(
                "/contracts/bi-directional/provider/BDProvider/version/1.0.0/consumer/BDConsumer/version/2.0.0/cross-contract-verification-results"
            )
            #expect(badResults["summary"]?["success"] == false)
            #expect(
                badResults["crossContractVerificationResults"]?["results"]?["errors"]?.arrayValue?.isEmpty == false
            )

            let contract = try await client.getJSON(
                "/contracts/bi-directional/provider/BDProvider/version/1.0.0/provider-contract"
            )
            #expect(contract["content"]?.stringValue == BiDirectionalData.openAPI)
            let selfResults = try await client.getJSON(
                "/contracts/bi-directional/provider/BDProvider/version/1.0.0/provider-contract-verification-results"
            )
            #expect(selfResults["content"] == "all good")
            let consumerContract = try await client.getJSON(
                "/contracts/bi-directional/provider/BDProvider/version/1.0.0/consumer/BDConsumer/version/1.0.0/consumer-contract"
            )
            #expect(consumerContract["consumer"]?["name"] == "BDConsumer")

            // A provider version without self-verification results: unknown, not a verdict.
            let unknown = try await client.send(
                "POST",
                "/provider-contracts/provider/BDProvider/publish",
                body: Self.publishBody(version: "3.0.0", success: nil)
            )
            #expect(unknown.status == 200)
            let unknownRow = try await client.getJSON(
                "/matrix?q[][pacticipant]=BDConsumer&q[][version]=1.0.0&q[][pacticipant]=BDProvider&q[][version]=3.0.0&latestby=cvpv"
            )
            #expect((unknownRow["matrix"]?[0]?["verificationResult"] ?? .null) == .null, "\(unknownRow.jsonText)")

            // The older route.
            let put = try await client.send(
                "PUT",
                "/contracts/provider/BDProvider/version/4.0.0",
                body: JSONWriter.compact([
                    "content": .string(Data(BiDirectionalData.openAPI.utf8).base64EncodedString()),
                    "contractType": "oas", "contentType": "application/yaml",
                    "verificationResults": ["success": true, "verifier": "swift test"],
                ])
            )
            #expect(put.status == 201, "\(put.text)")
            #expect(try put.json()["_links"]?["pf:ui"]?["href"]?.stringValue != nil)
        }
    }

    /// Every bad input is a 400 naming the field.
    @Test(arguments: [
        (#"{"pacticipantVersionNumber": "1"}"#, "contract"),
        (
            #"{"contract": {"content": "b3BlbmFwaTogMy4wLjAK", "contentType": "application/yaml"}}"#,
            "pacticipantVersionNumber"
        ),
        (
            #"{"pacticipantVersionNumber": "1", "contract": {"content": "!!!", "contentType": "application/yaml"}}"#,
            "contract.content"
        ),
        (
            #"{"pacticipantVersionNumber": "1", "contract": {"content": "b3BlbmFwaTogWwo=", "contentType": "application/yaml"}}"#,
            "contract.content"
        ),
        (
            #"{"pacticipantVersionNumber": "1", "contract": {"content": "b3BlbmFwaTogMy4wLjAK", "contentType": "application/yaml", "specification": "asyncapi"}}"#,
            "contract.specification"
        ),
        (
            #"{"pacticipantVersionNumber": "1", "contract": {"content": "b3BlbmFwaTogMy4wLjAK", "contentType": "text/html"}}"#,
            "contract.contentType"
        ),
        (
            #"{"pacticipantVersionNumber": "1", "contract": {"content": "b3BlbmFwaTogMy4wLjAK", "contentType": "application/yaml", "selfVerificationResults": {"success": "yes"}}}"#,
            "contract.selfVerificationResults.success"
        ),
        (
            #"{"pacticipantVersionNumber": "1", "contract": {"content": "b3BlbmFwaTogMy4wLjAKAA==", "contentType": "application/yaml"}}"#,
            "contract.content"
        ),
        (
            #"{"pacticipantVersionNumber": "1", "tags": [1], "contract": {"content": "b3BlbmFwaTogMy4wLjAK", "contentType": "application/yaml"}}"#,
            "tags"
        ),
    ])
    func badInputIsRefusedNamingTheField(body: String, field: String) async throws {
        try await BrokerTestEngine.sqlite.withTestBroker { broker in
            let answer = try await BrokerHTTPTestClient(broker).send(
                "POST",
                "/provider-contracts/provider/BDProvider/publish",
                body: body
            )
            #expect(answer.status == 400, "\(answer.text)")
            #expect(answer.errorMessage.contains(field), "\(answer.text)")
        }
    }

    /// A YAML document whose aliases expand it exponentially ("billion laughs") is refused before anything reads it
    /// whole.
    @Test func aliasBombIsRefused() async throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            yaml +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        let body = Self.publishBody(version: "1.0.0", document: "openapi: 3.0.0\n" + yaml)
        try await BrokerTestEngine.sqlite.withTestBroker { broker in
            let answer = try await BrokerHTTPTestClient(broker).send(
                "POST",
                "/provider-contracts/provider/BDProvider/publish",
                body: body
            )
            #expect(answer.status == 400, "\(answer.text)")
            #expect(answer.errorMessage.contains("contract.content"), "\(answer.text)")
        }
    }

    /// A provider that only publishes provider contracts has no pacts to verify; the provider contract page lists
    /// its operations and each comparison, names escaped.
    @Test(arguments: BrokerTestEngine.allCases)
    func pactsForVerificationAndThePage(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            let client = BrokerHTTPTestClient(broker)
            let consumer = "<script>alert(1)</script>"
            try await client.publish(
                try JSONParser.parse(BiDirectionalData.pact(consumer: consumer, path: "/authors/1")),
                version: "1.0.0"
            )
            let before = try await client.getJSON("/pacts/provider/BDProvider/for-verification")
            #expect(before["_embedded"]?["pacts"]?.arrayValue?.count == 1)
            let published = try await client.send(
                "POST",
                "/provider-contracts/provider/BDProvider/publish",
                body: Self.publishBody(version: "1.0.0")
            )
            #expect(published.status == 200)
            let after = try await client.getJSON("/pacts/provider/BDProvider/for-verification")
            #expect(after["_embedded"]?["pacts"]?.arrayValue?.isEmpty == true, "\(after.jsonText)")
            // The comparison runs on demand for the cross-contract results (the worker may not have run yet).
            let results = try await client.getJSON(
                "/contracts/bi-directional/provider/BDProvider/version/1.0.0/consumer/"
                    + PercentEncoding.pathSegment(consumer) + "/version/1.0.0/cross-contract-verification-results"
            )
            #expect(results["summary"]?["success"] == false)
            let page = try await client.send("GET", "/ui/provider-contracts/BDProvider/1.0.0")
            #expect(page.status == 200)
            #expect(page.text.contains("<code>/books/{id}</code>"), "\(page.text)")
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!page.text.contains("<script>alert(1)</script>"))
            #expect(page.text.contains("request.path-or-method.unknown") || page.text.contains("Errors"))
        }
    }

    /// The matrix's view of a pair (pure): a verification result wins; else a provider contract's comparison gives
    /// the verdict, linked as a cross-contract result; nothing while it is pending.
    @Test func matrixHistoryFoldsComparisons() {
        var history = MatrixHistory(specified: [])
        let key = MatrixHistory.Verified(contentID: 7, providerVersionID: 3)
        #expect(history.verification(key) == nil)
        history.providerContracts[3] = .init(id: 11, providerID: 2, selfVerification: true)
        history.comparisons[key] = ContractComparisonRecord(
            id: 5,
            contentID: 7,
            providerContractID: 11,
            done: false,
            success: nil
        )
        #expect(history.verification(key) == nil)
        history.comparisons[key]?.done = true
        history.comparisons[key]?.success = true
        history.comparisons[key]?.verificationDate = "2026-12-04T12:00:00Z"
        #expect(
            history.verification(key)
                == MatrixVerification(number: 5, success: true, verifiedAt: "2026-12-04T12:00:00Z", crossContract: true)
        )
        history.providerContracts[3]?.selfVerification = false
        #expect(history.verification(key)?.success == false)
        history.verifications[key] = MatrixVerification(number: 1, success: true, verifiedAt: "x")
        #expect(history.verification(key) == MatrixVerification(number: 1, success: true, verifiedAt: "x"))
    }

    /// The comparison's verdict: self-verification and compatibility both count; warnings do not fail.
    @Test func verdict() {
        func comparison(_ success: Bool?, done: Bool = true) -> ContractComparisonRecord {
            ContractComparisonRecord(id: 1, contentID: 1, providerContractID: 1, done: done, success: success)
        }
        #expect(CrossContractVerdict(selfVerification: true, comparison: comparison(true)).success == true)
        #expect(CrossContractVerdict(selfVerification: false, comparison: comparison(true)).success == false)
        #expect(CrossContractVerdict(selfVerification: true, comparison: comparison(false)).success == false)
        #expect(CrossContractVerdict(selfVerification: nil, comparison: comparison(true)).success == nil)
        #expect(CrossContractVerdict(selfVerification: true, comparison: comparison(nil, done: false)).success == nil)
        #expect(CrossContractVerdict(selfVerification: true, comparison: nil).success == nil)
    }
}

/// Comparisons raise the verification webhook events, with the cross-contract resource as the result URL.
@Suite struct BiDirectionalWebhookTests {
    @Test(arguments: BrokerTestEngine.allCases)
    func comparisonsRaiseVerificationEvents(engine: BrokerTestEngine) async throws {
        let receiver = try await WebhookTestReceiver.start()
        let outcome: Result<Void, any Error>
        do {
            try await flow(engine, receiver)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        await receiver.stop()
        try outcome.get()
    }

    func flow(_ engine: BrokerTestEngine, _ receiver: WebhookTestReceiver) async throws {
        try await WebhookTestSupport.withBroker(engine) { client in
            try await WebhookTestSupport.create(
                client,
                WebhookTestSupport.webhook(
                    url: receiver.url + "/verified?status=${pactbroker.githubVerificationStatus}",
                    events: ["provider_verification_published", "provider_verification_failed"],
                    body: [
                        "result": "${pactbroker.verificationResultUrl}", "event": "${pactbroker.eventName}",
                        "provider": "${pactbroker.providerVersionNumber}",
                    ]
                )
            )
            let published = try await client.send(
                "POST",
                "/provider-contracts/provider/BDProvider/publish",
                body: BiDirectionalAPITests.publishBody(version: "1.0.0")
            )
            #expect(published.status == 200)
            // Queued when the pact is published, run by the worker.
            try await client.publish(try JSONParser.parse(BiDirectionalData.incompatible), version: "2.0.0")
            let received = try await receiver.waitFor(count: 2)
            let bodies = received.map(\.body).sorted()
            #expect(bodies.contains { $0.contains("provider_verification_failed") }, "\(bodies)")
            #expect(bodies.contains { $0.contains("provider_verification_published") }, "\(bodies)")
            #expect(
                bodies.allSatisfy {
                    $0.contains(
                        "/contracts/bi-directional/provider/BDProvider/version/1.0.0/consumer/BDConsumer/version/2.0.0/cross-contract-verification-results"
                    ) && $0.contains("\"provider\":\"1.0.0\"")
                },
                "\(bodies)"
            )
            #expect(received.allSatisfy { $0.uri.contains("status=failure") })
        }
    }
}
