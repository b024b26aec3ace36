import Foundation

/// A HAL link object (`{"href": …, "title": …, "name": …, "templated": true}`), as every Pact Broker document has
/// under `_links`.
public struct HALLink: Sendable, Hashable, Codable {
    /// Where the link points; with ``templated``, an RFC 6570 template (`…/pacticipants/{pacticipant}`).
    public var href: String
    /// A title for people.
    public var title: String?
    /// A name (the Pact Broker names a version's link by its number, a tag's by the tag).
    public var name: String?
    /// Whether ``href`` is a template to expand.
    public var templated: Bool?

    /// Creates a link; `templated` is written only when true.
    public init(href: String, title: String? = nil, name: String? = nil, templated: Bool = false) {
        self.href = href
        self.title = title
        self.name = name
        self.templated = templated ? true : nil
    }
}

/// The `_links` of a document that has only a `self` link (the matrix's rows, pacticipants and versions).
public struct SelfLinks: Sendable, Hashable, Codable {
    /// `_links.self`: the resource itself.
    public var selfLink: HALLink

    /// Links with `self` pointing at `href`.
    public init(_ href: String) { selfLink = HALLink(href: href) }

    /// Links with `self` being `link` (with its title or name).
    public init(selfLink: HALLink) { self.selfLink = selfLink }

    enum CodingKeys: String, CodingKey { case selfLink = "self" }
}
