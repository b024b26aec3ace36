import Foundation
import PactumCore

/// The fixture files of the compatibility suite (`fixtures/` next to `features/`), and the cell syntax the
/// feature tables use for bodies (`JSON: …`, `XML: …`, `file: …`, `EMPTY`, plain text), matching rules and
/// generators (`JSON: …` or a fixture file name).
struct Fixtures: Sendable {
    let root: URL

    /// The bytes of a fixture file.
    func bytes(_ name: String) throws(StepFailure) -> [UInt8] {
        let url = root.appendingPathComponent(name)
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw StepFailure("could not read the fixture '\(name)' (\(url.path)): \(error.localizedDescription)")
        }
    }

    /// A JSON fixture file, parsed.
    func json(_ name: String) throws(StepFailure) -> JSONValue {
        let data = try bytes(name)
        do {
            return try JSONParser.parse(bytes: data)
        } catch {
            throw StepFailure("the fixture '\(name)' is not valid JSON: \(error)")
        }
    }

    /// A JSON value from a table cell: `JSON: …`, or JSON text, or a fixture file name.
    func jsonCell(_ cell: String) throws(StepFailure) -> JSONValue {
        let text = cell.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("JSON:") { return try Self.parseJSON(String(text.dropFirst(5))) }
        if text.hasPrefix("{") || text.hasPrefix("[") { return try Self.parseJSON(text) }
        return try json(text)
    }

    static func parseJSON(_ text: String) throws(StepFailure) -> JSONValue {
        do {
            return try JSONParser.parse(text.trimmingCharacters(in: .whitespaces))
        } catch {
            throw StepFailure("'\(text)' is not valid JSON: \(error)")
        }
    }

    /// A body from a table cell, and the content type to send it with.
    ///
    /// - Parameters:
    ///   - contentType: the content type given in the table, if any.
    ///   - currentContentType: the content type the part already has (used for plain text cells).
    func body(
        _ cell: String,
        contentType: String? = nil,
        currentContentType: String? = nil
    ) throws(StepFailure)
        -> Body
    {
        if cell.hasPrefix("JSON:") {
            let text = String(cell.dropFirst(5)).trimmingCharacters(in: .whitespaces)
            let type = contentType ?? "application/json"
            if let value = try? JSONParser.parse(text) { return Body(.json(value), contentType: type) }
            return Body(.text(text), contentType: type)
        }
        if cell.hasPrefix("XML:") {
            let text = String(cell.dropFirst(4)).trimmingCharacters(in: .whitespaces)
            return Body(.text(text), contentType: contentType ?? "application/xml")
        }
        if cell.hasPrefix("file:") {
            let name = String(cell.dropFirst(5)).trimmingCharacters(in: .whitespaces)
            if name.hasSuffix("-body.xml") { return try bodyFixture(name) }
            let type = contentType ?? Self.contentType(forFile: name) ?? currentContentType ?? "text/plain"
            return Body.fromWire(try bytes(name), contentType: type)
        }
        let text = cell == "EMPTY" ? "" : cell
        let type = contentType ?? currentContentType ?? "text/plain"
        return text.isEmpty ? Body(.empty, contentType: type) : Body.fromWire(Array(text.utf8), contentType: type)
    }

    /// The content type the suite gives a fixture file from its extension.
    static func contentType(forFile name: String) -> String? {
        if name.hasSuffix(".json") { return "application/json" }
        if name.hasSuffix(".xml") { return "application/xml" }
        if name.hasSuffix(".jpg") { return "image/jpeg" }
        if name.hasSuffix(".pdf") { return "application/pdf" }
        return nil
    }

    /// A `*-body.xml` fixture: `<body><contentType>…</contentType><contents eol="CRLF">…</contents></body>`.
    func bodyFixture(_ name: String) throws(StepFailure) -> Body {
        let root: XMLElement
        do {
            root = try XMLDocumentParser.parse(bytes: try bytes(name))
        } catch {
            throw StepFailure("the body fixture '\(name)' is not valid XML: \(error)")
        }
        let contentType =
            root.firstChild(named: "contentType")?.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
            ?? "text/plain"
        guard let contents = root.firstChild(named: "contents") else {
            throw StepFailure("the body fixture '\(name)' has no <contents> element")
        }
        var text = contents.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
        if contents.attribute("encoding") == "base64" {
            guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
                throw StepFailure("the contents of the body fixture '\(name)' are not valid base64")
            }
            return Body.fromWire(Array(data), contentType: contentType)
        }
        if contents.attribute("eol") == "CRLF" {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        }
        return Body.fromWire(Array(text.utf8), contentType: contentType)
    }

    /// The specification version a matcher fragment is written for (`…-v2.json` are V2 path-keyed rules).
    static func specification(ofFragment name: String) -> PactSpecification {
        name.contains("-v2") ? .v2 : .v4
    }

    /// Matching rules from a table cell (a fragment file or `JSON: …`), read as a pact file would be.
    func matchingRules(_ cell: String) throws(StepFailure) -> MatchingRules {
        let json = try jsonCell(cell)
        let version = Self.specification(ofFragment: cell)
        do {
            return try HTTPRequest(json: ["method": "GET", "path": "/", "matchingRules": json], specification: version)
                .matchingRules
        } catch {
            throw StepFailure("the matching rules '\(cell)' could not be read: \(error)")
        }
    }

    /// Generators from a table cell (a fixture file or `JSON: …`), read as a pact file would be.
    func generators(_ cell: String) throws(StepFailure) -> Generators {
        let json = try jsonCell(cell)
        do {
            return try HTTPResponse(json: ["status": 200, "generators": json], specification: .v4).generators
        } catch {
            throw StepFailure("the generators '\(cell)' could not be read: \(error)")
        }
    }

    /// Headers from a table cell: `'X-A: 1', 'X-B: 2'`.
    static func headers(_ cell: String) -> [String: [String]] {
        var headers: [String: [String]] = [:]
        for (name, value) in headerList(cell) { headers[name, default: []].append(value) }
        return headers
    }

    /// Header lines from a table cell, in order, repeated names kept.
    static func headerList(_ cell: String) -> [(String, String)] {
        cell.split(separator: ",").compactMap { item in
            var text = item.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("'") { text.removeFirst() }
            if text.hasSuffix("'") { text.removeLast() }
            guard let colon = text.firstIndex(of: ":") else { return nil }
            return (
                String(text[..<colon]).trimmingCharacters(in: .whitespaces),
                String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            )
        }
    }
}

extension [String: [String]] {
    /// Sets a header, replacing any header of the same name in another case.
    mutating func setHeader(_ name: String, _ values: [String]) {
        for key in keys where key.lowercased() == name.lowercased() { self[key] = nil }
        self[name] = values
    }
}

extension JSONValue {
    /// The value at a simple JSON path (`$.a.b[0]`, `$['a']`), or nil.
    func value(atPath path: String) -> JSONValue? {
        var current: JSONValue? = self
        var rest = Substring(path)
        guard rest.hasPrefix("$") else { return nil }
        rest = rest.dropFirst()
        while !rest.isEmpty {
            if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                let name = rest.prefix { $0 != "." && $0 != "[" }
                rest = rest.dropFirst(name.count)
                current = current?[String(name)]
            } else if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { return nil }
                var inner = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
                if inner.hasPrefix("'"), inner.hasSuffix("'"), inner.count >= 2 {
                    inner = inner.dropFirst().dropLast()
                    current = current?[String(inner)]
                } else if let position = Int(inner), let array = current?.arrayValue, array.indices.contains(position) {
                    current = array[position]
                } else {
                    current = current?[String(inner)]
                }
            } else {
                return nil
            }
        }
        return current
    }
}
