import PactumCore

/// The schema preparation of PactFlow's comparator: a self-contained schema for one parameter or body (the document's
/// referenced schemas copied in at their own paths, so `$ref` resolves against the schema), OpenAPI's `nullable`,
/// boolean `exclusiveMinimum`/`exclusiveMaximum` and `allOf` (merged, as OpenAPI means it) in JSON Schema terms; and,
/// for responses, no properties beyond those the document names and no required properties.
enum SchemaTransform {
    private static let subschemaLists = ["allOf", "oneOf", "anyOf"]
    private static let subschemaSingles = ["not", "items", "additionalProperties"]

    /// A schema of `document`, made self-contained: every `$ref` it reaches is copied to the same path in it.
    static func minimum(_ original: JSONValue, document: JSONValue) -> JSONValue {
        var toAdd: [String] = []
        var added: [String] = []
        func prepare(_ schema: JSONValue) -> JSONValue {
            var schema = schema
            if case .object(var object) = schema {
                object["description"] = nil
                object["example"] = nil
                schema = .object(object)
            }
            return traverse(schema) { object in
                // discriminators
                if let property = object["discriminator"]?["propertyName"]?.stringValue, object["oneOf"] != nil {
                    var required = object["required"]?.arrayValue ?? []
                    if !required.contains(.string(property)) { required.append(.string(property)) }
                    object["required"] = .array(required)
                }
                if object["discriminator"] != nil && object["oneOf"] == nil { object["discriminator"] = nil }
                // references
                if let ref = object["$ref"]?.stringValue, !toAdd.contains(ref), !added.contains(ref) {
                    toAdd.append(ref)
                }
                // nullable
                let nullable = object["nullable"]?.boolValue == true
                if object["$ref"]?.stringValue != nil {
                    if nullable, object["type"] == nil, let ref = object["$ref"]?.stringValue,
                        let type = dereference(ref, in: document)?["type"]
                    {
                        object["type"] = type
                    }
                } else {
                    if nullable && object["type"] == nil { object["type"] = "object" }
                    if nullable, let type = object["type"], type.arrayValue == nil { object["type"] = [type, "null"] }
                }
                // draft-04 exclusive limits
                for (exclusive, limit) in [("exclusiveMaximum", "maximum"), ("exclusiveMinimum", "minimum")] {
                    if object[exclusive] == .bool(true) {
                        object[exclusive] = object[limit]
                        object[limit] = nil
                    } else if object[exclusive] == .bool(false) {
                        object[exclusive] = nil
                    }
                }
            }
        }

        var schema = prepare(original)
        while !toAdd.isEmpty {
            let ref = toAdd.removeFirst()
            added.append(ref)
            guard ref.hasPrefix("#"), let path = SchemaPointer.split(ref), !path.isEmpty else { continue }
            let subschema = prepare(document.value(at: path) ?? .object([:]))
            schema.set(subschema, at: path[...])
        }
        return flattenAllOf(schema, references: added)
    }

    /// A response schema: objects allow no properties beyond those named, and no property is required.
    static func received(_ schema: JSONValue) -> JSONValue {
        var root = schema
        var visited: Set<String> = []
        traverseDereferencing(&root, at: [], visited: &visited) { object in
            let additional = object["additionalProperties"]
            if additional == nil || additional == .bool(true), object["oneOf"] == nil, object["allOf"] == nil,
                object["anyOf"] == nil, object["type"] == "object"
            {
                object["additionalProperties"] = false
            }
        }
        visited = []
        traverseDereferencing(&root, at: [], visited: &visited) { object in
            if object["oneOf"] != nil { return }
            object["required"] = nil
        }
        return root
    }

    /// Follows a chain of `$ref`s; nil when it does not resolve or loops.
    static func dereference(_ ref: String, in document: JSONValue) -> JSONValue? {
        dereferencePath(ref, in: document).flatMap { document.value(at: $0) }
    }

    static func dereferencePath(_ ref: String, in document: JSONValue) -> [String]? {
        var seen: Set<String> = []
        var current = ref
        while true {
            guard !seen.contains(current), let path = SchemaPointer.split(current), current.hasPrefix("#"),
                let value = document.value(at: path)
            else { return nil }
            seen.insert(current)
            guard let next = value["$ref"]?.stringValue else { return path }
            current = next
        }
    }

    /// A value with its `$ref` chain followed (the value itself when it has none or it does not resolve).
    static func dereferenced(_ value: JSONValue, in document: JSONValue) -> JSONValue {
        guard let ref = value["$ref"]?.stringValue else { return value }
        return dereference(ref, in: document) ?? value
    }

    /// Visits every subschema, children first.
    static func traverse(_ schema: JSONValue, _ visit: (inout [String: JSONValue]) -> Void) -> JSONValue {
        guard case .object(var object) = schema else { return schema }
        for key in subschemaLists {
            if case .array(let items)? = object[key] { object[key] = .array(items.map { traverse($0, visit) }) }
        }
        if case .object(let properties)? = object["properties"] {
            object["properties"] = .object(properties.mapValues { traverse($0, visit) })
        }
        for key in subschemaSingles {
            if let child = object[key] { object[key] = traverse(child, visit) }
        }
        visit(&object)
        return .object(object)
    }

    private static func traverseDereferencing(
        _ root: inout JSONValue,
        at path: [String],
        visited: inout Set<String>,
        _ visit: (inout [String: JSONValue]) -> Void
    ) {
        guard path.count < 200, case .object(let node)? = root.value(at: path) else { return }
        var target = path
        if let ref = node["$ref"]?.stringValue {
            if visited.contains(ref) { return }
            visited.insert(ref)
            if let resolved = dereferencePath(ref, in: root) { target = resolved }
        }
        if node["nullable"]?.boolValue == true, case .object(var object)? = root.value(at: target) {
            object["nullable"] = true
            if object["type"] == nil { object["type"] = "object" }
            root.set(.object(object), at: target[...])
        }
        guard case .object(let object)? = root.value(at: target) else { return }
        for key in subschemaLists {
            if case .array(let items)? = object[key] {
                for index in items.indices {
                    traverseDereferencing(&root, at: target + [key, String(index)], visited: &visited, visit)
                }
            }
        }
        if case .object(let properties)? = object["properties"] {
            for name in properties.keys.sorted() {
                traverseDereferencing(&root, at: target + ["properties", name], visited: &visited, visit)
            }
        }
        for key in subschemaSingles where object[key]?.objectValue != nil {
            traverseDereferencing(&root, at: target + [key], visited: &visited, visit)
        }
        guard case .object(var visitedObject)? = root.value(at: target) else { return }
        visit(&visitedObject)
        root.set(.object(visitedObject), at: target[...])
    }

    // MARK: allOf

    static func flattenAllOf(_ schema: JSONValue, references: [String]) -> JSONValue {
        var flattened = flat(schema, root: schema)
        for ref in references {
            guard ref.hasPrefix("#"), let path = SchemaPointer.split(ref), !path.isEmpty,
                let subschema = schema.value(at: path)
            else { continue }
            flattened.set(flat(subschema, root: schema), at: path[...])
        }
        return flattened
    }

    private static func flat(_ schema: JSONValue, root: JSONValue) -> JSONValue {
        guard case .object(var object) = schema else { return schema }
        if case .array(let allOf)? = object["allOf"] {
            object["allOf"] = nil
            var merged = JSONValue.object(object)
            for branch in allOf {
                var resolved = branch
                if let ref = branch["$ref"]?.stringValue, case .object(var others) = branch {
                    others["$ref"] = nil
                    if let path = SchemaPointer.split(ref), case .object(let target)? = root.value(at: path) {
                        others.merge(target) { _, new in new }
                    }
                    resolved = .object(others)
                }
                merged = merge(merged, inlinePropertyReferences(flat(resolved, root: root), root: root))
            }
            return merged
        }
        if case .object(var properties)? = object["properties"] {
            for (name, property) in properties { properties[name] = flat(property, root: root) }
            object["properties"] = .object(properties)
            return .object(object)
        }
        for key in ["oneOf", "anyOf", "not", "items", "additionalProperties"] {
            guard let child = object[key], child.isTruthy else { continue }
            if case .array(let items) = child {
                object[key] = .array(items.map { flat($0, root: root) })
            } else {
                object[key] = flat(child, root: root)
            }
            return .object(object)
        }
        return schema
    }

    private static func inlinePropertyReferences(_ schema: JSONValue, root: JSONValue) -> JSONValue {
        guard case .object(var object) = schema, case .object(var properties)? = object["properties"] else {
            return schema
        }
        for (name, property) in properties {
            guard case .object(let fields) = property, fields.count == 1, let ref = fields["$ref"]?.stringValue,
                let path = SchemaPointer.split(ref), let target = root.value(at: path), target != .null
            else { continue }
            properties[name] = flat(target, root: root)
        }
        object["properties"] = .object(properties)
        return .object(object)
    }

    /// lodash `merge`: objects key by key, arrays index by index, other values replaced.
    static func merge(_ destination: JSONValue, _ source: JSONValue) -> JSONValue {
        switch (destination, source) {
        case (.object(var target), .object(let other)):
            for (key, value) in other {
                target[key] = target[key].map { merge($0, value) } ?? merge(.object([:]), value).orSelf(value)
            }
            return .object(target)
        case (.array(var target), .array(let other)):
            for (index, value) in other.enumerated() {
                if index < target.count { target[index] = merge(target[index], value) } else { target.append(value) }
            }
            return .array(target)
        default:
            return source
        }
    }
}

extension JSONValue {
    fileprivate func orSelf(_ value: JSONValue) -> JSONValue {
        if case .object = value { return self }
        return value
    }

    /// JavaScript truthiness of a JSON value.
    var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .integer(let i): return i != 0
        case .decimal(let d): return d != 0 && !d.isNaN
        case .string(let s): return !s.isEmpty
        case .array, .object: return true
        }
    }
}
