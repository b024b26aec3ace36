/// A provider state: what the provider must have set up before the interaction, with parameters.
public struct ProviderState: Hashable, Sendable {
    public var name: String
    public var params: [String: JSONValue]

    public init(_ name: String, params: [String: JSONValue] = [:]) {
        self.name = name
        self.params = params
    }
}

/// An HTTP request in a contract, or one that was received.
public struct HTTPRequest: Hashable, Sendable {
    public var method: String
    public var path: String
    /// Query parameters, each name with its values in order. `nil` when the contract does not constrain them.
    public var query: [String: [String]]?
    /// Headers, each name with its values. `nil` when the contract does not constrain them.
    public var headers: [String: [String]]?
    public var body: Body
    public var matchingRules: MatchingRules
    public var generators: Generators
    /// The query string exactly as a Pact V1 file wrote it: V1 compares query strings verbatim.
    public var v1QueryString: String?
    /// The order of the query's parameters as the contract wrote them: one name per value, so repeated parameters
    /// that pair up (`q[]pacticipant=A&q[]version=1&q[]pacticipant=B&q[]version=2`) keep their pairing. Read from a
    /// V2 query string; empty when the contract gives no order (a V3/V4 object), then names are sorted. Only the
    /// order in which a verifier sends ``query``: it takes no part in equality or matching.
    public var queryOrder: [String] = []

    public init(
        method: String = "GET",
        path: String = "/",
        query: [String: [String]]? = nil,
        headers: [String: [String]]? = nil,
        body: Body = .missing,
        matchingRules: MatchingRules = MatchingRules(),
        generators: Generators = Generators()
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.matchingRules = matchingRules
        self.generators = generators
    }

    /// The values of a header, looked up without regard to case.
    public func header(_ name: String) -> [String]? { headers.flatMap { HeaderLookup.values(name, in: $0) } }

    /// The effective content type: the Content-Type header, else the body's declared type.
    public var contentType: String? { header("Content-Type")?.first ?? body.contentType }

    /// The query's name/value pairs in the contract's order (``queryOrder``); parameters it does not cover follow,
    /// sorted by name, each name's values in order. A name without values gives one pair with a `nil` value.
    public var orderedQuery: [(name: String, value: String?)] {
        guard let query else { return [] }
        var used: [String: Int] = [:]
        var pairs: [(name: String, value: String?)] = []
        for name in queryOrder {
            let index = used[name, default: 0]
            guard let values = query[name], index < values.count else { continue }
            pairs.append((name, values[index]))
            used[name] = index + 1
        }
        for name in query.keys.sorted() {
            let values = query[name] ?? []
            if values.isEmpty, used[name] == nil { pairs.append((name, nil)) }
            for value in values.dropFirst(used[name, default: 0]) { pairs.append((name, value)) }
        }
        return pairs
    }
}

extension HTTPRequest {
    // Written out to leave `queryOrder` out: it says how to send the query, not what the contract requires.
    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.query == rhs.query && lhs.headers == rhs.headers
            && lhs.body == rhs.body && lhs.matchingRules == rhs.matchingRules && lhs.generators == rhs.generators
            && lhs.v1QueryString == rhs.v1QueryString
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(path)
        hasher.combine(query)
        hasher.combine(headers)
        hasher.combine(body)
        hasher.combine(matchingRules)
        hasher.combine(generators)
        hasher.combine(v1QueryString)
    }
}

/// An HTTP response in a contract, or one that was received.
public struct HTTPResponse: Hashable, Sendable {
    public var status: Int
    public var headers: [String: [String]]?
    public var body: Body
    public var matchingRules: MatchingRules
    public var generators: Generators

    public init(
        status: Int = 200,
        headers: [String: [String]]? = nil,
        body: Body = .missing,
        matchingRules: MatchingRules = MatchingRules(),
        generators: Generators = Generators()
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.matchingRules = matchingRules
        self.generators = generators
    }

    public func header(_ name: String) -> [String]? { headers.flatMap { HeaderLookup.values(name, in: $0) } }

    public var contentType: String? { header("Content-Type")?.first ?? body.contentType }
}

/// The contents of a message (asynchronous, or one side of a synchronous message).
public struct Message: Hashable, Sendable {
    public var contents: Body
    public var metadata: [String: JSONValue]
    public var matchingRules: MatchingRules
    public var generators: Generators

    public init(
        contents: Body = .missing,
        metadata: [String: JSONValue] = [:],
        matchingRules: MatchingRules = MatchingRules(),
        generators: Generators = Generators()
    ) {
        self.contents = contents
        self.metadata = metadata
        self.matchingRules = matchingRules
        self.generators = generators
    }

    /// The effective content type: `contentType` metadata, else the contents' declared type.
    public var contentType: String? {
        (metadata["contentType"] ?? metadata["content-type"] ?? metadata["Content-Type"])?.stringValue
            ?? contents.contentType
    }
}

/// V4 interaction markup: a rendering of the interaction for people.
public struct InteractionMarkup: Hashable, Sendable {
    public var markup: String
    /// `COMMON_MARK` or `HTML`.
    public var markupType: String

    public init(markup: String, markupType: String = "COMMON_MARK") {
        self.markup = markup
        self.markupType = markupType
    }
}

/// One interaction of a contract: an HTTP request/response, an asynchronous message or a synchronous message.
public struct Interaction: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case http(request: HTTPRequest, response: HTTPResponse)
        case asynchronousMessage(Message)
        case synchronousMessage(request: Message, responses: [Message])
    }

    public var description: String
    public var providerStates: [ProviderState]
    public var kind: Kind
    /// V4 unique key of the interaction.
    public var key: String?
    /// V4: a failing pending interaction does not fail the build.
    public var pending: Bool
    /// V4 comments (`text`, `testname`, `references`).
    public var comments: [String: JSONValue]
    public var interactionMarkup: InteractionMarkup?
    /// V4 plugin configuration, kept as-is.
    public var pluginConfiguration: [String: JSONValue]
    /// V4 transport (`http`, `https`, `grpc`, …).
    public var transport: String?
    /// Fields of the interaction Pactum does not interpret, kept so they are written back.
    public var additionalFields: [String: JSONValue]

    public init(
        description: String,
        providerStates: [ProviderState] = [],
        kind: Kind,
        key: String? = nil,
        pending: Bool = false,
        comments: [String: JSONValue] = [:],
        interactionMarkup: InteractionMarkup? = nil,
        pluginConfiguration: [String: JSONValue] = [:],
        transport: String? = nil,
        additionalFields: [String: JSONValue] = [:]
    ) {
        self.description = description
        self.providerStates = providerStates
        self.kind = kind
        self.key = key
        self.pending = pending
        self.comments = comments
        self.interactionMarkup = interactionMarkup
        self.pluginConfiguration = pluginConfiguration
        self.transport = transport
        self.additionalFields = additionalFields
    }

    /// The V4 `type` of the interaction.
    public var typeName: String {
        switch kind {
        case .http: return "Synchronous/HTTP"
        case .asynchronousMessage: return "Asynchronous/Messages"
        case .synchronousMessage: return "Synchronous/Messages"
        }
    }

    public var isHTTP: Bool {
        if case .http = kind { return true }
        return false
    }
}

enum HeaderLookup {
    static func values(_ name: String, in headers: [String: [String]]) -> [String]? {
        if let values = headers[name] { return values }
        let lower = name.lowercased()
        for (key, values) in headers where key.lowercased() == lower { return values }
        return nil
    }
}
