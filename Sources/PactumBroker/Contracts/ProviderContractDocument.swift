import Foundation
import PactumCore
import Yams

/// A published provider contract's document, read for the broker's own needs: whether it is safe to compare (a YAML
/// document whose aliases expand it past a bound is refused: "billion laughs"), and its operations for the web UI.
/// Nothing in it is executed or fetched: a remote `$ref` stays a string.
enum ProviderContractDocument {
    /// The most nodes a document may have once its YAML aliases are expanded.
    static let maximumNodes = 1_000_000

    /// Why the document cannot be accepted, or nil. Syntax errors are left to the comparator (which names the line).
    static func refusal(_ text: String) -> String? {
        guard let node = yaml(text) else { return nil }
        var budget = maximumNodes
        guard fits(node, budget: &budget, depth: 0) else {
            return "expands to more than \(maximumNodes) YAML nodes (through aliases) or nests deeper than 256 levels"
        }
        return nil
    }

    private static func yaml(_ text: String) -> Node? {
        let trimmed = text.drop { $0.isWhitespace }
        guard trimmed.first != "{", trimmed.first != "[" else { return nil }
        return (try? Yams.compose(yaml: text)) ?? nil
    }

    private static func fits(_ node: Node, budget: inout Int, depth: Int) -> Bool {
        budget -= 1
        guard budget >= 0, depth < 256 else { return false }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard fits(key, budget: &budget, depth: depth + 1), fits(value, budget: &budget, depth: depth + 1)
                else { return false }
            }
        case .sequence(let sequence):
            for item in sequence where !fits(item, budget: &budget, depth: depth + 1) { return false }
        case .scalar, .alias:
            break
        }
        return true
    }

    /// An operation of an OpenAPI document.
    struct Operation: Sendable, Hashable {
        var method: String
        var path: String
        var summary: String?
        var responses: [String]
    }

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The document's operations (path order as written), for display.
    static func operations(_ text: String) -> [Operation] {
        var result: [Operation] = []
        if let node = yaml(text) {
            guard let paths = node["paths"]?.mapping else { return [] }
            for (key, item) in paths {
                guard let path = key.string, let item = item.mapping else { continue }
                for method in methods {
                    guard let operation = item[method]?.mapping else { continue }
                    result.append(
                        Operation(
                            method: method.uppercased(),
                            path: path,
                            summary: operation["summary"]?.string,
                            responses: operation["responses"]?.mapping?.keys.compactMap(\.string) ?? []
                        )
                    )
                }
            }
            return result
        }
        guard let json = try? JSONParser.parse(text), case .object(let paths)? = json["paths"] else { return [] }
        for (path, item) in paths.sorted(by: { $0.key < $1.key }) {
            for method in methods {
                guard case .object(let operation)? = item[method] else { continue }
                result.append(
                    Operation(
                        method: method.uppercased(),
                        path: path,
                        summary: operation["summary"]?.stringValue,
                        responses: operation["responses"]?.objectValue?.keys.sorted() ?? []
                    )
                )
            }
        }
        return result
    }
}
