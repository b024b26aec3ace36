import Foundation

/// A media type as written in a `Content-Type` header or one item of an `Accept` header:
/// `type/subtype; name=value; charset="UTF-8"` (RFC 9110 §8.3.1).
///
/// Type, subtype and parameter names are case-insensitive and stored lower-cased. Parameter
/// values keep their case, except that `charset` compares case-insensitively. Quoted values are
/// unquoted. Two media types are equal (`==`) when they are equivalent (see `isEquivalent(to:)`).
public struct MediaType: Sendable, CustomStringConvertible {
    /// One `name=value` parameter, name lower-cased, value unquoted.
    public struct Parameter: Hashable, Sendable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name.lowercased()
            self.value = value
        }
    }

    /// The top-level type, lower-cased (`application` in `application/json`); may be `*`.
    public let type: String
    /// The subtype, lower-cased (`json` in `application/json`); may be `*`.
    public let subtype: String
    /// The parameters in the order written. A repeated name keeps only its first occurrence.
    public let parameterList: [Parameter]

    /// Parses a media type. Returns nil when `string` is not `token/token` followed by optional
    /// parameters. Whitespace, including the CR LF of a folded header line, is allowed around
    /// separators; parameters without `=` are ignored.
    public init?(_ string: String) {
        // Content types repeat endlessly in traffic; parsing is cached.
        if let cached = MediaTypeCache.shared.lookup(string) {
            guard let mediaType = cached else { return nil }
            self = mediaType
            return
        }
        let parsed = MediaType(parsing: Substring(string))
        MediaTypeCache.shared.store(parsed, for: string)
        guard let parsed else { return nil }
        self = parsed
    }

    init?(parsing text: Substring) {
        let (main, rawParameters) = HeaderValueSyntax.parseParameterized(text)
        guard let slash = main.firstIndex(of: "/") else { return nil }
        let type = HeaderValueSyntax.trimmed(main[..<slash])
        let subtype = HeaderValueSyntax.trimmed(main[main.index(after: slash)...])
        guard HeaderValueSyntax.isToken(type), HeaderValueSyntax.isToken(subtype) else { return nil }
        self.init(
            type: String(type),
            subtype: String(subtype),
            parameters: rawParameters.map { Parameter(name: $0.name, value: $0.value) }
        )
    }

    /// Creates a media type from its parts. Names are lower-cased; a repeated parameter name keeps
    /// its first value.
    public init(type: String, subtype: String, parameters: [Parameter] = []) {
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
        var seen = Set<String>()
        self.parameterList = parameters.filter { seen.insert($0.name).inserted }
    }

    /// Creates a media type from its parts with parameters given as a dictionary (written sorted by name).
    public init(type: String, subtype: String, parameters: [String: String]) {
        self.init(
            type: type,
            subtype: subtype,
            parameters: parameters.sorted { $0.key < $1.key }.map { Parameter(name: $0.key, value: $0.value) }
        )
    }

    /// The parameters by lower-cased name.
    public var parameters: [String: String] {
        var result: [String: String] = [:]
        for parameter in parameterList { result[parameter.name] = parameter.value }
        return result
    }

    /// The value of the parameter `name` (case-insensitive), if present.
    public func parameter(_ name: String) -> String? {
        let key = name.lowercased()
        return parameterList.first { $0.name == key }?.value
    }

    /// `type/subtype` without parameters, lower-cased, e.g. `application/json`.
    public var essence: String { "\(type)/\(subtype)" }

    /// The `charset` parameter as written, if present.
    public var charset: String? { parameter("charset") }

    /// The `boundary` parameter (multipart types), if present.
    public var boundary: String? { parameter("boundary") }

    /// The media type written back: `type/subtype; name=value`, quoting values that are not tokens.
    public var description: String {
        var result = essence
        for parameter in parameterList {
            result += "; \(parameter.name)=\(HeaderValueSyntax.quotedIfNeeded(parameter.value))"
        }
        return result
    }

    /// The media type without parameters.
    public var withoutParameters: MediaType { MediaType(type: type, subtype: subtype) }

    /// The subtype's structured-syntax suffix, e.g. `json` for `application/hal+json`.
    public var suffix: String? {
        guard let plus = subtype.lastIndex(of: "+") else { return nil }
        let suffix = subtype[subtype.index(after: plus)...]
        return suffix.isEmpty ? nil : String(suffix)
    }

    /// Parameter values as compared: `charset` lower-cased, everything else as written.
    var normalizedParameters: [String: String] {
        var result: [String: String] = [:]
        for parameter in parameterList {
            result[parameter.name] = Self.normalizedValue(parameter.value, forParameter: parameter.name)
        }
        return result
    }

    static func normalizedValue(_ value: String, forParameter name: String) -> String {
        name == "charset" ? value.lowercased() : value
    }

    /// Whether both have the same essence and the same parameters regardless of order, with
    /// `charset` values compared case-insensitively and other values exactly.
    public func isEquivalent(to other: MediaType) -> Bool {
        type == other.type && subtype == other.subtype && normalizedParameters == other.normalizedParameters
    }

    /// Whether this (possibly wildcard) media type, as found in an `Accept` header, covers `other`:
    /// `*/*` covers everything, `text/*` covers any `text/...`; parameters are not considered.
    public func covers(_ other: MediaType) -> Bool {
        if type == "*" { return true }
        guard type == other.type else { return false }
        return subtype == "*" || subtype == other.subtype
    }
}

extension MediaType: Hashable {
    public static func == (lhs: MediaType, rhs: MediaType) -> Bool { lhs.isEquivalent(to: rhs) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(subtype)
        hasher.combine(normalizedParameters)
    }
}

extension MediaType {
    /// Parses a comma-separated list of media types, as in an `Accept` header. Commas inside quoted
    /// parameter values do not split. Returns nil when any non-empty item is not a media type.
    public static func parseList(_ string: String) -> [MediaType]? {
        var result: [MediaType] = []
        for item in HeaderValueSyntax.split(Substring(string), separator: ",") {
            if HeaderValueSyntax.trimmed(item).isEmpty { continue }
            guard let mediaType = MediaType(parsing: item) else { return nil }
            result.append(mediaType)
        }
        return result
    }
}

// MARK: - Common types and classification

extension MediaType {
    public static let json = MediaType(type: "application", subtype: "json")
    public static let xml = MediaType(type: "application", subtype: "xml")
    public static let plainText = MediaType(type: "text", subtype: "plain")
    public static let html = MediaType(type: "text", subtype: "html")
    public static let formURLEncoded = MediaType(type: "application", subtype: "x-www-form-urlencoded")
    public static let multipartFormData = MediaType(type: "multipart", subtype: "form-data")
    public static let octetStream = MediaType(type: "application", subtype: "octet-stream")

    /// JSON: `application/json`, `text/json`, `application/x-json`, any `+json` suffix
    /// (`application/hal+json`) and other `application/...json` names. Line-delimited JSON
    /// (`application/x-ndjson`, `jsonl`, `json-seq`) is not a single JSON document and is excluded.
    public var isJSON: Bool {
        if suffix == "json" { return true }
        if subtype == "json" { return type == "application" || type == "text" }
        guard type == "application", subtype.hasSuffix("json") else { return false }
        return !["x-ndjson", "ndjson", "jsonl", "x-jsonlines", "jsonlines", "json-seq"].contains(subtype)
            && !subtype.hasSuffix("ndjson")
    }

    /// XML: `application/xml`, `text/xml`, `application/x-xml` and any `+xml` suffix (`application/atom+xml`).
    public var isXML: Bool {
        if suffix == "xml" { return true }
        return (subtype == "xml" && (type == "application" || type == "text"))
            || (type == "application" && subtype == "x-xml")
    }

    /// Any `text/*` type.
    public var isText: Bool { type == "text" }

    /// `application/x-www-form-urlencoded`.
    public var isFormURLEncoded: Bool { type == "application" && subtype == "x-www-form-urlencoded" }

    /// Any `multipart/*` type.
    public var isMultipart: Bool { type == "multipart" }

    /// `multipart/form-data`.
    public var isMultipartFormData: Bool { type == "multipart" && subtype == "form-data" }

    /// Whether the body is readable text: `text/*`, JSON, XML, form data, and textual `application`
    /// types such as JavaScript, YAML, GraphQL, CSV and SQL.
    public var isTextual: Bool {
        if isText || isJSON || isXML || isFormURLEncoded { return true }
        if let suffix, ["yaml", "json-seq"].contains(suffix) { return true }
        guard type == "application" else { return false }
        let textualSubtypes: Set<String> = [
            "javascript", "x-javascript", "ecmascript", "graphql", "yaml", "x-yaml", "csv", "sql", "toml",
            "x-ndjson", "ndjson", "jsonl", "json-seq", "x-sh", "x-httpd-php", "rtf", "xhtml", "problem",
        ]
        return textualSubtypes.contains(subtype)
    }

    /// A heuristic: whether the body should be treated as opaque bytes rather than text. True for
    /// `image/*`, `audio/*`, `video/*`, `font/*`, `model/*` and `application/*` types that are not
    /// textual (octet-stream, pdf, zip, protobuf, ...); false for text, JSON, XML, forms and multipart.
    public var isBinary: Bool {
        if isTextual || isMultipart || type == "*" { return false }
        switch type {
        case "image":
            return subtype != "svg+xml"
        case "audio", "video", "font", "model", "application":
            return true
        default:
            return false
        }
    }
}

/// Parsed media types by their text (including failures), shared; cleared when it grows past a bound.
final class MediaTypeCache: @unchecked Sendable {
    static let shared = MediaTypeCache()
    private let lock = NSLock()
    private var entries: [String: MediaType?] = [:]

    func lookup(_ text: String) -> MediaType?? {
        lock.lock()
        defer { lock.unlock() }
        return entries[text]
    }

    func store(_ mediaType: MediaType?, for text: String) {
        guard text.utf8.count <= 256 else { return }
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= 1024 { entries.removeAll(keepingCapacity: true) }
        entries[text] = .some(mediaType)
    }
}
