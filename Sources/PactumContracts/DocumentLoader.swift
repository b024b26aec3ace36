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
        return convert(node, depth: 0)
    }

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

    private static func convert(_ node: Node, depth: Int) -> JSONValue {
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
                let name = key.scalar?.string ?? JSONWriter.compact(convert(key, depth: depth + 1))
                object[name] = convert(value, depth: depth + 1)
            }
            return .object(object)
        case .sequence(let sequence):
            return .array(sequence.map { convert($0, depth: depth + 1) })
        case .alias:
            return .null
        }
    }
}
