import Foundation
import Hummingbird
import PactumCore

extension BrokerAPI {
    /// The Pact Broker's webhook resources.
    static let webhookRoutes: [BrokerRoute] = [
        BrokerRoute("GET", "/webhooks", listWebhooks),
        BrokerRoute("POST", "/webhooks", createWebhook),
        BrokerRoute("POST", "/webhooks/execute", executeUnsavedWebhook),
        BrokerRoute("GET", "/webhooks/provider/:provider/consumer/:consumer", listWebhooks),
        BrokerRoute("POST", "/webhooks/provider/:provider/consumer/:consumer", createWebhook),
        BrokerRoute("GET", "/webhooks/provider/:provider", listWebhooks),
        BrokerRoute("POST", "/webhooks/provider/:provider", createWebhook),
        BrokerRoute("GET", "/webhooks/consumer/:consumer", listWebhooks),
        BrokerRoute("POST", "/webhooks/consumer/:consumer", createWebhook),
        BrokerRoute("GET", "/webhooks/:uuid", getWebhook),
        BrokerRoute("PUT", "/webhooks/:uuid", putWebhook),
        BrokerRoute("DELETE", "/webhooks/:uuid", deleteWebhook),
        BrokerRoute("POST", "/webhooks/:uuid/execute", executeWebhook),
        BrokerRoute("GET", "/pacts/provider/:provider/consumer/:consumer/webhooks", listWebhooks),
        BrokerRoute("POST", "/pacts/provider/:provider/consumer/:consumer/webhooks", createWebhook),
        BrokerRoute("GET", "/pacts/provider/:provider/consumer/:consumer/webhooks/status", webhooksStatus),
        BrokerRoute(
            "GET",
            "/pacts/provider/:provider/consumer/:consumer/version/:version/triggered-webhooks",
            pactTriggeredWebhooks
        ),
        BrokerRoute(
            "GET",
            "/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/verification-results/:number/triggered-webhooks",
            verificationTriggeredWebhooks
        ),
        BrokerRoute("GET", "/triggered-webhooks/:uuid/logs", triggeredWebhookLogs),
    ]

    // MARK: Webhooks

    static func webhookJSON(_ webhook: WebhookDefinition, _ request: BrokerRequest) -> JSONValue {
        var links: [String: JSONValue] = [
            "self": link(request.url("webhooks", webhook.uuid), title: webhook.displayDescription),
            "pb:execute": link(
                request.url("webhooks", webhook.uuid, "execute"),
                title:
                    "Test the execution of the webhook with the latest matching pact or verification by sending a POST request to this URL"
            ),
            "pb:webhooks": link(request.url("webhooks"), title: "All webhooks"),
        ]
        if let name = webhook.consumer?.name {
            links["pb:consumer"] = link(request.url("pacticipants", name), title: "Consumer", name: name)
        }
        if let label = webhook.consumer?.label {
            links["pb:consumers"] = link(
                request.url("pacticipants", "label", label),
                title: "Consumers by label",
                name: label
            )
        }
        if let name = webhook.provider?.name {
            links["pb:provider"] = link(request.url("pacticipants", name), title: "Provider", name: name)
        }
        if let label = webhook.provider?.label {
            links["pb:providers"] = link(
                request.url("pacticipants", "label", label),
                title: "Providers by label",
                name: label
            )
        }
        if let consumer = webhook.consumer?.name, let provider = webhook.provider?.name {
            links["pb:pact-webhooks"] = link(
                request.url("webhooks", "provider", provider, "consumer", consumer),
                title: "All webhooks for consumer \(consumer) and provider \(provider)"
            )
        }
        return object([
            ("uuid", .string(webhook.uuid)),
            ("description", .string(webhook.displayDescription)),
            ("teamUuid", webhook.teamUUID.json),
            ("consumer", webhook.consumer?.json),
            ("provider", webhook.provider?.json),
            ("enabled", .bool(webhook.enabled)),
            ("request", webhook.request.redactedJSON),
            ("events", .array(webhook.events.map { ["name": .string($0)] })),
            ("createdAt", .string(webhook.createdAt)),
            ("updatedAt", webhook.updatedAt == webhook.createdAt ? nil : .string(webhook.updatedAt)),
            ("_links", .object(links)),
        ])
    }

    /// The scope of a collection route: the pacticipants named in the path (which must exist).
    static func webhookScope(
        _ request: BrokerRequest,
        _ store: BrokerStore
    ) async throws -> (consumer: String?, provider: String?) {
        var scope: (consumer: String?, provider: String?) = (nil, nil)
        if let name = request.parameters.get("provider") {
            guard try await store.pacticipant(named: name) != nil else {
                throw BrokerError.notFound("No provider with name '\(name)' found")
            }
            scope.provider = name
        }
        if let name = request.parameters.get("consumer") {
            guard try await store.pacticipant(named: name) != nil else {
                throw BrokerError.notFound("No consumer with name '\(name)' found")
            }
            scope.consumer = name
        }
        return scope
    }

    static func listWebhooks(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let scope = try await webhookScope(request, store)
        let webhooks = try await store.webhooks().map(\.1).filter { webhook in
            (scope.consumer == nil || webhook.consumer?.name == scope.consumer)
                && (scope.provider == nil || webhook.provider?.name == scope.provider)
        }
        let url = request.baseURL + request.path
        let title: String =
            switch scope {
            case (.some(let c), .some(let p)): "Webhooks for the pact between \(c) and \(p)"
            case (.none, .some(let p)): "Webhooks for provider \(p)"
            case (.some(let c), .none): "Webhooks for consumer \(c)"
            case (.none, .none): "Webhooks"
            }
        return .ok([
            "_links": [
                "self": link(url, title: title),
                "pb:create": link(url, title: "POST to create a webhook"),
                "pb:webhooks": .array(
                    webhooks.map {
                        link(request.url("webhooks", $0.uuid), title: $0.scopeDescription, name: $0.displayDescription)
                    }
                ),
                "curies": [
                    ["name": "pb", "href": .string(request.baseURL + "/doc/webhooks-{rel}"), "templated": true]
                ],
            ]
        ])
    }

    /// Reads and checks a webhook body; a scoped route fills in (and must agree with) the consumer and provider.
    static func parseWebhook(
        _ request: BrokerRequest,
        _ store: BrokerStore,
        uuid: String,
        existing: WebhookDefinition?
    ) async throws -> WebhookDefinition {
        var body = try request.jsonObject()
        let scope = try await webhookScope(request, store)
        for (key, name) in [("consumer", scope.consumer), ("provider", scope.provider)] {
            guard let name else { continue }
            if let given = body[key]?["name"]?.stringValue, given != name {
                throw BrokerError.validation([
                    "\(key).name": ["'\(given)' does not match the \(key) in the URL ('\(name)')"]
                ])
            }
            body[key] = ["name": .string(name)]
        }
        let policy = request.webhooks?.policy ?? WebhookTargetPolicy(configuration: WebhookConfiguration())
        let webhook = try WebhookDefinition.parse(
            body,
            uuid: uuid,
            policy: policy,
            existing: existing,
            now: BrokerClock.now()
        )
        var errors: [String: [String]] = [:]
        if let host = WebhookTargetPolicy.parse(webhook.request.url)?.host,
            let problem = await policy.saveProblem(host: host)
        {
            errors["request.url", default: []].append(problem)
        }
        for (key, filter) in [("consumer", webhook.consumer), ("provider", webhook.provider)] {
            if let name = filter?.name, try await store.pacticipant(named: name) == nil {
                errors["\(key).name", default: []].append(
                    "no pacticipant with name '\(name)' found: publish a pact or create the pacticipant first"
                )
            }
        }
        if !errors.isEmpty { throw BrokerError.validation(errors) }
        return webhook
    }

    static func createWebhook(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let uuid = UUID().uuidString.lowercased()
        let webhook = try await parseWebhook(request, store, uuid: uuid, existing: nil)
        try await store.saveWebhook(webhook)
        return .created(webhookJSON(webhook, request), location: request.url("webhooks", uuid))
    }

    static func requireWebhook(_ request: BrokerRequest, _ store: BrokerStore) async throws -> WebhookDefinition {
        guard let (_, webhook) = try await store.webhook(uuid: try request.parameters.require("uuid")) else {
            throw BrokerError.notFound("No webhook with uuid '\(try request.parameters.require("uuid"))' found")
        }
        return webhook
    }

    static func getWebhook(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        .ok(webhookJSON(try await requireWebhook(request, store), request))
    }

    static func putWebhook(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let uuid = try request.parameters.require("uuid")
        let existing = try await store.webhook(uuid: uuid)?.1
        if existing == nil, !WebhookDefinition.isValidUUID(uuid) {
            throw BrokerError.validation([
                "uuid": [
                    "'\(uuid)' is not a valid webhook uuid: use 16 or more letters, digits, '-' or '_' (for example a UUID)"
                ]
            ])
        }
        let webhook = try await parseWebhook(request, store, uuid: uuid, existing: existing)
        try await store.saveWebhook(webhook)
        let json = webhookJSON(webhook, request)
        return existing == nil ? .created(json, location: request.url("webhooks", uuid)) : .ok(json)
    }

    static func deleteWebhook(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let webhook = try await requireWebhook(request, store)
        try await store.deleteWebhook(uuid: webhook.uuid)
        return .noContent
    }

    // MARK: Test execution

    static func executeWebhook(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let webhook = try await requireWebhook(request, store)
        return try await execute(webhook, request, store, saved: true)
    }

    static func executeUnsavedWebhook(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let webhook = try await parseWebhook(request, store, uuid: "", existing: nil)
        return try await execute(webhook, request, store, saved: false)
    }

    /// Sends the webhook now with the newest matching pact (and its newest verification), and answers with the
    /// request, the response (when responses may be shown), the log and the outcome. Nothing is queued or retried.
    static func execute(
        _ webhook: WebhookDefinition,
        _ request: BrokerRequest,
        _ store: BrokerStore,
        saved: Bool
    ) async throws -> BrokerResponse {
        guard let runtime = request.webhooks else {
            throw BrokerError(status: 503, message: "Webhook execution is not available outside a running broker")
        }
        let (parameters, consumer, provider) = try await WebhookTrigger.sampleParameters(
            store,
            webhook: webhook,
            baseURL: request.trustedBaseURL
        )
        // The outgoing request is sent after the transaction ends: on SQLite it would hold the write lock for up to
        // the webhook timeout.
        return BrokerResponse(status: 200, json: nil) {
            try await sendTestExecution(webhook, request, runtime, parameters, consumer, provider, saved: saved)
        }
    }

    static func sendTestExecution(
        _ webhook: WebhookDefinition,
        _ request: BrokerRequest,
        _ runtime: WebhookRuntime,
        _ parameters: [String: String],
        _ consumer: String,
        _ provider: String,
        saved: Bool
    ) async throws -> BrokerResponse {
        let result = await runtime.executor.execute(
            webhook.request,
            parameters: parameters,
            context: [
                "event_name": parameters["eventName"] ?? "", "consumer_name": consumer, "provider_name": provider,
                "trigger_type": "user",
            ]
        )
        // Counted under their own label: a test execution is not a delivery of an event.
        let outcome = result.success ? "success" : result.refused ? "refused" : "failure"
        runtime.metrics?.increment(
            "pactum_broker_webhook_deliveries_total",
            labels: ["outcome": outcome, "trigger": "test"]
        )
        let showResponse = runtime.configuration.showsResponses
        func bodyJSON(_ text: String?) -> JSONValue? {
            guard let text else { return nil }
            return (try? JSONParser.parse(text)) ?? .string(text)
        }
        var links: [String: JSONValue] = [
            "try-again": link(request.baseURL + request.path, title: "Execute the webhook again")
        ]
        if saved { links["webhook"] = link(request.url("webhooks", webhook.uuid)) }
        var requestHeaders: [String: JSONValue] = [:]
        for (name, value) in result.requestHeaders { requestHeaders[name] = .string(value) }
        var responseJSON: JSONValue?
        if let status = result.responseStatus {
            var headers: [String: String] = [:]
            for (name, value) in result.responseHeaders {
                headers[name] = headers[name].map { $0 + ", " + value } ?? value
            }
            responseJSON = object([
                ("status", .integer(status)),
                ("headers", .object(headers.mapValues(JSONValue.string))),
                ("body", bodyJSON(result.responseBody)),
            ])
        }
        return .ok(
            object([
                (
                    "request",
                    object([
                        ("headers", .object(requestHeaders)),
                        ("body", bodyJSON(result.requestBody)),
                        ("url", .string(result.url)),
                    ])
                ),
                ("response", showResponse ? responseJSON : nil),
                ("error", (showResponse || result.refused) ? result.error.map { ["message": .string($0)] } : nil),
                ("message", showResponse ? nil : .string(WebhookExecutor.hiddenResponseMessage)),
                ("logs", .string(result.logs)),
                ("success", .bool(result.success)),
                ("_links", .object(links)),
            ])
        )
    }

    // MARK: Triggered webhooks and logs

    static func triggeredWebhookJSON(
        _ triggered: TriggeredWebhookRecord,
        webhook: WebhookDefinition?,
        attemptsLimit: Int,
        _ request: BrokerRequest
    ) -> JSONValue {
        let name = webhook?.request.description ?? ""
        let logsURL = request.url("triggered-webhooks", triggered.uuid, "logs")
        var links: [String: JSONValue] = [
            "pb:logs": link(logsURL, title: "Webhook execution logs", name: name),
            "logs": link(logsURL, title: "DEPRECATED - Use pb:logs", name: name),
        ]
        if webhook != nil {
            links["pb:webhook"] = link(request.url("webhooks", triggered.webhookUUID), title: "Webhook", name: name)
        }
        let finished =
            triggered.status == WebhookDeliveryStatus.success || triggered.status == WebhookDeliveryStatus.failure
        return [
            "name": .string(name),
            "status": .string(triggered.status),
            "attemptsMade": .integer(triggered.attempts),
            "attemptsRemaining": .integer(finished ? 0 : max(0, attemptsLimit - triggered.attempts)),
            "triggerType": .string(triggered.triggerType),
            "eventName": .string(triggered.eventName),
            "triggeredAt": .string(triggered.createdAt),
            "_links": .object(links),
        ]
    }

    static func triggeredWebhooksResponse(
        _ triggered: [TriggeredWebhookRecord],
        title: String,
        _ request: BrokerRequest,
        _ store: BrokerStore
    ) async throws -> BrokerResponse {
        let limit = request.webhooks?.configuration.maximumAttempts ?? WebhookConfiguration().maximumAttempts
        var items: [JSONValue] = []
        for record in triggered {
            let webhook = try await store.webhook(id: record.webhookID)
            items.append(triggeredWebhookJSON(record, webhook: webhook, attemptsLimit: limit, request))
        }
        return .ok([
            "_embedded": ["triggeredWebhooks": .array(items)],
            "_links": ["self": link(request.baseURL + request.path, title: title)],
        ])
    }

    static func pactTriggeredWebhooks(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (consumer, provider) = try await requireIntegration(request, store)
        let number = try request.parameters.require("version")
        guard let version = try await store.version(pacticipantID: consumer.id, number: number),
            try await store.publication(consumerVersionID: version.id, providerID: provider.id) != nil
        else { throw BrokerError.notFound("No pact found for version '\(number)' of consumer '\(consumer.name)'") }
        let triggered = try await store.triggeredWebhooks(
            consumer: consumer.name,
            provider: provider.name,
            consumerVersion: number,
            byVerification: false
        )
        return try await triggeredWebhooksResponse(
            triggered,
            title:
                "Webhooks triggered by the publication of the pact between \(consumer.name) (\(number)) and \(provider.name)",
            request,
            store
        )
    }

    static func verificationTriggeredWebhooks(
        _ request: BrokerRequest,
        _ store: BrokerStore
    ) async throws -> BrokerResponse {
        let sha = try request.parameters.require("sha")
        guard let id = request.parameters.get("number", as: Int.self),
            let record = try await store.verification(id: id),
            record.sha == sha
        else {
            throw BrokerError.notFound("No verification result '\(try request.parameters.require("number"))' found")
        }
        let triggered = try await store.triggeredWebhooks(verificationID: record.id)
        return try await triggeredWebhooksResponse(
            triggered,
            title: "Webhooks triggered by the publication of verification result \(record.id)",
            request,
            store
        )
    }

    /// `pb:webhooks-status` of a pact: the deliveries of the newest publication of the integration, with a summary.
    static func webhooksStatus(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (consumer, provider) = try await requireIntegration(request, store)
        let latest = try await store.latestPublication(consumerID: consumer.id, providerID: provider.id)
        var triggered: [TriggeredWebhookRecord] = []
        if let latest {
            triggered = try await store.triggeredWebhooks(
                consumer: consumer.name,
                provider: provider.name,
                consumerVersion: latest.consumerVersionNumber
            )
        }
        let limit = request.webhooks?.configuration.maximumAttempts ?? WebhookConfiguration().maximumAttempts
        var items: [JSONValue] = []
        var errorLogs: [JSONValue] = []
        var counts: [String: Int] = [:]
        for record in triggered {
            let webhook = try await store.webhook(id: record.webhookID)
            items.append(triggeredWebhookJSON(record, webhook: webhook, attemptsLimit: limit, request))
            counts[record.status, default: 0] += 1
            if record.status == WebhookDeliveryStatus.failure || record.status == WebhookDeliveryStatus.retrying {
                errorLogs.append(
                    link(
                        request.url("triggered-webhooks", record.uuid, "logs"),
                        title: "Error logs",
                        name: webhook?.request.description
                    )
                )
            }
        }
        var links: [String: JSONValue] = [
            "self": link(request.baseURL + request.path, title: "Webhooks status"),
            "pb:error-logs": .array(errorLogs),
            "pb:pact-webhooks": link(
                request.url("pacts", "provider", provider.name, "consumer", consumer.name, "webhooks"),
                title: "Webhooks for the pact between \(consumer.name) and \(provider.name)"
            ),
            "pb:consumer": link(request.url("pacticipants", consumer.name), title: "Consumer", name: consumer.name),
            "pb:provider": link(request.url("pacticipants", provider.name), title: "Provider", name: provider.name),
        ]
        if let latest {
            links["pb:pact-version"] = link(
                request.url(
                    "pacts",
                    "provider",
                    provider.name,
                    "consumer",
                    consumer.name,
                    "version",
                    latest.consumerVersionNumber
                ),
                title: "Pact",
                name: "Pact between \(consumer.name) (\(latest.consumerVersionNumber)) and \(provider.name)"
            )
        }
        return .ok([
            "summary": object([
                ("successful", .integer(counts[WebhookDeliveryStatus.success] ?? 0)),
                ("failed", .integer(counts[WebhookDeliveryStatus.failure] ?? 0)),
                ("retrying", counts[WebhookDeliveryStatus.retrying].map(JSONValue.integer)),
                ("notRun", counts[WebhookDeliveryStatus.notRun].map(JSONValue.integer)),
            ]),
            "_embedded": ["triggeredWebhooks": .array(items)],
            "_links": .object(links),
        ])
    }

    /// The attempts of one delivery: HAL JSON when the client asks for JSON, the logs as text otherwise.
    static func triggeredWebhookLogs(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let uuid = try request.parameters.require("uuid")
        guard let triggered = try await store.triggeredWebhook(uuid: uuid) else {
            throw BrokerError.notFound("No triggered webhook with uuid '\(uuid)' found")
        }
        let executions = try await store.executions(triggeredWebhookID: triggered.id)
        if let accept = request.accept?.lowercased(), accept.contains("json") {
            return .ok([
                "eventName": .string(triggered.eventName),
                "consumerName": .string(triggered.consumerName),
                "providerName": .string(triggered.providerName),
                "executions": .array(
                    executions.map {
                        ["success": .bool($0.success), "logs": .string($0.logs), "createdAt": .string($0.createdAt)]
                    }
                ),
                "_embedded": ["triggeredWebhook": ["uuid": .string(triggered.uuid)]],
                "_links": [
                    "self": link(request.baseURL + request.path, title: "Triggered webhook logs"),
                    "pb:webhook": link(request.url("webhooks", triggered.webhookUUID), title: "Webhook"),
                ],
            ])
        }
        var response = BrokerResponse(status: 200, json: nil)
        response.text = executions.map(\.logs).joined(separator: "\n")
        response.contentType = "text/plain;charset=utf-8"
        return response
    }
}

extension BrokerAPI {
    /// Queues the webhook deliveries a pact publication raises (in the publishing transaction).
    static func raisePactWebhookEvents(
        _ store: BrokerStore,
        versionID: Int,
        providerID: Int,
        _ outcome: BrokerStore.PublishOutcome,
        _ request: BrokerRequest
    ) async throws -> [QueuedWebhookDelivery] {
        guard let publication = try await store.publication(consumerVersionID: versionID, providerID: providerID)
        else { return [] }
        return try await WebhookTrigger.pactPublished(
            store,
            publication: publication,
            outcome: outcome,
            baseURL: request.trustedBaseURL
        )
    }

    /// Queues the webhook deliveries a verification result raises, for the consumer versions named in the pact URL's
    /// metadata (`cv`, or `cvn` from a webhook's `pactUrl`).
    static func raiseVerificationWebhookEvents(
        _ store: BrokerStore,
        _ verification: VerificationRecord,
        metadata segment: String?,
        _ request: BrokerRequest
    ) async throws -> [QueuedWebhookDelivery] {
        var ids = segment.flatMap(PactMetadata.init(decoding:))?.consumerVersionIDs ?? []
        if ids.isEmpty, let number = segment.flatMap(WebhookTrigger.consumerVersionNumber(fromMetadata:)),
            let consumer = try await store.pacticipant(named: verification.consumerName),
            let version = try await store.version(pacticipantID: consumer.id, number: number)
        {
            ids = [version.id]
        }
        return try await WebhookTrigger.verificationPublished(
            store,
            verification: verification,
            consumerVersionIDs: ids,
            baseURL: request.trustedBaseURL
        )
    }
}
