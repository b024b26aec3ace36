import Foundation
import Logging
import PactumCore
import PactumTestSupport
import Testing

@testable import PactumBroker

/// How requests are authenticated: the decision (pure), the 401/403 responses, public read and the heartbeat, and
/// that no secret ever reaches a log line or an error message.
@Suite struct AuthRequestTests {
    static let auth = AuthTests.configuration

    static func decide(
        _ header: String?,
        _ permission: BrokerPermission,
        configuration: BrokerAuthConfiguration = auth,
        isBadge: Bool = false
    ) async throws -> BrokerAuthDecision {
        try await BrokerAuthorizer.decide(
            credentials: BrokerAuthorizer.credentials(from: header),
            permission: permission,
            route: "GET /x",
            isBadge: isBadge,
            configuration: configuration,
            tokenRole: { $0 == "pactum_000000000000_good" ? .write : nil }
        )
    }

    static func basicHeader(_ username: String, _ password: String) -> String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }

    @Test("credentials are read from the Authorization header")
    func parsing() {
        #expect(BrokerAuthorizer.credentials(from: nil) == .none)
        #expect(BrokerAuthorizer.credentials(from: "  ") == .none)
        #expect(BrokerAuthorizer.credentials(from: "Bearer abc") == .bearer("abc"))
        #expect(BrokerAuthorizer.credentials(from: "BEARER  abc ") == .bearer("abc"))
        #expect(
            BrokerAuthorizer.credentials(from: Self.basicHeader("u", "p:w")) == .basic(username: "u", password: "p:w")
        )
        #expect(BrokerAuthorizer.credentials(from: "Basic !!!") == .malformed)
        #expect(BrokerAuthorizer.credentials(from: "Basic " + Data("nocolon".utf8).base64EncodedString()) == .malformed)
        #expect(BrokerAuthorizer.credentials(from: "Bearer") == .malformed)
        #expect(BrokerAuthorizer.credentials(from: "Digest x") == .malformed)
    }

    @Test("the decision for each kind of caller")
    func decisions() async throws {
        let rw = Self.basicHeader(AuthTests.readWriteUser.username, AuthTests.readWriteUser.password)
        let ro = Self.basicHeader(AuthTests.readOnlyUser.username, AuthTests.readOnlyUser.password)
        #expect(try await Self.decide(rw, .admin) == .allowed)
        #expect(try await Self.decide(ro, .read) == .allowed)
        #expect(
            try await Self.decide(ro, .write)
                == .forbidden("Forbidden: GET /x needs the write role; these credentials have the read role")
        )
        #expect(try await Self.decide("Bearer pactum_000000000000_good", .write) == .allowed)
        #expect(
            try await Self.decide("Bearer pactum_000000000000_good", .admin)
                == .forbidden("Forbidden: GET /x needs the admin role; these credentials have the write role")
        )
        #expect(
            try await Self.decide(Self.basicHeader("pact-rw", "wrong"), .read)
                == .unauthenticated("The basic auth username or password is wrong")
        )
        // The read-only password does not unlock the read/write user, nor the other way round.
        #expect(
            try await Self.decide(Self.basicHeader("pact-rw", AuthTests.readOnlyUser.password), .read)
                == .unauthenticated("The basic auth username or password is wrong")
        )
        #expect(
            try await Self.decide(nil, .read)
                == .unauthenticated(
                    "Authentication required: GET /x needs the read role. Send a bearer token (Authorization: Bearer "
                        + "<token>; the CLI's --broker-token or PACT_BROKER_TOKEN) or basic auth credentials "
                        + "(--broker-username/--broker-password)"
                )
        )
        #expect(try await Self.decide(nil, .anyone) == .allowed)
        // Public read opens reads only; public badges open badges only.
        let publicRead = BrokerAuthConfiguration(basicUser: AuthTests.readWriteUser, allowPublicRead: true)
        #expect(try await Self.decide(nil, .read, configuration: publicRead) == .allowed)
        #expect(try await Self.decide(nil, .write, configuration: publicRead) != .allowed)
        let badges = BrokerAuthConfiguration(requireAuthentication: true, publicBadgeAccess: true)
        #expect(try await Self.decide(nil, .read, configuration: badges, isBadge: true) == .allowed)
        #expect(try await Self.decide(nil, .read, configuration: badges) != .allowed)
        // Off: everything is allowed, whatever is sent.
        #expect(try await Self.decide("Bearer nonsense", .admin, configuration: BrokerAuthConfiguration()) == .allowed)
    }

    @Test("equal secrets compare equal, different ones (any length) not")
    func constantTimeComparison() {
        #expect(BrokerAuthSecrets.constantTimeEqual(Array("secret".utf8), Array("secret".utf8)))
        #expect(!BrokerAuthSecrets.constantTimeEqual(Array("secret".utf8), Array("secreT".utf8)))
        #expect(!BrokerAuthSecrets.constantTimeEqual(Array("secret".utf8), Array("secret-longer".utf8)))
        #expect(!BrokerAuthSecrets.constantTimeEqual([], Array("x".utf8)))
        #expect(BrokerAuthSecrets.constantTimeEqual([], []))
    }

    @Test(
        "401 carries WWW-Authenticate challenges; heartbeat and OPTIONS stay public",
        arguments: BrokerTestEngine.allCases
    )
    func responses(engine: BrokerTestEngine) async throws {
        try await AuthTests.withAuthBroker(engine) { broker, _, _ in
            let denied = try await LoopbackHTTPClient.sendAsync(
                method: "GET",
                port: broker.port,
                target: "/pacticipants"
            )
            #expect(denied.status == 401)
            let challenges = denied.headers.filter { $0.name.lowercased() == "www-authenticate" }.map(\.value)
            #expect(challenges == ["Basic realm=\"Pactum Broker\"", "Bearer realm=\"Pactum Broker\""])
            let body = try JSONParser.parse(bytes: denied.body)
            #expect(
                body["error"]?.stringValue?.hasPrefix("Authentication required: GET /pacticipants needs the read role")
                    == true
            )

            let heartbeat = try await LoopbackHTTPClient.sendAsync(
                method: "GET",
                port: broker.port,
                target: "/diagnostic/status/heartbeat"
            )
            #expect(heartbeat.status == 200)
            let options = try await LoopbackHTTPClient.sendAsync(
                method: "OPTIONS",
                port: broker.port,
                target: "/pacticipants"
            )
            #expect(options.status == 200)
            let head = try await LoopbackHTTPClient.sendAsync(
                method: "HEAD",
                port: broker.port,
                target: "/pacticipants"
            )
            #expect(head.status == 401)
        }
    }

    @Test("tokens only (--require-auth): a Bearer challenge only", arguments: BrokerTestEngine.allCases)
    func tokensOnly(engine: BrokerTestEngine) async throws {
        let auth = BrokerAuthConfiguration(requireAuthentication: true)
        try await AuthTests.withAuthBroker(engine, auth: auth) { broker, _, tokens in
            let client = BrokerHTTPTestClient(broker)
            let denied = try await LoopbackHTTPClient.sendAsync(method: "GET", port: broker.port, target: "/")
            #expect(denied.status == 401)
            #expect(
                denied.headers.filter { $0.name.lowercased() == "www-authenticate" }.map(\.value) == [
                    "Bearer realm=\"Pactum Broker\""
                ]
            )
            #expect(!String(decoding: denied.body, as: UTF8.self).contains("basic auth"))
            // Basic credentials mean nothing here.
            let basic = try await client.send("GET", "/", headers: AuthTests.basic(AuthTests.readWriteUser))
            #expect(basic.status == 401)
            #expect(try await client.send("GET", "/", headers: AuthTests.bearer(tokens.read)).status == 200)
        }
    }

    @Test("public read: anonymous may read, not write", arguments: BrokerTestEngine.allCases)
    func publicRead(engine: BrokerTestEngine) async throws {
        var auth = AuthTests.configuration
        auth.allowPublicRead = true
        try await AuthTests.withAuthBroker(engine, auth: auth) { broker, _, tokens in
            let client = BrokerHTTPTestClient(broker)
            #expect(try await client.send("GET", "/pacticipants").status == 200)
            #expect(try await client.send("GET", "/metrics").status == 200)
            #expect(try await client.send("POST", "/pacts/provider/P/for-verification", body: "{}").status != 401)
            let write = try await client.send("POST", "/pacticipants", body: #"{"name":"App"}"#)
            #expect(write.status == 401)
            #expect(
                try await client.send(
                    "POST",
                    "/pacticipants",
                    body: #"{"name":"App"}"#,
                    headers: AuthTests.bearer(tokens.write)
                ).status == 201
            )
            // Wrong credentials are refused even for a read, so a typo is noticed.
            #expect(
                try await client.send("GET", "/pacticipants", headers: AuthTests.basic("pact-rw", "typo")).status == 401
            )
        }
    }

    @Test("without auth configured the broker is open and ignores credentials", arguments: BrokerTestEngine.allCases)
    func openByDefault(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            let client = BrokerHTTPTestClient(broker)
            let created = try await client.send("POST", "/pacticipants", body: #"{"name":"App"}"#)
            #expect(created.status == 201)
            let deleted = try await client.send("DELETE", "/pacticipants/App", headers: AuthTests.bearer("junk"))
            #expect(deleted.status == 204)
        }
    }

    @Test("a broker with auth off warns when the database has tokens", arguments: BrokerTestEngine.allCases)
    func warnsWhenTokensAreIgnored(engine: BrokerTestEngine) async throws {
        let recorder = LogRecorder()
        try await AuthTests.withAuthBroker(engine, auth: BrokerAuthConfiguration(), logger: recorder.logger) {
            broker,
            _,
            _ in
            let answer = try await BrokerHTTPTestClient(broker).send("GET", "/pacticipants")
            #expect(answer.status == 200)
        }
        #expect(
            recorder.text.contains(
                "Authentication is off, so the 3 API token(s) in the database are not required: anyone may use this "
                    + "broker. Start it with --require-auth (tokens only) or a basic auth user to require them."
            )
        )
    }

    @Test("no secret reaches the log or an error message", arguments: BrokerTestEngine.allCases)
    func secretsStayOut(engine: BrokerTestEngine) async throws {
        let recorder = LogRecorder()
        let wrongPassword = "Wr0ng-Pa55word-4b8e"
        let forgedToken = "pactum_0123456789ab_" + String(repeating: "f", count: 64)
        let (answers, tokens) = try await AuthTests.withAuthBroker(engine, logger: recorder.logger) {
            broker,
            _,
            tokens in
            let client = BrokerHTTPTestClient(broker)
            var texts: [String] = []
            let attempts: [[(String, String)]] = [
                AuthTests.basic(AuthTests.readWriteUser), AuthTests.basic(AuthTests.readOnlyUser),
                AuthTests.basic("pact-rw", wrongPassword),
                AuthTests.basic(wrongPassword, AuthTests.readWriteUser.password),
                AuthTests.bearer(tokens.read), AuthTests.bearer(tokens.write), AuthTests.bearer(tokens.admin),
                AuthTests.bearer(forgedToken), [("Authorization", wrongPassword)],
                [("Authorization", "Digest \(wrongPassword)")],
            ]
            for headers in attempts {
                for (method, path) in [
                    ("GET", "/pacticipants"), ("DELETE", "/pacticipants/Nope"), ("POST", "/pacticipants"),
                    ("GET", "/metrics"),
                ] {
                    let answer = try await client.send(
                        method,
                        path,
                        body: method == "POST" ? "{\"name\": 1}" : nil,
                        headers: headers
                    )
                    texts.append("\(answer.status) \(answer.text)")
                }
            }
            return (texts, tokens)
        }
        let log = recorder.text
        #expect(log.contains("401"), "the refusals are logged")
        let secrets = [
            AuthTests.readWriteUser.password, AuthTests.readOnlyUser.password, wrongPassword, forgedToken, tokens.read,
            tokens.write, tokens.admin,
            Data("pact-rw:\(AuthTests.readWriteUser.password)".utf8).base64EncodedString(),
        ]
        for secret in secrets {
            #expect(!log.contains(secret), "the log shows a secret (\(secret.prefix(6))…)")
            #expect(!answers.contains { $0.contains(secret) }, "a response shows a secret (\(secret.prefix(6))…)")
        }
        // Configurations print without passwords, however they are printed.
        var dumped = ""
        dump(AuthTests.configuration, to: &dumped)
        for text in ["\(AuthTests.configuration)", String(reflecting: AuthTests.configuration), dumped] {
            #expect(
                !text.contains(AuthTests.readWriteUser.password) && !text.contains(AuthTests.readOnlyUser.password),
                "\(text)"
            )
        }
        #expect("\(AuthTests.configuration)" == "basic auth (read/write and read-only users), bearer tokens")
    }
}
