import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an XML document into an `XMLElement` tree using Foundation's `XMLParser`.
///
/// Safe for untrusted bodies: a `<!DOCTYPE ...>` is rejected before parsing, so no entities can be
/// declared (no XXE, no entity expansion bombs) and nothing external is ever loaded; nesting deeper
/// than `maximumDepth` is rejected. Namespace prefixes are resolved to URIs (`xmlns` declarations
/// stay as attributes); an undeclared prefix is an error.
public enum XMLDocumentParser: Sendable {
    /// The deepest element nesting accepted by default.
    public static let defaultMaximumDepth = 256

    /// Parses `text` into its root element.
    ///
    /// - Parameters:
    ///   - text: the XML document.
    ///   - maximumDepth: the deepest nesting accepted; deeper documents are refused with an error.
    ///   - preserveWhitespace: keep whitespace-only text nodes; by default they are dropped, since
    ///     indentation between elements does not matter for matching.
    /// - Throws: `XMLParseError` with the line and column of the first problem.
    public static func parse(
        _ text: String,
        maximumDepth: Int = defaultMaximumDepth,
        preserveWhitespace: Bool = false
    ) throws(XMLParseError) -> XMLElement {
        let bytes = Array(declaringUTF8(text).utf8)
        return try parse(bytes: bytes, maximumDepth: maximumDepth, preserveWhitespace: preserveWhitespace)
    }

    /// Parses raw body bytes (UTF-8 unless a byte-order mark or the XML declaration says otherwise).
    public static func parse(
        bytes: [UInt8],
        maximumDepth: Int = defaultMaximumDepth,
        preserveWhitespace: Bool = false
    ) throws(XMLParseError) -> XMLElement {
        let start = try checkProlog(bytes)
        guard start < bytes.count else {
            let (line, column) = position(of: bytes.count, in: bytes)
            throw XMLParseError(
                message: "the document is empty; expected a root element such as <root/>",
                line: line,
                column: column
            )
        }
        let builder = TreeBuilder(
            source: bytes,
            maximumDepth: maximumDepth,
            preserveWhitespace: preserveWhitespace
        )
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        _ = parser.parse()
        if let error = builder.error { throw error }
        if let error = parser.parserError as NSError? {
            throw XMLParseError(
                message: XMLParseError.message(forParserCode: error.code),
                line: parser.lineNumber,
                column: parser.columnNumber,
                code: error.code
            )
        }
        guard let root = builder.root, builder.stack.isEmpty else {
            let (line, column) = position(of: bytes.count, in: bytes)
            let open =
                builder.stack.last.map { "element <\($0.name)> is not closed" }
                ?? "the root element is not complete"
            throw XMLParseError(message: "unexpected end of the document: \(open)", line: line, column: column)
        }
        return root
    }

    // MARK: - Before parsing

    /// For text input, which is already Unicode, a declared encoding other than UTF-8 would make the
    /// parser misread it; the declaration is rewritten to say UTF-8.
    static func declaringUTF8(_ text: String) -> String {
        guard text.hasPrefix("<?xml"), let end = text.firstRange(of: "?>") else { return text }
        let declaration = text[..<end.lowerBound]
        guard let keyword = declaration.firstRange(of: "encoding") else { return text }
        let afterKeyword = declaration[keyword.upperBound...]
        guard let quote = afterKeyword.firstIndex(where: { $0 == "\"" || $0 == "'" }),
            let close = afterKeyword[afterKeyword.index(after: quote)...].firstIndex(of: afterKeyword[quote])
        else { return text }
        let name = afterKeyword[afterKeyword.index(after: quote)..<close].lowercased()
        if name == "utf-8" || name == "utf8" || name == "us-ascii" { return text }
        return String(text[..<afterKeyword.index(after: quote)]) + "UTF-8" + String(text[close...])
    }

    /// Skips the BOM, XML declaration, comments and processing instructions before the root element,
    /// rejecting a DOCTYPE. Returns the offset of the first other byte (or the end).
    static func checkProlog(_ bytes: [UInt8]) throws(XMLParseError) -> Int {
        var index = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            } else if matches(bytes, "<!--", at: index) {
                guard let end = find(bytes, "-->", from: index + 4) else { return index }
                index = end + 3
            } else if matches(bytes, "<?", at: index) {
                guard let end = find(bytes, "?>", from: index + 2) else { return index }
                index = end + 2
            } else if matchesCaseInsensitive(bytes, "<!doctype", at: index) {
                let (line, column) = position(of: index, in: bytes)
                throw XMLParseError(
                    message: "DOCTYPE declarations are not allowed (they can declare entities that expand "
                        + "or load external files); remove the <!DOCTYPE ...> line",
                    line: line,
                    column: column
                )
            } else {
                return index
            }
        }
        return index
    }

    private static func matches(_ bytes: [UInt8], _ text: StaticString, at offset: Int) -> Bool {
        text.withUTF8Buffer { pattern in
            guard offset + pattern.count <= bytes.count else { return false }
            for index in 0..<pattern.count where bytes[offset + index] != pattern[index] { return false }
            return true
        }
    }

    private static func matchesCaseInsensitive(_ bytes: [UInt8], _ text: StaticString, at offset: Int) -> Bool {
        text.withUTF8Buffer { pattern in
            guard offset + pattern.count <= bytes.count else { return false }
            for index in 0..<pattern.count {
                let byte = bytes[offset + index]
                let lowered = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                if lowered != pattern[index] { return false }
            }
            return true
        }
    }

    private static func find(_ bytes: [UInt8], _ text: StaticString, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if matches(bytes, text, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// 1-based line and column (in characters) of a byte offset.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<end where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
        return (line, column)
    }
}

// MARK: - Tree building

/// Collects `XMLParser` events into `XMLElement`s. Used by one parse on one thread only.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    struct OpenElement {
        var name: String
        var namespaceURI: String?
        var attributes: [(name: String, value: String)]
        var children: [XMLElement.Child]
        var namespaces: [String: String]
    }

    static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    let maximumDepth: Int
    let preserveWhitespace: Bool
    let scanner: StartTagScanner
    var stack: [OpenElement] = []
    var root: XMLElement?
    var pendingText = ""
    var error: XMLParseError?

    init(source: [UInt8], maximumDepth: Int, preserveWhitespace: Bool) {
        self.scanner = StartTagScanner(bytes: source)
        self.maximumDepth = maximumDepth
        self.preserveWhitespace = preserveWhitespace
    }

    private func fail(_ parser: XMLParser, _ message: String) {
        guard error == nil else { return }
        error = XMLParseError(message: message, line: parser.lineNumber, column: parser.columnNumber)
        parser.abortParsing()
    }

    private func flushText() {
        guard !pendingText.isEmpty else { return }
        defer { pendingText = "" }
        guard !stack.isEmpty else { return }
        let isBlank = pendingText.unicodeScalars.allSatisfy(HeaderValueSyntax.isWhitespace)
        if isBlank && !preserveWhitespace { return }
        stack[stack.count - 1].children.append(.text(pendingText))
    }

    func parser(
        _ parser: XMLParser,
        didStartElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        guard error == nil else { return }
        flushText()
        if root != nil {
            fail(parser, "extra content at the end of the document (only one root element is allowed)")
            return
        }
        if stack.count >= maximumDepth {
            fail(parser, "elements are nested more than \(maximumDepth) deep")
            return
        }
        let name = qName ?? elementName
        let attributes = orderedAttributes(attributeDict, elementName: name)
        var namespaces = stack.last?.namespaces ?? ["xml": Self.xmlNamespace]
        for attribute in attributes {
            if attribute.name == "xmlns" {
                namespaces[""] = attribute.value.isEmpty ? nil : attribute.value
            } else if attribute.name.hasPrefix("xmlns:") {
                namespaces[String(attribute.name.dropFirst(6))] = attribute.value
            }
        }
        let prefix = name.firstIndex(of: ":").map { String(name[..<$0]) } ?? ""
        stack.append(
            OpenElement(
                name: name,
                namespaceURI: namespaces[prefix],
                attributes: attributes,
                children: [],
                namespaces: namespaces
            )
        )
    }

    /// The attributes in source order when the start tag can be read back, else sorted by name.
    private func orderedAttributes(
        _ dictionary: [String: String],
        elementName: String
    )
        -> [(name: String, value: String)]
    {
        let names = scanner.nextStartTag(named: elementName)
        if let names, names.count == dictionary.count, Set(names) == Set(dictionary.keys) {
            return names.map { (name: $0, value: dictionary[$0] ?? "") }
        }
        return dictionary.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
    }

    func parser(
        _ parser: XMLParser,
        didEndElement elementName: String,
        namespaceURI: String?,
        qualifiedName qName: String?
    ) {
        guard error == nil else { return }
        flushText()
        guard let open = stack.popLast() else { return }
        let element = XMLElement(
            name: open.name,
            namespaceURI: open.namespaceURI,
            attributes: open.attributes,
            children: open.children
        )
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(.element(element))
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if error == nil { pendingText += string }
    }

    func parser(_ parser: XMLParser, foundIgnorableWhitespace whitespaceString: String) {
        if error == nil { pendingText += whitespaceString }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if error == nil { pendingText += String(decoding: CDATABlock, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard error == nil else { return }
        let code = (parseError as NSError).code
        var message = XMLParseError.message(forParserCode: code)
        if code == 5 || code == 77 || code == 85, let open = stack.last {
            message = "unexpected end of the document: element <\(open.name)> is not closed"
        }
        error = XMLParseError(
            message: message,
            line: parser.lineNumber,
            column: parser.columnNumber,
            code: code
        )
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, validationErrorOccurred validationError: any Error) {
        self.parser(parser, parseErrorOccurred: validationError)
    }

    // Defence in depth: the prolog check already rejects DOCTYPE, so these should never be called.

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        fail(parser, "entity declarations are not allowed (entity '\(name)')")
    }

    func parser(
        _ parser: XMLParser,
        foundExternalEntityDeclarationWithName name: String,
        publicID: String?,
        systemID: String?
    ) {
        fail(parser, "external entities are not allowed (entity '\(name)')")
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        fail(
            parser,
            "entity '\(name)' is not declared; only &amp; &lt; &gt; &quot; &apos; and character "
                + "references are allowed"
        )
        return nil
    }
}

/// Reads start tags from the source in order to recover attribute order, which `XMLParser`'s
/// attribute dictionary loses. The parser has already checked the syntax; whenever the scanner
/// disagrees with it (an unexpected encoding, say) the caller falls back to sorted attributes.
private final class StartTagScanner {
    let bytes: [UInt8]
    var cursor = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The attribute names of the next start tag, if it is named `name`.
    func nextStartTag(named name: String) -> [String]? {
        guard let (tagName, attributeNames) = scanNextStartTag() else { return nil }
        return tagName == name ? attributeNames : nil
    }

    private func skip(past terminator: [UInt8]) {
        while cursor < bytes.count {
            if bytes[cursor] == terminator[0], bytes[cursor...].starts(with: terminator) {
                cursor += terminator.count
                return
            }
            cursor += 1
        }
    }

    private func isNameEnd(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x2F || byte == 0x3E
            || byte == 0x3D
    }

    private func skipWhitespace() {
        while cursor < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[cursor]) { cursor += 1 }
    }

    private func readName() -> String {
        let start = cursor
        while cursor < bytes.count, !isNameEnd(bytes[cursor]) { cursor += 1 }
        return String(decoding: bytes[start..<cursor], as: UTF8.self)
    }

    private func scanNextStartTag() -> (String, [String])? {
        while cursor < bytes.count {
            guard bytes[cursor] == 0x3C else {
                cursor += 1
                continue
            }
            let rest = bytes[cursor...]
            if rest.starts(with: Array("<!--".utf8)) {
                skip(past: Array("-->".utf8))
            } else if rest.starts(with: Array("<![CDATA[".utf8)) {
                skip(past: Array("]]>".utf8))
            } else if rest.starts(with: Array("<?".utf8)) {
                skip(past: Array("?>".utf8))
            } else if rest.starts(with: Array("</".utf8)) || rest.starts(with: Array("<!".utf8)) {
                skip(past: [0x3E])
            } else {
                cursor += 1
                return readTagAfterLessThan()
            }
        }
        return nil
    }

    private func readTagAfterLessThan() -> (String, [String])? {
        let tagName = readName()
        var names: [String] = []
        while true {
            skipWhitespace()
            guard cursor < bytes.count else { return nil }
            if bytes[cursor] == 0x3E || bytes[cursor] == 0x2F {
                skip(past: [0x3E])
                return (tagName, names)
            }
            let attributeName = readName()
            guard !attributeName.isEmpty else { return nil }
            skipWhitespace()
            guard cursor < bytes.count, bytes[cursor] == 0x3D else { return nil }
            cursor += 1
            skipWhitespace()
            guard cursor < bytes.count, bytes[cursor] == 0x22 || bytes[cursor] == 0x27 else { return nil }
            let quote = bytes[cursor]
            cursor += 1
            while cursor < bytes.count, bytes[cursor] != quote { cursor += 1 }
            cursor += 1
            names.append(attributeName)
        }
    }
}
