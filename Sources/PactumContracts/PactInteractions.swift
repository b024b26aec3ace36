import Foundation
import PactumCore

/// The interactions of a pact as the comparator reads them: HTTP ones with flattened headers and query, messages with
/// their decoded contents.
enum PactInteraction {
    struct HTTP {
        var description: String?
        var providerState: String?
        var method: String
        var path: String
        /// Header values joined with `,`, names lower-cased.
        var requestHeaders: [(name: String, value: String)]
        var query: Query?
        var requestBody: JSONValue?
        var responseStatus: Int
        var responseHeaders: [(name: String, value: String)]
        var responseBody: JSONValue?
        var rawRequestHeaders: JSONValue?
        var rawQuery: JSONValue?
    }

    enum Query {
        case string(String)
        case parameters([(name: String, value: String)])
    }

    struct Message {
        var description: String?
        var providerState: String?
        var references: JSONValue?
        var payload: JSONValue?
        var contentType: String?
        var metadata: [String: JSONValue]?
    }

    struct SyncMessage {
        var description: String?
        var providerState: String?
        var references: JSONValue?
        var request: Message
        var responses: [Message]
    }

    case http(HTTP)
    case async(Message)
    case sync(SyncMessage)
    case skip

    static func parse(_ pact: JSONValue, name: String?) throws(ContractDocumentError) -> [PactInteraction] {
        guard case .object(let root) = pact else {
            throw ContractDocumentError(
                code: .malformedPact,
                message: "a pact is a JSON object with an interactions array",
                document: name
            )
        }
        let metadata = root["metadata"]
        let versionText =
            metadata?["pactSpecification"]?["version"]?.stringValue
            ?? metadata?["pactSpecificationVersion"]?.stringValue
            ?? metadata?["pact-specification"]?["version"]?.stringValue ?? "0"
        let version = Int(versionText.prefix { $0.isNumber }) ?? 0
        let interactions: [JSONValue]
        switch root["interactions"] {
        case .array(let list)?: interactions = list
        case nil: interactions = []
        default:
            throw ContractDocumentError(
                code: .malformedPact,
                message: "interactions must be an array",
                document: name,
                location: "[root].interactions"
            )
        }
        var result: [PactInteraction] = []
        for (index, interaction) in interactions.enumerated() {
            guard case .object(let object) = interaction else { continue }
            let location = "[root].interactions[\(index)]"
            func malformed(_ field: String, _ what: String) -> ContractDocumentError {
                ContractDocumentError(
                    code: .malformedPact,
                    message: "\(field) \(what)",
                    document: name,
                    location: "\(location).\(field)"
                )
            }
            let type = object["type"]
            let kind = type?.stringValue?.lowercased()
            if type == nil || kind == "synchronous/http" {
                guard case .object(let request)? = object["request"] else {
                    throw malformed("request", "must be an object")
                }
                guard case .object(let response)? = object["response"] else {
                    throw malformed("response", "must be an object")
                }
                guard let method = request["method"]?.stringValue else {
                    throw malformed("request.method", "must be a string")
                }
                guard let path = request["path"]?.stringValue else {
                    throw malformed("request.path", "must be a string")
                }
                guard let status = response["status"]?.numberValue else {
                    throw malformed("response.status", "must be a number")
                }
                guard let requestHeaders = headers(request["headers"]) else {
                    throw malformed("request.headers", "must be an object of strings or of arrays of strings")
                }
                guard let responseHeaders = headers(response["headers"]) else {
                    throw malformed("response.headers", "must be an object of strings or of arrays of strings")
                }
                var query: Query?
                switch request["query"] {
                case nil, .null?: query = nil
                case .string(let text)?: query = .string(text)
                case let value?:
                    guard let pairs = headers(value) else {
                        throw malformed(
                            "request.query",
                            "must be a string or an object of strings or arrays of strings"
                        )
                    }
                    query = .parameters(pairs.map { ($0.name, $0.value) })
                }
                let isV4 = version >= 4
                func body(_ value: JSONValue?) -> JSONValue? { isV4 ? v4Body(value) : value }
                result.append(
                    .http(
                        HTTP(
                            description: object["description"]?.stringValue,
                            providerState: object["providerState"]?.stringValue,
                            method: method,
                            path: path,
                            requestHeaders: requestHeaders.map { (lowercased($0.name), trim($0.value)) },
                            query: query,
                            requestBody: body(request["body"]),
                            responseStatus: Int(status),
                            responseHeaders: responseHeaders.map { (lowercased($0.name), trim($0.value)) },
                            responseBody: body(response["body"]),
                            rawRequestHeaders: request["headers"],
                            rawQuery: request["query"]
                        )
                    )
                )
            } else if kind == "asynchronous/messages" {
                result.append(
                    .async(
                        Message(
                            description: object["description"]?.stringValue,
                            providerState: object["providerState"]?.stringValue,
                            references: object["comments"]?["references"]?["AsyncAPI"],
                            payload: v4Body(object["contents"]),
                            contentType: object["contents"]?["contentType"]?.stringValue,
                            metadata: object["metadata"]?.objectValue
                        )
                    )
                )
            } else if kind == "synchronous/messages" {
                guard case .object(let request)? = object["request"] else {
                    throw malformed("request", "must be an object")
                }
                guard case .array(let responses)? = object["response"] else {
                    throw malformed("response", "must be an array")
                }
                func side(_ value: JSONValue) -> Message {
                    Message(
                        payload: v4Body(value["contents"]),
                        contentType: value["contents"]?["contentType"]?.stringValue,
                        metadata: value["metadata"]?.objectValue
                    )
                }
                result.append(
                    .sync(
                        SyncMessage(
                            description: object["description"]?.stringValue,
                            providerState: object["providerState"]?.stringValue,
                            references: object["comments"]?["references"]?["AsyncAPI"],
                            request: side(.object(request)),
                            responses: responses.map(side)
                        )
                    )
                )
            } else {
                result.append(.skip)
            }
        }
        return result
    }

    /// A header name in lower case, without making a new string when it is lower-case ASCII already.
    private static func lowercased(_ name: String) -> String {
        if name.utf8.allSatisfy({ $0 < 0x80 && !(0x41...0x5A).contains($0) }) { return name }
        return name.lowercased()
    }

    private static func trim(_ text: String) -> String {
        // Nothing to trim unless the first or last character is a space or a tab (the common case, without Foundation).
        guard let first = text.utf8.first, let last = text.utf8.last,
            first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") || last == UInt8(ascii: " ")
                || last == UInt8(ascii: "\t")
        else { return text }
        return text.trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
    }

    /// Header or query values as `name: value` pairs, arrays joined with `,`; nil when the shape is wrong.
    private static func headers(_ value: JSONValue?) -> [(name: String, value: String)]? {
        func clean(_ text: String) -> String {
            guard text.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else { return text }
            return text.filter { $0 != "\r" && $0 != "\n" && $0 != "\0" }
        }
        switch value {
        case nil, .null?: return []
        case .object(let object)?:
            var pairs: [(name: String, value: String)] = []
            for name in object.keys.sorted() {
                switch object[name]! {
                case .string(let text): pairs.append((name, clean(text)))
                case .array(let items):
                    let strings = items.compactMap(\.stringValue)
                    guard strings.count == items.count else { return nil }
                    pairs.append((name, strings.map(clean).joined(separator: ",")))
                default: return nil
                }
            }
            return pairs
        default: return nil
        }
    }

    /// A V4 body (`{content, contentType, encoded}`) as the value the comparator validates.
    static func v4Body(_ body: JSONValue?) -> JSONValue? {
        guard let body, body.isTruthy else { return nil }
        let content = body["content"] ?? .string("")
        let encoded = body["encoded"]
        guard let encoded, encoded.isTruthy else { return content }
        let encoding = encoded.stringValue?.uppercased() ?? ""
        guard case .string(let text) = content else { return content }
        if encoding == "JSON" {
            return (try? JSONParser.parse(text)) ?? content
        }
        if encoding == "BASE64", let data = Data(base64Encoded: text), let decoded = String(data: data, encoding: .utf8)
        {
            return .string(decoded)
        }
        return content
    }
}

/// Query strings parsed the way the comparator's `qs` does: `a[b]=1` and `a.b=1` nest, `a=1,2` is a list, repeated
/// names collect.
enum QueryString {
    /// The way Node's `querystring` parses (the comparator's `x-opc-config-legacy-parser`): names are flat (`a.b` and
    /// `a[b]` are names), commas stay in the value, a repeated name gives the list of its values.
    static func parseFlat(_ query: String) -> [(name: String, value: JSONValue)] {
        var result: [(name: String, value: JSONValue)] = []
        for part in query.split(separator: "&") where !part.isEmpty {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decodeComponent(pieces[0])
            let value = JSONValue.string(pieces.count > 1 ? decodeComponent(pieces[1]) : "")
            if let index = result.firstIndex(where: { $0.name == name }) {
                if case .array(let values) = result[index].value {
                    result[index].value = .array(values + [value])
                } else {
                    result[index].value = .array([result[index].value, value])
                }
            } else {
                result.append((name, value))
            }
        }
        return result
    }

    /// `+` as a space, then percent-decoding (the text as it is when it does not decode).
    static func decodeComponent(_ text: Substring) -> String {
        var decoded = String(text)
        if decoded.utf8.contains(UInt8(ascii: "+")) { decoded = decoded.replacingOccurrences(of: "+", with: " ") }
        if decoded.utf8.contains(UInt8(ascii: "%")) { return decoded.removingPercentEncoding ?? decoded }
        return decoded
    }

    /// A query string or form body's fields as the comparator reads them: nested (`a.b`, `a[b]`, `a=1,2`), or flat
    /// with `x-opc-config-legacy-parser`.
    static func fields(_ text: String, legacyParser: Bool) -> [(name: String, value: JSONValue)] {
        legacyParser ? parseFlat(text) : parse(text, allowDots: true, comma: true)
    }

    static func parse(_ query: String, allowDots: Bool, comma: Bool) -> [(name: String, value: JSONValue)] {
        var result: [(name: String, value: JSONValue)] = []
        for part in query.split(separator: "&") where !part.isEmpty {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawKey = decodeComponent(pieces[0])
            guard !rawKey.isEmpty else { continue }
            let rawValue = pieces.count > 1 ? decodeComponent(pieces[1]) : ""
            var value: JSONValue = .string(rawValue)
            if comma, pieces.count > 1, rawValue.utf8.contains(UInt8(ascii: ",")), rawValue.contains(",") {
                value = .array(
                    rawValue.split(separator: ",", omittingEmptySubsequences: false).map { .string(String($0)) }
                )
            }
            var keys = keyPath(rawKey, allowDots: allowDots)
            let top = keys.removeFirst()
            var nested = value
            var appendToArray = false
            if keys.last == "" {
                keys.removeLast()
                appendToArray = true
                if case .array = nested {} else { nested = .array([nested]) }
            }
            for key in keys.reversed() { nested = .object([key: nested]) }
            if let index = result.firstIndex(where: { $0.name == top }) {
                result[index].value = combine(result[index].value, nested)
            } else {
                result.append((top, appendToArray && keys.isEmpty ? nested : nested))
            }
        }
        return result
    }

    /// qs's key parsing: `a[b][c]` (and, with dots allowed, `a.b`) as `a`, `b`, `c`; text after the brackets is
    /// ignored, at most five levels.
    private static func keyPath(_ key: String, allowDots: Bool) -> [String] {
        // A plain name (no brackets, no dots to read) is its own path.
        if !key.utf8.contains(where: { $0 == UInt8(ascii: "[") || (allowDots && $0 == UInt8(ascii: ".")) }) {
            return [key]
        }
        var text = Array(key)
        if allowDots {
            // `.x` (up to the next `.` or `[`) becomes `[x]`
            var converted: [Character] = []
            var index = 0
            while index < text.count {
                if text[index] == ".", index + 1 < text.count, text[index + 1] != ".", text[index + 1] != "[" {
                    var end = index + 1
                    while end < text.count, text[end] != ".", text[end] != "[" { end += 1 }
                    converted.append("[")
                    converted += text[(index + 1)..<end]
                    converted.append("]")
                    index = end
                } else {
                    converted.append(text[index])
                    index += 1
                }
            }
            text = converted
        }
        var groups: [(start: Int, inner: String)] = []
        var index = 0
        while index < text.count {
            if text[index] == "[" {
                var end = index + 1
                while end < text.count, text[end] != "[", text[end] != "]" { end += 1 }
                if end < text.count, text[end] == "]" {
                    groups.append((index, String(text[(index + 1)..<end])))
                    index = end + 1
                    continue
                }
            }
            index += 1
        }
        guard let first = groups.first else { return [String(text)] }
        let parent = String(text[0..<first.start])
        var keys = parent.isEmpty ? [] : [parent]
        keys += groups.prefix(5).map(\.inner)
        return keys.isEmpty ? [String(text)] : keys
    }

    private static func combine(_ existing: JSONValue, _ new: JSONValue) -> JSONValue {
        switch (existing, new) {
        case (.object(var a), .object(let b)):
            for (key, value) in b { a[key] = a[key].map { combine($0, value) } ?? value }
            return .object(a)
        case (.array(let a), .array(let b)): return .array(a + b)
        case (.array(let a), _): return .array(a + [new])
        case (_, .array(let b)): return .array([existing] + b)
        default: return .array([existing, new])
        }
    }
}
