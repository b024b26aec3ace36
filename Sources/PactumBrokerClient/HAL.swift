import PactumCore

/// Reading HAL documents: links, link arrays, embedded resources, and RFC 6570 level-1 templates.
public enum HAL {
    /// The link objects of `relation` in `document._links` (one, or each of an array).
    public static func links(_ relation: String, in document: JSONValue) -> [JSONValue] {
        switch document["_links"]?[relation] {
        case .some(.array(let links)): links
        case .some(.object(let link)): [.object(link)]
        default: []
        }
    }

    /// The `href` of the first link of `relation`, if any.
    public static func href(_ relation: String, in document: JSONValue) -> String? {
        links(relation, in: document).lazy.compactMap { $0["href"]?.stringValue }.first
    }

    /// The resources embedded under `name` (`_embedded.name`, one or an array).
    public static func embedded(_ name: String, in document: JSONValue) -> [JSONValue] {
        switch document["_embedded"]?[name] {
        case .some(.array(let items)): items
        case .some(.object(let item)): [.object(item)]
        default: []
        }
    }

    /// `template` with each `{name}` replaced by the percent-encoded value of `parameters[name]` (placeholders
    /// without a value are left as they are).
    public static func expand(_ template: String, _ parameters: [String: String]) -> String {
        guard template.contains("{") else { return template }
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = parameters[name] {
                result += PercentEncoding.unreserved(value)
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// A query string from ordered pairs, keys and values percent-encoded.
    ///
    /// The official client sends the brackets of `q[][pacticipant]` bare; they are encoded here (`q%5B%5D…`, the
    /// same to the broker) because a URL with bare brackets is not valid RFC 3986, and Foundation's URL parsing
    /// (which AsyncHTTPClient uses) would then encode the whole string again, `%20` becoming `%2520`.
    public static func query(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(PercentEncoding.queryComponent($0.0))=\(PercentEncoding.queryComponent($0.1))" }.joined(
            separator: "&"
        )
    }
}
