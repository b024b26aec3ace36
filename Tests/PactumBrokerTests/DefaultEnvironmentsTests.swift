import Foundation
import PactumCore
import Testing

@testable import PactumBroker

/// A new broker database starts with the environments `test` and `production`, as PactFlow's does, when the broker
/// is configured to seed them (`pactum broker serve` does unless `--no-default-environments`); an existing database
/// is never changed by it.
@Suite("Default environments of a new broker database")
struct DefaultEnvironmentsTests {
    static func environments(_ client: BrokerHTTPTestClient) async throws -> [String] {
        let index = try await client.getJSON("/environments")
        let embedded = index["_embedded"]?["environments"]?.arrayValue ?? []
        return embedded.map { environment in
            "\(environment["name"]?.stringValue ?? "?")/\(environment["production"]?.boolValue == true ? "production" : "not production")"
        }.sorted()
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func seededOnceOnANewDatabaseOnly(engine: BrokerTestEngine) async throws {
        let schema = BrokerTestEngine.freshSchemaName()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(schema).path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        defer { if engine == .postgres { Task { await BrokerTestEngine.dropSchema(schema) } } }
        var configuration = try engine.configuration(schema: schema)
        if engine == .sqlite { configuration.database = .sqlite(path: folder + "/broker.sqlite") }
        configuration.seedsDefaultEnvironments = true

        try await withBroker(configuration, logger: BrokerTestEngine.logger) { broker in
            let client = BrokerHTTPTestClient(broker)
            #expect(try await Self.environments(client) == ["production/production", "test/not production"])
            // An operator removes one: it stays removed when the broker starts again on the same database.
            let index = try await client.getJSON("/environments")
            let test = index["_embedded"]?["environments"]?.arrayValue?.first { $0["name"] == "test" }
            let uuid = try #require(test?["uuid"]?.stringValue)
            let deleted = try await client.send("DELETE", "/environments/\(uuid)")
            #expect(deleted.status == 204 || deleted.status == 200)
        }
        try await withBroker(configuration, logger: BrokerTestEngine.logger) { broker in
            let environments = try await Self.environments(BrokerHTTPTestClient(broker))
            #expect(environments == ["production/production"])
        }
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func notSeededUnlessConfigured(engine: BrokerTestEngine) async throws {
        let schema = BrokerTestEngine.freshSchemaName()
        defer { if engine == .postgres { Task { await BrokerTestEngine.dropSchema(schema) } } }
        let configuration = try engine.configuration(schema: schema)
        #expect(!configuration.seedsDefaultEnvironments)
        try await withBroker(configuration, logger: BrokerTestEngine.logger) { broker in
            let environments = try await Self.environments(BrokerHTTPTestClient(broker))
            #expect(environments == [])
        }
    }
}
