import Foundation
import PactumCore

/// The events a webhook can fire on.
enum WebhookEvent {
    static let contractPublished = "contract_published"
    static let contractContentChanged = "contract_content_changed"
    static let contractRequiringVerificationPublished = "contract_requiring_verification_published"
    static let verificationPublished = "provider_verification_published"
    static let verificationSucceeded = "provider_verification_succeeded"
    static let verificationFailed = "provider_verification_failed"
    static let all = [
        contractPublished, contractContentChanged, verificationPublished, verificationSucceeded, verificationFailed,
        contractRequiringVerificationPublished,
    ]
}

/// Which consumers or providers a webhook is for: one by name, or every pacticipant with a label.
struct WebhookPacticipantFilter: Sendable, Hashable {
    var name: String?
    var label: String?

    func matches(name candidate: String, labels: [String]) -> Bool {
        if let name { return name == candidate }
        if let label { return labels.contains(label) }
        return true
    }

    var json: JSONValue { object([("name", name.json), ("label", label.json)]) }
}

/// The request a webhook sends, with `${pactbroker.…}` parameters.
struct WebhookRequestTemplate: Sendable, Hashable {
    var method: String
    var url: String
    var headers: [String: String]
    var body: JSONValue?
    var username: String?
    var password: String?

    /// "POST example.com", as the Pact Broker describes a webhook without a description.
    var description: String {
        let host = WebhookTargetPolicy.parse(url)?.host ?? url
        return "\(method.uppercased()) \(host)"
    }

    /// The stored form (secrets included).
    var storedJSON: JSONValue {
        object([
            ("method", .string(method)),
            ("url", .string(url)),
            ("headers", .object(headers.mapValues(JSONValue.string))),
            ("body", body),
            ("username", username.json),
            ("password", password.json),
        ])
    }

    /// The form shown to clients: password and secret headers masked.
    var redactedJSON: JSONValue {
        var shownHeaders: [String: JSONValue] = [:]
        for (name, value) in headers {
            shownHeaders[name] = .string(WebhookRedaction.headerValue(name: name, value: value))
        }
        return object([
            ("method", .string(method)),
            ("url", .string(WebhookRedaction.url(url))),
            ("headers", shownHeaders.isEmpty ? nil : .object(shownHeaders)),
            ("body", body),
            ("username", username.json),
            ("password", WebhookRedaction.password(password).json),
        ])
    }

    init(method: String, url: String, headers: [String: String], body: JSONValue?, username: String?, password: String?)
    {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.username = username
        self.password = password
    }

    init(stored json: JSONValue) {
        method = json["method"]?.stringValue ?? "POST"
        url = json["url"]?.stringValue ?? ""
        headers = (json["headers"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        body = json["body"].flatMap { $0 == .null ? nil : $0 }
        username = json["username"]?.stringValue
        password = json["password"]?.stringValue
    }

    /// Secrets a log must not show (the password and secret header values, as written and as rendered).
    func secrets(_ parameters: [String: String]) -> [String] {
        var values = WebhookRedaction.urlSecrets(url)
        if let password { values += [password, WebhookTemplate.render(password, parameters)] }
        for (name, value) in headers where WebhookRedaction.isSecretHeader(name) {
            values += [value, WebhookTemplate.render(value, parameters)]
            // "Bearer abc": the token alone too.
            if let token = value.split(separator: " ").last, token.count >= 3 { values.append(String(token)) }
        }
        if let username, let password {
            let rendered =
                WebhookTemplate.render(username, parameters) + ":" + WebhookTemplate.render(password, parameters)
            values.append(Data(rendered.utf8).base64EncodedString())
        }
        return values.filter { !WebhookTemplate.includesParameter($0) && $0 != WebhookRedaction.mask }
    }
}

/// A webhook as stored.
struct WebhookDefinition: Sendable, Hashable {
    var uuid: String
    var description: String?
    var consumer: WebhookPacticipantFilter?
    var provider: WebhookPacticipantFilter?
    var enabled: Bool
    var events: [String]
    var request: WebhookRequestTemplate
    var createdAt: String
    var updatedAt: String
    /// The PactFlow team the webhook belongs to (`teamUuid`): kept and shown, it scopes nothing here.
    var teamUUID: String? = nil

    var displayDescription: String {
        if let description, !description.trimmingCharacters(in: .whitespaces).isEmpty { return description }
        return request.description
    }

    var scopeDescription: String {
        switch (consumer, provider) {
        case (.some, .some):
            return "A webhook for the pact between \(Self.scopeName(consumer, plural: "consumers")) and "
                + Self.scopeName(provider, plural: "providers")
        case (.none, .some): return "A webhook for all pacts with provider \(Self.scopeName(provider, plural: nil))"
        case (.some, .none): return "A webhook for all pacts with consumer \(Self.scopeName(consumer, plural: nil))"
        case (.none, .none): return "A webhook for all pacts"
        }
    }

    private static func scopeName(_ filter: WebhookPacticipantFilter?, plural: String?) -> String {
        guard let filter else { return "" }
        if let name = filter.name { return name }
        return (plural.map { $0 + " " } ?? "") + "labeled '\(filter.label ?? "")'"
    }

    /// Whether the webhook fires for this integration and event.
    func fires(
        on event: String,
        consumer consumerName: String,
        consumerLabels: [String],
        provider providerName: String,
        providerLabels: [String]
    ) -> Bool {
        enabled && events.contains(event)
            && (consumer?.matches(name: consumerName, labels: consumerLabels) ?? true)
            && (provider?.matches(name: providerName, labels: providerLabels) ?? true)
    }

    /// Reads a webhook from a request body, checking it like the Pact Broker's WebhookContract and against the
    /// allow-lists. `existing` keeps the stored secrets when a client sends back the masked values it read.
    static func parse(
        _ body: [String: JSONValue],
        uuid: String,
        policy: WebhookTargetPolicy,
        existing: WebhookDefinition?,
        now: String
    ) throws(BrokerError) -> WebhookDefinition {
        var errors: [String: [String]] = [:]
        func add(_ key: String, _ message: String) { errors[key, default: []].append(message) }

        func filter(_ key: String) -> WebhookPacticipantFilter? {
            guard let value = body[key], value != .null else { return nil }
            guard case .object(let members) = value else {
                add(key, "must be an object with a name or a label")
                return nil
            }
            let name = members["name"]?.stringValue
            let label = members["label"]?.stringValue
            if let name, name.trimmingCharacters(in: .whitespaces).isEmpty { add("\(key).name", "cannot be blank") }
            if let label, label.trimmingCharacters(in: .whitespaces).isEmpty { add("\(key).label", "cannot be blank") }
            if name != nil, label != nil { add(key, "cannot have both a name and a label") }
            if name == nil, label == nil { add(key, "must have a name or a label") }
            return WebhookPacticipantFilter(name: name, label: label)
        }
        let consumer = filter("consumer")
        let provider = filter("provider")

        var events: [String] = [WebhookEvent.contractContentChanged]
        if let value = body["events"], value != .null {
            if let items = value.arrayValue {
                if items.isEmpty { add("events", "must have at least one event") }
                events = []
                for (index, item) in items.enumerated() {
                    let name = item["name"]?.stringValue ?? item.stringValue ?? ""
                    if WebhookEvent.all.contains(name) {
                        if !events.contains(name) { events.append(name) }
                    } else {
                        add(
                            "events[\(index)].name",
                            "'\(name)' is not an event: use one of \(WebhookEvent.all.joined(separator: ", "))"
                        )
                    }
                }
            } else {
                add("events", "must be an array of {\"name\": …} objects")
            }
        }

        var enabled = true
        if let value = body["enabled"], value != .null {
            if let flag = value.boolValue { enabled = flag } else { add("enabled", "must be true or false") }
        }
        let description = body["description"]?.stringValue
        var teamUUID: String?
        if let value = body["teamUuid"], value != .null {
            if let text = value.stringValue, UUID(uuidString: text) != nil {
                teamUUID = text.lowercased()
            } else {
                add("teamUuid", "must be a UUID")
            }
        }

        var request = WebhookRequestTemplate(
            method: "",
            url: "",
            headers: [:],
            body: nil,
            username: nil,
            password: nil
        )
        if case .object(let members)? = body["request"] {
            let method = members["method"]?.stringValue ?? ""
            let url = members["url"]?.stringValue ?? ""
            if method.isEmpty { add("request.method", "is missing") }
            if url.isEmpty { add("request.url", "is missing") }
            var headers: [String: String] = [:]
            if let value = members["headers"], value != .null {
                if case .object(let items) = value {
                    for (name, header) in items {
                        if let text = header.stringValue {
                            headers[name] = text
                        } else if let list = header.arrayValue {
                            headers[name] = list.compactMap(\.stringValue).joined(separator: ", ")
                        } else {
                            add("request.headers.\(name)", "must be a string")
                        }
                    }
                } else {
                    add("request.headers", "must be an object of header names to values")
                }
            }
            request = WebhookRequestTemplate(
                method: method.uppercased(),
                url: url,
                headers: headers,
                body: members["body"].flatMap { $0 == .null ? nil : $0 },
                username: members["username"]?.stringValue,
                password: members["password"]?.stringValue
            )
            if !method.isEmpty, !url.isEmpty {
                for (key, messages) in policy.problems(method: method, url: url) {
                    errors[key, default: []] += messages
                }
            }
        } else {
            add("request", "is missing: give an object with method and url")
        }

        if let existing {
            // A client that read the webhook sends the masked secrets back: keep the stored ones, but only for the
            // same target. Stored secrets never follow a URL to another scheme, host or port: moving a webhook
            // takes its secrets again.
            let sameTarget = WebhookRedaction.origin(request.url) == WebhookRedaction.origin(existing.request.url)
            func keep(_ field: String) {
                add(
                    field,
                    "is masked, and the URL now points to another host: give the secret again (stored secrets are only "
                        + "sent to \(WebhookRedaction.origin(existing.request.url)))"
                )
            }
            if request.url == WebhookRedaction.url(existing.request.url) {
                request.url = existing.request.url
            } else if request.url.contains(WebhookRedaction.mask) {
                if sameTarget {
                    add("request.url", "has masked values but differs from the stored URL: give the whole URL again")
                } else {
                    keep("request.url")
                }
            }
            if request.password == WebhookRedaction.mask {
                if sameTarget { request.password = existing.request.password } else { keep("request.password") }
            }
            for (name, value) in request.headers where value == WebhookRedaction.mask {
                if sameTarget {
                    request.headers[name] = existing.request.headers[name]
                } else {
                    keep("request.headers.\(name)")
                }
            }
        }
        if !errors.isEmpty { throw BrokerError.validation(errors) }
        return WebhookDefinition(
            uuid: uuid,
            description: description,
            consumer: consumer,
            provider: provider,
            enabled: enabled,
            events: events,
            request: request,
            createdAt: existing?.createdAt ?? now,
            updatedAt: now,
            teamUUID: teamUUID ?? existing?.teamUUID
        )
    }

    /// A UUID a client may choose (`PUT /webhooks/{uuid}`): 16 or more letters, digits, `-` or `_`.
    static func isValidUUID(_ text: String) -> Bool {
        text.count >= 16
            && text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" }
            && text.allSatisfy(\.isASCII)
    }
}
