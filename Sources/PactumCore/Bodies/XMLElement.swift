/// An XML element with its attributes and children, as read by `XMLDocumentParser` for body matching.
///
/// Comments and processing instructions are not kept; CDATA sections are text. Attributes are kept
/// in order; `xmlns` declarations are ordinary attributes here (see `isNamespaceDeclaration(_:)`).
///
/// On Apple platforms Foundation has a class of the same name; write `PactumCore.XMLElement` there
/// if a file imports both modules.
public struct XMLElement: Sendable, CustomStringConvertible {
    /// A child node: an element or a run of text (character data and CDATA, entities resolved).
    public enum Child: Hashable, Sendable {
        case element(XMLElement)
        case text(String)

        /// The element, when this child is one.
        public var element: XMLElement? {
            if case .element(let element) = self { return element }
            return nil
        }

        /// The text, when this child is text.
        public var text: String? {
            if case .text(let text) = self { return text }
            return nil
        }
    }

    /// The qualified name as written, e.g. `soap:Envelope`.
    public var name: String
    /// The namespace URI the element's prefix (or the default namespace) is bound to, if any.
    public var namespaceURI: String?
    /// The attributes in document order, names qualified as written.
    public var attributes: [(name: String, value: String)]
    /// The child elements and text nodes in document order.
    public var children: [Child]

    public init(
        name: String,
        namespaceURI: String? = nil,
        attributes: [(name: String, value: String)] = [],
        children: [Child] = []
    ) {
        self.name = name
        self.namespaceURI = namespaceURI
        self.attributes = attributes
        self.children = children
    }

    /// The prefix of the qualified name (`soap` in `soap:Envelope`), or nil when there is none.
    public var prefix: String? {
        guard let colon = name.firstIndex(of: ":") else { return nil }
        return String(name[..<colon])
    }

    /// The name without its prefix (`Envelope` in `soap:Envelope`).
    public var localName: String {
        guard let colon = name.firstIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    /// The attributes by qualified name (the first wins if a name repeats).
    public var attributeDictionary: [String: String] {
        var result: [String: String] = [:]
        for attribute in attributes where result[attribute.name] == nil { result[attribute.name] = attribute.value }
        return result
    }

    /// The value of the attribute with the qualified name `name`.
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// The value of the attribute with the qualified name `name`.
    public subscript(attribute name: String) -> String? { attribute(name) }

    /// Whether `attributeName` declares a namespace (`xmlns` or `xmlns:prefix`); Pact matching
    /// usually ignores these.
    public static func isNamespaceDeclaration(_ attributeName: String) -> Bool {
        attributeName == "xmlns" || attributeName.hasPrefix("xmlns:")
    }

    /// The attributes other than namespace declarations.
    public var attributesExcludingNamespaceDeclarations: [(name: String, value: String)] {
        attributes.filter { !Self.isNamespaceDeclaration($0.name) }
    }

    /// The child elements, in order.
    public var childElements: [XMLElement] { children.compactMap(\.element) }

    /// The child elements whose qualified name is `name`.
    public func childElements(named name: String) -> [XMLElement] {
        childElements.filter { $0.name == name }
    }

    /// The first child element whose qualified name is `name`.
    public func firstChild(named name: String) -> XMLElement? {
        for case .element(let element) in children where element.name == name { return element }
        return nil
    }

    /// The text of this element's own text children (not its descendants'), joined and trimmed of
    /// surrounding whitespace; whitespace-only text between elements contributes nothing.
    public var textContent: String {
        var result = ""
        for case .text(let text) in children { result += text }
        return String(HeaderValueSyntax.trimmed(Substring(result)))
    }

    /// The trimmed, non-empty text nodes of this element and all its descendants, in document order.
    public var descendantTexts: [String] {
        var result: [String] = []
        var stack: [ArraySlice<Child>] = [children[...]]
        while var top = stack.popLast() {
            guard let child = top.popFirst() else { continue }
            stack.append(top)
            switch child {
            case .text(let text):
                let trimmed = HeaderValueSyntax.trimmed(Substring(text))
                if !trimmed.isEmpty { result.append(String(trimmed)) }
            case .element(let element):
                stack.append(element.children[...])
            }
        }
        return result
    }

    /// The compact XML text of the element; see `xmlString`.
    public var description: String { xmlString }
}

extension XMLElement: Hashable {
    public static func == (lhs: XMLElement, rhs: XMLElement) -> Bool {
        lhs.name == rhs.name && lhs.namespaceURI == rhs.namespaceURI
            && lhs.attributes.elementsEqual(rhs.attributes) { $0.name == $1.name && $0.value == $1.value }
            && lhs.children == rhs.children
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(namespaceURI)
        hasher.combine(attributes.count)
        for attribute in attributes {
            hasher.combine(attribute.name)
            hasher.combine(attribute.value)
        }
        hasher.combine(children)
    }
}
