import Foundation

/// A layered drawing of who talks to whom: consumers on the left, the providers they call to their right.
struct NetworkLayout: Sendable {
    struct Node: Sendable, Equatable {
        var name: String
        var layer: Int
        var x: Int
        var y: Int
    }

    static let nodeWidth = 190
    static let nodeHeight = 36
    static let columnGap = 250
    static let rowGap = 58
    static let margin = 30

    var nodes: [Node]
    var edges: [(consumer: Int, provider: Int)]
    var width: Int
    var height: Int

    /// Lays out the pairs: a node's layer is the length of the longest chain of consumers leading to it (cycles are
    /// cut after a bounded number of passes), nodes of a layer are stacked in name order.
    init(pairs: [(consumer: String, provider: String)]) {
        let names = Array(Set(pairs.flatMap { [$0.consumer, $0.provider] })).sorted()
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() { index[name] = position }
        let edges = pairs.compactMap { pair -> (Int, Int)? in
            guard let c = index[pair.consumer], let p = index[pair.provider], c != p else { return nil }
            return (c, p)
        }
        var layer = Array(repeating: 0, count: names.count)
        let passes = min(names.count, 12)
        for _ in 0..<passes {
            var changed = false
            for (c, p) in edges where layer[p] < layer[c] + 1 && layer[c] + 1 <= passes {
                layer[p] = layer[c] + 1
                changed = true
            }
            if !changed { break }
        }
        var rows: [Int: Int] = [:]
        var nodes: [Node] = []
        for (position, name) in names.enumerated() {
            let row = rows[layer[position], default: 0]
            rows[layer[position]] = row + 1
            nodes.append(
                Node(
                    name: name,
                    layer: layer[position],
                    x: Self.margin + layer[position] * Self.columnGap,
                    y: Self.margin + row * Self.rowGap
                )
            )
        }
        let layers = (layer.max() ?? 0) + 1
        self.nodes = nodes
        self.edges = edges.map { (consumer: $0.0, provider: $0.1) }
        self.width = max(400, Self.margin * 2 + (layers - 1) * Self.columnGap + Self.nodeWidth)
        self.height = max(120, Self.margin * 2 + max(0, (rows.values.max() ?? 1) - 1) * Self.rowGap + Self.nodeHeight)
    }

    /// The inline SVG (every name escaped).
    var svg: String {
        var parts: [String] = []
        parts.append(
            """
            <svg class="network" xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" role="img" aria-label="Network of integrations">\
            <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" \
            orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#98a2b3"/></marker></defs>
            """
        )
        for edge in edges {
            let from = nodes[edge.consumer]
            let to = nodes[edge.provider]
            let x1 = from.x + Self.nodeWidth
            let y1 = from.y + Self.nodeHeight / 2
            let x2 = to.x
            let y2 = to.y + Self.nodeHeight / 2
            let bend = max(60, abs(x2 - x1) / 2)
            let title = HTML.escape("\(from.name) → \(to.name)")
            parts.append(
                """
                <path class="edge" d="M\(x1),\(y1) C\(x1 + bend),\(y1) \(x2 - bend),\(y2) \(x2),\(y2)" fill="none" \
                stroke="#98a2b3" stroke-width="1.6" marker-end="url(#arrow)"><title>\(title)</title></path>
                """
            )
        }
        for node in nodes {
            let name = HTML.escape(node.name)
            let shown = HTML.escape(node.name.count > 24 ? String(node.name.prefix(23)) + "…" : node.name)
            let href = HTML.escape("/ui/can-i-deploy?pacticipant=" + HTML.queryValue(node.name))
            parts.append(
                """
                <a href="\(href)"><g class="node" data-name="\(name)"><title>\(name)</title>\
                <rect x="\(node.x)" y="\(node.y)" width="\(Self.nodeWidth)" height="\(Self.nodeHeight)" rx="8" \
                fill="#eef2ff" stroke="#6366f1" stroke-width="1.4"/>\
                <text x="\(node.x + Self.nodeWidth / 2)" y="\(node.y + Self.nodeHeight / 2 + 5)" text-anchor="middle" \
                font-family="-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif" font-size="14" \
                fill="#1e1b4b">\(shown)</text></g></a>
                """
            )
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }
}

extension BrokerUI {
    /// The network diagram of every integration.
    static func network(_ request: BrokerRequest, _ store: BrokerStore) async throws -> Page {
        let integrations = try await store.integrations()
        let layout = NetworkLayout(
            pairs: integrations.map { (consumer: $0.consumerName, provider: $0.providerName) }
        )
        let content =
            integrations.isEmpty
            ? "<div class=\"card empty\">No integrations yet.</div>"
            : layout.svg
        let body = """
            <h1>Network</h1><p class="subtitle">Who talks to whom: an arrow goes from a consumer to a provider it has \
            a contract with (\(integrations.count) integration\(integrations.count == 1 ? "" : "s")).</p>\(content)
            """
        return Page(title: "Network", active: "network", body: body)
    }
}
