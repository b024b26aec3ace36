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
///
/// The schema is compiled once into a tree of ``SchemaNode``s (keywords read and converted, patterns compiled,
/// references resolved to indices into `targets`), and every validation walks that tree.
struct CompiledSchema: Sendable {
    let root: JSONValue
    /// Whether scalar values are coerced to the schema's type first (parameters and headers arrive as strings).
    let coerce: Bool
    /// The root's node.
    let node: SchemaNode
    /// Each reference's target, compiled once, by the index its ``SchemaNode/ref`` gives. A reference's check starts
    /// the schema path afresh: Ajv inlines targets without references of their own, so their failures are located by
    /// the reference (`#/components/schemas/Pet/type`); targets holding references are separate functions, whose
    /// failures are located from the target (`#/type`).
    let targets: [SchemaNode]

    init(root: JSONValue, coerce: Bool, patterns: PatternCache) {
        self.root = root
        self.coerce = coerce
        var references: Set<String> = []
        Self.collectReferences(root, into: &references)
        var referencing: [String: Bool] = [:]
        var targets: [String: JSONValue] = [:]
        for ref in references {
            let target = SchemaPointer.resolve(ref, in: root)
            targets[ref] = target
            referencing[ref] = target.map(Self.containsReference) ?? false
        }
        var compiler = SchemaCompiler(patterns: patterns, targets: targets, referencing: referencing)
        self.node = SchemaNode(root, compiler: &compiler)
        self.targets = compiler.compileTargets()
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
        run.check(value, node, depth: 0)
        return run.errors
    }
}

/// Compiled regular expressions shared by every schema of a comparator.
final class PatternCache: @unchecked Sendable {
    private let lock = NSLock()
    private var expressions: [String: CompiledPattern] = [:]

    /// The pattern compiled once for every schema that uses it.
    func pattern(_ source: String) -> CompiledPattern {
        lock.lock()
        defer { lock.unlock() }
        if let pattern = expressions[source] { return pattern }
        let pattern = CompiledPattern(source)
        expressions[source] = pattern
        return pattern
    }

    func matches(_ pattern: String, _ text: String) -> Bool {
        self.pattern(pattern).matches(text)
    }
}

/// A regular expression (a pattern that does not compile matches everything) with its recent answers: contracts
/// repeat values (ids, codes), and NSRegularExpression is slow to call.
final class CompiledPattern: @unchecked Sendable {
    private let expression: NSRegularExpression?
    private let lock = NSLock()
    private var answers: [String: Bool] = [:]

    init(_ source: String) {
        expression = try? NSRegularExpression(pattern: source)
    }

    func matches(_ text: String) -> Bool {
        guard let expression else { return true }
        lock.lock()
        if let answer = answers[text] {
            lock.unlock()
            return answer
        }
        lock.unlock()
        let range = NSRange(text.startIndex..., in: text)
        let answer = expression.firstMatch(in: text, range: range) != nil
        lock.lock()
        if answers.count >= 10_000 { answers.removeAll(keepingCapacity: true) }
        answers[text] = answer
        lock.unlock()
        return answer
    }
}

/// One validation: the errors found, and the schema keyword path and the value path of the current check (stacks
/// of parts, joined only when a check fails).
private struct Run {
    let targets: [SchemaNode]
    let coerce: Bool
    var errors: [SchemaError] = []
    var schemaPath: [String]
    var instancePath: [String]

    init(schema: CompiledSchema) {
        self.targets = schema.targets
        self.coerce = schema.coerce
        self.schemaPath = ["#"]
        self.instancePath = []
        schemaPath.reserveCapacity(16)
        instancePath.reserveCapacity(8)
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

    /// Checks `value` against `node` with `part` added to the schema path (and `key` to the value path).
    mutating func descend(_ value: JSONValue, _ node: SchemaNode, at part: String, key: String? = nil, depth: Int) {
        schemaPath.append(part)
        if let key { instancePath.append(key) }
        check(value, node, depth: depth)
        schemaPath.removeLast()
        if key != nil { instancePath.removeLast() }
    }

    /// Checks `value` against `node` with two parts added to the schema path (and `key` to the value path).
    mutating func descend(
        _ value: JSONValue,
        _ node: SchemaNode,
        at part: String,
        _ second: String,
        key: String? = nil,
        depth: Int
    ) {
        schemaPath.append(part)
        schemaPath.append(second)
        if let key { instancePath.append(key) }
        check(value, node, depth: depth)
        schemaPath.removeLast(2)
        if key != nil { instancePath.removeLast() }
    }

    /// Validates a branch on its own: its errors, without recording them.
    mutating func branch(
        _ value: JSONValue,
        _ node: SchemaNode,
        at part: String,
        _ second: String? = nil,
        depth: Int
    )
        -> ArraySlice<SchemaError>
    {
        let before = errors.count
        if let second {
            descend(value, node, at: part, second, depth: depth)
        } else {
            descend(value, node, at: part, depth: depth)
        }
        let found = errors[before...]
        if !found.isEmpty { errors.removeSubrange(before...) }
        return found
    }

    /// Whether a branch passes, without recording its errors.
    mutating func passes(_ value: JSONValue, _ node: SchemaNode, at part: String, depth: Int) -> Bool {
        branch(value, node, at: part, depth: depth).isEmpty
    }

    mutating func check(_ original: JSONValue, _ node: SchemaNode, depth: Int) {
        guard depth < 64 else { return }
        switch node.kind {
        case .object:
            break
        case .boolean(let allowed):
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
        case .ignored:
            return
        }
        var value = original

        if let (target, path) = node.ref {
            var saved = [path]
            swap(&saved, &schemaPath)
            check(value, targets[target], depth: depth + 1)
            swap(&saved, &schemaPath)
        }

        // type (with coercion of scalars)
        if let types = node.typeNames, !node.types.admit(value) {
            if coerce, let coerced = Self.coerce(value, to: types) {
                value = coerced
            } else {
                fail("type", node.typeMessage)
            }
        }

        // keywords of any type
        if let constant = node.constant, !Self.equal(constant, value) {
            fail("const", "must be equal to constant")
        }
        if let options = node.enumeration, !options.contains(where: { Self.equal($0, value) }) {
            fail("enum", "must be equal to one of the allowed values")
        }
        if let not = node.not, passes(value, not, at: "not", depth: depth + 1) {
            fail("not", "must NOT be valid")
        }
        if let anyOf = node.anyOf {
            var branchErrors: [SchemaError] = []
            var passed = false
            for (index, option) in anyOf {
                let found = branch(value, option, at: "anyOf", index, depth: depth + 1)
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
        if let oneOf = node.oneOf {
            var branchErrors: [SchemaError] = []
            var passing: [Int] = []
            for (position, (index, option)) in oneOf.enumerated() {
                let found = branch(value, option, at: "oneOf", index, depth: depth + 1)
                if found.isEmpty { passing.append(position) } else { branchErrors += found }
            }
            if passing.isEmpty {
                errors += branchErrors
                fail("oneOf", "must match exactly one schema in oneOf")
            } else if passing.count > 1 {
                let schemas = passing.map(String.init).joined(separator: ", ")
                fail("oneOf", "must match exactly one schema in oneOf (schemas \(schemas) all match)")
            }
        }
        if let allOf = node.allOf {
            for (index, part) in allOf {
                descend(value, part, at: "allOf", index, depth: depth + 1)
            }
        }
        if let condition = node.condition {
            let holds = passes(value, condition, at: "if", depth: depth + 1)
            let branchName = holds ? "then" : "else"
            if let consequence = holds ? node.then : node.else {
                let before = errors.count
                descend(value, consequence, at: branchName, depth: depth + 1)
                if errors.count > before { fail("if", "must match \"\(branchName)\" schema") }
            }
        }

        switch value {
        case .integer(let number):
            if node.checksNumbers { checkNumber(Double(number), node) }
        case .decimal(let number):
            if node.checksNumbers { checkNumber(number, node) }
        case .string(let text):
            if node.checksStrings { checkString(text, node) }
        case .array(let items):
            if node.checksArrays { checkArray(items, node, depth: depth) }
        case .object(let object):
            if node.checksObjects { checkObject(object, node, depth: depth) }
        default:
            break
        }
    }

    mutating func checkNumber(_ number: Double, _ node: SchemaNode) {
        if let limit = node.maximum, number > limit {
            fail("maximum", "must be <= \(Self.format(limit))")
        }
        if let limit = node.minimum, number < limit {
            fail("minimum", "must be >= \(Self.format(limit))")
        }
        if let limit = node.exclusiveMaximum, number >= limit {
            fail("exclusiveMaximum", "must be < \(Self.format(limit))")
        }
        if let limit = node.exclusiveMinimum, number <= limit {
            fail("exclusiveMinimum", "must be > \(Self.format(limit))")
        }
        if let divisor = node.multipleOf {
            let quotient = number / divisor
            if abs(quotient - quotient.rounded()) > 1e-9 {
                fail("multipleOf", "must be multiple of \(Self.format(divisor))")
            }
        }
        if let format = node.format, !Formats.number(number, matches: format) {
            fail("format", "must match format \"\(format)\"")
        }
    }

    mutating func checkString(_ text: String, _ node: SchemaNode) {
        if node.maxLength != nil || node.minLength != nil {
            let length = text.unicodeScalars.count
            if let limit = node.maxLength, length > limit {
                fail("maxLength", "must NOT have more than \(limit) characters")
            }
            if let limit = node.minLength, length < limit {
                fail("minLength", "must NOT have fewer than \(limit) characters")
            }
        }
        if let (source, pattern) = node.pattern, !pattern.matches(text) {
            fail("pattern", "must match pattern \"\(source)\"")
        }
        if let format = node.format, !Formats.string(text, matches: format) {
            fail("format", "must match format \"\(format)\"")
        }
    }

    mutating func checkArray(_ items: [JSONValue], _ node: SchemaNode, depth: Int) {
        if let limit = node.maxItems, items.count > limit {
            fail("maxItems", "must NOT have more than \(limit) items")
        }
        if let limit = node.minItems, items.count < limit {
            fail("minItems", "must NOT have fewer than \(limit) items")
        }
        if node.uniqueItems {
            outer: for i in items.indices.reversed() {
                for j in items.indices where j < i && Self.equal(items[i], items[j]) {
                    fail("uniqueItems", "must NOT have duplicate items (items ## \(j) and \(i) are identical)")
                    break outer
                }
            }
        }
        switch node.items {
        case .tuple(let tuple):
            for (index, item) in items.enumerated() where index < tuple.count {
                descend(
                    item,
                    tuple[index].node,
                    at: "items",
                    tuple[index].index,
                    key: tuple[index].index,
                    depth: depth + 1
                )
            }
        case .single(let itemSchema):
            for (index, item) in items.enumerated() {
                descend(item, itemSchema, at: "items", key: String(index), depth: depth + 1)
            }
        case .none:
            break
        }
        if let contains = node.contains {
            var found = false
            for item in items where passes(item, contains, at: "contains", depth: depth + 1) {
                found = true
                break
            }
            if !found { fail("contains", "must contain at least 1 valid item(s)") }
        }
    }

    mutating func checkObject(_ object: [String: JSONValue], _ node: SchemaNode, depth: Int) {
        if let limit = node.maxProperties, object.count > limit {
            fail("maxProperties", "must NOT have more than \(limit) properties")
        }
        if let limit = node.minProperties, object.count < limit {
            fail("minProperties", "must NOT have fewer than \(limit) properties")
        }
        if let required = node.required {
            for name in required where object[name] == nil {
                fail("required", "must have required property '\(name)'")
            }
        }
        let properties = node.properties
        switch node.additionalProperties {
        case .none:
            break
        case .forbidden, .schema:
            // The names no property declares, in name order (usually none, so nothing to sort).
            var additional: [String] = []
            for name in object.keys where node.propertyIndex[name] == nil {
                if node.patternProperties.contains(where: { $0.pattern.matches(name) }) { continue }
                additional.append(name)
            }
            additional.sort()
            for name in additional {
                if case .schema(let schema) = node.additionalProperties {
                    descend(object[name]!, schema, at: "additionalProperties", key: name, depth: depth + 1)
                } else {
                    errors.append(
                        SchemaError(
                            instancePath: instancePath,
                            schemaPath: (schemaPath + ["additionalProperties"]).joined(separator: "/"),
                            keyword: "additionalProperties",
                            message: "must NOT have additional properties - \(name)"
                        )
                    )
                }
            }
        }
        // The properties present, in name order.
        for property in properties {
            guard let value = object[property.name] else { continue }
            descend(value, property.node, at: "properties", property.pointer, key: property.name, depth: depth + 1)
        }
        if !node.patternProperties.isEmpty {
            let names = object.keys.sorted()
            for patterned in node.patternProperties {
                for name in names where patterned.pattern.matches(name) {
                    descend(
                        object[name]!,
                        patterned.node,
                        at: "patternProperties",
                        patterned.pointer,
                        key: name,
                        depth: depth + 1
                    )
                }
            }
        }
        if let discriminator = node.discriminator {
            let tag = discriminator.tag
            guard let tagValue = object[tag]?.stringValue else {
                fail("discriminator", "tag \"\(tag)\" must be string")
                return
            }
            guard
                let chosen = Self.branch(
                    of: tagValue,
                    tag: tag,
                    in: discriminator.options,
                    discriminator.object,
                    targets: discriminator.targets
                )
            else {
                fail("discriminator", "value of tag \"\(tag)\" must be in oneOf")
                return
            }
            let (index, branch) = node.discriminated[chosen]
            descend(.object(object), branch, at: "oneOf", index, depth: depth + 1)
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
            var unescaped = String(part)
            if unescaped.utf8.contains(UInt8(ascii: "~")) {
                unescaped = unescaped.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(
                    of: "~0",
                    with: "~"
                )
            }
            if unescaped.utf8.contains(UInt8(ascii: "%")) { return unescaped.removingPercentEncoding ?? unescaped }
            return unescaped
        }
    }

    static func escape(_ key: String) -> String {
        guard key.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return key }
        return key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
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
