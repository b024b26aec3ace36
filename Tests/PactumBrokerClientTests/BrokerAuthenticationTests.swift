import PactumBrokerClient
import Testing

@Suite struct BrokerAuthenticationTests {
    @Test func basicAuthEncodesUserAndPassword() {
        let auth = BrokerAuthentication.basic(
            username: "dXfltyFMgNOFZAxr",
            password: "O5AIZWxelWbLvqMd8PkAVycBJh2Psyg1"
        )
        #expect(auth.headerValue == "Basic ZFhmbHR5Rk1nTk9GWkF4cjpPNUFJWld4ZWxXYkx2cU1kOFBrQVZ5Y0JKaDJQc3lnMQ==")
    }

    @Test func tokenWinsOverUsername() {
        #expect(BrokerAuthentication(username: "u", password: "p", token: "t") == .bearer(token: "t"))
        #expect(BrokerAuthentication(username: "u", password: nil, token: nil) == .basic(username: "u", password: ""))
        #expect(BrokerAuthentication(username: nil, password: "p", token: "") == nil)
        #expect(BrokerAuthentication.bearer(token: "abc").headerValue == "Bearer abc")
    }
}
