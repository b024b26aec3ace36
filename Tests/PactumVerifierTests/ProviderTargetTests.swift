import PactumVerifier
import Testing

@Suite struct ProviderTargetTests {
    @Test func joinsBasePathPathAndQuery() {
        let target = ProviderTarget(host: "127.0.0.1", port: 8080, basePath: "api/")
        #expect(target.url(path: "/books", query: "a=1") == "http://127.0.0.1:8080/api/books?a=1")
        #expect(ProviderTarget(scheme: "https", host: "h").url(path: "x", query: nil) == "https://h/x")
    }
}
