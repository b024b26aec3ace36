import Foundation
import PactumCore

@testable import PactumContracts

/// The schema interpreter the comparator used before schemas were compiled into `SchemaNode` trees (commit 47b3a21),
/// kept as the oracle the compiled validator is checked against: it reads each schema object's keywords for every
/// value it checks.
struct ReferenceSchema: Sendable {
    let root: JSONValue
    /// Whether scalar values are coerced to the schema's type first (parameters and headers arrive as strings).
    let coerce: Bool
    let patterns: PatternCache
    /// Whether each reference's target holds references itself. Ajv inlines the others, so their failures are
    /// located by the reference (`#/components/schemas/Pet/type`); these are separate functions, whose failures are
    /// located from the target (`#/type`).
    let referencing: [String: Bool]
    /// Each reference's target, resolved once.
    let targets: [String: JSONValue]

    init(root: JSONValue, coerce: Bool, patterns: PatternCache) {
        self.root = root
        self.coerce = coerce
        self.patterns = patterns
        var references: Set<String> = []
        Self.collectReferences(root, into: &references)
        var referencing: [String: Bool] = [:]
        var targets: [String: JSONValue] = [:]
        for ref in references {
            let target = SchemaPointer.resolve(ref, in: root)
            targets[ref] = target
            referencing[ref] = target.map(Self.containsReference) ?? false
        }
        self.referencing = referencing
        self.targets = targets
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
        var run = ReferenceRun(schema: self)
        run.check(value, root, depth: 0)
        return run.errors
    }
}

/// A schema object's keywords, read in one pass over its keys (cheaper than a lookup per keyword).
private struct ReferenceKeywords {
    var ref: JSONValue?
    var additionalProperties: JSONValue?
    var allOf: JSONValue?
    var anyOf: JSONValue?
    var const: JSONValue?
    var contains: JSONValue?
    var discriminator: JSONValue?
    var enumeration: JSONValue?
    var exclusiveMaximum: JSONValue?
    var exclusiveMinimum: JSONValue?
    var format: JSONValue?
    var condition: JSONValue?
    var items: JSONValue?
    var maxItems: JSONValue?
    var maxLength: JSONValue?
    var maxProperties: JSONValue?
    var maximum: JSONValue?
    var minItems: JSONValue?
    var minLength: JSONValue?
    var minProperties: JSONValue?
    var minimum: JSONValue?
    var multipleOf: JSONValue?
    var `not`: JSONValue?
    var oneOf: JSONValue?
    var pattern: JSONValue?
    var patternProperties: JSONValue?
    var properties: JSONValue?
    var required: JSONValue?
    var type: JSONValue?
    var uniqueItems: JSONValue?
    var `then`: JSONValue?
    var `else`: JSONValue?

    init(_ object: [String: JSONValue]) {
        for (key, value) in object {
            switch key {
            case "$ref": self.ref = value
            case "additionalProperties": self.additionalProperties = value
            case "allOf": self.allOf = value
            case "anyOf": self.anyOf = value
            case "const": self.const = value
            case "contains": self.contains = value
            case "discriminator": self.discriminator = value
            case "enum": self.enumeration = value
            case "exclusiveMaximum": self.exclusiveMaximum = value
            case "exclusiveMinimum": self.exclusiveMinimum = value
            case "format": self.format = value
            case "if": self.condition = value
            case "items": self.items = value
            case "maxItems": self.maxItems = value
            case "maxLength": self.maxLength = value
            case "maxProperties": self.maxProperties = value
            case "maximum": self.maximum = value
            case "minItems": self.minItems = value
            case "minLength": self.minLength = value
            case "minProperties": self.minProperties = value
            case "minimum": self.minimum = value
            case "multipleOf": self.multipleOf = value
            case "not": self.not = value
            case "oneOf": self.oneOf = value
            case "pattern": self.pattern = value
            case "patternProperties": self.patternProperties = value
            case "properties": self.properties = value
            case "required": self.required = value
            case "type": self.type = value
            case "uniqueItems": self.uniqueItems = value
            case "then": self.then = value
            case "else": self.else = value
            default: break
            }
        }
    }

    subscript(branch name: String) -> JSONValue? { name == "then" ? then : `else` }
}

private struct ReferenceRun {
    let schema: ReferenceSchema
    var errors: [SchemaError] = []
    /// The schema keyword path and the value path of the current check, joined only when a check fails.
    var schemaPath: [String]
    var instancePath: [String]

    init(schema: ReferenceSchema, schemaPath: [String] = ["#"], instancePath: [String] = []) {
        self.schema = schema
        self.schemaPath = schemaPath
        self.instancePath = instancePath
    }

    mutating func fail(_ keyword: String, _ message: String) {
        errors.append(
            SchemaError(
                instancePath: instancePath,
                schemaPath: (schemaPath + [keyword]).joined(separator: "/"),
                keyword: keyword,
                message: message
            )
        )
    }

    /// Checks `value` against `node` with `parts` added to the schema path (and `key` to the value path).
    mutating func descend(_ value: JSONValue, _ node: JSONValue, at parts: String..., key: String? = nil, depth: Int) {
        schemaPath += parts
        if let key { instancePath.append(key) }
        check(value, node, depth: depth)
        schemaPath.removeLast(parts.count)
        if key != nil { instancePath.removeLast() }
    }

    /// Validates a branch on its own: its errors, without recording them.
    func branch(_ value: JSONValue, _ node: JSONValue, at parts: String..., depth: Int) -> [SchemaError] {
        var run = ReferenceRun(schema: schema, schemaPath: schemaPath + parts, instancePath: instancePath)
        run.check(value, node, depth: depth)
        return run.errors
    }

    mutating func check(_ original: JSONValue, _ node: JSONValue, depth: Int) {
        guard depth < 64 else { return }
        if case .bool(let allowed) = node {
            if !allowed {
                errors.append(
                    SchemaError(
                        instancePath: instancePath,
                        schemaPath: schemaPath.joined(separator: "/"),
                        keyword: "false schema",
                        message: "boolean schema is false"
                    )
                )
            }
            return
        }
        guard case .object(let s) = node else { return }
        let k = ReferenceKeywords(s)
        var value = original

        if let ref = k.ref?.stringValue, let target = schema.targets[ref] {
            let saved = schemaPath
            schemaPath = [schema.referencing[ref] != true ? ref : "#"]
            check(value, target, depth: depth + 1)
            schemaPath = saved
        }

        // type (with coercion of scalars)
        if let types = Self.types(k.type), !types.isEmpty {
            if !types.contains(where: { Self.value(value, is: $0) }) {
                if schema.coerce, let coerced = Self.coerce(value, to: types) {
                    value = coerced
                } else {
                    fail("type", "must be \(types.joined(separator: ","))")
                }
            }
        }

        // keywords of any type
        if let constant = k.const, !Self.equal(constant, value) {
            fail("const", "must be equal to constant")
        }
        if let options = k.enumeration?.arrayValue, !options.contains(where: { Self.equal($0, value) }) {
            fail("enum", "must be equal to one of the allowed values")
        }
        if let not = k.not, branch(value, not, at: "not", depth: depth + 1).isEmpty {
            fail("not", "must NOT be valid")
        }
        if let anyOf = k.anyOf?.arrayValue {
            var branchErrors: [SchemaError] = []
            var passed = false
            for (index, option) in anyOf.enumerated() {
                let found = branch(value, option, at: "anyOf", String(index), depth: depth + 1)
                if found.isEmpty {
                    passed = true
                    break
                }
                branchErrors += found
            }
            if !passed {
                errors += branchErrors
                fail("anyOf", "must match a schema in anyOf")
            }
        }
        let discriminated = k.discriminator != nil && k.oneOf != nil
        if let oneOf = k.oneOf?.arrayValue, !discriminated {
            var branchErrors: [SchemaError] = []
            var passing: [Int] = []
            for (index, option) in oneOf.enumerated() {
                let found = branch(value, option, at: "oneOf", String(index), depth: depth + 1)
                if found.isEmpty { passing.append(index) } else { branchErrors += found }
            }
            if passing.isEmpty {
                errors += branchErrors
                fail("oneOf", "must match exactly one schema in oneOf")
            } else if passing.count > 1 {
                let schemas = passing.map(String.init).joined(separator: ", ")
                fail("oneOf", "must match exactly one schema in oneOf (schemas \(schemas) all match)")
            }
        }
        if let allOf = k.allOf?.arrayValue {
            for (index, part) in allOf.enumerated() {
                descend(value, part, at: "allOf", String(index), depth: depth + 1)
            }
        }
        if let condition = k.condition {
            let holds = branch(value, condition, at: "if", depth: depth + 1).isEmpty
            let branchName = holds ? "then" : "else"
            if let consequence = k[branch: branchName] {
                let before = errors.count
                descend(value, consequence, at: branchName, depth: depth + 1)
                if errors.count > before { fail("if", "must match \"\(branchName)\" schema") }
            }
        }

        switch value {
        case .integer, .decimal:
            checkNumber(value.doubleValue ?? 0, k)
        case .string(let text):
            checkString(text, k)
        case .array(let items):
            checkArray(items, k, depth: depth)
        case .object(let object):
            checkObject(object, k, depth: depth)
        default:
            break
        }
    }

    mutating func checkNumber(_ number: Double, _ k: ReferenceKeywords) {
        if let limit = k.maximum?.numberValue, number > limit {
            fail("maximum", "must be <= \(Self.format(limit))")
        }
        if let limit = k.minimum?.numberValue, number < limit {
            fail("minimum", "must be >= \(Self.format(limit))")
        }
        if let limit = k.exclusiveMaximum?.numberValue, number >= limit {
            fail("exclusiveMaximum", "must be < \(Self.format(limit))")
        }
        if let limit = k.exclusiveMinimum?.numberValue, number <= limit {
            fail("exclusiveMinimum", "must be > \(Self.format(limit))")
        }
        if let divisor = k.multipleOf?.numberValue, divisor > 0 {
            let quotient = number / divisor
            if abs(quotient - quotient.rounded()) > 1e-9 {
                fail("multipleOf", "must be multiple of \(Self.format(divisor))")
            }
        }
        if let format = k.format?.stringValue, !Formats.number(number, matches: format) {
            fail("format", "must match format \"\(format)\"")
        }
    }

    mutating func checkString(_ text: String, _ k: ReferenceKeywords) {
        if let limit = k.maxLength?.intValue, text.unicodeScalars.count > limit {
            fail("maxLength", "must NOT have more than \(limit) characters")
        }
        if let limit = k.minLength?.intValue, text.unicodeScalars.count < limit {
            fail("minLength", "must NOT have fewer than \(limit) characters")
        }
        if let pattern = k.pattern?.stringValue, !schema.patterns.matches(pattern, text) {
            fail("pattern", "must match pattern \"\(pattern)\"")
        }
        if let format = k.format?.stringValue, !Formats.string(text, matches: format) {
            fail("format", "must match format \"\(format)\"")
        }
    }

    mutating func checkArray(_ items: [JSONValue], _ k: ReferenceKeywords, depth: Int) {
        if let limit = k.maxItems?.intValue, items.count > limit {
            fail("maxItems", "must NOT have more than \(limit) items")
        }
        if let limit = k.minItems?.intValue, items.count < limit {
            fail("minItems", "must NOT have fewer than \(limit) items")
        }
        if k.uniqueItems?.boolValue == true {
            outer: for i in items.indices.reversed() {
                for j in items.indices where j < i && Self.equal(items[i], items[j]) {
                    fail("uniqueItems", "must NOT have duplicate items (items ## \(j) and \(i) are identical)")
                    break outer
                }
            }
        }
        switch k.items {
        case .array(let tuple)?:
            for (index, item) in items.enumerated() where index < tuple.count {
                descend(item, tuple[index], at: "items", String(index), key: String(index), depth: depth + 1)
            }
        case let itemSchema?:
            for (index, item) in items.enumerated() {
                descend(item, itemSchema, at: "items", key: String(index), depth: depth + 1)
            }
        case nil:
            break
        }
        if let contains = k.contains {
            let found = items.contains { item in branch(item, contains, at: "contains", depth: depth + 1).isEmpty }
            if !found { fail("contains", "must contain at least 1 valid item(s)") }
        }
    }

    mutating func checkObject(_ object: [String: JSONValue], _ k: ReferenceKeywords, depth: Int) {
        if let limit = k.maxProperties?.intValue, object.count > limit {
            fail("maxProperties", "must NOT have more than \(limit) properties")
        }
        if let limit = k.minProperties?.intValue, object.count < limit {
            fail("minProperties", "must NOT have fewer than \(limit) properties")
        }
        if let required = k.required?.arrayValue {
            for case .string(let name) in required where object[name] == nil {
                fail("required", "must have required property '\(name)'")
            }
        }
        let properties = k.properties?.objectValue ?? [:]
        let patternProperties = k.patternProperties?.objectValue ?? [:]
        if let additional = k.additionalProperties {
            for name in object.keys.sorted() where properties[name] == nil {
                if patternProperties.keys.contains(where: { schema.patterns.matches($0, name) }) { continue }
                if case .bool(false) = additional {
                    errors.append(
                        SchemaError(
                            instancePath: instancePath,
                            schemaPath: (schemaPath + ["additionalProperties"]).joined(separator: "/"),
                            keyword: "additionalProperties",
                            message: "must NOT have additional properties - \(name)"
                        )
                    )
                } else {
                    descend(object[name]!, additional, at: "additionalProperties", key: name, depth: depth + 1)
                }
            }
        }
        if object.count < properties.count {
            for name in object.keys.sorted() {
                guard let propertySchema = properties[name] else { continue }
                descend(
                    object[name]!,
                    propertySchema,
                    at: "properties",
                    SchemaPointer.escape(name),
                    key: name,
                    depth: depth + 1
                )
            }
        } else {
            for name in properties.keys.sorted() {
                guard let property = object[name] else { continue }
                descend(
                    property,
                    properties[name]!,
                    at: "properties",
                    SchemaPointer.escape(name),
                    key: name,
                    depth: depth + 1
                )
            }
        }
        for (pattern, patternSchema) in patternProperties.sorted(by: { $0.key < $1.key }) {
            for name in object.keys.sorted() where schema.patterns.matches(pattern, name) {
                descend(
                    object[name]!,
                    patternSchema,
                    at: "patternProperties",
                    SchemaPointer.escape(pattern),
                    key: name,
                    depth: depth + 1
                )
            }
        }
        if let discriminator = k.discriminator?.objectValue, let oneOf = k.oneOf?.arrayValue,
            let tag = discriminator["propertyName"]?.stringValue
        {
            guard let tagValue = object[tag]?.stringValue else {
                fail("discriminator", "tag \"\(tag)\" must be string")
                return
            }
            guard let chosen = Self.branch(of: tagValue, tag: tag, in: oneOf, discriminator, targets: schema.targets)
            else {
                fail("discriminator", "value of tag \"\(tag)\" must be in oneOf")
                return
            }
            descend(.object(object), oneOf[chosen], at: "oneOf", String(chosen), depth: depth + 1)
        }
    }

    /// The `oneOf` branch a discriminator's tag value names: by `mapping`, by the branch's `const` or `enum` for the
    /// tag property, or by the referenced schema's name.
    static func branch(
        of tagValue: String,
        tag: String,
        in oneOf: [JSONValue],
        _ discriminator: [String: JSONValue],
        targets: [String: JSONValue]
    ) -> Int? {
        let mapping = discriminator["mapping"]?.objectValue ?? [:]
        for (index, option) in oneOf.enumerated() {
            let ref = option["$ref"]?.stringValue
            let target = ref.flatMap { targets[$0] } ?? option
            if let mapped = mapping[tagValue]?.stringValue, let ref, mapped == ref || ref.hasSuffix("/" + mapped) {
                return index
            }
            let tagSchema = target["properties"]?[tag]
            if let constant = tagSchema?["const"], constant == .string(tagValue) { return index }
            if let options = tagSchema?["enum"]?.arrayValue, options.contains(.string(tagValue)) { return index }
            if mapping.isEmpty, tagSchema?["const"] == nil, tagSchema?["enum"] == nil, let ref,
                ref.split(separator: "/").last.map(String.init) == tagValue
            {
                return index
            }
        }
        return nil
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

/// `Formats`'s character-based `date` and `time` (commit 47b3a21), the oracle for `ASCIIDateTime`.
enum ReferenceFormats {
    static func dateTime(_ text: String) -> Bool {
        let parts = text.split(
            maxSplits: 1,
            omittingEmptySubsequences: false,
            whereSeparator: { $0 == "T" || $0 == "t" || $0 == " " }
        )
        return parts.count == 2 && date(parts[0]) && time(parts[1])
    }

    static func date(_ text: Substring) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    static func time(_ text: Substring) -> Bool {
        var clock = text
        if clock.hasSuffix("Z") || clock.hasSuffix("z") {
            clock = clock.dropLast()
        } else if let sign = clock.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = clock[clock.index(after: sign)...].split(separator: ":")
            guard zone.count == 2, zone.allSatisfy({ $0.count == 2 && Int($0) != nil }) else { return false }
            clock = clock[..<sign]
        } else {
            return false
        }
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let hour = Int(parts[0]), let minute = Int(parts[1]), parts[0].count == 2,
            parts[1].count == 2, hour < 24, minute < 60
        else { return false }
        let seconds = parts[2].split(separator: ".", omittingEmptySubsequences: false)
        guard seconds[0].count == 2, let second = Int(seconds[0]), second <= 60 else { return false }
        return seconds.count == 1 || (seconds.count == 2 && !seconds[1].isEmpty && Int(seconds[1]) != nil)
    }
}
