import PactumCore

/// One schema object compiled once: its keywords read, their numbers, names and patterns converted, its subschemas
/// compiled into child nodes and each `$ref` resolved to the index of its target. Validation walks these nodes
/// instead of reading the schema's JSON value again for every value it checks.
final class SchemaNode: Sendable {
    enum Kind: Sendable {
        /// A boolean schema: `true` accepts everything, `false` nothing.
        case boolean(Bool)
        /// A schema object.
        case object
        /// Anything else in a schema's place (a number, a string, null): accepts everything.
        case ignored
    }

    enum Items: Sendable {
        case none
        case single(SchemaNode)
        /// `items` as an array: a schema per position, with the position's text.
        case tuple([(index: String, node: SchemaNode)])

        var isNone: Bool {
            if case .none = self { return true }
            return false
        }
    }

    enum Additional: Sendable {
        case none
        /// `additionalProperties: false`.
        case forbidden
        case schema(SchemaNode)

        var isNone: Bool {
            if case .none = self { return true }
            return false
        }
    }

    struct Property: Sendable {
        let name: String
        /// The name as a JSON pointer segment (`~0`, `~1`).
        let pointer: String
        let node: SchemaNode
    }

    struct PatternProperty: Sendable {
        let source: String
        let pointer: String
        let pattern: CompiledPattern
        let node: SchemaNode
    }

    struct Discriminator: Sendable {
        let tag: String
        /// The keyword's object and the raw `oneOf` list, for choosing a branch by its tag value.
        let object: [String: JSONValue]
        let options: [JSONValue]
        /// The targets of the options' references.
        let targets: [String: JSONValue]
    }

    /// JSON types as bits, for the `type` keyword.
    struct Types: OptionSet, Sendable {
        let rawValue: UInt8
        static let null = Types(rawValue: 1)
        static let boolean = Types(rawValue: 2)
        static let string = Types(rawValue: 4)
        static let array = Types(rawValue: 8)
        static let object = Types(rawValue: 16)
        static let number = Types(rawValue: 32)
        static let integer = Types(rawValue: 64)

        init(rawValue: UInt8) { self.rawValue = rawValue }

        init(names: [String]) {
            var types: Types = []
            for name in names {
                switch name {
                case "null": types.insert(.null)
                case "boolean": types.insert(.boolean)
                case "string": types.insert(.string)
                case "array": types.insert(.array)
                case "object": types.insert(.object)
                case "number": types.insert(.number)
                case "integer": types.insert(.integer)
                default: break
                }
            }
            self = types
        }

        /// Whether `value` has one of these types (an integral decimal counts as an integer).
        func admit(_ value: JSONValue) -> Bool {
            switch value {
            case .null: return contains(.null)
            case .bool: return contains(.boolean)
            case .string: return contains(.string)
            case .array: return contains(.array)
            case .object: return contains(.object)
            case .integer: return !isDisjoint(with: [.number, .integer])
            case .decimal(let d): return contains(.number) || (contains(.integer) && d.rounded() == d)
            }
        }
    }

    let kind: Kind
    /// The reference's target (an index into the compiled schema's targets) and the schema path a check of the
    /// target starts from.
    let ref: (target: Int, path: String)?
    /// The `type` keyword's names (never empty when present), their bits and its failure message.
    let typeNames: [String]?
    let types: Types
    let typeMessage: String
    let constant: JSONValue?
    let enumeration: [JSONValue]?
    let not: SchemaNode?
    let anyOf: [(index: String, node: SchemaNode)]?
    /// `oneOf` checked as a keyword of its own (absent when a discriminator chooses the branch).
    let oneOf: [(index: String, node: SchemaNode)]?
    let allOf: [(index: String, node: SchemaNode)]?
    let condition: SchemaNode?
    let then: SchemaNode?
    let `else`: SchemaNode?
    // numbers
    let maximum: Double?
    let minimum: Double?
    let exclusiveMaximum: Double?
    let exclusiveMinimum: Double?
    let multipleOf: Double?
    let format: String?
    // strings
    let maxLength: Int?
    let minLength: Int?
    let pattern: (source: String, pattern: CompiledPattern)?
    // arrays
    let maxItems: Int?
    let minItems: Int?
    let uniqueItems: Bool
    let items: Items
    let contains: SchemaNode?
    // objects
    let maxProperties: Int?
    let minProperties: Int?
    let required: [String]?
    /// `properties`, sorted by name, and the same by name.
    let properties: [Property]
    let propertyIndex: [String: Int]
    /// `patternProperties`, sorted by pattern.
    let patternProperties: [PatternProperty]
    let additionalProperties: Additional
    /// The `oneOf` branches of a discriminated schema (with `discriminator`), by position.
    let discriminated: [(index: String, node: SchemaNode)]
    let discriminator: Discriminator?
    /// Whether the node checks strings, arrays or objects at all (else the type-specific part is skipped).
    let checksStrings: Bool
    let checksNumbers: Bool
    let checksArrays: Bool
    let checksObjects: Bool

    /// Compiles `value` (a schema object or boolean) and its subschemas; `compiler` resolves references.
    init(_ value: JSONValue, compiler: inout SchemaCompiler) {
        guard case .object(let object) = value else {
            if case .bool(let allowed) = value { kind = .boolean(allowed) } else { kind = .ignored }
            ref = nil
            typeNames = nil
            types = []
            typeMessage = ""
            constant = nil
            enumeration = nil
            not = nil
            anyOf = nil
            oneOf = nil
            allOf = nil
            condition = nil
            then = nil
            self.else = nil
            maximum = nil
            minimum = nil
            exclusiveMaximum = nil
            exclusiveMinimum = nil
            multipleOf = nil
            format = nil
            maxLength = nil
            minLength = nil
            pattern = nil
            maxItems = nil
            minItems = nil
            uniqueItems = false
            items = .none
            contains = nil
            maxProperties = nil
            minProperties = nil
            required = nil
            properties = []
            propertyIndex = [:]
            patternProperties = []
            additionalProperties = .none
            discriminated = []
            discriminator = nil
            checksStrings = false
            checksNumbers = false
            checksArrays = false
            checksObjects = false
            return
        }
        kind = .object
        func child(_ value: JSONValue?) -> SchemaNode? {
            value.map { SchemaNode($0, compiler: &compiler) }
        }
        func list(_ value: JSONValue?) -> [(index: String, node: SchemaNode)]? {
            value?.arrayValue?.enumerated().map { (String($0.offset), SchemaNode($0.element, compiler: &compiler)) }
        }

        ref = object["$ref"]?.stringValue.flatMap { compiler.reference($0) }
        switch object["type"] {
        case .string(let name)?: typeNames = [name]
        case .array(let names)?:
            let strings = names.compactMap(\.stringValue)
            typeNames = strings.isEmpty ? nil : strings
        default: typeNames = nil
        }
        types = Types(names: typeNames ?? [])
        typeMessage = typeNames.map { "must be \($0.joined(separator: ","))" } ?? ""
        constant = object["const"]
        enumeration = object["enum"]?.arrayValue
        not = child(object["not"])
        anyOf = list(object["anyOf"])
        let isDiscriminated = object["discriminator"] != nil && object["oneOf"] != nil
        oneOf = isDiscriminated ? nil : list(object["oneOf"])
        allOf = list(object["allOf"])
        condition = child(object["if"])
        then = condition == nil ? nil : child(object["then"])
        self.else = condition == nil ? nil : child(object["else"])

        maximum = object["maximum"]?.numberValue
        minimum = object["minimum"]?.numberValue
        exclusiveMaximum = object["exclusiveMaximum"]?.numberValue
        exclusiveMinimum = object["exclusiveMinimum"]?.numberValue
        multipleOf = object["multipleOf"]?.numberValue.flatMap { $0 > 0 ? $0 : nil }
        format = object["format"]?.stringValue

        maxLength = object["maxLength"]?.intValue
        minLength = object["minLength"]?.intValue
        pattern = object["pattern"]?.stringValue.map { ($0, compiler.patterns.pattern($0)) }

        maxItems = object["maxItems"]?.intValue
        minItems = object["minItems"]?.intValue
        uniqueItems = object["uniqueItems"]?.boolValue == true
        switch object["items"] {
        case .array(let tuple)?:
            items = .tuple(tuple.enumerated().map { (String($0.offset), SchemaNode($0.element, compiler: &compiler)) })
        case let single?:
            items = .single(SchemaNode(single, compiler: &compiler))
        case nil:
            items = .none
        }
        contains = child(object["contains"])

        maxProperties = object["maxProperties"]?.intValue
        minProperties = object["minProperties"]?.intValue
        required = object["required"]?.arrayValue?.compactMap(\.stringValue)
        let declared = object["properties"]?.objectValue ?? [:]
        properties = declared.keys.sorted().map { name in
            Property(
                name: name,
                pointer: SchemaPointer.escape(name),
                node: SchemaNode(declared[name]!, compiler: &compiler)
            )
        }
        var propertyIndex: [String: Int] = [:]
        for (index, property) in properties.enumerated() { propertyIndex[property.name] = index }
        self.propertyIndex = propertyIndex
        let patterned = object["patternProperties"]?.objectValue ?? [:]
        patternProperties = patterned.keys.sorted().map { source in
            PatternProperty(
                source: source,
                pointer: SchemaPointer.escape(source),
                pattern: compiler.patterns.pattern(source),
                node: SchemaNode(patterned[source]!, compiler: &compiler)
            )
        }
        switch object["additionalProperties"] {
        case .bool(false)?: additionalProperties = .forbidden
        case let schema?: additionalProperties = .schema(SchemaNode(schema, compiler: &compiler))
        case nil: additionalProperties = .none
        }
        if let keyword = object["discriminator"]?.objectValue, let options = object["oneOf"]?.arrayValue,
            let tag = keyword["propertyName"]?.stringValue
        {
            var targets: [String: JSONValue] = [:]
            for case let ref? in options.map({ $0["$ref"]?.stringValue }) { targets[ref] = compiler.targets[ref] }
            discriminator = Discriminator(tag: tag, object: keyword, options: options, targets: targets)
            discriminated = options.enumerated().map {
                (String($0.offset), SchemaNode($0.element, compiler: &compiler))
            }
        } else {
            discriminator = nil
            discriminated = []
        }

        checksNumbers =
            maximum != nil || minimum != nil || exclusiveMaximum != nil || exclusiveMinimum != nil
            || multipleOf != nil || format != nil
        checksStrings = maxLength != nil || minLength != nil || pattern != nil || format != nil
        checksArrays =
            maxItems != nil || minItems != nil || uniqueItems || contains != nil
            || !items.isNone
        checksObjects =
            maxProperties != nil || minProperties != nil || required != nil || !properties.isEmpty
            || !patternProperties.isEmpty || discriminator != nil
            || !additionalProperties.isNone
    }
}

/// Compiles a schema's nodes, giving each `$ref` target (by its text) one index and compiling each target once, so
/// references that loop end in a cycle of indices rather than an endless tree.
struct SchemaCompiler {
    let patterns: PatternCache
    /// Each reference's resolved target.
    let targets: [String: JSONValue]
    /// Whether each reference's target holds references itself (see ``CompiledSchema``).
    let referencing: [String: Bool]
    private(set) var indices: [String: Int] = [:]
    private(set) var pending: [(ref: String, index: Int)] = []

    init(patterns: PatternCache, targets: [String: JSONValue], referencing: [String: Bool]) {
        self.patterns = patterns
        self.targets = targets
        self.referencing = referencing
    }

    /// The index and starting schema path of a reference's target, or nil when the reference does not resolve.
    mutating func reference(_ ref: String) -> (target: Int, path: String)? {
        guard targets[ref] != nil else { return nil }
        let path = referencing[ref] != true ? ref : "#"
        if let index = indices[ref] { return (index, path) }
        let index = indices.count
        indices[ref] = index
        pending.append((ref, index))
        return (index, path)
    }

    /// Compiles every reference's target reached from the nodes compiled so far (and from those targets).
    mutating func compileTargets() -> [SchemaNode] {
        var nodes: [SchemaNode?] = []
        while let (ref, index) = pending.first {
            pending.removeFirst()
            let node = SchemaNode(targets[ref]!, compiler: &self)
            if nodes.count <= index { nodes += Array(repeating: nil, count: index + 1 - nodes.count) }
            nodes[index] = node
        }
        return nodes.map { $0! }
    }
}
