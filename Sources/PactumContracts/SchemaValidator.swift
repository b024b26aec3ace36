import Foundation
import PactumCore

/// One way a value fails a schema, in the terms of the JSON Schema validator PactFlow's comparator uses (Ajv):
/// the value's path, the failing keyword's path in the schema and a sentence.
struct SchemaError: Hashable, Sendable {
    /// Keys and indices from the validated value to the failing part of it.
    var instancePath: [String]
    /// A JSON pointer fragment into the schema, as `#/properties/name/type`.
    var schemaPath: String
    var keyword: String
    var message: String
}

/// A compiled schema: validates values against a JSON Schema (draft 2019-09 keywords with OpenAPI's
/// `discriminator`), resolving `$ref` against the schema's own root.
struct CompiledSchema: Sendable {
    let root: JSONValue
    /// Whether scalar values are coerced to the schema's type first (parameters and headers arrive as strings).
    let coerce: Bool
    let patterns: PatternCache
    /// Whether each reference's target holds references itself. Ajv inlines the others, so their failures are
    /// located by the reference (`#/components/schemas/Pet/type`); these are separate functions, whose failures are
    /// located from the target (`#/type`).
    let referencing: [String: Bool]

    init(root: JSONValue, coerce: Bool, patterns: PatternCache) {
        self.root = root
        self.coerce = coerce
        self.patterns = patterns
        var references: Set<String> = []
        Self.collectReferences(root, into: &references)
        var referencing: [String: Bool] = [:]
        for ref in references {
            referencing[ref] = SchemaPointer.resolve(ref, in: root).map(Self.containsReference) ?? false
        }
        self.referencing = referencing
    }

    private static func collectReferences(_ value: JSONValue, into references: inout Set<String>) {
        switch value {
        case .object(let object):
            if let ref = object["$ref"]?.stringValue { references.insert(ref) }
            for child in object.values { collectReferences(child, into: &references) }
        case .array(let items):
            for child in items { collectReferences(child, into: &references) }
        default:
            break
        }
    }

    private static func containsReference(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let object): return object["$ref"] != nil || object.values.contains(where: containsReference)
        case .array(let items): return items.contains(where: containsReference)
        default: return false
        }
    }

    func validate(_ value: JSONValue) -> [SchemaError] {
        var run = Run(schema: self)
        run.check(value, root, schemaPath: "#", instancePath: [], depth: 0)
        return run.errors
    }
}

/// Compiled regular expressions shared by every schema of a comparator.
final class PatternCache: @unchecked Sendable {
    private let lock = NSLock()
    private var expressions: [String: NSRegularExpression?] = [:]

    func matches(_ pattern: String, _ text: String) -> Bool {
        lock.lock()
        let cached = expressions[pattern]
        lock.unlock()
        let expression: NSRegularExpression?
        if let cached {
            expression = cached
        } else {
            expression = try? NSRegularExpression(pattern: pattern)
            lock.lock()
            expressions[pattern] = expression
            lock.unlock()
        }
        guard let expression else { return true }
        let range = NSRange(text.startIndex..., in: text)
        return expression.firstMatch(in: text, range: range) != nil
    }
}

private struct Run {
    let schema: CompiledSchema
    var errors: [SchemaError] = []

    init(schema: CompiledSchema) { self.schema = schema }

    mutating func fail(_ instancePath: [String], _ schemaPath: String, _ keyword: String, _ message: String) {
        errors.append(
            SchemaError(
                instancePath: instancePath, schemaPath: schemaPath + "/" + keyword, keyword: keyword, message: message))
    }

    /// Validates without recording errors: the number of errors it would give.
    func isValid(_ value: JSONValue, _ node: JSONValue, schemaPath: String, instancePath: [String], depth: Int) -> Bool {
        var run = Run(schema: schema)
        run.check(value, node, schemaPath: schemaPath, instancePath: instancePath, depth: depth)
        return run.errors.isEmpty
    }

    mutating func check(_ original: JSONValue, _ node: JSONValue, schemaPath: String, instancePath: [String], depth: Int)
    {
        guard depth < 64 else { return }
        if case .bool(let allowed) = node {
            if !allowed {
                errors.append(
                    SchemaError(
                        instancePath: instancePath, schemaPath: schemaPath, keyword: "false schema",
                        message: "boolean schema is false"))
            }
            return
        }
        guard case .object(let s) = node else { return }
        var value = original

        if let ref = s["$ref"]?.stringValue {
            if let target = SchemaPointer.resolve(ref, in: schema.root) {
                let inlined = schema.referencing[ref] != true
                check(value, target, schemaPath: inlined ? ref : "#", instancePath: instancePath, depth: depth + 1)
            }
        }

        // type (with coercion of scalars)
        var typeMatches = true
        if let types = Self.types(s["type"]), !types.isEmpty {
            if !types.contains(where: { Self.value(value, is: $0) }) {
                if schema.coerce, let coerced = Self.coerce(value, to: types) {
                    value = coerced
                } else {
                    typeMatches = false
                    fail(instancePath, schemaPath, "type", "must be \(types.joined(separator: ","))")
                }
            }
        }
        _ = typeMatches

        // keywords of any type
        if let constant = s["const"], !Self.equal(constant, value) {
            fail(instancePath, schemaPath, "const", "must be equal to constant")
        }
        if let options = s["enum"]?.arrayValue, !options.contains(where: { Self.equal($0, value) }) {
            fail(instancePath, schemaPath, "enum", "must be equal to one of the allowed values")
        }
        if let not = s["not"] {
            if isValid(value, not, schemaPath: schemaPath + "/not", instancePath: instancePath, depth: depth + 1) {
                fail(instancePath, schemaPath, "not", "must NOT be valid")
            }
        }
        if let anyOf = s["anyOf"]?.arrayValue {
            var branchErrors: [SchemaError] = []
            var passed = false
            for (index, branch) in anyOf.enumerated() {
                var run = Run(schema: schema)
                run.check(
                    value, branch, schemaPath: "\(schemaPath)/anyOf/\(index)", instancePath: instancePath,
                    depth: depth + 1)
                if run.errors.isEmpty {
                    passed = true
                    break
                }
                branchErrors += run.errors
            }
            if !passed {
                errors += branchErrors
                fail(instancePath, schemaPath, "anyOf", "must match a schema in anyOf")
            }
        }
        let discriminated = s["discriminator"] != nil && s["oneOf"] != nil
        if let oneOf = s["oneOf"]?.arrayValue, !discriminated {
            var branchErrors: [SchemaError] = []
            var passing: [Int] = []
            for (index, branch) in oneOf.enumerated() {
                var run = Run(schema: schema)
                run.check(
                    value, branch, schemaPath: "\(schemaPath)/oneOf/\(index)", instancePath: instancePath,
                    depth: depth + 1)
                if run.errors.isEmpty { passing.append(index) } else { branchErrors += run.errors }
            }
            if passing.isEmpty {
                errors += branchErrors
                fail(instancePath, schemaPath, "oneOf", "must match exactly one schema in oneOf")
            } else if passing.count > 1 {
                fail(
                    instancePath, schemaPath, "oneOf",
                    "must match exactly one schema in oneOf (schemas \(passing.map(String.init).joined(separator: ", ")) all match)"
                )
            }
        }
        if let allOf = s["allOf"]?.arrayValue {
            for (index, branch) in allOf.enumerated() {
                check(
                    value, branch, schemaPath: "\(schemaPath)/allOf/\(index)", instancePath: instancePath,
                    depth: depth + 1)
            }
        }
        if let condition = s["if"] {
            let holds = isValid(
                value, condition, schemaPath: schemaPath + "/if", instancePath: instancePath, depth: depth + 1)
            let branchName = holds ? "then" : "else"
            if let branch = s[branchName] {
                let before = errors.count
                check(
                    value, branch, schemaPath: "\(schemaPath)/\(branchName)", instancePath: instancePath,
                    depth: depth + 1)
                if errors.count > before {
                    fail(instancePath, schemaPath, "if", "must match \"\(branchName)\" schema")
                }
            }
        }

        switch value {
        case .integer, .decimal:
            checkNumber(value.doubleValue ?? 0, s, schemaPath: schemaPath, instancePath: instancePath)
        case .string(let text):
            checkString(text, s, schemaPath: schemaPath, instancePath: instancePath)
        case .array(let items):
            checkArray(items, s, schemaPath: schemaPath, instancePath: instancePath, depth: depth)
        case .object(let object):
            checkObject(object, s, schemaPath: schemaPath, instancePath: instancePath, depth: depth)
        default:
            break
        }
    }

    mutating func checkNumber(_ number: Double, _ s: [String: JSONValue], schemaPath: String, instancePath: [String]) {
        if let limit = s["maximum"]?.numberValue, number > limit {
            fail(instancePath, schemaPath, "maximum", "must be <= \(Self.format(limit))")
        }
        if let limit = s["minimum"]?.numberValue, number < limit {
            fail(instancePath, schemaPath, "minimum", "must be >= \(Self.format(limit))")
        }
        if let limit = s["exclusiveMaximum"]?.numberValue, number >= limit {
            fail(instancePath, schemaPath, "exclusiveMaximum", "must be < \(Self.format(limit))")
        }
        if let limit = s["exclusiveMinimum"]?.numberValue, number <= limit {
            fail(instancePath, schemaPath, "exclusiveMinimum", "must be > \(Self.format(limit))")
        }
        if let divisor = s["multipleOf"]?.numberValue, divisor > 0 {
            let quotient = number / divisor
            if abs(quotient - quotient.rounded()) > 1e-9 {
                fail(instancePath, schemaPath, "multipleOf", "must be multiple of \(Self.format(divisor))")
            }
        }
        if let format = s["format"]?.stringValue, !Formats.number(number, matches: format) {
            fail(instancePath, schemaPath, "format", "must match format \"\(format)\"")
        }
    }

    mutating func checkString(_ text: String, _ s: [String: JSONValue], schemaPath: String, instancePath: [String]) {
        let length = text.unicodeScalars.count
        if let limit = s["maxLength"]?.intValue, length > limit {
            fail(instancePath, schemaPath, "maxLength", "must NOT have more than \(limit) characters")
        }
        if let limit = s["minLength"]?.intValue, length < limit {
            fail(instancePath, schemaPath, "minLength", "must NOT have fewer than \(limit) characters")
        }
        if let pattern = s["pattern"]?.stringValue, !schema.patterns.matches(pattern, text) {
            fail(instancePath, schemaPath, "pattern", "must match pattern \"\(pattern)\"")
        }
        if let format = s["format"]?.stringValue, !Formats.string(text, matches: format) {
            fail(instancePath, schemaPath, "format", "must match format \"\(format)\"")
        }
    }

    mutating func checkArray(
        _ items: [JSONValue], _ s: [String: JSONValue], schemaPath: String, instancePath: [String], depth: Int
    ) {
        if let limit = s["maxItems"]?.intValue, items.count > limit {
            fail(instancePath, schemaPath, "maxItems", "must NOT have more than \(limit) items")
        }
        if let limit = s["minItems"]?.intValue, items.count < limit {
            fail(instancePath, schemaPath, "minItems", "must NOT have fewer than \(limit) items")
        }
        if s["uniqueItems"]?.boolValue == true {
            outer: for i in items.indices.reversed() {
                for j in items.indices where j < i && Self.equal(items[i], items[j]) {
                    fail(
                        instancePath, schemaPath, "uniqueItems",
                        "must NOT have duplicate items (items ## \(j) and \(i) are identical)")
                    break outer
                }
            }
        }
        switch s["items"] {
        case .array(let tuple)?:
            for (index, item) in items.enumerated() where index < tuple.count {
                check(
                    item, tuple[index], schemaPath: "\(schemaPath)/items/\(index)",
                    instancePath: instancePath + [String(index)], depth: depth + 1)
            }
        case let itemSchema?:
            for (index, item) in items.enumerated() {
                check(
                    item, itemSchema, schemaPath: "\(schemaPath)/items", instancePath: instancePath + [String(index)],
                    depth: depth + 1)
            }
        case nil:
            break
        }
        if let contains = s["contains"] {
            let found = items.enumerated().contains { index, item in
                isValid(
                    item, contains, schemaPath: schemaPath + "/contains", instancePath: instancePath + [String(index)],
                    depth: depth + 1)
            }
            if !found { fail(instancePath, schemaPath, "contains", "must contain at least 1 valid item(s)") }
        }
    }

    mutating func checkObject(
        _ object: [String: JSONValue], _ s: [String: JSONValue], schemaPath: String, instancePath: [String], depth: Int
    ) {
        if let limit = s["maxProperties"]?.intValue, object.count > limit {
            fail(instancePath, schemaPath, "maxProperties", "must NOT have more than \(limit) properties")
        }
        if let limit = s["minProperties"]?.intValue, object.count < limit {
            fail(instancePath, schemaPath, "minProperties", "must NOT have fewer than \(limit) properties")
        }
        if let required = s["required"]?.arrayValue {
            for name in required.compactMap(\.stringValue) where object[name] == nil {
                fail(instancePath, schemaPath, "required", "must have required property '\(name)'")
            }
        }
        let properties = s["properties"]?.objectValue ?? [:]
        let patternProperties = s["patternProperties"]?.objectValue ?? [:]
        if let additional = s["additionalProperties"] {
            for name in object.keys.sorted() where properties[name] == nil {
                if patternProperties.keys.contains(where: { schema.patterns.matches($0, name) }) { continue }
                if case .bool(false) = additional {
                    errors.append(
                        SchemaError(
                            instancePath: instancePath, schemaPath: schemaPath + "/additionalProperties",
                            keyword: "additionalProperties",
                            message: "must NOT have additional properties - \(name)"))
                } else {
                    check(
                        object[name]!, additional, schemaPath: schemaPath + "/additionalProperties",
                        instancePath: instancePath + [name], depth: depth + 1)
                }
            }
        }
        for name in properties.keys.sorted() {
            guard let property = object[name], let propertySchema = properties[name] else { continue }
            check(
                property, propertySchema, schemaPath: "\(schemaPath)/properties/\(SchemaPointer.escape(name))",
                instancePath: instancePath + [name], depth: depth + 1)
        }
        for (pattern, patternSchema) in patternProperties.sorted(by: { $0.key < $1.key }) {
            for name in object.keys.sorted() where schema.patterns.matches(pattern, name) {
                check(
                    object[name]!, patternSchema,
                    schemaPath: "\(schemaPath)/patternProperties/\(SchemaPointer.escape(pattern))",
                    instancePath: instancePath + [name], depth: depth + 1)
            }
        }
        if let discriminator = s["discriminator"]?.objectValue, let oneOf = s["oneOf"]?.arrayValue,
            let tag = discriminator["propertyName"]?.stringValue
        {
            guard let tagValue = object[tag]?.stringValue else {
                fail(instancePath, schemaPath, "discriminator", "tag \"\(tag)\" must be string")
                return
            }
            let mapping = discriminator["mapping"]?.objectValue ?? [:]
            var chosen: Int?
            for (index, branch) in oneOf.enumerated() {
                let ref = branch["$ref"]?.stringValue
                let target = ref.flatMap { SchemaPointer.resolve($0, in: schema.root) } ?? branch
                if let mapped = mapping[tagValue]?.stringValue, let ref, mapped == ref || ref.hasSuffix("/" + mapped) {
                    chosen = index
                    break
                }
                let tagSchema = target["properties"]?[tag]
                if let constant = tagSchema?["const"], constant == .string(tagValue) {
                    chosen = index
                    break
                }
                if let options = tagSchema?["enum"]?.arrayValue, options.contains(.string(tagValue)) {
                    chosen = index
                    break
                }
                if mapping.isEmpty, tagSchema?["const"] == nil, tagSchema?["enum"] == nil, let ref,
                    ref.split(separator: "/").last.map(String.init) == tagValue
                {
                    chosen = index
                    break
                }
            }
            guard let chosen else {
                fail(instancePath, schemaPath, "discriminator", "value of tag \"\(tag)\" must be in oneOf")
                return
            }
            check(
                .object(object), oneOf[chosen], schemaPath: "\(schemaPath)/oneOf/\(chosen)",
                instancePath: instancePath, depth: depth + 1)
        }
    }

    static func types(_ type: JSONValue?) -> [String]? {
        switch type {
        case .string(let name)?: return [name]
        case .array(let names)?: return names.compactMap(\.stringValue)
        default: return nil
        }
    }

    static func value(_ value: JSONValue, is type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object):
            return true
        case ("number", .integer), ("number", .decimal), ("integer", .integer):
            return true
        case ("integer", .decimal(let d)):
            return d.rounded() == d
        default:
            return false
        }
    }

    /// Ajv's `coerceTypes: true`: scalars to the first type they convert to.
    static func coerce(_ value: JSONValue, to types: [String]) -> JSONValue? {
        for type in types {
            switch (type, value) {
            case ("number", .string(let s)), ("integer", .string(let s)):
                let trimmed = s
                guard !trimmed.isEmpty, let number = Double(trimmed), number.isFinite else { continue }
                if type == "integer" && number.rounded() != number { continue }
                if let int = Int(trimmed) { return .integer(int) }
                return type == "integer" ? .integer(Int(number)) : .decimal(number)
            case ("number", .bool(let b)), ("integer", .bool(let b)):
                return .integer(b ? 1 : 0)
            case ("number", .null), ("integer", .null):
                return .integer(0)
            case ("string", .integer), ("string", .decimal), ("string", .bool):
                return .string(value.displayString)
            case ("string", .null):
                return .string("")
            case ("boolean", .string("true")), ("boolean", .integer(1)):
                return .bool(true)
            case ("boolean", .string("false")), ("boolean", .integer(0)), ("boolean", .null):
                return .bool(false)
            case ("null", .string("")), ("null", .integer(0)), ("null", .bool(false)):
                return .null
            default:
                continue
            }
        }
        return nil
    }

    /// JSON equality, where `1` and `1.0` are the same number.
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.integer, .decimal), (.decimal, .integer), (.decimal, .decimal), (.integer, .integer):
            return a.doubleValue == b.doubleValue
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { equal(value, $0) } ?? false }
        default:
            return a == b
        }
    }

    static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int(number)) }
        return String(number)
    }
}

extension JSONValue {
    /// A number keyword's value.
    var numberValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .decimal(let d): return d
        default: return nil
        }
    }
}

/// JSON pointers into a document: `#/components/schemas/Pet`.
enum SchemaPointer {
    static func split(_ pointer: String) -> [String]? {
        var text = Substring(pointer)
        if text.hasPrefix("#") { text = text.dropFirst() }
        guard text.hasPrefix("/") else { return text.isEmpty ? [] : nil }
        return text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { part in
            let unescaped = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            return unescaped.removingPercentEncoding ?? unescaped
        }
    }

    static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func resolve(_ pointer: String, in root: JSONValue) -> JSONValue? {
        guard let path = split(pointer) else { return nil }
        return root.value(at: path)
    }
}

extension JSONValue {
    func value(at path: [String]) -> JSONValue? {
        var current = self
        for key in path {
            switch current {
            case .object(let object):
                guard let next = object[key] else { return nil }
                current = next
            case .array(let array):
                guard let index = Int(key), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Sets the value at `path`, creating objects on the way (lodash `set`).
    mutating func set(_ newValue: JSONValue, at path: ArraySlice<String>) {
        guard let key = path.first else {
            self = newValue
            return
        }
        switch self {
        case .array(var array):
            if let index = Int(key), array.indices.contains(index) {
                array[index].set(newValue, at: path.dropFirst())
                self = .array(array)
                return
            }
            var object: [String: JSONValue] = [:]
            for (index, element) in array.enumerated() { object[String(index)] = element }
            var child = object[key] ?? .object([:])
            child.set(newValue, at: path.dropFirst())
            object[key] = child
            self = .object(object)
        case .object(var object):
            var child = object.removeValue(forKey: key) ?? .object([:])
            child.set(newValue, at: path.dropFirst())
            object[key] = child
            self = .object(object)
        default:
            var child = JSONValue.object([:])
            child.set(newValue, at: path.dropFirst())
            self = .object([key: child])
        }
    }
}
