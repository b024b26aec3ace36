import Foundation
import PactumCore

/// The checks of one HTTP interaction against an OpenAPI document, in the comparator's order: path and method, path
/// parameters, security, request headers, query, request body, response headers, status and body.
struct OpenAPIComparison {
    let document: JSONValue
    let router: OpenAPIRouter
    let config: ComparatorConfiguration
    let schemas: SchemaCache
    let securitySchemes: [String: JSONValue]
    let isSwagger2: Bool

    init(document: JSONValue, schemas: SchemaCache) {
        self.document = document
        self.config = ComparatorConfiguration(info: document["info"])
        self.router = OpenAPIRouter(document: document, config: config)
        self.schemas = schemas
        self.securitySchemes =
            document["securityDefinitions"]?.objectValue ?? document["components"]?["securitySchemes"]?.objectValue
            ?? [:]
        self.isSwagger2 = document["openapi"] == nil
    }

    private struct Context {
        let interaction: PactInteraction.HTTP
        let index: Int
        let operation: OpenAPIOperation
        /// The request's headers, read once for every check.
        let requestHeaders: Headers
        var prefix: String { "[root].interactions[\(index)]" }
        var validRequest: Bool { interaction.responseStatus < 400 }

        func mock(_ location: String, _ value: JSONValue?) -> ContractComparisonResult.MockDetails {
            ContractComparisonResult.MockDetails(
                interactionDescription: interaction.description,
                interactionState: interaction.providerState.flatMap { $0.isEmpty ? nil : $0 } ?? "[none]",
                location: prefix + location,
                value: value
            )
        }

        func spec(_ location: String, _ value: JSONValue?) -> ContractComparisonResult.SpecDetails {
            ContractComparisonResult.SpecDetails(
                location: location,
                pathMethod: operation.method,
                pathName: operation.pathName,
                value: value
            )
        }

        func result(
            _ code: String,
            _ type: ContractComparisonResult.Kind,
            _ message: String,
            mock: ContractComparisonResult.MockDetails,
            spec: ContractComparisonResult.SpecDetails
        ) -> ContractComparisonResult {
            ContractComparisonResult(code: code, type: type, message: message, mockDetails: mock, specDetails: spec)
        }
    }

    func compare(_ interaction: PactInteraction.HTTP, index: Int) -> [ContractComparisonResult] {
        var path = interaction.path.hasPrefix("/") ? interaction.path : "/" + interaction.path
        if config.noPercentEncoding { path = path.replacingOccurrences(of: "%", with: "%25") }
        let query: String
        switch interaction.query {
        case .string(let text)?: query = text
        case .parameters(let pairs)?: query = pairs.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        case nil: query = ""
        }
        let routePath = String(path.prefix { $0 != "?" && $0 != "#" })
        guard !(path.utf8.contains(UInt8(ascii: "?")) && path.contains("?")),
            let match = router.find(method: interaction.method, path: routePath)
        else {
            return [
                ContractComparisonResult(
                    code: "request.path-or-method.unknown",
                    type: .error,
                    message: "Path or method not defined in spec file: \(interaction.method) \(interaction.path)",
                    mockDetails: ContractComparisonResult.MockDetails(
                        interactionDescription: interaction.description,
                        interactionState: interaction.providerState.flatMap { $0.isEmpty ? nil : $0 } ?? "[none]",
                        location: "[root].interactions[\(index)].request.path",
                        value: .string(interaction.path)
                    ),
                    specDetails: ContractComparisonResult.SpecDetails(
                        location: "[root].paths",
                        pathMethod: nil,
                        pathName: nil,
                        value: nil
                    )
                )
            ]
        }
        let context = Context(
            interaction: interaction,
            index: index,
            operation: match.operation,
            requestHeaders: Headers(interaction.requestHeaders)
        )
        let pathResults = comparePath(context, parameters: match.parameters)
        if !pathResults.isEmpty { return pathResults }

        var results = compareSecurity(context, query: query)
        let headerResults = compareRequestHeaders(context)
        results += headerResults
        results += compareQuery(context, query: query)
        if !headerResults.contains(where: { $0.code == "request.content-type.incompatible" }) {
            results += compareRequestBody(context)
        }
        let responseHeaderResults = compareResponseHeaders(context)
        results += responseHeaderResults
        if !responseHeaderResults.contains(where: { $0.code == "response.content-type.incompatible" }) {
            results += compareResponseBody(context)
        }
        return results
    }

    // MARK: Parameters

    private func parameterSchema(_ parameter: JSONValue) -> JSONValue {
        if let schema = parameter["schema"] { return schema }
        guard case .object(var object) = parameter else { return .object([:]) }
        for key in ["name", "in", "description", "required"] { object[key] = nil }
        return .object(object)
    }

    /// A header or path value as the comparator reads it: `a=1,b=2` an object, `1,2` a list, else the text.
    private func parseValue(_ text: String) -> JSONValue {
        if text.isEmpty { return .string(text) }
        if text.utf8.contains(UInt8(ascii: "=")), text.contains("=") {
            let pairs = QueryString.parse(
                text.replacingOccurrences(of: ",", with: "&"),
                allowDots: true,
                comma: true
            )
            var object: [String: JSONValue] = [:]
            for (name, value) in pairs { object[name] = value }
            return .object(object)
        }
        if text.utf8.contains(UInt8(ascii: ",")), text.contains(",") {
            return .array(text.split(separator: ",", omittingEmptySubsequences: false).map { .string(String($0)) })
        }
        return .string(text)
    }

    private func isString(_ schema: JSONValue?) -> Bool { schema?["type"] == "string" }

    private func comparePath(_ context: Context, parameters: [String: String]) -> [ContractComparisonResult] {
        var results: [ContractComparisonResult] = []
        for (parameterIndex, parameter) in context.operation.parameters.enumerated()
        where parameter["in"] == "path" {
            var name = parameter["name"]?.stringValue ?? ""
            if name.utf8.contains(UInt8(ascii: "-")) { name = name.replacingOccurrences(of: "-", with: "") }
            guard let raw = parameters[name] else { continue }
            let schema = parameterSchema(parameter)
            var value = isString(schema) ? JSONValue.string(raw) : parseValue(raw)
            let style = parameter["style"]?.stringValue?.lowercased()
            let explode = parameter["explode"]?.boolValue == true
            let separator = style == "label" && explode ? "." : style == "matrix" && explode ? ";" : ","
            if schema["type"] == "array", case .string(let text) = value {
                value = .array(text.components(separatedBy: separator).map(JSONValue.string))
            }
            let schemaId = "\(context.operation.specLocation).parameters[\(parameterIndex)]"
            let validator = schemas.compiled(schemaId, coerce: true) { minimumSchema(schema) }
            for _ in validator.validate(value) {
                results.append(
                    ContractComparisonResult(
                        code: "request.path-or-method.unknown",
                        type: .error,
                        message:
                            "Path or method not defined in spec file: \(context.operation.method.uppercased()) \(context.interaction.path)",
                        mockDetails: context.mock(".request.path", .string(context.interaction.path)),
                        specDetails: ContractComparisonResult.SpecDetails(
                            location: "[root].paths",
                            pathMethod: nil,
                            pathName: nil,
                            value: nil
                        )
                    )
                )
            }
        }
        return results
    }

    private func minimumSchema(_ schema: JSONValue) -> JSONValue {
        SchemaTransform.minimum(schema, document: document)
    }

    // MARK: Security

    private func compareSecurity(_ context: Context, query: String) -> [ContractComparisonResult] {
        guard context.validRequest else { return [] }
        let headers = context.requestHeaders
        lazy var queryNames = Set(QueryString.parse(query, allowDots: false, comma: false).map(\.name))
        var secured = false
        var pending: [ContractComparisonResult] = []
        let operationValue = JSONValue.object(context.operation.object)
        func missing(_ what: String, _ location: String, _ value: JSONValue?) {
            pending.append(
                context.result(
                    "request.authorization.missing",
                    .error,
                    "Request Authorization \(what) is missing but is required by the spec file",
                    mock: context.mock(location, value),
                    spec: context.spec(context.operation.specLocation, operationValue)
                )
            )
        }
        requirements: for requirement in context.operation.security {
            let names = requirement.objectValue?.keys.sorted() ?? []
            if names.isEmpty {
                secured = true
                break requirements
            }
            for name in names {
                guard let scheme = securitySchemes[name].map({ SchemaTransform.dereferenced($0, in: document) }) else {
                    continue
                }
                let authorization = headers["authorization"]
                switch scheme["type"]?.stringValue?.lowercased() {
                case "apikey":
                    let keyName = scheme["name"]?.stringValue ?? ""
                    switch scheme["in"]?.stringValue?.lowercased() {
                    case "header":
                        if headers[keyName] != nil {
                            secured = true
                        } else {
                            missing("header", ".request.headers", context.interaction.rawRequestHeaders)
                        }
                    case "query":
                        if queryNames.contains(keyName) {
                            secured = true
                        } else {
                            missing("query", ".request.query", context.interaction.rawQuery)
                        }
                    case "cookie":
                        secured = true
                    default:
                        break
                    }
                case "basic":
                    let valid =
                        config.noAuthorizationSchema
                        ? authorization != nil : (authorization ?? "").lowercased().hasPrefix("basic ")
                    if valid {
                        secured = true
                    } else {
                        missing("header", ".request.headers", context.interaction.rawRequestHeaders)
                    }
                case "http":
                    let auth = (authorization ?? "").lowercased()
                    var valid = false
                    if config.noAuthorizationSchema {
                        valid = authorization != nil
                    } else {
                        switch scheme["scheme"]?.stringValue?.lowercased() {
                        case "basic": valid = auth.hasPrefix("basic ")
                        case "bearer": valid = auth.hasPrefix("bearer ")
                        default: valid = false
                        }
                    }
                    if valid {
                        secured = true
                    } else {
                        missing("header", ".request.headers", context.interaction.rawRequestHeaders)
                    }
                case "mutualtls", "oauth2", "openidconnect":
                    secured = true
                default:
                    break
                }
            }
        }
        return secured ? [] : pending
    }

    private func securityNames(_ context: Context, location: String) -> [String] {
        guard context.validRequest else { return [] }
        var names: [String] = []
        for requirement in context.operation.security {
            for name in requirement.objectValue?.keys.sorted() ?? [] {
                guard let scheme = securitySchemes[name], scheme["type"] == "apiKey",
                    scheme["in"]?.stringValue == location,
                    let keyName = scheme["name"]?.stringValue
                else { continue }
                names.append(location == "header" ? keyName.lowercased() : keyName)
            }
        }
        return names
    }

    // MARK: Request headers

    private func compareRequestHeaders(_ context: Context) -> [ContractComparisonResult] {
        var results: [ContractComparisonResult] = []
        let operation = context.operation
        let operationValue = JSONValue.object(operation.object)
        let availableRequest = operation.requestContentTypes
        let allResponseTypes = operation.allResponseContentTypes
        let statusResponseTypes = operation.responseContentTypes(forKey: String(context.interaction.responseStatus))
        var headers = context.requestHeaders

        let accept = headers["accept"].map { String($0.split(separator: ";", omittingEmptySubsequences: false)[0]) }
        if let accept, !accept.isEmpty {
            if allResponseTypes.isEmpty {
                results.append(
                    context.result(
                        "request.accept.unknown",
                        .warning,
                        "Request Accept header is defined but the spec does not specify any mime-types to produce",
                        mock: context.mock(".request.headers.accept", headers["accept"].map(JSONValue.string)),
                        spec: context.spec(operation.specLocation, operationValue)
                    )
                )
            }
            if !statusResponseTypes.isEmpty, MediaTypeMatching.match(accept, in: allResponseTypes) == nil {
                results.append(
                    context.result(
                        "request.accept.incompatible",
                        .error,
                        "Request Accept header is incompatible with the mime-types the spec defines to produce",
                        mock: context.mock(".request.headers.accept", headers["accept"].map(JSONValue.string)),
                        spec: context.spec(
                            operation.specLocation,
                            .array(statusResponseTypes.map(JSONValue.string))
                        )
                    )
                )
            }
        }

        let contentType = headers["content-type"].map {
            String($0.split(separator: ";", omittingEmptySubsequences: false)[0])
        }
        let contentTypeValue = headers["content-type"].map(JSONValue.string)
        if let contentType, !contentType.isEmpty {
            if availableRequest.isEmpty {
                results.append(
                    context.result(
                        "request.content-type.unknown",
                        .warning,
                        "Request content-type header is defined but the spec does not specify any mime-types to consume",
                        mock: context.mock(".request.headers.content-type", contentTypeValue),
                        spec: context.spec(operation.specLocation, operationValue)
                    )
                )
            } else if MediaTypeMatching.match(contentType, in: availableRequest) == nil {
                results.append(
                    context.result(
                        "request.content-type.incompatible",
                        .error,
                        "Request Content-Type header is incompatible with the mime-types the spec accepts to consume",
                        mock: context.mock(".request.headers.content-type", contentTypeValue),
                        spec: context.spec(
                            operation.specLocation + ".requestBody.content",
                            .array(availableRequest.map(JSONValue.string))
                        )
                    )
                )
            }
        } else if !availableRequest.isEmpty, context.interaction.requestBody?.isTruthy == true {
            results.append(
                context.result(
                    "request.content-type.missing",
                    .warning,
                    "Request content type header is not defined but spec specifies mime-types to consume",
                    mock: context.mock(".request.headers.content-type", nil),
                    spec: context.spec(operation.specLocation, operationValue)
                )
            )
        }

        let securityHeaders = securityNames(context, location: "header")
        for (parameterIndex, parameter) in operation.parameters.enumerated() where parameter["in"] == "header" {
            let name = parameter["name"]?.stringValue ?? ""
            let schema = parameterSchema(parameter)
            let declared = parameter["schema"]
            let raw = headers[name]
            let stringTyped =
                isString(declared)
                || (declared?["anyOf"]?.arrayValue ?? []).contains { isString($0) }
                || (declared?["oneOf"]?.arrayValue ?? []).contains { isString($0) }
            if let raw, context.validRequest {
                let value = stringTyped ? JSONValue.string(raw) : parseValue(raw)
                let schemaId = "\(operation.specLocation).parameters[\(parameterIndex)]"
                let validator = schemas.compiled(schemaId, coerce: true) { minimumSchema(schema) }
                for error in validator.validate(value) {
                    results.append(
                        context.result(
                            "request.header.incompatible",
                            .error,
                            "Value is incompatible with the parameter defined in the spec file: \(error.message)",
                            mock: context.mock(
                                ".request.headers.\(name)\(Self.instanceSuffix(error))",
                                value.value(at: error.instancePath)
                            ),
                            spec: context.spec(
                                "\(schemaId).schema.\(Self.schemaSuffix(error))",
                                validator.root.value(at: SchemaPointer.split(error.schemaPath) ?? [])
                            )
                        )
                    )
                }
            }
            if raw == nil, parameter["required"]?.boolValue == true, context.validRequest {
                results.append(
                    context.result(
                        "request.header.incompatible",
                        .error,
                        "Value is incompatible with the parameter defined in the spec file: must have required property '\(name)'",
                        mock: context.mock(".request.headers.\(name)", nil),
                        spec: context.spec("\(operation.specLocation).parameters[\(parameterIndex)]", parameter)
                    )
                )
            }
            headers.remove(name)
        }
        // The standard request headers the operation does not declare are not checked.
        if !headers.pairs.isEmpty {
            let declared = Set(
                operation.parameters.lazy.filter { $0["in"] == "header" }.compactMap {
                    $0["name"]?.stringValue?.lowercased()
                }
            )
            headers.removeAll { Headers.standardRequestNames.contains($0) && !declared.contains($0) }
        }
        if context.validRequest {
            for (name, value) in headers.pairs where !securityHeaders.contains(name) {
                results.append(
                    context.result(
                        "request.header.unknown",
                        .warning,
                        "Request header is not defined in the spec file: \(name)",
                        mock: context.mock(".request.headers.\(name)", .string(value)),
                        spec: context.spec(operation.specLocation, operationValue)
                    )
                )
            }
        }
        return results
    }

    static func instanceSuffix(_ error: SchemaError) -> String {
        error.instancePath.map { "." + $0 }.joined()
    }

    static func schemaSuffix(_ error: SchemaError) -> String {
        var path = error.schemaPath
        if path.hasPrefix("#/") { path.removeFirst(2) }
        return path.replacingOccurrences(of: "/", with: ".")
    }

    // MARK: Query

    private func compareQuery(_ context: Context, query: String) -> [ContractComparisonResult] {
        var results: [ContractComparisonResult] = []
        let operation = context.operation
        var parsed = QueryString.fields(query, legacyParser: config.legacyParser)
        lazy var unparsed =
            config.legacyParser ? parsed : QueryString.parse(query, allowDots: false, comma: false)
        for (parameterIndex, parameter) in operation.parameters.enumerated() where parameter["in"] == "query" {
            let name = parameter["name"]?.stringValue ?? ""
            let schema = parameterSchema(parameter)
            var value = parsed.first { $0.name == name }?.value
            if isString(parameter["schema"]) { value = unparsed.first { $0.name == name }?.value }
            let required = parameter["required"]?.boolValue == true
            if value != nil || required, context.validRequest {
                let schemaId = "\(operation.specLocation).parameters[\(parameterIndex)]"
                let validator = schemas.compiled(schemaId, coerce: true) { minimumSchema(schema) }
                var converted = value
                if schema["type"] == "array", case .string(let text)? = value {
                    let separator =
                        isSwagger2
                        ? ["ssv": " ", "tsv": "\t", "pipes": "|"][schema["collectionFormat"]?.stringValue ?? ""] ?? ","
                        : ","
                    converted = .array(text.components(separatedBy: separator).map(JSONValue.string))
                }
                if config.castObjectsInPact, value == .string("[object Object]") { converted = .object([:]) }
                let errors: [SchemaError]
                if let converted {
                    errors = validator.validate(converted)
                } else {
                    let types = SchemaTypes.of(validator.root)
                    errors =
                        types.isEmpty
                        ? []
                        : [
                            SchemaError(
                                instancePath: [],
                                schemaPath: "#/type",
                                keyword: "type",
                                message: "must be \(types.joined(separator: ","))"
                            )
                        ]
                }
                for error in errors {
                    results.append(
                        context.result(
                            "request.query.incompatible",
                            .error,
                            "Value is incompatible with the parameter defined in the spec file: \(error.message)",
                            mock: context.mock(
                                ".request.query.\(name)\(Self.instanceSuffix(error))",
                                converted?.value(at: error.instancePath)
                            ),
                            spec: context.spec(
                                "\(schemaId).schema.\(Self.schemaSuffix(error))",
                                validator.root.value(at: SchemaPointer.split(error.schemaPath) ?? [])
                            )
                        )
                    )
                }
            }
            parsed.removeAll { $0.name == name }
        }
        let securityQueries = securityNames(context, location: "query")
        if context.validRequest {
            for (name, value) in parsed where !securityQueries.contains(name) {
                results.append(
                    context.result(
                        "request.query.unknown",
                        .warning,
                        "Query parameter is not defined in the spec file: \(name)",
                        mock: context.mock(".request.query.\(name)", value),
                        spec: context.spec(operation.specLocation, .object(operation.object))
                    )
                )
            }
        }
        return results
    }

    // MARK: Request body

    private func compareRequestBody(_ context: Context) -> [ContractComparisonResult] {
        let operation = context.operation
        let body = context.interaction.requestBody
        let headers = context.requestHeaders
        let available = operation.requestContentTypes
        let requestContentType = headers["content-type"] ?? ""
        let contentType =
            requestContentType.isEmpty
            ? "application/json" : MediaTypeMatching.match(requestContentType, in: available) ?? requestContentType
        let requestBody = operation.object["requestBody"].map { SchemaTransform.dereferenced($0, in: document) }
        let bodyParameter = operation.parameters.first { $0["in"] == "body" }
        var schema: JSONValue?
        if let content = requestBody?["content"]?.objectValue,
            let key = MediaTypeMatching.match(contentType, in: content.keys.sorted())
        {
            schema = content[key]?["schema"]
        }
        if schema == nil { schema = bodyParameter?["schema"] }
        let required =
            requestBody?["required"]?.boolValue == true || bodyParameter?["required"]?.boolValue == true
        if !required && body == nil { return [] }
        let contentSpecValue = requestBody?["content"]
        var validatable = MediaTypeMatching.validatable
        if config.disableMultipartFormData { validatable.removeAll { $0 == "multipart/form-data" } }
        switch MediaTypeMatching.bodyStatus(contentType, hasBody: body != nil, validatable: validatable) {
        case .skip:
            return []
        case .warn:
            guard context.validRequest else { return [] }
            return [
                context.result(
                    "request.body.unvalidatable",
                    .warning,
                    "Body with content type '\(contentType)' is not supported by the spec comparator",
                    mock: context.mock(".request.body", body),
                    spec: context.spec(operation.specLocation + ".requestBody.content", contentSpecValue)
                )
            ]
        case .validate:
            break
        }
        var results: [ContractComparisonResult] = []
        let jsonAllowed =
            !config.noValidateRequestBodyUnlessApplicationJSON
            || MediaTypeMatching.match("application/json", in: available) != nil
        if let schema, context.validRequest, jsonAllowed {
            let value = Self.parseBody(body, contentType: requestContentType, legacyParser: config.legacyParser)
            let schemaId = "\(operation.specLocation).requestBody.content.\(contentType)"
            let validator = schemas.compiled(schemaId, coerce: false) { minimumSchema(schema) }
            for error in validator.validate(value ?? .null) {
                results.append(
                    context.result(
                        "request.body.incompatible",
                        .error,
                        "Request body is incompatible with the request body schema in the spec file: \(error.message)",
                        mock: context.mock(
                            ".request.body\(Self.instanceSuffix(error))",
                            value?.value(at: error.instancePath)
                        ),
                        spec: context.spec(
                            "\(schemaId).schema.\(Self.schemaSuffix(error))",
                            validator.root.value(at: SchemaPointer.split(error.schemaPath) ?? [])
                        )
                    )
                )
            }
        }
        if body?.isTruthy == true, schema == nil, context.validRequest,
            !config.noValidateRequestBodyUnlessApplicationJSON || jsonAllowed || available.isEmpty
        {
            results.append(
                context.result(
                    "request.body.unknown",
                    .warning,
                    "No matching schema found for request body",
                    mock: context.mock(".request.body", body),
                    spec: context.spec(operation.specLocation + ".requestBody.content", contentSpecValue)
                )
            )
        }
        return results
    }

    /// Form and multipart bodies given as text are validated as objects of their fields (form fields flat, as
    /// Node's `querystring` reads them, with `x-opc-config-legacy-parser`).
    static func parseBody(_ body: JSONValue?, contentType: String, legacyParser: Bool = false) -> JSONValue? {
        guard case .string(let text)? = body else { return body }
        if contentType.contains("application/x-www-form-urlencoded") {
            var object: [String: JSONValue] = [:]
            for (name, value) in QueryString.fields(text, legacyParser: legacyParser) { object[name] = value }
            return .object(object)
        }
        if contentType.contains("multipart/form-data"), let range = contentType.range(of: "boundary=") {
            let boundary = String(contentType[range.upperBound...])
            var object: [String: JSONValue] = [:]
            for part in text.components(separatedBy: "--" + boundary) {
                guard let headerEnd = part.range(of: "\r\n\r\n") ?? part.range(of: "\n\n") else { continue }
                let head = part[..<headerEnd.lowerBound]
                guard let nameRange = head.range(of: "name=\"") else { continue }
                let name = head[nameRange.upperBound...].prefix { $0 != "\"" }
                var content = String(part[headerEnd.upperBound...])
                if content.hasSuffix("\r\n") {
                    content.removeLast(1)
                } else if content.hasSuffix("\n") {
                    content.removeLast()
                }
                object[String(name)] = .string(content)
            }
            return .object(object)
        }
        return body
    }

    // MARK: Response

    private func response(for status: Int, in operation: OpenAPIOperation) -> (JSONValue, exact: Bool, key: String)? {
        let responses = operation.responses
        let code = String(status)
        if let response = responses[code] { return (response, true, code) }
        let range = "\(status / 100)XX"
        if let response = responses[range] { return (response, true, range) }
        if let response = responses["default"] { return (response, false, "default") }
        return nil
    }

    private func compareResponseHeaders(_ context: Context) -> [ContractComparisonResult] {
        let operation = context.operation
        let status = context.interaction.responseStatus
        guard let (response, _, key) = response(for: status, in: operation) else { return [] }
        var results: [ContractComparisonResult] = []
        let available = operation.responseContentTypes(forKey: key)
        var headers = Headers(context.interaction.responseHeaders)
        let contentTypeValue = headers["content-type"].map(JSONValue.string)
        let contentType = headers["content-type"].map {
            String($0.split(separator: ";", omittingEmptySubsequences: false)[0])
        }
        if let contentType, !contentType.isEmpty {
            if available.isEmpty {
                results.append(
                    context.result(
                        "response.content-type.unknown",
                        .warning,
                        "Response Content-Type header is defined but the spec does not specify any mime-types to produce",
                        mock: context.mock(".response.headers.content-type", contentTypeValue),
                        spec: context.spec(operation.specLocation, .object(operation.object))
                    )
                )
            } else if MediaTypeMatching.match(contentType, in: available) == nil {
                results.append(
                    context.result(
                        "response.content-type.incompatible",
                        .error,
                        "Response Content-Type header is incompatible with the mime-types the spec defines to produce",
                        mock: context.mock(".response.headers.content-type", contentTypeValue),
                        spec: context.spec(
                            "\(operation.specLocation).responses.\(status).content",
                            .array(available.map(JSONValue.string))
                        )
                    )
                )
            }
        }
        headers.remove("content-type")
        let declared = SchemaTransform.dereferenced(response, in: document)["headers"]?.objectValue ?? [:]
        for name in declared.keys.sorted() {
            let header = declared[name]!
            let schema = SchemaTransform.dereferenced(header, in: document)["schema"] ?? header
            if let value = headers[name] {
                let schemaId = "\(operation.specLocation).responses.\(status).headers.\(name)"
                let validator = schemas.compiled(schemaId, coerce: true) { minimumSchema(schema) }
                for error in validator.validate(.string(value)) {
                    results.append(
                        context.result(
                            "response.header.incompatible",
                            .error,
                            "Value is incompatible with the parameter defined in the spec file: \(error.message)",
                            mock: context.mock(
                                ".response.headers.\(name)\(Self.instanceSuffix(error))",
                                .string(value)
                            ),
                            spec: context.spec(
                                "\(schemaId).schema.\(Self.schemaSuffix(error))",
                                validator.root.value(at: SchemaPointer.split(error.schemaPath) ?? [])
                            )
                        )
                    )
                }
            }
            headers.remove(name)
        }
        for standard in Headers.standardResponse where headers.contains(lowercased: standard) {
            results.append(
                context.result(
                    "response.header.undefined",
                    .warning,
                    "Standard http response header is not defined in the spec file: \(standard)",
                    mock: context.mock(".response.headers.\(standard)", context.interaction.rawRequestHeaders),
                    spec: context.spec(operation.specLocation, .object(operation.object))
                )
            )
            headers.remove(standard)
        }
        lazy var declaredValue = operation.responses[String(status)].map {
            SchemaTransform.dereferenced($0, in: document)["headers"] ?? .null
        }
        for (name, value) in headers.pairs {
            results.append(
                context.result(
                    "response.header.unknown",
                    .error,
                    "Response header is not defined in the spec file: \(name)",
                    mock: context.mock(".response.headers.\(name)", .string(value)),
                    spec: context.spec("\(operation.specLocation).responses.\(status).headers", declaredValue)
                )
            )
        }
        return results
    }

    private func compareResponseBody(_ context: Context) -> [ContractComparisonResult] {
        let operation = context.operation
        let status = context.interaction.responseStatus
        let responsesValue = JSONValue.object(operation.responses)
        guard let (response, exact, _) = response(for: status, in: operation) else {
            return [
                context.result(
                    "response.status.unknown",
                    .error,
                    "Response status code not defined in spec file: \(status)",
                    mock: context.mock(".response.status", .integer(status)),
                    spec: context.spec("\(operation.specLocation).responses", responsesValue)
                )
            ]
        }
        var results: [ContractComparisonResult] = []
        let resolved = SchemaTransform.dereferenced(response, in: document)
        let available = operation.produces ?? resolved["content"]?.objectValue?.keys.sorted() ?? []
        let accept = context.requestHeaders["accept"]
        let contentType =
            MediaTypeMatching.match(accept ?? "application/json", in: available) ?? available.first
            ?? "application/json"
        var schema = resolved["schema"]
        if schema == nil, let content = resolved["content"]?.objectValue,
            let key = MediaTypeMatching.match(contentType, in: content.keys.sorted())
        {
            schema = content[key]?["schema"]
        }
        let body = context.interaction.responseBody
        if !exact {
            results.append(
                context.result(
                    "response.status.default",
                    .warning,
                    "Response status code matched default response in spec file: \(status)",
                    mock: context.mock(".response.status", .integer(status)),
                    spec: context.spec("\(operation.specLocation).responses", responsesValue)
                )
            )
        }
        switch MediaTypeMatching.bodyStatus(contentType, hasBody: body != nil) {
        case .warn:
            results.append(
                context.result(
                    "response.body.unvalidatable",
                    .warning,
                    "Body with content type '\(contentType)' is not supported by the spec comparator",
                    mock: context.mock(".response.body", body),
                    spec: context.spec("\(operation.specLocation).responses.\(status).content", response["content"])
                )
            )
        case .validate:
            guard let body, body.isTruthy else { break }
            guard let schema else {
                results.append(
                    context.result(
                        "response.body.unknown",
                        .error,
                        "No matching schema found for response body",
                        mock: context.mock(".response.body", body),
                        spec: context.spec(
                            "\(operation.specLocation).responses.\(status).content",
                            response["content"]
                        )
                    )
                )
                break
            }
            let schemaId = "\(operation.specLocation).responses.\(status).content.\(contentType)"
            let validator = schemas.compiled(schemaId, coerce: false) {
                SchemaTransform.received(minimumSchema(schema))
            }
            for error in validator.validate(body) {
                results.append(
                    context.result(
                        "response.body.incompatible",
                        .error,
                        "Response body is incompatible with the response body schema in the spec file: \(error.message)",
                        mock: context.mock(
                            ".response.body\(Self.instanceSuffix(error))",
                            body.value(at: error.instancePath)
                        ),
                        spec: context.spec(
                            "\(schemaId).schema.\(Self.schemaSuffix(error))",
                            validator.root.value(at: SchemaPointer.split(error.schemaPath) ?? [])
                        )
                    )
                )
            }
        case .skip:
            break
        }
        return results
    }
}

enum SchemaTypes {
    static func of(_ schema: JSONValue) -> [String] {
        switch schema["type"] {
        case .string(let name)?: return [name]
        case .array(let names)?: return names.compactMap(\.stringValue)
        default: return []
        }
    }
}

/// HTTP headers as the comparator's fetch `Headers` holds them: names lower-cased, iterated in name order.
struct Headers {
    private(set) var pairs: [(name: String, value: String)]

    init(_ pairs: [(name: String, value: String)]) {
        var merged: [String: String] = [:]
        for (name, value) in pairs {
            let key = name.lowercased()
            merged[key] = merged[key].map { "\($0), \(value)" } ?? value
        }
        self.pairs = merged.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    subscript(name: String) -> String? {
        let key = Self.lowercased(name)
        return pairs.first { $0.name == key }?.value
    }

    /// Whether a header of this name (given in lower case) is present.
    func contains(lowercased name: String) -> Bool {
        pairs.contains { $0.name == name }
    }

    mutating func remove(_ name: String) {
        let key = Self.lowercased(name)
        pairs.removeAll { $0.name == key }
    }

    /// Removes the headers whose (lower-cased) names `shouldRemove` names.
    mutating func removeAll(where shouldRemove: (String) -> Bool) {
        pairs.removeAll { shouldRemove($0.name) }
    }

    /// A name in lower case, without making a new string when it is lower-case ASCII already.
    private static func lowercased(_ name: String) -> String {
        if name.utf8.allSatisfy({ $0 < 0x80 && !(0x41...0x5A).contains($0) }) { return name }
        return name.lowercased()
    }

    static let standardRequestNames = Set(standardRequest)

    static let standardRequest = [
        "accept", "accept-charset", "accept-datetime", "accept-encoding", "accept-language", "authorization",
        "cache-control", "connection", "content-length", "content-md5", "content-type", "cookie", "date", "expect",
        "forwarded", "from", "host", "if-match", "if-modified-since", "if-none-match", "if-range",
        "if-unmodified-since", "max-forwards", "origin", "pragma", "proxy-authorization", "range", "referer", "te",
        "upgrade", "user-agent", "via", "warning",
    ]

    static let standardResponse = [
        "access-control-allow-origin", "accept-patch", "accept-ranges", "age", "allow", "alt-svc", "cache-control",
        "connection", "content-disposition", "content-encoding", "content-language", "content-length",
        "content-location", "content-md5", "content-range", "date", "etag", "expires", "last-modified", "link",
        "location", "p3p", "pragma", "proxy-authenticate", "public-key-pins", "refresh", "retry-after", "server",
        "set-cookie", "status", "strict-transport-security", "trailer", "transfer-encoding", "tsv", "upgrade", "vary",
        "via", "warning", "www-authenticate", "x-frame-options",
    ]
}
