import Foundation
import PactumBroker
import PactumBrokerClient
import PactumCore
import Testing

@Suite("PactumBroker catalog sample")  // doc: hidden
struct BrokerSampleTests {  // doc: hidden
    @Test("a broker in the test process")  // doc: hidden
    func inProcess() async throws {  // doc: hidden
        // A broker on a free port with an in-memory SQLite database, stopped when the closure returns.
        let configuration = BrokerServer.Configuration(port: 0, database: .sqliteInMemory)
        try await withBroker(configuration) { broker in
            let client = BrokerClient(configuration: .init(baseURL: broker.url))
            let pacticipants = try await client.listPacticipants()
            #expect(pacticipants["_embedded"]?["pacticipants"]?.arrayValue?.isEmpty == true)
        }
    }  // doc: hidden
}  // doc: hidden
