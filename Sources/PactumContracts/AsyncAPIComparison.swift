import Foundation
import PactumCore

/// The checks of message interactions against an AsyncAPI 3 or 2 document: the interaction names its operation in
/// `comments.references.AsyncAPI.operationId`; it matches when one of the operation's messages accepts its payload
/// and metadata.
///
/// PactFlow's comparator reads AsyncAPI 3 only. An AsyncAPI 2 document is read as its AsyncAPI 3 equivalent: each
/// `publish`/`subscribe` of a channel with an `operationId` becomes an operation whose messages are its `message`
/// (or the messages of its `oneOf`), and results name the places in the AsyncAPI 2 document
/// (`[root].channels.<channel>.subscribe.message`). AsyncAPI 2 has no request/reply: a synchronous interaction
/// against it gets `message.reply.missing`.
struct AsyncAPIComparison {
    let document: JSONValue?
    let schemas: SchemaCache
    /// For an AsyncAPI 2 document, where each operation's messages are (`[root].channels.<channel>.<action>.message`).
    private let messageLocations: [String: String]

    init(document: JSONValue?, schemas: SchemaCache) {
        self.schemas = schemas
        if let document, document["asyncapi"]?.stringValue?.hasPrefix("2.") == true {
            (self.document, messageLocations) = Self.asAsyncAPI3(document)
        } else {
            self.document = document
            messageLocations = [:]
        }
    }

    /// An AsyncAPI 2 document with `operations` added as AsyncAPI 3 has them, each message a `$ref` to its place in
    /// the channel (so results name that place); and where each operation's messages are.
    static func asAsyncAPI3(_ document: JSONValue) -> (JSONValue, [String: String]) {
        guard case .object(var root) = document else { return (document, [:]) }
        var operations: [String: JSONValue] = [:]
        var locations: [String: String] = [:]
        func escaped(_ name: String) -> String {
            name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
                .replacingOccurrences(of: "%", with: "%25")
        }
        let channels = root["channels"]?.objectValue ?? [:]
        for channel in channels.keys.sorted() {
            for action in ["publish", "subscribe"] {
                guard let operation = channels[channel]?[action],
                    let operationId = operation["operationId"]?.stringValue, operations[operationId] == nil,
                    let message = operation["message"]
                else { continue }
                let pointer = "#/channels/\(escaped(channel))/\(action)/message"
                let messages: [JSONValue]
                if case .array(let choices)? = message["oneOf"] {
                    messages = choices.indices.map { .object(["$ref": .string("\(pointer)/oneOf/\($0)")]) }
                } else {
                    messages = [.object(["$ref": .string(pointer)])]
                }
                operations[operationId] = .object([
                    "action": .string(action == "publish" ? "receive" : "send"),
                    "messages": .array(messages),
                ])
                locations[operationId] = "[root].channels.\(channel).\(action).message"
            }
        }
        root["operations"] = .object(operations)
        return (.object(root), locations)
    }

    /// Where the messages of an operation are reported: `[root].operations.<id>.messages`, or the channel's message
    /// in an AsyncAPI 2 document.
    private func messagesLocation(_ operationId: String) -> String {
        messageLocations[operationId] ?? "[root].operations.\(operationId).messages"
    }

    /// The operation itself (the message's channel operation in an AsyncAPI 2 document).
    private func operationLocation(_ operationId: String) -> String {
        guard let messages = messageLocations[operationId] else { return "[root].operations.\(operationId)" }
        return String(messages.dropLast(".message".count))
    }

    private struct Candidate {
        var message: JSONValue
        var path: String
    }

    private struct Locations {
        var payload: String
        var headers: String
        var spec: String
    }

    private struct Interaction {
        var description: String?
        var providerState: String?
        var references: JSONValue?

        func mock(_ location: String, _ value: JSONValue?) -> ContractComparisonResult.MockDetails {
            ContractComparisonResult.MockDetails(
                interactionDescription: description,
                interactionState: providerState.flatMap { $0.isEmpty ? nil : $0 } ?? "[none]",
                location: location,
                value: value
            )
        }
    }

    func compare(_ message: PactInteraction.Message, index: Int) -> [ContractComparisonResult] {
        let interaction = Interaction(
            description: message.description,
            providerState: message.providerState,
            references: message.references
        )
        var results: [ContractComparisonResult] = []
        guard let operationId = preamble(interaction, index: index, kind: "async", into: &results) else {
            return results
        }
        return matchAll(
            candidates(
                messagesOf: document?["operations"]?[operationId]?["messages"],
                inlineBase: messagesLocation(operationId)
            ),
            content: message,
            interaction: interaction,
            locations: Locations(
                payload: "[root].interactions[\(index)].contents.content",
                headers: "[root].interactions[\(index)].metadata",
                spec: messagesLocation(operationId)
            ),
            direction: "response",
            noMatch: interaction.mock("[root].interactions[\(index)]", message.description.map(JSONValue.string))
        )
    }

    func compare(_ sync: PactInteraction.SyncMessage, index: Int) -> [ContractComparisonResult] {
        let interaction = Interaction(
            description: sync.description,
            providerState: sync.providerState,
            references: sync.references
        )
        var results: [ContractComparisonResult] = []
        guard let operationId = preamble(interaction, index: index, kind: "sync", into: &results) else {
            return results
        }
        let noMatch = interaction.mock(
            "[root].interactions[\(index)].comments.references.AsyncAPI.operationId",
            .string(operationId)
        )
        let operation = document?["operations"]?[operationId]
        let requestResults = matchAll(
            candidates(messagesOf: operation?["messages"], inlineBase: messagesLocation(operationId)),
            content: sync.request,
            interaction: interaction,
            locations: Locations(
                payload: "[root].interactions[\(index)].request.contents.content",
                headers: "[root].interactions[\(index)].request.metadata",
                spec: messagesLocation(operationId)
            ),
            direction: "request",
            noMatch: noMatch
        )
        results += requestResults
        guard requestResults.contains(where: { $0.code == "message.matched" }) else { return results }
        guard let reply = operation?["reply"] else {
            results.append(
                ContractComparisonResult(
                    code: "message.reply.missing",
                    type: .error,
                    message: "Operation \"\(operationId)\" has no reply field in AsyncAPI spec",
                    mockDetails: interaction.mock(
                        "[root].interactions[\(index)].comments.references.AsyncAPI",
                        .string(operationId)
                    ),
                    specDetails: ContractComparisonResult.SpecDetails(
                        location: operationLocation(operationId),
                        value: operation
                    )
                )
            )
            return results
        }
        let replyMessages = reply["messages"]?.arrayValue ?? []
        if replyMessages.isEmpty {
            results.append(
                ContractComparisonResult(
                    code: "message.reply.missing",
                    type: .error,
                    message: "Operation \"\(operationId)\" reply defines no messages in AsyncAPI spec",
                    mockDetails: interaction.mock(
                        "[root].interactions[\(index)].comments.references.AsyncAPI",
                        .string(operationId)
                    ),
                    specDetails: ContractComparisonResult.SpecDetails(
                        location: "[root].operations.\(operationId).reply.messages",
                        value: reply["messages"]
                    )
                )
            )
            return results
        }
        if sync.responses.isEmpty {
            results.append(
                ContractComparisonResult(
                    code: "message.response.missing",
                    type: .warning,
                    message: "Sync interaction defines no responses to validate against the reply",
                    mockDetails: interaction.mock("[root].interactions[\(index)].response", .array([])),
                    specDetails: ContractComparisonResult.SpecDetails(
                        location: "[root].operations.\(operationId).reply.messages",
                        value: .array(replyMessages)
                    )
                )
            )
            return results
        }
        for (responseIndex, response) in sync.responses.enumerated() {
            results += matchAll(
                candidates(
                    messagesOf: reply["messages"],
                    inlineBase: "[root].operations.\(operationId).reply.messages"
                ),
                content: response,
                interaction: interaction,
                locations: Locations(
                    payload: "[root].interactions[\(index)].response[\(responseIndex)].contents.content",
                    headers: "[root].interactions[\(index)].response[\(responseIndex)].metadata",
                    spec: "[root].operations.\(operationId).reply.messages"
                ),
                direction: "response",
                noMatch: noMatch
            )
        }
        return results
    }

    /// The document, the reference and the operation an interaction names; nil (and a result) when one is missing.
    private func preamble(
        _ interaction: Interaction,
        index: Int,
        kind: String,
        into results: inout [ContractComparisonResult]
    ) -> String? {
        guard let document else {
            results.append(
                ContractComparisonResult(
                    code: "message.spec.missing",
                    type: .error,
                    message: "No AsyncAPI document provided to validate \(kind) interaction",
                    mockDetails: interaction.mock(
                        "[root].interactions[\(index)]",
                        interaction.description.map(JSONValue.string)
                    ),
                    specDetails: ContractComparisonResult.SpecDetails(location: "[root]")
                )
            )
            return nil
        }
        let title = kind.prefix(1).uppercased() + kind.dropFirst()
        let references = interaction.references
        guard let references, references.isTruthy else {
            results.append(
                ContractComparisonResult(
                    code: "message.references.missing",
                    type: .error,
                    message: "\(title) interaction has no AsyncAPI references in comments.references.AsyncAPI",
                    mockDetails: interaction.mock(
                        "[root].interactions[\(index)].comments.references.AsyncAPI",
                        nil
                    ),
                    specDetails: ContractComparisonResult.SpecDetails(location: "[root]")
                )
            )
            return nil
        }
        guard let operationId = references["operationId"]?.stringValue, !operationId.isEmpty else {
            results.append(
                ContractComparisonResult(
                    code: "message.references.missing",
                    type: .error,
                    message:
                        "\(title) interaction has a malformed AsyncAPI reference in comments.references.AsyncAPI: expected an \"operationId\" property",
                    mockDetails: interaction.mock(
                        "[root].interactions[\(index)].comments.references.AsyncAPI",
                        references
                    ),
                    specDetails: ContractComparisonResult.SpecDetails(location: "[root]")
                )
            )
            return nil
        }
        guard document["operations"]?[operationId]?.isTruthy == true else {
            results.append(
                ContractComparisonResult(
                    code: "message.operation.unknown",
                    type: .error,
                    message: "Operation not defined in AsyncAPI spec: \(operationId)",
                    mockDetails: interaction.mock(
                        "[root].interactions[\(index)].comments.references.AsyncAPI.operationId",
                        .string(operationId)
                    ),
                    specDetails: ContractComparisonResult.SpecDetails(
                        location: messageLocations.isEmpty ? "[root].operations" : "[root].channels"
                    )
                )
            )
            return nil
        }
        return operationId
    }

    private func candidates(messagesOf list: JSONValue?, inlineBase: String) -> [Candidate] {
        guard let document, case .array(let messages)? = list else { return [] }
        var result: [Candidate] = []
        for (index, entry) in messages.enumerated() {
            guard case .object = entry else { continue }
            if let ref = entry["$ref"]?.stringValue {
                guard let path = SchemaTransform.dereferencePath(ref, in: document),
                    let message = document.value(at: path)
                else { continue }
                result.append(Candidate(message: message, path: "[root]." + path.joined(separator: ".")))
            } else {
                result.append(Candidate(message: entry, path: "\(inlineBase)[\(index)]"))
            }
        }
        return result
    }

    private func matchAll(
        _ candidates: [Candidate],
        content: PactInteraction.Message,
        interaction: Interaction,
        locations: Locations,
        direction: String,
        noMatch: ContractComparisonResult.MockDetails
    ) -> [ContractComparisonResult] {
        for candidate in candidates {
            let results =
                payloadResults(
                    candidate,
                    content: content,
                    interaction: interaction,
                    locations: locations,
                    direction: direction
                )
                + headerResults(
                    candidate,
                    content: content,
                    interaction: interaction,
                    locations: locations,
                    direction: direction
                )
            if !results.contains(where: { $0.type == .error }) {
                return results
                    + [
                        ContractComparisonResult(
                            code: "message.matched",
                            type: .info,
                            message: "Matched message at \(candidate.path)",
                            mockDetails: nil,
                            specDetails: ContractComparisonResult.SpecDetails(
                                location: candidate.path,
                                value: candidate.message
                            )
                        )
                    ]
            }
        }
        return [
            ContractComparisonResult(
                code: "message.no.match",
                type: .error,
                message: "No message in the operation matched the interaction",
                mockDetails: noMatch,
                specDetails: ContractComparisonResult.SpecDetails(location: locations.spec)
            )
        ]
    }

    private func inlined(_ schema: JSONValue) -> JSONValue {
        guard let document else { return schema }
        return Self.resolveReferences(schema, in: document, visited: [])
    }

    static func resolveReferences(_ value: JSONValue, in document: JSONValue, visited: Set<String>) -> JSONValue {
        switch value {
        case .array(let items):
            return .array(items.map { resolveReferences($0, in: document, visited: visited) })
        case .object(let object):
            if let ref = object["$ref"]?.stringValue {
                if visited.contains(ref) || visited.count > 64 { return .object([:]) }
                guard let path = SchemaPointer.split(ref), let target = document.value(at: path) else { return .null }
                return resolveReferences(target, in: document, visited: visited.union([ref]))
            }
            return .object(object.mapValues { resolveReferences($0, in: document, visited: visited) })
        default:
            return value
        }
    }

    private func payloadResults(
        _ candidate: Candidate,
        content: PactInteraction.Message,
        interaction: Interaction,
        locations: Locations,
        direction: String
    ) -> [ContractComparisonResult] {
        let status: MediaTypeMatching.BodyStatus =
            content.contentType == nil
            ? .skip : MediaTypeMatching.bodyStatus(content.contentType, hasBody: content.payload != nil)
        switch status {
        case .skip:
            return []
        case .warn:
            return [
                ContractComparisonResult(
                    code: "message.payload.unvalidatable",
                    type: .warning,
                    message:
                        "Body with content type '\(content.contentType ?? "")' is not supported by the spec comparator",
                    mockDetails: interaction.mock(locations.payload, content.payload),
                    specDetails: ContractComparisonResult.SpecDetails(location: candidate.path)
                )
            ]
        case .validate:
            break
        }
        guard let payloadSchema = candidate.message["payload"], payloadSchema.isTruthy else {
            guard content.payload != nil else { return [] }
            return [
                ContractComparisonResult(
                    code: "message.payload.unknown",
                    type: .warning,
                    message: "No schema found for message payload",
                    mockDetails: interaction.mock(locations.payload, content.payload),
                    specDetails: ContractComparisonResult.SpecDetails(location: candidate.path)
                )
            ]
        }
        let schemaPath = "\(candidate.path).payload"
        let validator = schemas.compiled("\(schemaPath)#\(direction)", coerce: false) {
            let schema = inlined(payloadSchema)
            return direction == "response" ? SchemaTransform.received(schema) : schema
        }
        let value = content.payload ?? .null
        return validator.validate(value).map { error in
            ContractComparisonResult(
                code: "message.payload.incompatible",
                type: .error,
                message: "Message payload is incompatible with the schema in the spec file: \(error.message)",
                mockDetails: interaction.mock(
                    locations.payload + OpenAPIComparison.instanceSuffix(error),
                    value.value(at: error.instancePath)
                ),
                specDetails: ContractComparisonResult.SpecDetails(
                    location: "\(schemaPath).\(OpenAPIComparison.schemaSuffix(error))"
                )
            )
        }
    }

    private func headerResults(
        _ candidate: Candidate,
        content: PactInteraction.Message,
        interaction: Interaction,
        locations: Locations,
        direction: String
    ) -> [ContractComparisonResult] {
        guard let headersSchema = candidate.message["headers"], headersSchema.isTruthy,
            let metadata = content.metadata
        else { return [] }
        let schemaPath = "\(candidate.path).headers"
        let validator = schemas.compiled("\(schemaPath)#\(direction)", coerce: false) {
            let schema = inlined(headersSchema)
            return direction == "response" ? SchemaTransform.received(schema) : schema
        }
        let value = JSONValue.object(metadata)
        return validator.validate(value).map { error in
            ContractComparisonResult(
                code: "message.headers.incompatible",
                type: .error,
                message: "Message headers are incompatible with the schema in the spec file: \(error.message)",
                mockDetails: interaction.mock(
                    locations.headers + OpenAPIComparison.instanceSuffix(error),
                    value.value(at: error.instancePath)
                ),
                specDetails: ContractComparisonResult.SpecDetails(
                    location: "\(schemaPath).\(OpenAPIComparison.schemaSuffix(error))"
                )
            )
        }
    }
}
