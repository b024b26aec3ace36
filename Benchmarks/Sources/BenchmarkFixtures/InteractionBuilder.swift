import PactumCore

/// Builds one V4 HTTP interaction (wire JSON) and the actual request and response sent for it.
struct InteractionBuilder {
    let index: Int

    enum Resource: CaseIterable {
        case user, order, product, event

        var collection: String {
            switch self {
            case .user: return "users"
            case .order: return "orders"
            case .product: return "products"
            case .event: return "events"
            }
        }

        var singular: String {
            switch self {
            case .user: return "user"
            case .order: return "order"
            case .product: return "product"
            case .event: return "event"
            }
        }
    }

    enum Endpoint {
        case read, list, create, replace, update, delete, notFound, nestedList
    }

    static func pickEndpoint(using rng: inout SplitMix64) -> Endpoint {
        switch rng.int(0...99) {
        case 0..<28: return .read
        case 28..<48: return .list
        case 48..<60: return .create
        case 60..<68: return .replace
        case 68..<75: return .update
        case 75..<82: return .delete
        case 82..<90: return .notFound
        default: return .nestedList
        }
    }

    // MARK: Resource schemas

    static func address() -> Schema {
        .object([
            ("street", .sentence), ("city", .word), ("postcode", .pattern(.postcode)), ("country", .literal("DE")),
            ("phone", .pattern(.phone)),
        ])
    }

    static func full(_ resource: Resource, using rng: inout SplitMix64) -> [(String, Schema)] {
        switch resource {
        case .user:
            return [
                ("id", .identifier), ("type", .literal("user")), ("uuid", .uuid), ("email", .email),
                ("firstName", .word), ("lastName", .word), ("active", .flag),
                ("role", .literal(.string(rng.pick(["member", "admin", "owner"])))), ("birthDate", .date),
                ("address", address()),
                ("preferences", .typedObject([("newsletter", .flag), ("language", .word), ("theme", .word)])),
                ("tags", .words), ("createdAt", .timestamp), ("updatedAt", .timestamp),
            ]
        case .order:
            let line: Schema = .object([
                ("sku", .pattern(.sku)), ("quantity", .count), ("unitPrice", .amount), ("description", .sentence),
                ("giftWrap", .flag),
            ])
            return [
                ("id", .identifier), ("type", .literal("order")), ("customerId", .identifier),
                ("status", .literal(.string(rng.pick(["OPEN", "PAID", "SHIPPED"])))), ("currency", .literal("EUR")),
                ("total", .amount), ("lines", .eachLike(line, 5...20)), ("shippingAddress", address()),
                ("createdAt", .timestamp), ("updatedAt", .timestamp),
            ]
        case .product:
            let variant: Schema = .object([
                ("sku", .pattern(.sku)), ("colour", .word), ("size", .literal(.string(rng.pick(["S", "M", "L"])))),
                ("stock", .count),
            ])
            return [
                ("id", .identifier), ("type", .literal("product")), ("sku", .pattern(.sku)), ("name", .sentence),
                ("price", .amount), ("inStock", .flag), ("categories", .words),
                ("dimensions", .typedObject([("width", .amount), ("height", .amount), ("depth", .amount)])),
                ("variants", .eachLike(variant, 5...12)), ("updatedAt", .timestamp),
            ]
        case .event:
            return [
                ("id", .identifier), ("type", .literal("event")), ("uuid", .uuid),
                ("name", .literal(.string(rng.pick(["order.created", "order.paid", "user.updated"])))),
                ("occurredAt", .timestamp), ("source", .pattern(.link)),
                ("payload", .typedObject([("entityId", .identifier), ("actor", .word), ("note", .sentence)])),
            ]
        }
    }

    static func summary(_ resource: Resource, using rng: inout SplitMix64) -> Schema {
        switch resource {
        case .user:
            return .object([
                ("id", .identifier), ("type", .literal("user")), ("email", .email), ("displayName", .word),
                ("active", .flag), ("createdAt", .timestamp),
            ])
        case .order:
            return .object([
                ("id", .identifier), ("type", .literal("order")), ("total", .amount), ("currency", .literal("EUR")),
                ("lineCount", .count), ("createdAt", .timestamp),
            ])
        case .product:
            return .object([
                ("id", .identifier), ("type", .literal("product")), ("sku", .pattern(.sku)), ("name", .sentence),
                ("price", .amount), ("inStock", .flag), ("updatedAt", .timestamp),
            ])
        case .event:
            return .object([
                ("id", .identifier), ("type", .literal("event")), ("name", .literal("order.created")),
                ("occurredAt", .timestamp),
            ])
        }
    }

    static func page(of item: Schema) -> Schema {
        .object([
            ("data", .eachLike(item, 5...20)),
            (
                "page",
                .object([("number", .count), ("size", .count), ("totalElements", .count), ("totalPages", .count)])
            ),
            ("links", .object([("self", .pattern(.link)), ("next", .pattern(.link))])),
        ])
    }

    static var errorBody: Schema {
        .object([
            ("error", .object([("code", .literal("NOT_FOUND")), ("message", .sentence), ("traceId", .uuid)]))
        ])
    }

    // MARK: Building

    mutating func build(using rng: inout SplitMix64) -> (interaction: JSONValue, actual: JSONValue) {
        let resource = rng.pick(Resource.allCases)
        let endpoint = Self.pickEndpoint(using: &rng)
        let id = rng.int(1...99_999)
        let actualID = rng.int(1...9_999_999)
        let base = "/api/v1/\(resource.collection)"

        var method = "GET"
        var path = base
        var actualPath = base
        var pathRegex: String?
        var query: [String: [String]] = [:]
        var actualQuery: [String: [String]] = [:]
        var queryRules: [String: JSONValue] = [:]
        var requestBody: Schema?
        var status = 200
        var responseBody: Schema?
        var description = ""
        var state = "\(resource.singular) \(id) exists"
        var stateParams: [String: JSONValue] = ["id": .integer(id)]

        func single() {
            path = "\(base)/\(id)"
            actualPath = "\(base)/\(actualID)"
            pathRegex = "^\(base)/[0-9]+$"
        }

        switch endpoint {
        case .read:
            single()
            description = "a request for \(resource.singular) \(id)"
            responseBody = .object(Self.full(resource, using: &rng))
        case .list, .nestedList:
            let pageNumber = rng.int(1...20)
            query = ["page": ["\(pageNumber)"], "size": ["20"], "sort": [rng.pick(["createdAt,desc", "id,asc"])]]
            actualQuery = ["page": ["\(rng.int(1...200))"], "size": ["20"], "sort": query["sort"] ?? []]
            queryRules["page"] = BodyBuilder.rule(["match": "regex", "regex": "^[0-9]+$"])
            if endpoint == .nestedList {
                path = "/api/v1/users/\(id)/\(resource.collection)"
                actualPath = "/api/v1/users/\(actualID)/\(resource.collection)"
                pathRegex = "^/api/v1/users/[0-9]+/\(resource.collection)$"
                description = "a request for page \(pageNumber) of the \(resource.collection) of user \(id)"
                state = "user \(id) has \(resource.collection)"
            } else {
                description = "a request for page \(pageNumber) of \(resource.collection)"
                state = "there are \(resource.collection)"
                stateParams = ["count": .integer(rng.int(100...5000))]
            }
            responseBody = Self.page(of: Self.summary(resource, using: &rng))
        case .create:
            method = "POST"
            status = 201
            description = "a request to create a \(resource.singular)"
            state = "the \(resource.singular) can be created"
            stateParams = [:]
            let fields = Self.full(resource, using: &rng)
            requestBody = .object(fields.filter { !["id", "createdAt", "updatedAt"].contains($0.0) })
            responseBody = .object(fields)
        case .replace:
            method = "PUT"
            single()
            description = "a request to replace \(resource.singular) \(id)"
            let fields = Self.full(resource, using: &rng)
            requestBody = .object(fields.filter { !["id", "createdAt", "updatedAt"].contains($0.0) })
            responseBody = .object(fields)
        case .update:
            method = "PATCH"
            single()
            description = "a request to update \(resource.singular) \(id)"
            let fields = Self.full(resource, using: &rng)
            requestBody = .object(
                Array(fields.filter { !["id", "type", "createdAt", "updatedAt"].contains($0.0) }.prefix(3))
            )
            responseBody = .object(fields)
        case .delete:
            method = "DELETE"
            single()
            status = 204
            description = "a request to delete \(resource.singular) \(id)"
        case .notFound:
            single()
            status = 404
            description = "a request for missing \(resource.singular) \(id)"
            state = "\(resource.singular) \(id) does not exist"
            responseBody = Self.errorBody
        }
        description = "i\(String(1_000_000 + index).dropFirst()) " + description

        // Request.
        var requestRules: [String: JSONValue] = [:]
        if let pathRegex { requestRules["path"] = BodyBuilder.rule(["match": "regex", "regex": .string(pathRegex)]) }
        if !queryRules.isEmpty { requestRules["query"] = .object(queryRules) }
        var requestHeaders: [String: JSONValue] = [
            "Accept": ["application/json"],
            "Authorization": [.string(Pattern.token.example(using: &rng))],
            "X-Request-ID": [.string(makeUUID(using: &rng))],
        ]
        var actualRequestHeaders: [String: JSONValue] = [
            "Accept": ["application/json"],
            "Authorization": [.string(Pattern.token.example(using: &rng))],
            "X-Request-ID": [.string(makeUUID(using: &rng))],
            "User-Agent": ["BenchmarkWebApp/1.0"],
            "Host": ["localhost"],
        ]
        requestRules["header"] = .object([
            "Authorization": BodyBuilder.rule(["match": "regex", "regex": .string(Pattern.token.regex)]),
            "X-Request-ID": BodyBuilder.rule(["match": "regex", "regex": .string(uuidRegex)]),
        ])
        var request: [String: JSONValue] = ["method": .string(method), "path": .string(path)]
        var actualRequest: [String: JSONValue] = ["method": .string(method), "path": .string(actualPath)]
        if !query.isEmpty {
            request["query"] = .object(query.mapValues { .array($0.map(JSONValue.string)) })
            actualRequest["query"] = .object(actualQuery.mapValues { .array($0.map(JSONValue.string)) })
        }
        if let requestBody {
            var builder = BodyBuilder()
            let pair = builder.values(requestBody, path: "$", using: &rng)
            requestHeaders["Content-Type"] = ["application/json"]
            actualRequestHeaders["Content-Type"] = ["application/json"]
            request["body"] = Self.v4Body(pair.expected)
            actualRequest["body"] = pair.actual
            requestRules["body"] = .object(builder.rules)
        }
        request["headers"] = .object(requestHeaders)
        actualRequest["headers"] = .object(actualRequestHeaders)
        request["matchingRules"] = .object(requestRules)

        // Response.
        var responseRules: [String: JSONValue] = [:]
        var responseHeaders: [String: JSONValue] = ["Cache-Control": ["no-store"]]
        var actualResponseHeaders: [String: JSONValue] = [
            "Cache-Control": ["no-store"], "Date": ["Tue, 05 Mar 2024 10:15:30 GMT"], "Server": ["benchmark"],
        ]
        var response: [String: JSONValue] = ["status": .integer(status)]
        var actualResponse: [String: JSONValue] = ["status": .integer(status)]
        if let responseBody {
            var builder = BodyBuilder()
            var pair = builder.values(responseBody, path: "$", using: &rng)
            if case .object(var extra) = pair.actual {
                // Providers add fields consumers do not use; responses allow them.
                extra["_meta"] = .object([
                    "servedBy": .string("node-\(rng.int(1...9))"), "elapsedMs": .integer(rng.int(1...90)),
                ])
                pair.actual = .object(extra)
            }
            responseHeaders["Content-Type"] = ["application/json; charset=utf-8"]
            actualResponseHeaders["Content-Type"] = ["application/json; charset=utf-8"]
            responseHeaders["ETag"] = [.string(Pattern.etag.example(using: &rng))]
            actualResponseHeaders["ETag"] = [.string(Pattern.etag.example(using: &rng))]
            responseRules["header"] = .object([
                "ETag": BodyBuilder.rule(["match": "regex", "regex": .string(Pattern.etag.regex)])
            ])
            response["body"] = Self.v4Body(pair.expected)
            actualResponse["body"] = pair.actual
            responseRules["body"] = .object(builder.rules)
        }
        response["headers"] = .object(responseHeaders)
        actualResponse["headers"] = .object(actualResponseHeaders)
        response["matchingRules"] = .object(responseRules)

        // About one interaction in ten breaks its contract, on each side.
        var responseBreaks = false
        var requestBreaks = false
        if index % 10 == 7 {
            responseBreaks = Self.breakResponse(&actualResponse, kind: (index / 10) % 5)
        }
        if index % 10 == 3 {
            requestBreaks = Self.breakRequest(&actualRequest, kind: (index / 10) % 4)
        }

        let interaction: JSONValue = .object([
            "type": "Synchronous/HTTP",
            "description": .string(description),
            "providerStates": [.object(["name": .string(state), "params": .object(stateParams)])],
            "pending": false,
            "request": .object(request),
            "response": .object(response),
        ])
        let actual: JSONValue = .object([
            "description": .string(description),
            "request": .object(actualRequest),
            "response": .object(actualResponse),
            "expectRequestMismatch": .bool(requestBreaks),
            "expectResponseMismatch": .bool(responseBreaks),
        ])
        return (interaction, actual)
    }

    static func v4Body(_ content: JSONValue) -> JSONValue {
        .object(["content": content, "contentType": "application/json", "encoded": false])
    }

    // MARK: Deliberate mismatches

    /// Breaks the actual response body (or, without a body, its status). Returns whether it changed.
    static func breakResponse(_ response: inout [String: JSONValue], kind: Int) -> Bool {
        guard var body = response["body"] else {
            response["status"] = .integer(200)
            return true
        }
        let edits: [(inout JSONValue) -> Bool] = [
            { Self.edit(&$0, key: "id") { _ in .string("42") } },  // integer rule fails
            // A literal differs (in a page, items' literals are under the array's cascading type rule).
            { Self.edit(&$0, key: "self") { _ in "not a link" } || Self.edit(&$0, key: "type") { _ in "unknown" } },
            { Self.edit(&$0, keySuffix: "At") { _ in .string("yesterday") } },  // datetime format fails
            { Self.edit(&$0, key: "type") { _ in nil } },  // expected key missing
            { Self.edit(&$0, key: "data") { _ in .array([]) } || Self.edit(&$0, key: "email") { _ in "nobody" } },
        ]
        let fallback: (inout JSONValue) -> Bool = {
            Self.edit(&$0, key: "traceId") { _ in .string("not-a-uuid") } || Self.edit(&$0, key: "id") { _ in "42" }
        }
        let changed = edits[kind % edits.count](&body) || fallback(&body)
        response["body"] = body
        return changed
    }

    /// Breaks the actual request. Returns whether it changed.
    static func breakRequest(_ request: inout [String: JSONValue], kind: Int) -> Bool {
        switch kind {
        case 0:
            guard case .object(var headers)? = request["headers"] else { return false }
            headers["Authorization"] = nil
            request["headers"] = .object(headers)
            return true
        case 1:
            if case .object(var body)? = request["body"] {
                body["unexpected"] = "requests do not allow extra keys"
                request["body"] = .object(body)
            } else {
                request["path"] = .string((request["path"]?.stringValue ?? "/") + "/extra")
            }
            return true
        case 2:
            request["method"] = request["method"] == "GET" ? "HEAD" : "GET"
            return true
        default:
            if case .object(var query)? = request["query"] {
                query["page"] = ["first"]
                request["query"] = .object(query)
            } else {
                guard case .object(var headers)? = request["headers"] else { return false }
                headers["X-Request-ID"] = ["not-a-uuid"]
                request["headers"] = .object(headers)
            }
            return true
        }
    }

    /// Changes (or with `nil`, removes) the first value, depth first, whose key is `key` or ends in `keySuffix`.
    static func edit(
        _ value: inout JSONValue,
        key: String? = nil,
        keySuffix: String? = nil,
        _ change: (JSONValue) -> JSONValue?
    ) -> Bool {
        switch value {
        case .object(var object):
            for name in object.keys.sorted() {
                let hit = name == key || (keySuffix.map { name.hasSuffix($0) } ?? false)
                if hit, let old = object[name] {
                    object[name] = change(old)
                    value = .object(object)
                    return true
                }
            }
            for name in object.keys.sorted() where name != "_meta" {
                guard var child = object[name] else { continue }
                if edit(&child, key: key, keySuffix: keySuffix, change) {
                    object[name] = child
                    value = .object(object)
                    return true
                }
            }
            return false
        case .array(var items):
            for index in items.indices {
                if edit(&items[index], key: key, keySuffix: keySuffix, change) {
                    value = .array(items)
                    return true
                }
            }
            return false
        default:
            return false
        }
    }
}
