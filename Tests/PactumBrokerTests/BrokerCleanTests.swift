import Foundation
import PactumCore
import Testing

@testable import PactumBroker

/// `BrokerDatabase.clean` (the `pactum broker clean` command's work) on a database a running broker serves.
@Suite struct BrokerCleanTests {
    @Test func keepSelectorsParseAsThePactBrokerWritesThem() throws {
        let parsed = try KeepSelector.parse(#"[{"tag": "main", "max_age": 30}, {"branch": true, "latest": true}]"#)
        #expect(
            parsed == [KeepSelector(tag: .named("main"), maxAgeDays: 30), KeepSelector(branch: .any, latest: true)]
        )
        #expect(parsed[0].description == #"{"max_age":30,"tag":"main"}"#)
        let problems: [(String, String)] = [
            (#"{"latest": true, "max_age": 3}"#, "'latest' and 'max_age' cannot be used together"),
            (#"{"tags": "main"}"#, "'tags' is not a keep selector property"),
            (#"{"max_age": "30"}"#, "'max_age' must be a whole number of days"),
            (#"{"max_age": -1}"#, "'max_age' must be a whole number of days"),
            (#"{"branch": 3}"#, "'branch' must be a name or true"),
            (#""main""#, "a selector must be a JSON object, not string"),
            ("{", "it is not valid JSON"),
        ]
        for (text, message) in problems {
            let error = #expect(throws: KeepSelectorError.self) { try KeepSelector.parse(text) }
            #expect(error?.description.contains(message) == true, "\(text): \(error?.description ?? "")")
            #expect(error?.description.hasPrefix("Invalid keep selector \(text)") == true)
        }
    }

    /// Web 1–6 (1–4 on main, 5 on feat-x, 6 on no branch; 2 tagged prod; 3 deployed to production) and API p1, p2 (on
    /// main) verifying Web 1, 2 and 4.
    static func history(_ client: BrokerHTTPTestClient, port: Int) async throws {
        for number in 1...6 {
            // Versions 1 and 2 share their content: the content stays while one of them does.
            let status = number <= 2 ? 200 : 200 + number
            let pact = BrokerHTTPTestClient.pact("Web", "API", interactions: [("list", nil, status)])
            let branch = number <= 4 ? "main" : number == 5 ? "feat-x" : nil
            try await client.publish(pact, version: String(number), branch: branch)
        }
        #expect(try await client.send("PUT", "/pacticipants/Web/versions/2/tags/prod", body: "{}").status == 201)
        for number in ["p1", "p2"] {
            #expect(
                try await client.send("PUT", "/pacticipants/API/branches/main/versions/\(number)", body: "{}").status
                    == 201
            )
        }
        for (consumer, provider) in [("1", "p1"), ("2", "p1"), ("4", "p1"), ("4", "p2"), ("4", "p2")] {
            let pact = try await client.getJSON("/pacts/provider/API/consumer/Web/version/\(consumer)")
            let href = try #require(pact["_links"]?["pb:publish-verification-results"]?["href"]?.stringValue)
            let path = try #require(URLComponents(string: href)?.path)
            let body = #"{"success": true, "providerApplicationVersion": "\#(provider)"}"#
            #expect(try await client.send("POST", path, body: body).status == 201)
        }
        #expect(
            try await client.send("POST", "/environments", body: #"{"name": "production", "production": true}"#)
                .status == 201
        )
        let version = try await client.getJSON("/pacticipants/Web/versions/3")
        let record = try #require(version["_links"]?["pb:record-deployment"]?[0]?["href"]?.stringValue)
        let target = String(record.dropFirst("http://127.0.0.1:\(port)".count))
        #expect(try await client.send("POST", target, body: "{}").status == 201)
    }

    static func versions(_ client: BrokerHTTPTestClient, _ pacticipant: String) async throws -> [String] {
        let list = try await client.getJSON("/pacticipants/\(pacticipant)/versions")
        return (list["_embedded"]?["versions"]?.arrayValue ?? []).compactMap { $0["number"]?.stringValue }.sorted()
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func removesWhatNoSelectorKeepsWhileTheBrokerServes(engine: BrokerTestEngine) async throws {
        let schema = BrokerTestEngine.freshSchemaName()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(schema).path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var configuration = try engine.configuration(schema: schema)
        if engine == .sqlite { configuration.database = .sqlite(path: folder + "/broker.sqlite") }
        let location = configuration.database
        defer { if engine == .postgres { Task { await BrokerTestEngine.dropSchema(schema) } } }
        try await withBroker(configuration, logger: BrokerTestEngine.logger) { broker in
            let client = BrokerHTTPTestClient(broker)
            try await Self.history(client, port: broker.port)
            let database = try await BrokerDatabase.open(
                location,
                searchPath: configuration.postgresSearchPath,
                logger: BrokerTestEngine.logger
            )
            do {
                let keep = [KeepSelector(branch: .any, latest: true)]
                // A dry run reports exactly what the real run then does, and changes nothing.
                let dryRun = try await database.clean(keep: keep, dryRun: true)
                #expect(dryRun.dryRun)
                #expect(try await Self.versions(client, "Web") == ["1", "2", "3", "4", "5", "6"])
                let report = try await database.clean(keep: keep, dryRun: false)
                #expect(!report.dryRun)
                for outcome in [dryRun, report] {
                    #expect(outcome.versions == 8)
                    // Kept: Web 4 (latest main), 5 (latest feat-x), 3 (deployed); API p2 (latest main).
                    #expect(outcome.keptVersions == 4)
                    #expect(
                        outcome.removedVersions.map { "\($0.pacticipant) \($0.number)" } == [
                            "Web 1", "Web 2", "Web 6", "API p1",
                        ]
                    )
                    #expect(outcome.remainingCandidates == 0)
                    #expect(outcome.removedPublications == 3)
                    // p1's three results go with p1; p2 verified Web 4 twice: the older duplicate goes.
                    #expect(outcome.removedVerifications == 4)
                    // Web 1 and 2 shared one content, Web 6 had its own.
                    #expect(outcome.removedContents == 2)
                }
                #expect(try await Self.versions(client, "Web") == ["3", "4", "5"])
                #expect(try await Self.versions(client, "API") == ["p2"])
                #expect(try await client.send("GET", "/pacts/provider/API/consumer/Web/version/1").status == 404)
                #expect(try await client.send("GET", "/pacts/provider/API/consumer/Web/version/4").status == 200)
                // What remains still answers can-i-deploy: Web 4 was verified by p2.
                let matrix = try await client.getJSON(
                    "/matrix?q%5B%5D%5Bpacticipant%5D=Web&q%5B%5D%5Bversion%5D=4&latestby=cvp&latest=true"
                )
                #expect(matrix["summary"]?["deployable"] == true, "\(matrix)")

                // Nothing left to remove: a second run removes nothing.
                let again = try await database.clean(keep: keep, dryRun: false)
                #expect(again.removedVersions.isEmpty && again.removedVerifications == 0 && again.removedContents == 0)
                // The limit removes the oldest first and says how many are left.
                let limited = try await database.clean(keep: [], limit: 1, dryRun: false)
                #expect(limited.removedVersions.map(\.number) == ["4"])
                #expect(limited.remainingCandidates == 2)
            } catch {
                try? await database.shutdown()
                throw error
            }
            try await database.shutdown()
        }
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func ageTagAndPacticipantSelectors(engine: BrokerTestEngine) async throws {
        let schema = BrokerTestEngine.freshSchemaName()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(schema).path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var configuration = try engine.configuration(schema: schema)
        if engine == .sqlite { configuration.database = .sqlite(path: folder + "/broker.sqlite") }
        defer { if engine == .postgres { Task { await BrokerTestEngine.dropSchema(schema) } } }
        try await withBroker(configuration, logger: BrokerTestEngine.logger) { broker in
            let client = BrokerHTTPTestClient(broker)
            try await Self.history(client, port: broker.port)
            let database = try await BrokerDatabase.open(
                configuration.database,
                searchPath: configuration.postgresSearchPath,
                logger: BrokerTestEngine.logger
            )
            do {
                // Everything is younger than 30 days today; in 100 days nothing is.
                let young = try await database.clean(keep: [KeepSelector(maxAgeDays: 30)], dryRun: true)
                #expect(young.removedVersions.isEmpty)
                let later = Date().addingTimeInterval(100 * 86_400)
                let old = try await database.clean(keep: [KeepSelector(maxAgeDays: 30)], dryRun: true, now: later)
                #expect(old.removedVersions.map(\.number) == ["1", "2", "4", "5", "6", "p1", "p2"])
                let tagged = try await database.clean(keep: [KeepSelector(tag: .named("prod"))], dryRun: true)
                #expect(!tagged.removedVersions.map(\.number).contains("2"))
                #expect(tagged.removedVersions.count == 6)
                let api = try await database.clean(keep: [KeepSelector(pacticipant: "API")], dryRun: true)
                #expect(
                    api.removedVersions.map { "\($0.pacticipant) \($0.number)" } == [
                        "Web 1", "Web 2", "Web 4", "Web 5", "Web 6",
                    ]
                )
                let main = try await database.clean(keep: [KeepSelector(mainBranch: true, latest: true)], dryRun: true)
                // Web's and API's main branch is main (their first branch): Web 4 and API p2, and Web 3 (deployed).
                #expect(main.keptVersions == 3)
                #expect(try await Self.versions(client, "Web") == ["1", "2", "3", "4", "5", "6"])
            } catch {
                try? await database.shutdown()
                throw error
            }
            try await database.shutdown()
        }
    }
}
