import Foundation
import PactumCore
import PactumMock
import PactumTestSupport  // doc: hidden
import Testing

#if canImport(FoundationNetworking)  // doc: hidden
import FoundationNetworking  // doc: hidden
#endif  // doc: hidden

@Suite("PactumMock catalog sample")  // doc: hidden
struct StubSampleTests {  // doc: hidden
    @Test("serves a contract to a client under development")  // doc: hidden
    func serves() async throws {  // doc: hidden
        let folder = ExampleContract.url.deletingLastPathComponent()  // doc: hidden
        // Every contract in a folder, served with the official `pact stub`'s matching: the first interaction whose
        // request matches answers; generators give fresh values.
        let pacts = try StubServer.loadPacts(files: [], directories: [folder])
        try await withStubServer(pacts: pacts) { stub in
            let (data, response) = try await URLSession.shared.data(from: stub.url.appendingPathComponent("books/42"))
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            #expect(try JSONParser.parse(data)["id"] == 42)
        }
    }  // doc: hidden
}  // doc: hidden
