import Foundation
import PactumCore
import Testing

@testable import PactumBroker

/// The pure parts of the web UI and the badges: escaping, content negotiation, badge drawing, the network layout.
@Suite struct BrokerUILogicTests {
    @Test func escapesEveryCharacterThatCouldOpenMarkup() {
        #expect(
            HTML.escape(#"<a href="x" onclick='y'>&</a>"#)
                == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        )
        #expect(HTML.escape("plain ✓ text") == "plain ✓ text")
        #expect(
            HTML.path("ui", "pacts", "provider", "A B/C", "consumer", "<x>")
                == "/ui/pacts/provider/A%20B%2FC/consumer/%3Cx%3E"
        )
    }

    @Test(arguments: [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8", true),
        ("text/html", true),
        ("application/hal+json", false),
        ("application/json, text/html;q=0.5", false),
        ("text/html;q=0.9, application/hal+json;q=0.8", true),
        ("text/html;q=0", false),
        ("*/*", false),
        ("", false),
    ])
    func browsersGetTheDashboardAtTheRoot(accept: String, html: Bool) {
        #expect(BrokerUI.prefersHTML(accept) == html)
    }

    @Test func rootWithoutAcceptIsTheAPI() {
        #expect(!BrokerUI.prefersHTML(nil))
    }

    @Test func badgesAreColouredByStatusAndEscaped() {
        let cases: [(VerificationStatus, String, String)] = [
            (.verified, "verified", "#4c1"), (.failed, "failed", "#e05d44"), (.unverified, "unknown", "#9f9f9f"),
            (.notFound, "not found", "#9f9f9f"),
        ]
        for (status, message, color) in cases {
            let badge = Badge(label: "a/b pact", status: status)
            #expect(badge.message == message)
            #expect(badge.color == color)
            #expect(badge.svg.contains("<title>a/b pact: \(message)</title>"))
            #expect(badge.svg.contains("fill=\"\(color)\""))
        }
        let hostile = Badge(label: "<script>", status: .verified).svg
        #expect(!hostile.contains("<script>"))
        #expect(hostile.contains("&lt;script&gt;"))
        // Longer text makes a wider badge.
        #expect(Badge.textWidth("web-app/order-service pact") > Badge.textWidth("a/b pact"))
    }

    @Test func networkLayersConsumersBeforeTheirProviders() {
        let layout = NetworkLayout(pairs: [
            (consumer: "Web", provider: "Orders"), (consumer: "Orders", provider: "Stock"),
            (consumer: "Mobile", provider: "Orders"),
        ])
        let layers = Dictionary(uniqueKeysWithValues: layout.nodes.map { ($0.name, $0.layer) })
        #expect(layers == ["Mobile": 0, "Web": 0, "Orders": 1, "Stock": 2])
        #expect(layout.edges.count == 3)
        #expect(layout.svg.components(separatedBy: "<g class=\"node\"").count - 1 == 4)
        // A cycle does not loop forever and every node is still drawn.
        let cycle = NetworkLayout(pairs: [(consumer: "A", provider: "B"), (consumer: "B", provider: "A")])
        #expect(cycle.nodes.map(\.name) == ["A", "B"])
        #expect(cycle.width > 0 && cycle.height > 0)
    }

    @Test func matchingRulesReadAsSentences() throws {
        #expect(BrokerUI.describe(.integer) == "an integer")
        #expect(BrokerUI.describe(.regex("^\\d+$")) == "matches /^\\d+$/")
        #expect(BrokerUI.describe(.type(min: 1)) == "same type as the example, at least 1 item")
        #expect(BrokerUI.describe(.date(format: "yyyy-MM-dd")) == "a date formatted yyyy-MM-dd")
        #expect(BrokerUI.describe(.eachValue([.integer])) == "every value is an integer")
    }

    @Test func chromiumMissingIsAFailureSayingHowToInstallIt() {
        #expect {
            try Chromium.executable(environment: ["PACTUM_CHROMIUM": "/nowhere/chromium"], standardPaths: [])
        } throws: { error in
            let text = "\(error)"
            return text.contains("apt-get install -y chromium") && text.contains("/nowhere/chromium")
        }
    }
}
