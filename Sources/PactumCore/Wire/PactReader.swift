import Foundation

extension Pact {
    /// Reads a pact file of any specification version (V1, V1.1, V2, V3, V4).
    public init(contentsOf url: URL) throws(PactError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw PactError.io(
                "could not read the contract file: \(error.localizedDescription)",
                file: url.path
            )
        }
        do {
            try self.init(data: data)
        } catch {
            throw error.with(file: url.path)
        }
    }

    /// Reads pact JSON of any specification version.
    public init(data: Data) throws(PactError) {
        let json: JSONValue
        do {
            json = try JSONParser.parse(data)
        } catch {
            throw PactError(.invalidJSON, "the contract is not valid JSON: \(error)", hint: "Fix the JSON syntax")
        }
        try self.init(json: json)
    }

    /// Reads a pact from its parsed JSON.
    public init(json: JSONValue) throws(PactError) {
        guard case .object(let root) = json else {
            throw PactError.invalidPact("a contract must be a JSON object, found \(json.typeName)")
        }
        var reader = PactReader(root: root)
        self = try reader.read()
    }
}

/// Reads the wire forms of every specification version into the model.
struct PactReader {
    let root: [String: JSONValue]

    mutating func read() throws(PactError) -> Pact {
        let consumer = try pacticipant("consumer")
        let provider = try pacticipant("provider")
        var metadata = root["metadata"]?.objectValue ?? [:]
        let version = PactReader.specification(from: metadata, root: root)
        for key in ["pactSpecification", "pact-specification", "pactSpecificationVersion"] {
            metadata[key] = nil
        }
        var pact = Pact(consumer: consumer.name, provider: provider.name, metadata: metadata, specification: version)
        pact.consumer = consumer
        pact.provider = provider
        let known: Set<String> = ["consumer", "provider", "interactions", "messages", "metadata"]
        pact.additionalFields = root.filter { !known.contains($0.key) }

        if let interactions = root["interactions"] {
            guard case .array(let items) = interactions else {
                throw PactError.invalidPact("'interactions' must be an array", at: "interactions")
            }
            for (index, item) in items.enumerated() {
                let path = "interactions[\(index)]"
                pact.interactions.append(try interaction(item, version: version, path: path))
            }
        }
        if let messages = root["messages"] {
            guard case .array(let items) = messages else {
                throw PactError.invalidPact("'messages' must be an array", at: "messages")
            }
            for (index, item) in items.enumerated() {
                let path = "messages[\(index)]"
                guard case .object(let object) = item else {
                    throw PactError.invalidPact("a message must be a JSON object", at: path)
                }
                pact.interactions.append(try asyncMessage(object, version: version, path: path))
            }
        }
        return pact
    }

    static func specification(from metadata: [String: JSONValue], root: [String: JSONValue]) -> PactSpecification {
        let candidates = [
            metadata["pactSpecification"]?["version"], metadata["pact-specification"]?["version"],
            metadata["pactSpecificationVersion"],
        ]
        for candidate in candidates {
            if let text = candidate?.stringValue, let version = PactSpecification(versionString: text) {
                return version
            }
        }
        // No version: guess from the shape (messages are V3, typed interactions are V4).
        if root["messages"] != nil { return .v3 }
        if let first = root["interactions"]?.arrayValue?.first, first["type"] != nil { return .v4 }
        return .v2
    }

    private func pacticipant(_ key: String) throws(PactError) -> Pacticipant {
        guard let value = root[key] else {
            throw PactError.invalidPact(
                "the contract has no '\(key)'",
                at: key,
                hint: "Add \"\(key)\": {\"name\": \"…\"}"
            )
        }
        guard case .object(var object) = value, case .string(let name)? = object["name"] else {
            throw PactError.invalidPact("'\(key)' must be an object with a string 'name'", at: key)
        }
        object["name"] = nil
        return Pacticipant(name, additionalFields: object)
    }

    // MARK: Interactions

    private func interaction(
        _ json: JSONValue,
        version: PactSpecification,
        path: String
    ) throws(PactError)
        -> Interaction
    {
        guard case .object(let object) = json else {
            throw PactError.invalidPact("an interaction must be a JSON object, found \(json.typeName)", at: path)
        }
        let type = object["type"]?.stringValue
        do throws(PactError) {
            switch type {
            case "Asynchronous/Messages":
                return try asyncMessage(object, version: version, path: path)
            case "Synchronous/Messages":
                return try syncMessage(object, version: version, path: path)
            case nil, "Synchronous/HTTP":
                // V3 message pacts sometimes hold messages in `interactions`.
                if type == nil, object["request"] == nil, object["contents"] != nil {
                    return try asyncMessage(object, version: version, path: path)
                }
                return try httpInteraction(object, version: version, path: path)
            default:
                throw PactError.invalidPact(
                    "unknown interaction type '\(type ?? "")'",
                    at: "\(path).type",
                    hint: "Use Synchronous/HTTP, Asynchronous/Messages or Synchronous/Messages"
                )
            }
        } catch {
            throw error.with(interaction: object["description"]?.stringValue)
        }
    }

    private func common(
        _ object: [String: JSONValue],
        kind: Interaction.Kind,
        version: PactSpecification,
        path: String
    )
        throws(PactError) -> Interaction
    {
        guard case .string(let description)? = object["description"] else {
            throw PactError.invalidPact(
                "the interaction has no string 'description'",
                at: "\(path).description",
                hint: "Every interaction needs a description"
            )
        }
        var interaction = Interaction(description: description, kind: kind)
        interaction.providerStates = try providerStates(object, path: path)
        if let key = object["key"] { interaction.key = key.stringValue }
        if let pending = object["pending"] { interaction.pending = pending.boolValue ?? false }
        interaction.comments = object["comments"]?.objectValue ?? [:]
        if let markup = object["interactionMarkup"]?.objectValue, let text = markup["markup"]?.stringValue {
            interaction.interactionMarkup = InteractionMarkup(
                markup: text,
                markupType: markup["markupType"]?.stringValue ?? "COMMON_MARK"
            )
        }
        interaction.pluginConfiguration = object["pluginConfiguration"]?.objectValue ?? [:]
        interaction.transport = object["transport"]?.stringValue
        let known: Set<String> = [
            "type", "description", "providerState", "providerStates", "key", "pending", "comments",
            "interactionMarkup", "pluginConfiguration", "transport", "request", "response", "contents", "metadata",
            "metaData", "matchingRules", "generators",
        ]
        interaction.additionalFields = object.filter { !known.contains($0.key) }
        return interaction
    }

    private func providerStates(_ object: [String: JSONValue], path: String) throws(PactError) -> [ProviderState] {
        if let states = object["providerStates"] {
            guard case .array(let items) = states else {
                throw PactError.invalidPact("'providerStates' must be an array", at: "\(path).providerStates")
            }
            var result: [ProviderState] = []
            for (index, item) in items.enumerated() {
                switch item {
                case .string(let name): result.append(ProviderState(name))
                case .object(let state):
                    guard case .string(let name)? = state["name"] else {
                        throw PactError.invalidPact(
                            "a provider state needs a string 'name'",
                            at: "\(path).providerStates[\(index)]"
                        )
                    }
                    result.append(ProviderState(name, params: state["params"]?.objectValue ?? [:]))
                default:
                    throw PactError.invalidPact(
                        "a provider state must be an object",
                        at: "\(path).providerStates[\(index)]"
                    )
                }
            }
            return result
        }
        if case .string(let name)? = object["providerState"] ?? object["provider_state"], !name.isEmpty {
            return [ProviderState(name)]
        }
        return []
    }

    private func httpInteraction(
        _ object: [String: JSONValue],
        version: PactSpecification,
        path: String
    )
        throws(PactError) -> Interaction
    {
        guard case .object(let requestJSON)? = object["request"] else {
            throw PactError.invalidPact("the interaction has no 'request' object", at: "\(path).request")
        }
        guard case .object(let responseJSON)? = object["response"] else {
            throw PactError.invalidPact("the interaction has no 'response' object", at: "\(path).response")
        }
        let request = try PactReader.request(requestJSON, version: version, path: "\(path).request")
        let response = try PactReader.response(responseJSON, version: version, path: "\(path).response")
        return try common(object, kind: .http(request: request, response: response), version: version, path: path)
    }

    private func asyncMessage(
        _ object: [String: JSONValue],
        version: PactSpecification,
        path: String
    )
        throws(PactError) -> Interaction
    {
        let message = try PactReader.message(object, version: version, path: path)
        return try common(object, kind: .asynchronousMessage(message), version: version, path: path)
    }

    private func syncMessage(
        _ object: [String: JSONValue],
        version: PactSpecification,
        path: String
    )
        throws(PactError) -> Interaction
    {
        guard case .object(let requestJSON)? = object["request"] else {
            throw PactError.invalidPact("the synchronous message has no 'request' object", at: "\(path).request")
        }
        let request = try PactReader.message(requestJSON, version: version, path: "\(path).request")
        var responses: [Message] = []
        switch object["response"] {
        case .array(let items)?:
            for (index, item) in items.enumerated() {
                guard case .object(let responseJSON) = item else {
                    throw PactError.invalidPact("a response must be an object", at: "\(path).response[\(index)]")
                }
                responses.append(
                    try PactReader.message(responseJSON, version: version, path: "\(path).response[\(index)]")
                )
            }
        case .object(let responseJSON)?:
            responses.append(try PactReader.message(responseJSON, version: version, path: "\(path).response"))
        case nil:
            break
        default:
            throw PactError.invalidPact("'response' must be an array of messages", at: "\(path).response")
        }
        return try common(
            object,
            kind: .synchronousMessage(request: request, responses: responses),
            version: version,
            path: path
        )
    }

    // MARK: Parts

    static func request(
        _ object: [String: JSONValue],
        version: PactSpecification,
        path: String
    ) throws(PactError)
        -> HTTPRequest
    {
        var request = HTTPRequest()
        if let method = object["method"] {
            guard case .string(let text) = method else {
                throw PactError.invalidPact("'method' must be a string", at: "\(path).method")
            }
            request.method = text.uppercased()
        }
        if let value = object["path"] {
            guard case .string(let text) = value else {
                throw PactError.invalidPact("'path' must be a string", at: "\(path).path")
            }
            request.path = text
        }
        request.query = try query(object["query"], path: "\(path).query")
        if case .string(let raw)? = object["query"] {
            if version == .v1 { request.v1QueryString = raw }
            request.queryOrder = QueryString.names(raw)
        }
        request.headers = try headers(object["headers"], path: "\(path).headers")
        request.body = try body(object, headers: request.headers, version: version, path: path)
        request.matchingRules = try matchingRules(object["matchingRules"], version: version, path: path)
        request.generators = try generators(object["generators"], path: path)
        return request
    }

    static func response(
        _ object: [String: JSONValue],
        version: PactSpecification,
        path: String
    ) throws(PactError)
        -> HTTPResponse
    {
        var response = HTTPResponse()
        if let status = object["status"] {
            guard let code = status.intValue, (100...999).contains(code) else {
                throw PactError.invalidPact(
                    "'status' must be an HTTP status code, found \(status)",
                    at: "\(path).status"
                )
            }
            response.status = code
        }
        response.headers = try headers(object["headers"], path: "\(path).headers")
        response.body = try body(object, headers: response.headers, version: version, path: path)
        response.matchingRules = try matchingRules(object["matchingRules"], version: version, path: path)
        response.generators = try generators(object["generators"], path: path)
        return response
    }

    static func message(
        _ object: [String: JSONValue],
        version: PactSpecification,
        path: String
    ) throws(PactError)
        -> Message
    {
        var message = Message()
        let metadataJSON = object["metadata"] ?? object["metaData"]
        message.metadata = metadataJSON?.objectValue ?? [:]
        let contentType =
            (message.metadata["contentType"] ?? message.metadata["content-type"]
            ?? message.metadata["Content-Type"])?.stringValue
        message.contents = try body(
            object,
            key: "contents",
            contentType: contentType,
            version: version,
            path: path
        )
        message.matchingRules = try matchingRules(object["matchingRules"], version: version, path: path)
        message.generators = try generators(object["generators"], path: path)
        return message
    }

    static func query(_ value: JSONValue?, path: String) throws(PactError) -> [String: [String]]? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return QueryString.parse(text)
        case .object(let object)?:
            var result: [String: [String]] = [:]
            for (name, values) in object {
                switch values {
                case .array(let items): result[name] = items.map { $0.stringValue ?? $0.jsonText }
                case .string(let text): result[name] = [text]
                case .null: result[name] = []
                default: result[name] = [values.jsonText]
                }
            }
            return result
        default:
            throw PactError.invalidPact("'query' must be a string or an object", at: path)
        }
    }

    static func headers(_ value: JSONValue?, path: String) throws(PactError) -> [String: [String]]? {
        switch value {
        case nil, .null?: return nil
        case .object(let object)?:
            var result: [String: [String]] = [:]
            for (name, values) in object {
                switch values {
                case .array(let items): result[name] = items.map { $0.stringValue ?? $0.jsonText }
                case .string(let text): result[name] = [text]
                default: result[name] = [values.jsonText]
                }
            }
            return result
        default:
            throw PactError.invalidPact("'headers' must be an object", at: path)
        }
    }

    static func body(
        _ object: [String: JSONValue],
        key: String = "body",
        headers: [String: [String]]? = nil,
        contentType explicitType: String? = nil,
        version: PactSpecification,
        path: String
    ) throws(PactError) -> Body {
        guard let value = object[key] else { return .missing }
        let headerType = headers.flatMap { HeaderLookup.values("Content-Type", in: $0)?.first }
        if version >= .v4, case .object(let wrapper) = value,
            wrapper["content"] != nil || wrapper["contentType"] != nil || wrapper["encoded"] != nil
        {
            return try v4Body(wrapper, fallbackType: headerType ?? explicitType, path: "\(path).\(key)")
        }
        let contentType = headerType ?? explicitType
        switch value {
        case .null: return Body(.null, contentType: contentType)
        case .string(let text):
            if text.isEmpty { return Body(.empty, contentType: contentType) }
            if let contentType, let media = MediaType(contentType), media.isJSON {
                return Body(.json(.string(text)), contentType: contentType)
            }
            // V2/V3 files carry binary bodies (images, PDFs…) as base64 strings, as the official tools write them.
            if let contentType, let media = MediaType(contentType), media.isBinary,
                let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters), !data.isEmpty
            {
                return Body(.binary([UInt8](data)), contentType: contentType)
            }
            return Body(.text(text), contentType: contentType)
        default:
            return Body(.json(value), contentType: contentType)
        }
    }

    private static func v4Body(
        _ wrapper: [String: JSONValue],
        fallbackType: String?,
        path: String
    )
        throws(PactError) -> Body
    {
        let declared = wrapper["contentType"]?.stringValue
        let contentType = declared ?? fallbackType
        let hint = wrapper["contentTypeHint"]?.stringValue
        let encoded = wrapper["encoded"]
        guard let content = wrapper["content"] else {
            return Body(.missing, contentType: declared, contentTypeHint: hint)
        }
        var body: Body
        switch (content, encoded) {
        case (.null, _):
            body = Body(.null, contentType: contentType)
        case (.string(let text), .string(let encoding)?) where encoding.lowercased() == "base64":
            guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
                throw PactError.invalidPact(
                    "the body is marked base64 but is not valid base64",
                    at: "\(path).content",
                    hint: "Encode the content as base64 or set \"encoded\": false"
                )
            }
            body = Body(data.isEmpty ? .empty : .binary([UInt8](data)), contentType: contentType)
        case (.string(let text), .bool(true)?):
            if let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) {
                body = Body(.binary([UInt8](data)), contentType: contentType)
            } else {
                body = Body(.text(text), contentType: contentType)
            }
        case (.string(let text), .string(let encoding)?) where encoding.lowercased() == "json":
            do {
                body = Body(.json(try JSONParser.parse(text)), contentType: contentType)
            } catch {
                throw PactError.invalidPact(
                    "the body is marked as encoded JSON but does not parse: \(error)",
                    at: "\(path).content"
                )
            }
        case (.string(let text), _):
            if text.isEmpty {
                body = Body(.empty, contentType: contentType)
            } else if let contentType, let media = MediaType(contentType), media.isJSON {
                body = Body(.json(.string(text)), contentType: contentType)
            } else {
                body = Body(.text(text), contentType: contentType)
            }
        default:
            body = Body(.json(content), contentType: contentType)
        }
        body.contentType = declared ?? contentType
        body.contentTypeHint = hint
        return body
    }

    // MARK: Matching rules and generators

    static func matchingRules(
        _ value: JSONValue?,
        version: PactSpecification,
        path: String
    ) throws(PactError)
        -> MatchingRules
    {
        guard let value, !value.isNull else { return MatchingRules() }
        guard case .object(let object) = value else {
            throw PactError.invalidPact("'matchingRules' must be an object", at: "\(path).matchingRules")
        }
        // V2 files use flat `$.body.x` keys; V3+ use categories. Detect by shape, not only the version.
        let isFlat = object.keys.contains { $0.hasPrefix("$") }
        var rules = MatchingRules()
        if isFlat {
            for (key, ruleJSON) in object {
                let rulePath = "\(path).matchingRules['\(key)']"
                let (category, subPath) = try v2Category(key, at: rulePath)
                let rule = try MatchingRule(json: ruleJSON, at: rulePath)
                try add(RuleList([rule]), to: &rules, category: category, path: subPath, at: rulePath)
            }
            return rules
        }
        for (rawCategory, categoryJSON) in object {
            let category = normalizedCategory(rawCategory)
            let categoryPath = "\(path).matchingRules.\(rawCategory)"
            guard case .object(let entries) = categoryJSON else {
                throw PactError.invalidPact("a matching rule category must be an object", at: categoryPath)
            }
            if entries["matchers"] != nil {
                // path/status/method: the rule list sits directly in the category.
                let list = try ruleList(categoryJSON, at: categoryPath)
                try add(list, to: &rules, category: category, path: "", at: categoryPath)
                continue
            }
            for (key, listJSON) in entries {
                let listPath = "\(categoryPath)['\(key)']"
                let list = try ruleList(listJSON, at: listPath)
                try add(list, to: &rules, category: category, path: key, at: listPath)
            }
        }
        return rules
    }

    private static func add(
        _ list: RuleList,
        to rules: inout MatchingRules,
        category: RuleCategory,
        path: String,
        at jsonPath: String
    ) throws(PactError) {
        var cat = rules[category]
        do {
            try cat.add(list, at: path)
        } catch {
            var e = error
            e.jsonPath = jsonPath
            throw e
        }
        rules[category] = cat
    }

    static func normalizedCategory(_ name: String) -> RuleCategory {
        switch name {
        case "headers": return .header
        case "metaData": return .metadata
        default: return RuleCategory(rawValue: name)
        }
    }

    static func ruleList(_ json: JSONValue, at path: String) throws(PactError) -> RuleList {
        guard case .object(let object) = json else {
            throw PactError.invalidPact("a rule list must be an object with 'matchers'", at: path)
        }
        let logic: RuleLogic = object["combine"]?.stringValue?.uppercased() == "OR" ? .or : .and
        guard let matchersJSON = object["matchers"] else {
            // Some writers put a single rule where a list belongs.
            return RuleList([try MatchingRule(json: json, at: path)], logic: logic)
        }
        guard case .array(let items) = matchersJSON else {
            throw PactError.invalidPact("'matchers' must be an array", at: "\(path).matchers")
        }
        var rules: [MatchingRule] = []
        for (index, item) in items.enumerated() {
            rules.append(try MatchingRule(json: item, at: "\(path).matchers[\(index)]"))
        }
        return RuleList(rules, logic: logic)
    }

    /// Splits a V2 flat path (`$.body.a`, `$.headers.Accept`, `$.query.q`, `$.path`) into category and path.
    static func v2Category(_ key: String, at jsonPath: String) throws(PactError) -> (RuleCategory, String) {
        let expression: PathExpression
        do {
            expression = try PathExpression(key)
        } catch {
            var e = error
            e.jsonPath = jsonPath
            throw e
        }
        let tokens = expression.tokens
        // A part starting with `$` (`$.$.x`) would become a category that later reads as a flat V2 key.
        guard tokens.count >= 2, case .field(let part) = tokens[1], !part.hasPrefix("$") else {
            throw PactError.invalidPact(
                "V2 matching rule path '\(key)' must start with $.body, $.headers, $.query or $.path",
                at: jsonPath
            )
        }
        let rest = Array(tokens.dropFirst(2))
        switch part {
        case "body":
            return (.body, PathExpression(tokens: [.root] + rest).description)
        case "header", "headers", "query":
            guard let first = rest.first else {
                throw PactError.invalidPact("V2 matching rule path '\(key)' names no \(part)", at: jsonPath)
            }
            let name: String
            switch first {
            case .field(let n): name = n
            case .index(let i): name = String(i)
            default: name = "*"
            }
            let category: RuleCategory = part == "query" ? .query : .header
            if rest.count > 1 {
                return (category, PathExpression(tokens: [.field(name)] + rest.dropFirst()).description)
            }
            return (category, name)
        case "path", "status", "method":
            return (RuleCategory(rawValue: part), "")
        default:
            return (RuleCategory(rawValue: part), PathExpression(tokens: [.root] + rest).description)
        }
    }

    static func generators(_ value: JSONValue?, path: String) throws(PactError) -> Generators {
        guard let value, !value.isNull else { return Generators() }
        guard case .object(let object) = value else {
            throw PactError.invalidPact("'generators' must be an object", at: "\(path).generators")
        }
        var generators = Generators()
        for (rawCategory, categoryJSON) in object {
            let category = normalizedCategory(rawCategory)
            let categoryPath = "\(path).generators.\(rawCategory)"
            guard case .object(let entries) = categoryJSON else {
                throw PactError.invalidPact("a generator category must be an object", at: categoryPath)
            }
            if entries["type"] != nil, entries["type"]?.stringValue != nil {
                generators.add(try generator(entries, at: categoryPath), category: category, path: "")
                continue
            }
            for (key, generatorJSON) in entries {
                guard case .object(let generatorObject) = generatorJSON else {
                    throw PactError.invalidPact("a generator must be an object", at: "\(categoryPath)['\(key)']")
                }
                generators.add(
                    try generator(generatorObject, at: "\(categoryPath)['\(key)']"),
                    category: category,
                    path: key
                )
            }
        }
        return generators
    }

    static func generator(_ object: [String: JSONValue], at path: String) throws(PactError) -> Generator {
        do {
            return try Generator(json: object)
        } catch {
            throw PactError(.invalidGenerator, "\(error)", jsonPath: path)
        }
    }
}

/// Query strings (`a=1&b=2&b=3`) to and from name → values maps.
public enum QueryString {
    public static func parse(_ text: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        let trimmed = text.hasPrefix("?") ? String(text.dropFirst()) : text
        for pair in trimmed.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(String(parts[0]))
            let value = parts.count > 1 ? decode(String(parts[1])) : ""
            result[name, default: []].append(value)
        }
        return result
    }

    /// The decoded name of every parameter of a query string, in order, once per occurrence.
    public static func names(_ text: String) -> [String] {
        let trimmed = text.hasPrefix("?") ? String(text.dropFirst()) : text
        return trimmed.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            decode(String(pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]))
        }
    }

    /// A query string in the `application/x-www-form-urlencoded` form browsers and the official Pact verifier send:
    /// ASCII letters, digits and `*-._` as they are, a space as `+`, every other byte percent-encoded (so
    /// `author=Ursula+K.+Le+Guin`). Pairs are kept in the order given.
    public static func formURLEncoded(_ pairs: [(name: String, value: String?)]) -> String {
        pairs.map { pair in
            pair.value.map { PercentEncoding.formComponent(pair.name) + "=" + PercentEncoding.formComponent($0) }
                ?? PercentEncoding.formComponent(pair.name)
        }.joined(separator: "&")
    }

    public static func format(_ query: [String: [String]]) -> String {
        var pairs: [String] = []
        for name in query.keys.sorted() {
            let values = query[name] ?? []
            if values.isEmpty { pairs.append(PercentEncoding.queryComponent(name)) }
            for value in values {
                pairs.append(PercentEncoding.queryComponent(name) + "=" + PercentEncoding.queryComponent(value))
            }
        }
        return pairs.joined(separator: "&")
    }

    static func decode(_ text: String) -> String { FormURLEncoded.decode(text) }

}

extension HTTPRequest {
    /// Reads a request in the wire form of the given specification version.
    public init(json: [String: JSONValue], specification: PactSpecification) throws(PactError) {
        self = try PactReader.request(json, version: specification, path: "request")
    }
}

extension HTTPResponse {
    /// Reads a response in the wire form of the given specification version.
    public init(json: [String: JSONValue], specification: PactSpecification) throws(PactError) {
        self = try PactReader.response(json, version: specification, path: "response")
    }
}

extension Message {
    /// Reads message contents (`contents`, `metadata`, rules, generators) in the given version's form.
    public init(json: [String: JSONValue], specification: PactSpecification) throws(PactError) {
        self = try PactReader.message(json, version: specification, path: "message")
    }
}
