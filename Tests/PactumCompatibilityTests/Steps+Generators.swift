import Foundation
import PactumCore

/// Steps of `V3/generators`, `V3/http_generators` and `V4/generators`: generators applied to a request
/// or response by `applyingGenerators(mode:context:)`.
extension Steps {
    static let generators: [StepDefinition] = [
        StepDefinition("a request configured with the following generators:") { world, arguments in
            let row = try arguments.firstTableRow()
            var request = HTTPRequest(method: "GET", path: "/path/one")
            if let body = row["body"], !body.isEmpty {
                request.body = try world.fixtures.body(body)
                request.headers = ["Content-Type": [request.body.contentType ?? "text/plain"]]
            }
            if let generators = row["generators"] { request.generators = try world.fixtures.generators(generators) }
            world.originalBody = request.body
            world.generatorRequest = request
        },
        StepDefinition("a response configured with the following generators:") { world, arguments in
            let row = try arguments.firstTableRow()
            var response = HTTPResponse()
            if let body = row["body"], !body.isEmpty {
                response.body = try world.fixtures.body(body)
                response.headers = ["Content-Type": [response.body.contentType ?? "text/plain"]]
            }
            if let generators = row["generators"] { response.generators = try world.fixtures.generators(generators) }
            world.originalBody = response.body
            world.generatorResponse = response
        },
        StepDefinition("the generator test mode is set as \(StepRegistry.string)") { world, arguments in
            switch arguments[0] {
            case "Consumer": world.generatorMode = .consumer
            case "Provider": world.generatorMode = .provider
            default: throw StepFailure("unknown generator test mode '\(arguments[0])'")
            }
        },
        StepDefinition("the request is prepared for use") { world, _ in
            var context = world.generatorContext()
            try prepareRequest(world, context: &context)
        },
        StepDefinition("the request is prepared for use with a \(StepRegistry.string) context:") { world, arguments in
            var context = world.generatorContext()
            guard let cell = try arguments.requireTable().first?.first else { throw StepFailure("no context given") }
            guard case .object(let values) = try Fixtures.parseJSON(cell) else {
                throw StepFailure("the context '\(cell)' is not a JSON object")
            }
            switch arguments[0] {
            case "providerState":
                context.providerState = values
            case "mockServer":
                guard let href = values["href"]?.stringValue ?? values["url"]?.stringValue else {
                    throw StepFailure("the mockServer context has no 'href'")
                }
                context.mockServerURL = href
            default:
                throw StepFailure("unknown generator context '\(arguments[0])'")
            }
            try prepareRequest(world, context: &context)
        },
        StepDefinition("the response is prepared for use") { world, _ in
            guard let response = world.generatorResponse else { throw StepFailure("no response was configured") }
            var context = world.generatorContext()
            let generated = response.applyingGenerators(mode: world.generatorMode, context: &context)
            if !generated.problems.isEmpty {
                throw StepFailure("the generators failed: \(generated.problems.map(\.description))")
            }
            world.generatedResponse = generated.value
            world.generatedBody = generated.value.body
        },
        StepDefinition(
            "the body value for \(StepRegistry.string) will have been replaced with an? \(StepRegistry.string)"
        ) {
            world,
            arguments in
            let (original, generated) = try bodyValues(world, path: arguments[0])
            guard original != generated else {
                throw StepFailure("expected \(original) at \(arguments[0]) to have been replaced, but it is unchanged")
            }
            try expectValue(generated, isA: arguments[1], generator: generator(world, bodyPath: arguments[0]))
        },
        StepDefinition("the body value for \(StepRegistry.string) will have been replaced with \(StepRegistry.string)")
        {
            world,
            arguments in
            let (original, generated) = try bodyValues(world, path: arguments[0])
            guard original != generated else {
                throw StepFailure("expected \(original) at \(arguments[0]) to have been replaced, but it is unchanged")
            }
            guard generated.displayString == arguments[1] else {
                throw StepFailure("expected \(arguments[0]) to be '\(arguments[1])' but it is \(generated)")
            }
        },
        StepDefinition("the request \(StepRegistry.string) will be set as \(StepRegistry.string)") { world, arguments in
            let value = try requestPart(world, arguments[0])
            guard value == [arguments[1]] else {
                throw StepFailure("expected the request \(arguments[0]) to be '\(arguments[1])' but it is \(value)")
            }
        },
        StepDefinition("the request \(StepRegistry.string) will match \(StepRegistry.string)") { world, arguments in
            try expect(try requestPart(world, arguments[0]), part: "request \(arguments[0])", toMatch: arguments[1])
        },
        StepDefinition("the response \(StepRegistry.string) will match \(StepRegistry.string)") { world, arguments in
            try expect(try responsePart(world, arguments[0]), part: "response \(arguments[0])", toMatch: arguments[1])
        },
        StepDefinition("the response \(StepRegistry.string) will not be \(StepRegistry.string)") { world, arguments in
            let values = try responsePart(world, arguments[0])
            if values.contains(arguments[1]) {
                throw StepFailure("expected the response \(arguments[0]) not to be '\(arguments[1])' but it is")
            }
        },
    ]

    static func prepareRequest(_ world: ScenarioWorld, context: inout GeneratorContext) throws(StepFailure) {
        guard let request = world.generatorRequest else { throw StepFailure("no request was configured") }
        let generated = request.applyingGenerators(mode: world.generatorMode, context: &context)
        if !generated.problems.isEmpty {
            throw StepFailure("the generators failed: \(generated.problems.map(\.description))")
        }
        world.generatedRequest = generated.value
        world.generatedBody = generated.value.body
    }

    /// The value at `path` in the original and in the generated JSON body.
    static func bodyValues(_ world: ScenarioWorld, path: String) throws(StepFailure) -> (JSONValue, JSONValue) {
        guard case .json(let original) = world.originalBody.content else {
            throw StepFailure("the original body is not JSON: \(world.originalBody.content)")
        }
        guard case .json(let generated) = world.generatedBody.content else {
            throw StepFailure("the generated body is not JSON: \(world.generatedBody.content)")
        }
        guard let before = original.value(atPath: path) else { throw StepFailure("the original body has no \(path)") }
        guard let after = generated.value(atPath: path) else { throw StepFailure("the generated body has no \(path)") }
        return (before, after)
    }

    /// `path`, `status`, `header[NAME]` or `queryParameter[NAME]` of the generated request.
    static func requestPart(_ world: ScenarioWorld, _ part: String) throws(StepFailure) -> [String] {
        guard let request = world.generatedRequest else { throw StepFailure("the request was not prepared") }
        if part == "path" { return [request.path] }
        if let name = bracketed(part, prefix: "header") {
            guard let values = request.header(name) else { throw StepFailure("the request has no header '\(name)'") }
            return values
        }
        if let name = bracketed(part, prefix: "queryParameter") {
            guard let values = request.query?[name] else {
                throw StepFailure("the request has no query parameter '\(name)'")
            }
            return values
        }
        throw StepFailure("unknown request part '\(part)'")
    }

    /// `status` or `header[NAME]` of the generated response.
    static func responsePart(_ world: ScenarioWorld, _ part: String) throws(StepFailure) -> [String] {
        guard let response = world.generatedResponse else { throw StepFailure("the response was not prepared") }
        if part == "status" { return [String(response.status)] }
        if let name = bracketed(part, prefix: "header") {
            guard let values = response.header(name) else { throw StepFailure("the response has no header '\(name)'") }
            return values
        }
        throw StepFailure("unknown response part '\(part)'")
    }

    static func bracketed(_ text: String, prefix: String) -> String? {
        guard text.hasPrefix(prefix + "["), text.hasSuffix("]") else { return nil }
        return String(text.dropFirst(prefix.count + 1).dropLast())
    }

    static func expect(_ values: [String], part: String, toMatch pattern: String) throws(StepFailure) {
        guard !values.isEmpty else { throw StepFailure("the \(part) has no value") }
        for value in values where !fullyMatches(value, pattern) {
            throw StepFailure("expected the \(part) '\(value)' to match '\(pattern)'")
        }
    }

    static func fullyMatches(_ value: String, _ pattern: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: "^(?:" + pattern + ")$") else { return false }
        return regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
    }

    /// The JSON of the generator configured for `path` of the request's or response's body.
    static func generator(_ world: ScenarioWorld, bodyPath path: String) -> [String: JSONValue]? {
        (world.generatorRequest?.generators["body"][path] ?? world.generatorResponse?.generators["body"][path])?.json
    }

    /// Whether a generated value is of the kind the feature names, and (for the string generators) what its
    /// `generator` asks for: the regex generator's own pattern, the random string generator's size and alphabet.
    static func expectValue(
        _ value: JSONValue,
        isA kind: String,
        generator: [String: JSONValue]? = nil
    ) throws(StepFailure) {
        let text = value.displayString
        let ok: Bool
        switch kind {
        case "integer":
            ok = fullyMatches(text, "-?\\d+")
        case "decimal number":
            ok = fullyMatches(text, "-?\\d+\\.\\d+")
        case "hexadecimal number":
            ok = fullyMatches(text, "[a-fA-F0-9]+")
        case "random string":
            // The reference generates `size` (default 10) alphanumeric characters.
            guard generator?["type"] == "RandomString" else {
                throw StepFailure("no RandomString generator at the path: \(String(describing: generator))")
            }
            let size = generator?["size"]?.intValue ?? 10
            ok = value.stringValue != nil && fullyMatches(text, "[A-Za-z0-9]{\(size)}")
        case "string from the regex":
            guard generator?["type"] == "Regex", let pattern = generator?["regex"]?.stringValue else {
                throw StepFailure("no Regex generator with a pattern at the path: \(String(describing: generator))")
            }
            ok = value.stringValue != nil && fullyMatches(text, pattern)
        case "date":
            ok = fullyMatches(text, "\\d{4}-\\d{2}-\\d{2}")
        case "time":
            ok = fullyMatches(text, "\\d{2}:\\d{2}:\\d{2}")
        case "date-time":
            ok = fullyMatches(text, "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?.*")
        case "UUID", "lower-case-hyphenated UUID":
            ok = fullyMatches(text, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
        case "simple UUID":
            ok = fullyMatches(text, "[0-9a-f]{32}")
        case "upper-case-hyphenated UUID":
            ok = fullyMatches(text, "[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")
        case "URN UUID":
            ok = fullyMatches(text, "urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
        case "boolean":
            ok = value.boolValue != nil
        default:
            throw StepFailure("unknown kind of value '\(kind)'")
        }
        if !ok { throw StepFailure("expected \(value) to be a \(kind)") }
    }
}
