import Foundation

extension Pact {
    /// The pact as JSON in the given specification version (default: the pact's own, at least V2).
    ///
    /// Interactions are written in a stable order (type, description, provider states) and keys are sorted,
    /// so the same contract always gives the same bytes. V2 cannot hold messages, and V3 cannot mix HTTP
    /// interactions with messages: both are errors that say to write V4.
    public func json(specification requested: PactSpecification? = nil) throws(PactError) -> JSONValue {
        let version = max(requested ?? specification, .v2)
        return try PactWriter(pact: self, version: version).write()
    }

    /// The pact as pretty-printed JSON text, ending in a newline.
    public func jsonText(specification requested: PactSpecification? = nil) throws(PactError) -> String {
        JSONWriter.pretty(try json(specification: requested)) + "\n"
    }

    /// Writes the pact to a file (atomically).
    public func write(to url: URL, specification requested: PactSpecification? = nil) throws(PactError) {
        let text = try jsonText(specification: requested)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw PactError.io("could not write the contract: \(error.localizedDescription)", file: url.path)
        }
    }

    /// Interactions in the order they are written.
    public var sortedInteractions: [Interaction] {
        interactions.enumerated().sorted { a, b in
            let ka = PactWriter.sortKey(a.element)
            let kb = PactWriter.sortKey(b.element)
            return ka == kb ? a.offset < b.offset : ka < kb
        }.map(\.element)
    }
}

struct PactWriter {
    let pact: Pact
    let version: PactSpecification

    static func sortKey(_ interaction: Interaction) -> String {
        let states = interaction.providerStates.map { state in
            state.name + JSONWriter.compact(.object(state.params))
        }.joined(separator: "\u{1}")
        return interaction.typeName + "\u{0}" + interaction.description + "\u{0}" + states
    }

    func write() throws(PactError) -> JSONValue {
        var root = pact.additionalFields
        var consumer = pact.consumer.additionalFields
        consumer["name"] = .string(pact.consumer.name)
        var provider = pact.provider.additionalFields
        provider["name"] = .string(pact.provider.name)
        root["consumer"] = .object(consumer)
        root["provider"] = .object(provider)
        var metadata = pact.metadata
        metadata["pactSpecification"] = ["version": .string(version.rawValue)]
        root["metadata"] = .object(metadata)

        let interactions = pact.sortedInteractions
        let messages = interactions.filter { !$0.isHTTP }
        switch version {
        case .v1, .v1_1, .v2:
            if let message = messages.first {
                throw PactError(
                    .invalidPact,
                    "Pact \(version.label) files cannot hold messages",
                    interaction: message.description,
                    hint: "Write the contract as V3 or V4"
                )
            }
            root["interactions"] = .array(try interactions.map(http))
        case .v3:
            if !messages.isEmpty, messages.count != interactions.count {
                throw PactError(
                    .invalidPact,
                    "a Pact V3 file holds either HTTP interactions or messages, and this contract has both",
                    hint: "Write the contract as V4"
                )
            }
            if let sync = messages.first(where: { if case .synchronousMessage = $0.kind { true } else { false } }) {
                throw PactError(
                    .invalidPact,
                    "Pact V3 files cannot hold synchronous messages",
                    interaction: sync.description,
                    hint: "Write the contract as V4"
                )
            }
            if messages.isEmpty {
                root["interactions"] = .array(try interactions.map(http))
            } else {
                root["messages"] = .array(try messages.map(v3Message))
            }
        case .v4:
            root["interactions"] = .array(try interactions.map(v4Interaction))
        }
        return .object(root)
    }

    // MARK: V2/V3 HTTP

    private func http(_ interaction: Interaction) throws(PactError) -> JSONValue {
        guard case .http(let request, let response) = interaction.kind else { return .null }
        var object = interaction.additionalFields
        object["description"] = .string(interaction.description)
        writeStates(interaction.providerStates, into: &object)
        var requestJSON: [String: JSONValue] = ["method": .string(request.method), "path": .string(request.path)]
        if let query = request.query {
            requestJSON["query"] =
                version == .v2
                ? .string(QueryString.format(query)) : .object(query.mapValues { .array($0.map { .string($0) }) })
        }
        if let headers = request.headers { requestJSON["headers"] = joinedHeaders(headers) }
        writeBody(request.body, into: &requestJSON, key: "body")
        writeRules(request.matchingRules, into: &requestJSON)
        writeGenerators(request.generators, into: &requestJSON)

        var responseJSON: [String: JSONValue] = ["status": .integer(response.status)]
        if let headers = response.headers { responseJSON["headers"] = joinedHeaders(headers) }
        writeBody(response.body, into: &responseJSON, key: "body")
        writeRules(response.matchingRules, into: &responseJSON)
        writeGenerators(response.generators, into: &responseJSON)
        object["request"] = .object(requestJSON)
        object["response"] = .object(responseJSON)
        return .object(object)
    }

    private func writeStates(_ states: [ProviderState], into object: inout [String: JSONValue]) {
        if version == .v2 {
            if let first = states.first { object["providerState"] = .string(first.name) }
            return
        }
        guard !states.isEmpty else { return }
        object["providerStates"] = .array(
            states.map { state in
                var json: [String: JSONValue] = ["name": .string(state.name)]
                if !state.params.isEmpty { json["params"] = .object(state.params) }
                return .object(json)
            }
        )
    }

    private func joinedHeaders(_ headers: [String: [String]]) -> JSONValue {
        .object(headers.mapValues { .string($0.joined(separator: ", ")) })
    }

    private func writeBody(_ body: Body, into object: inout [String: JSONValue], key: String) {
        switch body.content {
        case .missing: return
        case .null: object[key] = .null
        case .empty: object[key] = ""
        case .json(let value): object[key] = value
        case .text(let text): object[key] = .string(text)
        case .binary(let bytes): object[key] = .string(Data(bytes).base64EncodedString())
        }
    }

    private func writeRules(_ rules: MatchingRules, into object: inout [String: JSONValue]) {
        guard !rules.isEmpty else { return }
        if version == .v2 {
            object["matchingRules"] = .object(v2Rules(rules))
            return
        }
        var json: [String: JSONValue] = [:]
        for (category, rules) in rules.categories where !rules.isEmpty {
            if [.path, .status, .method].contains(category), rules.rules.count == 1, let list = rules.rules[""] {
                json[category.rawValue] = list.json
            } else {
                json[category.rawValue] = .object(rules.rules.mapValues(\.json))
            }
        }
        object["matchingRules"] = .object(json)
    }

    private func v2Rules(_ rules: MatchingRules) -> [String: JSONValue] {
        var json: [String: JSONValue] = [:]
        for (category, rules) in rules.categories {
            // An empty rule list (`"matchers": []`) constrains nothing, and V2 has no way to write one.
            for (key, list) in rules.rules where !list.rules.isEmpty {
                var merged: [String: JSONValue] = [:]
                for rule in list.rules {
                    for (field, value) in rule.json.objectValue ?? [:] { merged[field] = value }
                }
                let path: String
                switch category {
                case .body:
                    // A body key without `$` reaches no value of a body (every body path starts at the root);
                    // V2 can only write body paths below `$.body`, so such a rule is left out.
                    guard key.hasPrefix("$") else { continue }
                    path = "$.body" + key.dropFirst()
                case .header: path = PathExpression(tokens: [.root, .field("headers"), .field(key)]).description
                case .query: path = PathExpression(tokens: [.root, .field("query"), .field(key)]).description
                case .path, .status, .method: path = "$." + category.rawValue
                default:
                    // Other categories (metadata, …) as `$.<category>…`, built from tokens so any name reads back.
                    let keyTokens = key.hasPrefix("$") ? (try? PathExpression(key))?.tokens.dropFirst() : nil
                    let rest = keyTokens.map(Array.init) ?? [.field(key)]
                    path = PathExpression(tokens: [.root, .field(category.rawValue)] + rest).description
                }
                json[path] = .object(merged)
            }
        }
        return json
    }

    private func writeGenerators(_ generators: Generators, into object: inout [String: JSONValue]) {
        guard !generators.isEmpty, version >= .v3 else { return }
        var json: [String: JSONValue] = [:]
        for (category, entries) in generators.categories where !entries.isEmpty {
            if [.path, .status, .method].contains(category), entries.count == 1, let generator = entries[""] {
                json[category.rawValue] = .object(generator.json)
            } else {
                json[category.rawValue] = .object(entries.mapValues { .object($0.json) })
            }
        }
        object["generators"] = .object(json)
    }

    // MARK: V3 messages

    private func v3Message(_ interaction: Interaction) throws(PactError) -> JSONValue {
        guard case .asynchronousMessage(let message) = interaction.kind else { return .null }
        var object = interaction.additionalFields
        object["description"] = .string(interaction.description)
        writeStates(interaction.providerStates, into: &object)
        writeBody(message.contents, into: &object, key: "contents")
        if object["contents"] == nil { object["contents"] = "" }
        // V3 messages carry their content type in the metadata only: keep the contents' declared type there.
        var metadata = message.metadata
        if let contentType = message.contents.contentType, message.contents.isPresent,
            !metadata.keys.contains(where: { $0.lowercased() == "contenttype" || $0.lowercased() == "content-type" })
        {
            metadata["contentType"] = .string(contentType)
        }
        object["metadata"] = .object(metadata)
        writeRules(message.matchingRules, into: &object)
        writeGenerators(message.generators, into: &object)
        return .object(object)
    }

    // MARK: V4

    private func v4Interaction(_ interaction: Interaction) throws(PactError) -> JSONValue {
        var object = interaction.additionalFields
        object["type"] = .string(interaction.typeName)
        object["description"] = .string(interaction.description)
        writeStates(interaction.providerStates, into: &object)
        if let key = interaction.key { object["key"] = .string(key) }
        object["pending"] = .bool(interaction.pending)
        if !interaction.comments.isEmpty { object["comments"] = .object(interaction.comments) }
        if let markup = interaction.interactionMarkup {
            object["interactionMarkup"] = [
                "markup": .string(markup.markup), "markupType": .string(markup.markupType),
            ]
        }
        if !interaction.pluginConfiguration.isEmpty {
            object["pluginConfiguration"] = .object(interaction.pluginConfiguration)
        }
        if let transport = interaction.transport { object["transport"] = .string(transport) }

        switch interaction.kind {
        case .http(let request, let response):
            var requestJSON: [String: JSONValue] = ["method": .string(request.method), "path": .string(request.path)]
            if let query = request.query { requestJSON["query"] = arrayMap(query) }
            if let headers = request.headers { requestJSON["headers"] = arrayMap(headers) }
            writeV4Body(request.body, headers: request.headers, into: &requestJSON, key: "body")
            writeRules(request.matchingRules, into: &requestJSON)
            writeGenerators(request.generators, into: &requestJSON)
            var responseJSON: [String: JSONValue] = ["status": .integer(response.status)]
            if let headers = response.headers { responseJSON["headers"] = arrayMap(headers) }
            writeV4Body(response.body, headers: response.headers, into: &responseJSON, key: "body")
            writeRules(response.matchingRules, into: &responseJSON)
            writeGenerators(response.generators, into: &responseJSON)
            object["request"] = .object(requestJSON)
            object["response"] = .object(responseJSON)
        case .asynchronousMessage(let message):
            writeV4Message(message, into: &object)
        case .synchronousMessage(let request, let responses):
            var requestJSON: [String: JSONValue] = [:]
            writeV4Message(request, into: &requestJSON)
            object["request"] = .object(requestJSON)
            object["response"] = .array(
                responses.map { response in
                    var json: [String: JSONValue] = [:]
                    writeV4Message(response, into: &json)
                    return .object(json)
                }
            )
        }
        return .object(object)
    }

    private func writeV4Message(_ message: Message, into object: inout [String: JSONValue]) {
        writeV4Body(message.contents, headers: nil, into: &object, key: "contents")
        object["metadata"] = .object(message.metadata)
        writeRules(message.matchingRules, into: &object)
        writeGenerators(message.generators, into: &object)
    }

    private func arrayMap(_ map: [String: [String]]) -> JSONValue {
        .object(map.mapValues { .array($0.map { .string($0) }) })
    }

    private func writeV4Body(
        _ body: Body,
        headers: [String: [String]]?,
        into object: inout [String: JSONValue],
        key: String
    ) {
        let headerType = headers.flatMap { HeaderLookup.values("Content-Type", in: $0)?.first }
        var wrapper: [String: JSONValue] = [:]
        let contentType: String?
        switch body.content {
        case .missing:
            if let declared = body.contentType { object[key] = ["contentType": .string(declared)] }
            return
        case .null:
            wrapper["content"] = .null
            contentType = body.contentType ?? headerType
        case .empty:
            wrapper["content"] = ""
            contentType = body.contentType ?? headerType
        case .json(let value):
            wrapper["content"] = value
            contentType = body.contentType ?? headerType ?? "application/json"
        case .text(let text):
            wrapper["content"] = .string(text)
            contentType = body.contentType ?? headerType ?? "text/plain"
        case .binary(let bytes):
            wrapper["content"] = .string(Data(bytes).base64EncodedString())
            wrapper["encoded"] = "base64"
            contentType = body.contentType ?? headerType ?? "application/octet-stream"
        }
        if wrapper["encoded"] == nil { wrapper["encoded"] = false }
        if let contentType { wrapper["contentType"] = .string(contentType) }
        if let hint = body.contentTypeHint { wrapper["contentTypeHint"] = .string(hint) }
        object[key] = .object(wrapper)
    }
}
