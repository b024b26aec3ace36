import Foundation
import PactumCore
import PactumTestSupport
import PactumVerifier
import Testing

/// How the verifier talks to the provider: one connection for all of a verifier's interactions, the query in the
/// contract's order, encoded as the official verifier encodes it.
@Suite("Verifier connections and queries")
struct ProviderConnectionTests {
    static func pact(_ requests: [JSONValue], version: String = "3.0.0") throws -> Pact {
        let interactions: [JSONValue] = requests.enumerated().map { index, request in
            [
                "description": .string("request \(index + 1)"),
                "providerState": "a state",
                "request": request,
                "response": ["status": 200],
            ]
        }
        let json: JSONValue = [
            "consumer": ["name": "Consumer"],
            "provider": ["name": "RecordingProvider"],
            "interactions": .array(interactions),
            "metadata": ["pactSpecification": ["version": .string(version)]],
        ]
        return try Pact(data: Data(JSONWriter.compact(json).utf8))
    }

    static func verifier(for provider: RecordingProvider, teardown: Bool = true) -> ProviderVerifier {
        ProviderVerifier(
            configuration: .init(
                providerName: "RecordingProvider",
                target: ProviderTarget(host: "127.0.0.1", port: provider.port),
                providerStates: .url("http://127.0.0.1:\(provider.port)/_pact/provider-states", teardown: teardown)
            )
        )
    }

    /// The request targets `pactum`'s verifier sends for the pact's interactions (state changes left out).
    static func targets(of pact: Pact) async throws -> [String] {
        let provider = try await RecordingProvider.start()
        let report = try await verifier(for: provider, teardown: false).verify([.pact(pact)])
        await provider.stop()
        #expect(report.success, "\(report.pacts.flatMap(\.interactions).map(\.report))")
        return provider.requests.map(\.target).filter { !$0.hasPrefix("/_pact/") }
    }

    @Test func everyInteractionVerifiedOnItsOwnReusesTheVerifiersConnection() async throws {
        let provider = try await RecordingProvider.start()
        let pact = try Self.pact((1...5).map { ["method": "GET", "path": .string("/items/\($0)")] })
        let verifier = Self.verifier(for: provider)
        for interaction in try await verifier.interactions(from: [.pact(pact)]) {
            let result = try await verifier.verify(interaction)
            #expect(result.passed, Comment(rawValue: result.report))
        }
        await provider.stop()
        // Set-up, request and teardown for each of the five, all on the first connection.
        #expect(provider.requests.count == 15)
        #expect(provider.connections == 1, "\(provider.requests)")
    }

    @Test func aWholeRunUsesOneConnection() async throws {
        let provider = try await RecordingProvider.start()
        let pact = try Self.pact((1...20).map { ["method": "POST", "path": .string("/items/\($0)"), "body": "x"] })
        let report = try await Self.verifier(for: provider).verify([.pact(pact)])
        await provider.stop()
        #expect(report.success)
        #expect(provider.requests.count == 60)
        #expect(provider.connections == 1)
    }

    @Test func theScopedVerifierClosesItsConnectionsWhenTheBodyReturns() async throws {
        let provider = try await RecordingProvider.start()
        let pact = try Self.pact([["method": "GET", "path": "/items/1"]])
        try await ProviderVerifier.withProviderVerifier(configuration: Self.verifier(for: provider).configuration) {
            verifier in
            let report = try await verifier.verify([.pact(pact)])
            #expect(report.success)
            #expect(provider.openConnections == 1)
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while provider.openConnections > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        await provider.stop()
        #expect(provider.openConnections == 0, "the verifier's connection is closed at the end of the scope")
    }

    @Test func aProviderThatClosesEachConnectionGetsTheNextOneOpenedAhead() async throws {
        let provider = try await RecordingProvider.start(closing: true)
        let pact = try Self.pact((1...5).map { ["method": "GET", "path": .string("/items/\($0)")] })
        try await ProviderVerifier.withProviderVerifier(configuration: Self.verifier(for: provider).configuration) {
            verifier in
            let report = try await verifier.verify([.pact(pact)])
            #expect(report.success, "\(report.pacts.flatMap(\.interactions).map(\.report))")
            // Fifteen requests, each on its own connection, and the spare opened while the last one ran.
            let deadline = ContinuousClock.now + .seconds(5)
            while provider.connections < 16, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(provider.connections == 16, "\(provider.connections) connections")
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while provider.openConnections > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        await provider.stop()
        #expect(provider.requests.count == 15)
        #expect(Set(provider.requests.map(\.connection)).count == 15)
        #expect(provider.openConnections == 0, "the spare is closed at the end of the scope")
    }

    @Test func aSpareTheProviderClosedBeforeItsUseIsReplaced() async throws {
        // Between interactions the provider drops the connection nobody has used yet (an idle time-out): every
        // spare is dead by the time it would be used.
        let provider = try await RecordingProvider.start(closing: true)
        let pact = try Self.pact((1...3).map { ["method": "GET", "path": .string("/items/\($0)")] })
        let verifier = Self.verifier(for: provider, teardown: false)
        var dropped = 0
        for interaction in try await verifier.interactions(from: [.pact(pact)]) {
            let result = try await verifier.verify(interaction)
            #expect(result.passed, Comment(rawValue: result.report))
            let deadline = ContinuousClock.now + .seconds(5)
            while provider.connections == provider.requests.count, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            if provider.connections > provider.requests.count { dropped += 1 }
            provider.dropUnusedConnections()
            while provider.openConnections > 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        await provider.stop()
        #expect(provider.requests.count == 6)
        #expect(dropped == 3, "a spare was open after each interaction, and dropped")
    }

    @Test func aV2QueryStringIsSentInTheContractsOrder() async throws {
        // The Pact Broker's matrix pairs repeated parameters by position: sorting them would pair Bar with prod.
        let pact = try Self.pact(
            [
                [
                    "method": "GET", "path": "/matrix",
                    "query":
                        "q[][pacticipant]=Bar&q[][version]=4.5.6&q[][pacticipant]=Foo+Thing&q[][tag]=prod&latestby=cvpv",
                ]
            ],
            version: "2.0.0"
        )
        #expect(
            try await Self.targets(of: pact) == [
                "/matrix?q%5B%5D%5Bpacticipant%5D=Bar&q%5B%5D%5Bversion%5D=4.5.6&q%5B%5D%5Bpacticipant%5D=Foo+Thing"
                    + "&q%5B%5D%5Btag%5D=prod&latestby=cvpv"
            ]
        )
    }

    @Test func theQueryOrderIsKeptByGeneratorsAndIgnoredByEquality() throws {
        let pact = try Self.pact([["method": "GET", "path": "/m", "query": "b=2&a=1&b=3"]], version: "2.0.0")
        guard case .http(let request, _) = try #require(pact.interactions.first).kind else {
            Issue.record("not an HTTP interaction")
            return
        }
        #expect(request.queryOrder == ["b", "a", "b"])
        #expect(request.orderedQuery.map { "\($0.name)=\($0.value ?? "")" } == ["b=2", "a=1", "b=3"])
        var unordered = request
        unordered.queryOrder = []
        #expect(unordered == request)
        #expect(unordered.orderedQuery.map { "\($0.name)=\($0.value ?? "")" } == ["a=1", "b=2", "b=3"])
    }

    /// What the official verifier sends, captured from `pact verifier` 1.3.5 against a recording provider (and
    /// checked again against the installed one by the next test).
    static let officialTargets = [
        "/books?author=Ursula+K.+Le+Guin",
        "/m?alpha=2&q%5B%5D%5Bpacticipant%5D=Foo&q%5B%5D%5Bpacticipant%5D=Bar&zeta=1",
        "/s?x=a%2Bb+c%26d%3De%2Ff%3Ag%40h%21%24%27%28%29*%2C%3B%7E-._%25%C3%A9%E2%82%AC%3F%23%5B%5D",
    ]

    static let encodingPact: [JSONValue] = [
        ["method": "GET", "path": "/books", "query": ["author": ["Ursula K. Le Guin"]]],
        [
            "method": "GET", "path": "/m",
            "query": ["zeta": ["1"], "alpha": ["2"], "q[][pacticipant]": ["Foo", "Bar"]],
        ],
        ["method": "GET", "path": "/s", "query": ["x": ["a+b c&d=e/f:g@h!$'()*,;~-._%é€?#[]"]]],
    ]

    @Test func queriesAreFormEncodedAsTheOfficialVerifierSendsThem() async throws {
        #expect(try await Self.targets(of: try Self.pact(Self.encodingPact)) == Self.officialTargets)
    }

    @Test func theOfficialVerifierSendsTheSameQueries() async throws {
        let pact = try Self.pact(Self.encodingPact)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("query-\(UUID().uuidString).json")
        try pact.write(to: file, specification: .v3)
        defer { try? FileManager.default.removeItem(at: file) }
        let provider = try await RecordingProvider.start()
        let official = try await PactCLI.verify(
            pactFile: file,
            providerPort: provider.port,
            stateChangeURL: nil,
            providerName: "RecordingProvider"
        )
        await provider.stop()
        #expect(official.passed, "\(official.output)")
        let sent = provider.requests.map(\.target).filter { !$0.hasPrefix("/_pact/") }
        #expect(sent == Self.officialTargets)
        #expect(try await Self.targets(of: pact) == sent)
    }
}
