import Foundation
import PactumCore
import Yams

/// Reads YAML or JSON text into a `JSONValue`.
enum DocumentLoader {
    static func load(_ text: String, name: String?) throws(ContractDocumentError) -> JSONValue {
        let trimmed = text.drop { $0.isWhitespace }
        if trimmed.first == "{" || trimmed.first == "[" {
            do {
                return try JSONParser.parse(text)
            } catch {
                throw ContractDocumentError(
                    code: .invalidSyntax,
                    message: "invalid JSON: \(error.message)",
                    document: name,
                    location: "line \(error.line), column \(error.column)"
                )
            }
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlError(error, name: name)
        } catch {
            throw ContractDocumentError(code: .invalidSyntax, message: "invalid YAML: \(error)", document: name)
        }
        guard let node else {
            throw ContractDocumentError(code: .invalidSyntax, message: "the document is empty", document: name)
        }
        // Aliases share nodes, so a few lines can stand for an exponential tree ("billion laughs"): the conversion
        // counts the nodes it makes and stops at a bound no real document comes near.
        var budget = maximumNodes
        guard let value = convert(node, depth: 0, budget: &budget) else {
            throw ContractDocumentError(
                code: .invalidSyntax,
                message: "the document expands to more than \(maximumNodes) YAML nodes (through aliases); "
                    + "write the repeated parts as $ref instead of YAML aliases",
                document: name
            )
        }
        return value
    }

    /// The most nodes a YAML document may expand to, aliases followed.
    static let maximumNodes = 1_000_000

    private static func yamlError(_ error: YamlError, name: String?) -> ContractDocumentError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ContractDocumentError(
                code: .invalidSyntax,
                message: "invalid YAML: \(problem)",
                document: name,
                location: "line \(mark.line), column \(mark.column)"
            )
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ContractDocumentError(
                code: .invalidSyntax,
                message: "invalid YAML: duplicate keys \(duplicates.joined(separator: ", ")) in a mapping",
                document: name,
                location: "line \(context.mark.line), column \(context.mark.column)"
            )
        default:
            return ContractDocumentError(code: .invalidSyntax, message: "invalid YAML: \(error)", document: name)
        }
    }

    private static func convert(_ node: Node, depth: Int, budget: inout Int) -> JSONValue? {
        budget -= 1
        guard budget >= 0 else { return nil }
        guard depth < 512 else { return .null }
        switch node {
        case .scalar(let scalar):
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case Tag.Name.int.rawValue: return node.int.map(JSONValue.integer) ?? .string(scalar.string)
            case Tag.Name.float.rawValue: return node.float.map(JSONValue.decimal) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                let name: String
                if let scalar = key.scalar {
                    name = scalar.string
                } else {
                    guard let converted = convert(key, depth: depth + 1, budget: &budget) else { return nil }
                    name = JSONWriter.compact(converted)
                }
                guard let converted = convert(value, depth: depth + 1, budget: &budget) else { return nil }
                object[name] = converted
            }
            return .object(object)
        case .sequence(let sequence):
            var items: [JSONValue] = []
            items.reserveCapacity(sequence.count)
            for item in sequence {
                guard let converted = convert(item, depth: depth + 1, budget: &budget) else { return nil }
                items.append(converted)
            }
            return .array(items)
        case .alias:
            return .null
        }
    }
}
