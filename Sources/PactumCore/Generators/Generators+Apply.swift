/// Who is generating: the consumer's mock server (responses; `MockServerURL` applies) or the
/// provider verifier (requests; `ProviderState` applies).
public enum GeneratorMode: Hashable, Sendable {
    case consumer
    case provider

    func applies(_ generator: Generator) -> Bool {
        switch (generator.storage, self) {
        case (.providerState, .consumer): return false
        case (.mockServerURL, .provider): return false
        default: return true
        }
    }
}

/// A value with its generators applied, and the generators that could not run (their examples were kept).
public struct Generated<Value: Sendable>: Sendable {
    public var value: Value
    public var problems: [GeneratorError]
}

extension HTTPRequest {
    /// The request with its generators applied (path, headers, query, body).
    public func applyingGenerators(mode: GeneratorMode, context: inout GeneratorContext) -> Generated<HTTPRequest> {
        var applier = GeneratorApplier(mode: mode)
        var copy = self
        copy.path = applier.apply(generators["path"], to: copy.path, context: &context)
        copy.headers = applier.apply(generators["header"], toNamed: copy.headers, context: &context)
        copy.query = applier.apply(generators["query"], toNamed: copy.query, context: &context)
        copy.body = applier.apply(generators["body"], to: copy.body, context: &context)
        return Generated(value: copy, problems: applier.problems)
    }
}

extension HTTPResponse {
    /// The response with its generators applied (status, headers, body).
    public func applyingGenerators(mode: GeneratorMode, context: inout GeneratorContext) -> Generated<HTTPResponse> {
        var applier = GeneratorApplier(mode: mode)
        var copy = self
        if let generator = generators["status"][""] ?? generators["status"].values.first, mode.applies(generator) {
            do {
                let value = try generator.generate(current: .integer(status), context: &context)
                if let code = value.intValue, (100...999).contains(code) { copy.status = code }
            } catch {
                applier.problems.append(error)
            }
        }
        copy.headers = applier.apply(generators["header"], toNamed: copy.headers, context: &context)
        copy.body = applier.apply(generators["body"], to: copy.body, context: &context)
        return Generated(value: copy, problems: applier.problems)
    }
}

extension Message {
    /// The message with its generators applied (contents and metadata).
    public func applyingGenerators(mode: GeneratorMode, context: inout GeneratorContext) -> Generated<Message> {
        var applier = GeneratorApplier(mode: mode)
        var copy = self
        var bodyGenerators = generators["body"]
        for (key, value) in generators["content"] where bodyGenerators[key] == nil { bodyGenerators[key] = value }
        copy.contents = applier.apply(bodyGenerators, to: copy.contents, context: &context)
        for (key, generator) in generators["metadata"].sorted(by: { $0.key < $1.key }) where mode.applies(generator) {
            do {
                copy.metadata[key] = try generator.generate(current: copy.metadata[key], context: &context)
            } catch {
                applier.problems.append(error)
            }
        }
        return Generated(value: copy, problems: applier.problems)
    }
}

struct GeneratorApplier {
    let mode: GeneratorMode
    var problems: [GeneratorError] = []

    mutating func apply(_ generators: [String: Generator], to text: String, context: inout GeneratorContext) -> String {
        guard let generator = generators[""] ?? generators.values.first, mode.applies(generator) else { return text }
        do {
            return try generator.generate(current: .string(text), context: &context).displayString
        } catch {
            problems.append(error)
            return text
        }
    }

    mutating func apply(
        _ generators: [String: Generator],
        toNamed values: [String: [String]]?,
        context: inout GeneratorContext
    ) -> [String: [String]]? {
        guard !generators.isEmpty else { return values }
        var result = values ?? [:]
        for (name, generator) in generators.sorted(by: { $0.key < $1.key }) where mode.applies(generator) {
            let key = result.keys.first { $0.lowercased() == name.lowercased() } ?? name
            let current = result[key] ?? [""]
            var generated: [String] = []
            for value in current.isEmpty ? [""] : current {
                do {
                    generated.append(try generator.generate(current: .string(value), context: &context).displayString)
                } catch {
                    problems.append(error)
                    generated.append(value)
                }
            }
            result[key] = generated
        }
        return result
    }

    mutating func apply(_ generators: [String: Generator], to body: Body, context: inout GeneratorContext) -> Body {
        guard !generators.isEmpty else { return body }
        var copy = body
        switch body.content {
        case .json(let value):
            var json = value
            for (path, generator) in generators.sorted(by: { $0.key < $1.key }) where mode.applies(generator) {
                guard let expression = try? PathExpression(path.isEmpty ? "$" : path) else { continue }
                json = replace(in: json, at: [.root], expression: expression, generator: generator, context: &context)
            }
            copy.content = .json(json)
        case .text(let text):
            // A generator for the whole body (`$`) replaces plain text.
            if let generator = generators["$"] ?? generators[""], mode.applies(generator) {
                do {
                    copy.content = .text(
                        try generator.generate(current: .string(text), context: &context).displayString
                    )
                } catch {
                    problems.append(error)
                }
            }
        default:
            break
        }
        return copy
    }

    /// Replaces every node whose concrete path the expression reaches exactly.
    private mutating func replace(
        in value: JSONValue,
        at path: [PathSegment],
        expression: PathExpression,
        generator: Generator,
        context: inout GeneratorContext
    ) -> JSONValue {
        if path.count == expression.count {
            guard expression.weight(for: path) > 0 else { return value }
            do {
                return try generator.generate(current: value, context: &context)
            } catch {
                problems.append(error)
                return value
            }
        }
        // Only descend where the expression can still reach.
        guard expression.canReach(below: path) else { return value }
        switch value {
        case .object(var object):
            for key in object.keys.sorted() {
                guard let child = object[key] else { continue }
                object[key] = replace(
                    in: child,
                    at: path + [.field(key)],
                    expression: expression,
                    generator: generator,
                    context: &context
                )
            }
            return .object(object)
        case .array(var items):
            for index in items.indices {
                items[index] = replace(
                    in: items[index],
                    at: path + [.index(index)],
                    expression: expression,
                    generator: generator,
                    context: &context
                )
            }
            return .array(items)
        default:
            return value
        }
    }
}
