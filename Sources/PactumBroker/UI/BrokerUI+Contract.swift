import Foundation
import Hummingbird
import PactumCore

extension BrokerUI {
    /// A contract as API documentation: each interaction's provider states, request, response (or message) and
    /// matching rules.
    static func contract(_ request: BrokerRequest, _ store: BrokerStore) async throws -> Page {
        let provider = try await requirePacticipant(try request.parameters.require("provider"), store)
        let consumer = try await requirePacticipant(try request.parameters.require("consumer"), store)
        let publication: PublicationRecord?
        if let number = request.parameters.get("version") {
            guard let version = try await store.version(pacticipantID: consumer.id, number: number) else {
                throw BrokerError.notFound("No version \(number) of \(consumer.name) exists")
            }
            publication = try await store.publication(consumerVersionID: version.id, providerID: provider.id)
        } else {
            publication = try await store.latestPublication(consumerID: consumer.id, providerID: provider.id)
        }
        guard let publication, let json = try await store.content(id: publication.contentID) else {
            throw BrokerError.notFound("No pact between \(consumer.name) and \(provider.name) was found")
        }
        let verification = try await store.latestVerification(
            contentID: publication.contentID,
            providerID: provider.id
        )
        let labels = try await store.labels(versionIDs: [publication.consumerVersionID])
        let pact: Pact
        do {
            pact = try Pact(json: json)
        } catch {
            throw BrokerError(status: 422, message: "The stored pact cannot be read: \(error)")
        }
        let status = VerificationStatus(success: verification?.success)
        let verifiedText =
            verification.map {
                " by \(HTML.escape(provider.name)) \(HTML.escape($0.providerVersionNumber)) at \(HTML.shortTime($0.createdAt))"
            } ?? ""
        let badge = HTML.path("pacts", "provider", provider.name, "consumer", consumer.name, "latest", "badge")
        let toc = pact.interactions.enumerated().map { index, interaction in
            "<li><a href=\"#interaction-\(index + 1)\">\(HTML.escape(interaction.description))</a></li>"
        }.joined()
        let interactions = pact.interactions.enumerated().map { index, interaction in
            render(interaction, number: index + 1)
        }.joined()
        let body = """
            <h1>\(HTML.escape(consumer.name)) → \(HTML.escape(provider.name))</h1>
            <p class="subtitle">Contract published by \(HTML.escape(consumer.name)) version \
            <strong>\(HTML.escape(publication.consumerVersionNumber))</strong> \(chips(labels[publication.consumerVersionID])) \
            on \(HTML.shortTime(publication.createdAt)) · Pact specification \(HTML.escape(pact.specification.label))</p>
            <div class="card"><dl class="kv summary"><dt>Verification</dt><dd>\(HTML.status(status))\(verifiedText)</dd>
            <dt>Interactions</dt><dd>\(pact.interactions.count)</dd>
            <dt>Badge</dt><dd><img src="\(badge)" alt="verification badge"> <code>\(badge)</code></dd>
            <dt>Links</dt><dd>\(HTML.link(matrixPath(provider: provider.name, consumer: consumer.name), "Matrix")) · \
            <a href="\(HTML.path("pacts", "provider", provider.name, "consumer", consumer.name, "version", publication.consumerVersionNumber))">JSON</a></dd></dl>
            <ol>\(toc)</ol></div>\(interactions)
            """
        return Page(title: "\(consumer.name) → \(provider.name) contract", active: "dashboard", body: body)
    }

    static func render(_ interaction: Interaction, number: Int) -> String {
        let states =
            interaction.providerStates.isEmpty
            ? ""
            : "<h3>Given</h3><ul class=\"states\">"
                + interaction.providerStates.map { state in
                    let params =
                        state.params.isEmpty
                        ? "" : " <code>\(HTML.escape(JSONWriter.compact(.object(state.params))))</code>"
                    return "<li>\(HTML.escape(state.name))\(params)</li>"
                }.joined() + "</ul>"
        let pending = interaction.pending ? " <span class=\"pill pending\">pending</span>" : ""
        let content: String
        switch interaction.kind {
        case .http(let request, let response):
            content = """
                <div class="grid"><div><h3>Request</h3>\(renderRequest(request))</div>\
                <div><h3>Response</h3>\(renderResponse(response))</div></div>
                """
        case .asynchronousMessage(let message):
            content = "<h3>Message</h3>\(renderMessage(message))"
        case .synchronousMessage(let request, let responses):
            content =
                "<div class=\"grid\"><div><h3>Request message</h3>\(renderMessage(request))</div><div>"
                + responses.enumerated().map { index, response in
                    "<h3>Response message\(responses.count > 1 ? " \(index + 1)" : "")</h3>\(renderMessage(response))"
                }.joined() + "</div></div>"
        }
        let method: String
        let summary: String
        switch interaction.kind {
        case .http(let request, let response):
            method = request.method.uppercased()
            summary = "<code>\(HTML.escape(request.path))</code> → <strong>\(response.status)</strong>"
        case .asynchronousMessage: (method, summary) = ("MESSAGE", "<span class=\"muted\">asynchronous</span>")
        case .synchronousMessage: (method, summary) = ("MESSAGE", "<span class=\"muted\">synchronous</span>")
        }
        return """
            <section class="card interaction" id="interaction-\(number)"><h2>\(HTML.escape(interaction.description))\(pending)</h2>
            <p><span class="method \(HTML.escape(method))">\(HTML.escape(method))</span>\(summary)</p>\(states)\(content)</section>
            """
    }

    static func renderRequest(_ request: PactumCore.HTTPRequest) -> String {
        var rows = "<dt>Method</dt><dd>\(HTML.escape(request.method.uppercased()))</dd>"
        rows += "<dt>Path</dt><dd>\(HTML.escape(request.path))</dd>"
        if let query = request.query, !query.isEmpty {
            rows += "<dt>Query</dt><dd>\(HTML.escape(QueryString.format(query)))</dd>"
        } else if let raw = request.v1QueryString, !raw.isEmpty {
            rows += "<dt>Query</dt><dd>\(HTML.escape(raw))</dd>"
        }
        rows += headerRows(request.headers)
        return "<dl class=\"kv\">\(rows)</dl>\(renderBody(request.body))\(renderRules(request.matchingRules))"
    }

    static func renderResponse(_ response: PactumCore.HTTPResponse) -> String {
        let rows = "<dt>Status</dt><dd>\(response.status)</dd>" + headerRows(response.headers)
        return "<dl class=\"kv\">\(rows)</dl>\(renderBody(response.body))\(renderRules(response.matchingRules))"
    }

    static func renderMessage(_ message: Message) -> String {
        let metadata = message.metadata.sorted { $0.key < $1.key }.map { key, value in
            "<dt>\(HTML.escape(key))</dt><dd>\(HTML.escape(value.stringValue ?? JSONWriter.compact(value)))</dd>"
        }.joined()
        return (metadata.isEmpty ? "" : "<dl class=\"kv\">\(metadata)</dl>")
            + renderBody(message.contents) + renderRules(message.matchingRules)
    }

    static func headerRows(_ headers: [String: [String]]?) -> String {
        (headers ?? [:]).sorted { $0.key.lowercased() < $1.key.lowercased() }.map { name, values in
            "<dt>\(HTML.escape(name))</dt><dd>\(HTML.escape(values.joined(separator: ", ")))</dd>"
        }.joined()
    }

    static func renderBody(_ body: Body) -> String {
        let text: String
        switch body.content {
        case .missing: return ""
        case .null: text = "null"
        case .empty: return "<p class=\"muted\">Empty body</p>"
        case .json(let value): text = JSONWriter.pretty(value)
        case .text(let value): text = value
        case .binary(let bytes): text = "(\(bytes.count) bytes of binary data)"
        }
        let type = body.contentType.map { " <span class=\"muted\">\(HTML.escape($0))</span>" } ?? ""
        return "<div class=\"body\"><span class=\"muted\">Body</span>\(type)<pre>\(HTML.escape(text))</pre></div>"
    }

    /// Matching rules as "where — what": `$.id — an integer`, `header Accept — matches /…/`.
    static func renderRules(_ rules: MatchingRules) -> String {
        var items: [String] = []
        for category in rules.categories.keys.sorted() {
            guard let entries = rules.categories[category]?.rules else { continue }
            for (path, list) in entries.sorted(by: { $0.key < $1.key }) where !list.isEmpty {
                let place = category == .body ? path : (path.isEmpty ? category.rawValue : "\(category) \(path)")
                let joiner = list.logic == .or ? " or " : " and "
                let text = list.rules.map { describe($0) }.joined(separator: joiner)
                items.append("<li><code>\(HTML.escape(place))</code> — \(HTML.escape(text))</li>")
            }
        }
        guard !items.isEmpty else { return "" }
        return "<div class=\"rules\"><span class=\"muted\">Matching rules</span><ul class=\"rules\">"
            + items.joined() + "</ul></div>"
    }

    /// One rule in words, from its Pact JSON form.
    static func describe(_ rule: MatchingRule) -> String {
        let json = rule.json
        func string(_ key: String) -> String? { json[key]?.stringValue }
        func number(_ key: String) -> Int? { json[key]?.intValue }
        switch rule.name {
        case "equality": return "equal to the example"
        case "regex": return "matches /\(string("regex") ?? "")/"
        case "type":
            var text = "same type as the example"
            if let min = number("min") { text += ", at least \(min) item\(min == 1 ? "" : "s")" }
            if let max = number("max") { text += ", at most \(max) item\(max == 1 ? "" : "s")" }
            return text
        case "include": return "includes \"\(string("value") ?? "")\""
        case "integer": return "an integer"
        case "decimal": return "a decimal number"
        case "number": return "a number"
        case "boolean": return "a boolean"
        case "null": return "null"
        case "date", "time", "datetime", "timestamp":
            let kind = rule.name == "timestamp" ? "datetime" : rule.name
            return string("format").map { "a \(kind) formatted \($0)" } ?? "a \(kind)"
        case "values": return "any keys, values like the example"
        case "contentType": return "content of type \(string("value") ?? "")"
        case "notEmpty": return "not empty"
        case "semver": return "a semantic version"
        case "statusCode": return "a \(json["status"].map { $0.stringValue ?? JSONWriter.compact($0) } ?? "") status"
        case "arrayContains": return "an array containing items like the examples"
        case "eachKey": return "every key is " + nested(json)
        case "eachValue": return "every value is " + nested(json)
        default: return "\(rule.name) \(JSONWriter.compact(json))"
        }
    }

    private static func nested(_ json: JSONValue) -> String {
        let rules = (json["rules"]?.arrayValue ?? []).compactMap { try? MatchingRule(json: $0) }
        return rules.isEmpty ? "like the example" : rules.map { describe($0) }.joined(separator: " and ")
    }
}
