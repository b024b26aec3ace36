import Foundation
import PactumCore
import PactumTestSupport
import Testing

@testable import PactumBroker

/// The web UI and the badges, as a person sees them: a real broker with real data published through the API, every
/// page loaded by headless Chromium, and assertions on the text and SVG it shows.
@Suite struct BrokerUITests {
    // MARK: Data

    static func httpPact(extraInteraction: Bool) -> JSONValue {
        var interactions: [JSONValue] = [
            [
                "description": "a request for order 42",
                "providerStates": [["name": "order 42 exists", "params": ["id": 42]]],
                "request": [
                    "method": "GET", "path": "/orders/42", "query": ["expand": ["items"]],
                    "headers": ["Accept": "application/json"],
                ],
                "response": [
                    "status": 200, "headers": ["Content-Type": "application/json"],
                    "body": ["id": 42, "status": "shipped"],
                    "matchingRules": [
                        "body": [
                            "$.id": ["matchers": [["match": "integer"]]],
                            "$.status": ["matchers": [["match": "regex", "regex": "^(pending|shipped)$"]]],
                        ]
                    ],
                ],
            ],
            [
                "description": #"an order note with <b>markup</b> & "quotes""#,
                "request": ["method": "POST", "path": "/orders", "body": ["note": "<script>alert(1)</script>"]],
                "response": ["status": 201],
            ],
        ]
        if extraInteraction {
            interactions.append(
                [
                    "description": "a request to cancel order 42",
                    "request": ["method": "DELETE", "path": "/orders/42"],
                    "response": ["status": 204],
                ]
            )
        }
        return [
            "consumer": ["name": "Web-App"], "provider": ["name": "Order-Service"],
            "interactions": .array(interactions),
            "metadata": ["pactSpecification": ["version": "3.0.0"]],
        ]
    }

    static let messagePact: JSONValue = [
        "consumer": ["name": "Billing"], "provider": ["name": "Order-Service"],
        "messages": [
            [
                "description": "an order shipped event",
                "providerStates": [["name": "order 42 was shipped"]],
                "contents": ["orderId": 42, "shippedAt": "2026-11-22T10:00:00Z"],
                "metadata": ["contentType": "application/json"],
                "matchingRules": ["body": ["$.orderId": ["matchers": [["match": "integer"]]]]],
            ]
        ],
        "metadata": ["pactSpecification": ["version": "3.0.0"]],
    ]

    static let inventoryPact = BrokerHTTPTestClient.pact(
        "Order-Service",
        "Inventory",
        interactions: [("a stock check", "item A-1 in stock", 200)]
    )

    /// Publishes three integrations, verification results, an environment with deployments and a release.
    static func seed(_ client: BrokerHTTPTestClient) async throws {
        try await client.publish(httpPact(extraInteraction: false), version: "1.0.0", branch: "main")
        try await client.publish(httpPact(extraInteraction: true), version: "1.1.0", branch: "main")
        try await client.publish(messagePact, version: "3.0.0", branch: "main")
        try await client.publish(inventoryPact, version: "2.1.0", branch: "main")
        func verify(_ consumer: String, _ version: String, by providerVersion: String, success: Bool) async throws {
            try await client.publishVerification(
                provider: "Order-Service",
                consumer: consumer,
                consumerVersion: version,
                providerVersion: providerVersion,
                success: success
            )
        }
        try await verify("Web-App", "1.0.0", by: "2.0.0", success: true)
        try await verify("Web-App", "1.1.0", by: "2.1.0", success: false)
        try await verify("Billing", "3.0.0", by: "2.1.0", success: true)
        let environment = try await client.send(
            "POST",
            "/environments",
            body: #"{"name": "production", "displayName": "Production", "production": true}"#
        )
        #expect(environment.status == 201, "\(environment.text)")
        let uuid = try #require(try environment.json()["uuid"]?.stringValue)
        for (pacticipant, version, kind) in [
            ("Order-Service", "2.0.0", "deployed"), ("Web-App", "1.0.0", "deployed"), ("Billing", "3.0.0", "released"),
        ] {
            let answer = try await client.send(
                "POST",
                "/pacticipants/\(pacticipant)/versions/\(version)/\(kind)-versions/environment/\(uuid)",
                body: "{}"
            )
            #expect(answer.status == 201, "\(answer.text)")
        }
    }

    /// Loads the page in Chromium; returns the DOM and the visible text.
    static func browse(_ broker: RunningBroker, _ path: String) async throws -> (dom: String, text: String) {
        let dom = try await Chromium.dumpDOM(broker.url + path)
        return (dom, Chromium.visibleText(dom))
    }

    static func expectTexts(
        _ text: String,
        _ expected: [String],
        page: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for item in expected where !text.contains(item) {
            Issue.record("\(page) does not show '\(item)'. It shows: \(text)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Every page in Chromium

    @Test(arguments: BrokerTestEngine.allCases)
    func everyPageInChromium(engine: BrokerTestEngine) async throws {
        _ = try Chromium.executable()
        try await engine.withTestBroker { broker in
            let client = BrokerHTTPTestClient(broker)
            try await Self.seed(client)

            // The dashboard, at / for a browser and at /ui/dashboard.
            for path in ["/", "/ui/dashboard"] {
                let (dom, text) = try await Self.browse(broker, path)
                Self.expectTexts(
                    text,
                    [
                        "Integrations", "Billing Order-Service", "Order-Service Inventory", "Web-App Order-Service",
                        "version 1.1.0", "never verified", "by Order-Service 2.1.0",
                    ],
                    page: path
                )
                let rows = dom.components(separatedBy: "<tr class=\"integration\">").dropFirst()
                #expect(rows.count == 3)
                // Consumer name order, with each integration's latest status and its colour.
                let statuses = rows.map { row -> String in
                    for status in ["verified", "failed", "unverified"] where row.contains("class=\"pill \(status)\"") {
                        return status
                    }
                    return "?"
                }
                #expect(statuses == ["verified", "unverified", "failed"])
            }

            // A contract as API documentation.
            let (contractDOM, contract) = try await Self.browse(
                broker,
                "/ui/pacts/provider/Order-Service/consumer/Web-App/latest"
            )
            Self.expectTexts(
                contract,
                [
                    "Web-App → Order-Service", "version 1.1.0", "failed", "a request for order 42", "Given",
                    "order 42 exists", #"{"id":42}"#, "GET /orders/42 → 200", "Query expand=items",
                    "Accept application/json", "Status 200", "Content-Type application/json", #""status": "shipped""#,
                    "$.id — an integer", "$.status — matches /^(pending|shipped)$/",
                    #"an order note with <b>markup</b> & "quotes""#, "POST /orders → 201",
                    #""note": "<script>alert(1)</script>""#, "a request to cancel order 42", "DELETE",
                ],
                page: "the contract"
            )
            // Values are escaped: the description's markup is text, not elements.
            #expect(!contractDOM.contains("<b>markup</b>"))
            #expect(!contractDOM.contains("<script>alert(1)"))
            let older = try await Self.browse(broker, "/ui/pacts/provider/Order-Service/consumer/Web-App/version/1.0.0")
            Self.expectTexts(
                older.text,
                ["version 1.0.0", "verified", "by Order-Service 2.0.0"],
                page: "contract 1.0.0"
            )
            #expect(!older.text.contains("a request to cancel order 42"))

            // A message contract.
            let message = try await Self.browse(broker, "/ui/pacts/provider/Order-Service/consumer/Billing/latest")
            Self.expectTexts(
                message.text,
                [
                    "Billing → Order-Service", "an order shipped event", "MESSAGE", "order 42 was shipped", "Message",
                    "contentType application/json", #""orderId": 42"#, "$.orderId — an integer",
                ],
                page: "the message contract"
            )

            // The matrix of an integration.
            let (matrixDOM, matrix) = try await Self.browse(
                broker,
                "/ui/matrix/provider/Order-Service/consumer/Web-App"
            )
            Self.expectTexts(
                matrix,
                ["Web-App → Order-Service", "Web-App version", "Order-Service version", "⎇ main"],
                page: "the matrix"
            )
            let matrixRows = matrixDOM.components(separatedBy: "<tr class=\"matrix-row\">").dropFirst().map {
                Chromium.visibleText("<tr>" + $0)
            }
            #expect(matrixRows.count == 2)
            #expect(
                matrixRows.first?.contains("1.1.0") == true && matrixRows.first?.contains("2.1.0 ⎇ main failed") == true
            )
            #expect(matrixRows.last?.contains("1.0.0") == true && matrixRows.last?.contains("2.0.0") == true)
            #expect(matrixRows.last?.contains("verified") == true)

            // Can I deploy? The form, a yes and a "cannot tell" with its reason.
            let form = try await Self.browse(broker, "/ui/can-i-deploy")
            Self.expectTexts(form.text, ["Can I deploy?", "Pacticipant", "Environment", "Check"], page: "can-i-deploy")
            #expect(form.dom.contains("<option>production</option>"))
            let yes = try await Self.browse(
                broker,
                "/ui/can-i-deploy?pacticipant=Web-App&version=1.0.0&environment=production"
            )
            Self.expectTexts(
                yes.text,
                [
                    "Yes — you can deploy", "Deploying version 1.0.0 of Web-App to production",
                    "All required verification results are published and successful",
                ],
                page: "can-i-deploy 1.0.0"
            )
            let unknown = try await Self.browse(
                broker,
                "/ui/can-i-deploy?pacticipant=Web-App&version=1.1.0&environment=production"
            )
            Self.expectTexts(
                unknown.text,
                [
                    "Unknown — cannot tell yet",
                    "There is no verified pact between version 1.1.0 of Web-App and version 2.0.0 of Order-Service",
                ],
                page: "can-i-deploy 1.1.0"
            )
            let missing = try await Self.browse(
                broker,
                "/ui/can-i-deploy?pacticipant=Web-App&version=9.9.9&environment=production"
            )
            Self.expectTexts(
                missing.text,
                ["No — do not deploy", "No pacticipant version with number 9.9.9 of Web-App exists"],
                page: "can-i-deploy 9.9.9"
            )

            // Environments.
            let environments = try await Self.browse(broker, "/ui/environments")
            Self.expectTexts(
                environments.text,
                [
                    "Production production", "name production", "Order-Service 2.0.0 deployed",
                    "Web-App 1.0.0 deployed", "Billing 3.0.0 released",
                ],
                page: "environments"
            )

            // The network diagram: one SVG node per pacticipant, one edge per integration.
            let network = try await Self.browse(broker, "/ui/network")
            Self.expectTexts(network.text, ["Network", "3 integrations"], page: "network")
            for name in ["Billing", "Inventory", "Order-Service", "Web-App"] {
                #expect(network.dom.contains("<g class=\"node\" data-name=\"\(name)\">"), "node \(name)")
            }
            #expect(network.dom.components(separatedBy: "<g class=\"node\"").count - 1 == 4)
            #expect(network.dom.components(separatedBy: "<path class=\"edge\"").count - 1 == 3)
            #expect(network.dom.contains("<title>Web-App → Order-Service</title>"))

            // A badge opened in the browser is an SVG document.
            let badge = try await Self.browse(broker, "/pacts/provider/Order-Service/consumer/Billing/latest/badge")
            #expect(badge.dom.contains("<svg"))
            Self.expectTexts(badge.text, ["billing/order-service pact", "verified"], page: "the badge")
        }
    }

    // MARK: Badges over HTTP

    static func badge(_ broker: RunningBroker, _ target: String) async throws -> (svg: String, headers: String) {
        let response = try await LoopbackHTTPClient.sendAsync(
            method: "GET",
            port: broker.port,
            target: target,
            headers: [],
            body: []
        )
        #expect(response.status == 200, "\(target)")
        #expect(response.header("Content-Type")?.hasPrefix("image/svg+xml") == true, "\(target)")
        #expect(response.header("Cache-Control") == "no-cache", "\(target)")
        return (String(decoding: response.body, as: UTF8.self), "")
    }

    /// The status text and the colour of its half of the badge.
    static func status(_ svg: String) -> (text: String, color: String)? {
        guard
            let range = svg.range(
                of: #"<rect x="\d+" width="\d+" height="20" fill="([^"]+)"/>"#,
                options: .regularExpression
            )
        else { return nil }
        let color = svg[range].components(separatedBy: "fill=\"").last?.dropLast(3) ?? ""
        let texts = svg.components(separatedBy: "transform=\"scale(.1)\">").dropFirst().map {
            $0.components(separatedBy: "</text>").first ?? ""
        }
        return (texts.last ?? "", String(color))
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func badges(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            let client = BrokerHTTPTestClient(broker)
            try await Self.seed(client)
            let tag = try await client.send("PUT", "/pacticipants/Web-App/versions/1.0.0/tags/prod", body: "{}")
            #expect(tag.status == 201 || tag.status == 200, "\(tag.text)")
            let providerTag = try await client.send(
                "PUT",
                "/pacticipants/Order-Service/versions/2.0.0/tags/prod",
                body: "{}"
            )
            #expect(providerTag.status == 201 || providerTag.status == 200, "\(providerTag.text)")
            let cases: [(String, String, String, String)] = [
                (
                    "/pacts/provider/Order-Service/consumer/Billing/latest/badge", "verified", "#4c1",
                    "billing/order-service pact"
                ),
                (
                    "/pacts/provider/Order-Service/consumer/Web-App/latest/badge", "failed", "#e05d44",
                    "web-app/order-service pact"
                ),
                (
                    "/pacts/provider/Inventory/consumer/Order-Service/latest/badge", "unknown", "#9f9f9f",
                    "order-service/inventory pact"
                ),
                ("/pacts/provider/Nobody/consumer/Web-App/latest/badge", "not found", "#9f9f9f", "pact not found"),
                (
                    "/pacts/provider/Order-Service/consumer/Web-App/latest/prod/badge", "verified", "#4c1",
                    "web-app/order-service pact"
                ),
                (
                    "/pacts/provider/Order-Service/consumer/Web-App/latest/nope/badge", "not found", "#9f9f9f",
                    "pact not found"
                ),
                (
                    "/pacts/provider/Order-Service/consumer/Web-App/branch/main/latest/badge", "failed", "#e05d44",
                    "web-app/order-service pact"
                ),
                (
                    "/pacts/provider/Order-Service/consumer/Web-App/branch/feat/latest/badge", "not found", "#9f9f9f",
                    "pact not found"
                ),
                (
                    "/matrix/provider/Order-Service/latest/prod/consumer/Web-App/latest/prod/badge", "verified", "#4c1",
                    "web-app (prod)/order-service (prod) pact",
                ),
                (
                    "/pacts/provider/Order-Service/consumer/Web-App/latest/badge?label=consumer", "failed", "#e05d44",
                    "web-app pact"
                ),
                (
                    "/pacts/provider/Order-Service/consumer/Web-App/latest/badge?label=provider", "failed", "#e05d44",
                    "order-service pact"
                ),
                (
                    "/pacts/provider/Order-Service/consumer/Web-App/latest/badge?label=My%20%3Capi%3E", "failed",
                    "#e05d44", "My &lt;api&gt;"
                ),
            ]
            for (target, text, color, label) in cases {
                let (svg, _) = try await Self.badge(broker, target)
                let status = Self.status(svg)
                #expect(status?.text == text, "\(target): \(svg)")
                #expect(status?.color == color, "\(target): \(svg)")
                #expect(svg.contains("<title>\(label): \(text)</title>"), "\(target): \(svg)")
            }
            // The badge routes come before `latest/:tag`: the pact with a tag is still served as JSON.
            let tagged = try await client.getJSON("/pacts/provider/Order-Service/consumer/Web-App/latest/prod")
            #expect(tagged["consumer"]?["name"]?.stringValue == "Web-App")
        }
    }

    // MARK: Content negotiation and errors

    @Test(arguments: BrokerTestEngine.allCases)
    func rootServesHTMLToBrowsersAndHALToClients(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            let client = BrokerHTTPTestClient(broker)
            let browser = try await client.send(
                "GET",
                "/",
                headers: [("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
            )
            #expect(browser.status == 200)
            #expect(browser.contentType == "text/html; charset=utf-8")
            #expect(browser.text.contains("No contracts have been published yet"))
            for accept in ["application/hal+json", "*/*", "application/json, text/html;q=0.5"] {
                let api = try await client.send("GET", "/", headers: [("Accept", accept)])
                #expect(api.contentType.hasPrefix("application/hal+json"), "\(accept)")
                #expect(try api.json()["_links"]?["pb:pacticipants"] != nil, "\(accept)")
            }
            let plain = try await client.send("GET", "/")
            #expect(plain.contentType.hasPrefix("application/hal+json"))

            let unknown = try await client.send("GET", "/ui/pacts/provider/Nobody/consumer/Web-App/latest")
            #expect(unknown.status == 404)
            #expect(unknown.contentType == "text/html; charset=utf-8")
            #expect(unknown.text.contains("No pacticipant named &#39;Nobody&#39; exists"))
        }
    }

    @Test(arguments: BrokerTestEngine.allCases)
    func paginationIsBounded(engine: BrokerTestEngine) async throws {
        try await engine.withTestBroker { broker in
            let client = BrokerHTTPTestClient(broker)
            for index in 1...3 {
                let pact = BrokerHTTPTestClient.pact("Consumer-\(index)", "Provider", interactions: [("x", nil, 200)])
                try await client.publish(pact, version: "1.0.\(index)")
            }
            let first = try await client.send("GET", "/ui/dashboard?page=1&size=2")
            #expect(first.text.contains("Consumer-1") && first.text.contains("Consumer-2"))
            #expect(!first.text.contains("Consumer-3"))
            #expect(first.text.contains("href=\"/ui/dashboard?page=2&amp;size=2\">Next →</a>"))
            let second = try await client.send("GET", "/ui/dashboard?page=2&size=2")
            #expect(second.text.contains("Consumer-3") && !second.text.contains("Consumer-1"))
            #expect(second.text.contains("← Previous") && !second.text.contains("Next →"))
            // Nonsense values fall back to bounds rather than failing.
            let odd = try await client.send("GET", "/ui/dashboard?page=-4&size=100000")
            #expect(odd.status == 200 && odd.text.contains("Consumer-3"))

            for version in ["2.0.0", "2.0.1", "2.0.2"] {
                let pact = BrokerHTTPTestClient.pact("Consumer-1", "Provider", interactions: [("x", nil, 200)])
                try await client.publish(pact, version: version)
            }
            let matrix = try await client.send("GET", "/ui/matrix/provider/Provider/consumer/Consumer-1?size=2")
            #expect(matrix.text.contains("2.0.2") && matrix.text.contains("2.0.1") && !matrix.text.contains("2.0.0<"))
            let page2 = try await client.send("GET", "/ui/matrix/provider/Provider/consumer/Consumer-1?size=2&page=2")
            #expect(page2.text.contains("2.0.0") && page2.text.contains("1.0.1") && !page2.text.contains("2.0.2"))
        }
    }
}
