import Foundation
import PactumCore
import Testing

@testable import PactumContracts

/// The compiled validator (`CompiledSchema`, a tree of `SchemaNode`s) against known results, and against the schema
/// interpreter it replaced (`ReferenceSchema`) on many generated values: same errors, same order, same paths.
@Suite("Compiled schemas")
struct CompiledSchemaTests {
    /// A document whose schemas the cases reference, as the comparator's schema preparation copies them in.
    static let document = json(
        """
        {"components": {"schemas": {
          "Line": {"type": "object", "required": ["sku", "quantity"], "properties": {
            "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]+$"},
            "quantity": {"type": "integer", "minimum": 1, "exclusiveMaximum": 100},
            "note": {"type": "string", "nullable": true}}},
          "Tree": {"type": "object", "properties": {
            "name": {"type": "string"}, "next": {"$ref": "#/components/schemas/Tree"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}}},
          "A": {"$ref": "#/components/schemas/B"},
          "B": {"$ref": "#/components/schemas/A"},
          "Cat": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["Cat"]},
            "lives": {"type": "integer"}}},
          "Dog": {"type": "object", "properties": {"kind": {"type": "string", "const": "Dog"},
            "bark": {"type": "boolean"}}},
          "Fish": {"type": "object", "properties": {"fins": {"type": "integer", "format": "int32"}}},
          "Owner": {"type": "object", "nullable": true, "properties": {
            "email": {"type": "string", "format": "email"}, "id": {"type": "string", "format": "uuid"}}},
          "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
        }}}
        """
    )

    /// Schemas as they appear in an OpenAPI document: prepared as the comparator prepares them, for requests and
    /// for responses.
    static let schemas: [String] = [
        ##"{"$ref": "#/components/schemas/Line"}"##,
        ##"{"type": "array", "items": {"$ref": "#/components/schemas/Line"}, "minItems": 1, "maxItems": 3}"##,
        ##"{"$ref": "#/components/schemas/Tree"}"##,
        ##"{"$ref": "#/components/schemas/A"}"##,
        ##"{"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],"##
            + ##" "discriminator": {"propertyName": "kind"}}"##,
        ##"{"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Fish"}],"##
            + ##" "discriminator": {"propertyName": "kind", "mapping": {"c": "#/components/schemas/Cat","##
            + ##" "f": "Fish"}}}"##,
        ##"{"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "number"}]}"##,
        ##"{"anyOf": [{"type": "string", "minLength": 3}, {"type": "integer", "multipleOf": 3}]}"##,
        ##"{"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {"##
            + ##""name": {"type": "string", "maxLength": 4}}}]}"##,
        ##"{"not": {"type": "string"}}"##,
        ##"{"type": "object", "additionalProperties": false, "properties": {"name": {"type": "string"}},"##
            + ##" "patternProperties": {"^x-": {"type": "integer"}}}"##,
        ##"{"type": "object", "additionalProperties": {"type": "integer"}, "properties": {"a/b": {"type": "string"},"##
            + ##" "t~": {"type": "boolean"}}, "minProperties": 1, "maxProperties": 3}"##,
        ##"{"type": "object", "if": {"required": ["kind"]}, "then": {"properties": {"kind": {"enum": ["Cat"]}}},"##
            + ##" "else": {"required": ["name"]}}"##,
        ##"{"type": "array", "items": [{"type": "string"}, {"type": "integer"}], "contains": {"type": "integer"},"##
            + ##" "uniqueItems": true}"##,
        ##"{"type": "string", "format": "date-time"}"##,
        ##"{"type": "string", "format": "date"}"##,
        ##"{"type": ["string", "null"], "enum": ["a", "b", null]}"##,
        ##"{"type": "integer", "format": "int32", "minimum": 0, "exclusiveMinimum": true, "maximum": 10}"##,
        ##"{"type": "number", "nullable": true, "maximum": 5, "exclusiveMaximum": true}"##,
        ##"{"$ref": "#/components/schemas/Owner"}"##,
        ##"{"type": "boolean"}"##,
        ##"{"type": "array", "items": {"type": "string", "pattern": "["}}"##,
        ##"{"const": {"a": [1, 2.0]}}"##,
        ##"{"properties": {"x": false, "y": true, "z": 3}}"##,
        "true",
        "false",
    ]

    static func json(_ text: String) -> JSONValue {
        try! JSONParser.parse(Data(text.utf8))
    }

    /// Every schema in its prepared forms: as given, as the request side prepares it, and as the response side does.
    static func preparedSchemas() -> [JSONValue] {
        schemas.flatMap { text -> [JSONValue] in
            let schema = json(text)
            let minimum = SchemaTransform.minimum(schema, document: document)
            return [schema, minimum, SchemaTransform.received(minimum)]
        }
    }

    /// Seeded values of every JSON type, shaped like the schemas' objects often enough to reach their keywords.
    static func values(count: Int, seed: UInt64) -> [JSONValue] {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func pick<T>(_ options: [T]) -> T { options[Int(next() % UInt64(options.count))] }
        let keys = [
            "sku", "quantity", "note", "name", "next", "children", "kind", "lives", "bark", "fins", "email", "id",
            "x-1", "x-y", "a/b", "t~", "other",
        ]
        let strings = [
            "", "abc", "ABC-1", "ab-1", "Cat", "Dog", "c", "f", "Fish", "2024-05-01", "2024-02-30",
            "2024-05-01T10:00:00Z",
            "2024-05-01 10:00:00+02:00", "2024-05-01T25:00:00Z", "user@example.com", "no at sign",
            "0b7e3f5e-8d0c-4f5c-9a43-8a1f7e9a1c00", "12", "1.5", "true", "a", "b", "héllo wörld",
        ]
        func value(depth: Int) -> JSONValue {
            switch next() % (depth > 2 ? 6 : 9) {
            case 0: return .null
            case 1: return .bool(next() % 2 == 0)
            case 2: return .integer(pick([0, 1, -1, 3, 5, 9, 10, 99, 100, 3_000_000_000]))
            case 3: return .decimal(pick([0.5, 1.0, 2.0, 4.99, 5.0, -3.25]))
            case 4, 5: return .string(pick(strings))
            case 6: return .array((0..<Int(next() % 4)).map { _ in value(depth: depth + 1) })
            default:
                var object: [String: JSONValue] = [:]
                for _ in 0..<Int(next() % 5) { object[pick(keys)] = value(depth: depth + 1) }
                return .object(object)
            }
        }
        return (0..<count).map { _ in value(depth: 0) }
    }

    @Test("gives the interpreter's errors for every schema and value, coerced or not")
    func agreesWithTheInterpreter() {
        let patterns = PatternCache()
        let values = Self.values(count: 400, seed: 1_592_590_337)
        var checked = 0
        var passing = 0
        var failing = 0
        for schema in Self.preparedSchemas() {
            for coerce in [false, true] {
                let compiled = CompiledSchema(root: schema, coerce: coerce, patterns: patterns)
                let reference = ReferenceSchema(root: schema, coerce: coerce, patterns: patterns)
                for value in values {
                    let expected = reference.validate(value)
                    let actual = compiled.validate(value)
                    #expect(
                        actual == expected,
                        "schema \(JSONWriter.compact(schema)), value \(JSONWriter.compact(value))"
                    )
                    checked += 1
                    if expected.isEmpty { passing += 1 } else { failing += 1 }
                }
            }
        }
        #expect(checked == Self.schemas.count * 3 * 2 * 400)
        // Both outcomes are well represented, so the comparison covers failures' paths as well as success.
        #expect(passing > checked / 10 && failing > checked / 10, "\(passing) passing, \(failing) failing")
    }

    @Test("locates failures by the reference when its target holds no references, else from the target")
    func referencePaths() {
        let root = SchemaTransform.minimum(
            Self.json(##"{"$ref": "#/components/schemas/Line"}"##),
            document: Self.document
        )
        let line = CompiledSchema(root: root, coerce: false, patterns: PatternCache())
        let errors = line.validate(Self.json(##"{"sku": "bad", "quantity": 0, "note": null}"##))
        #expect(
            errors.map(\.schemaPath) == [
                "#/components/schemas/Line/properties/quantity/minimum",
                "#/components/schemas/Line/properties/sku/pattern",
            ]
        )
        #expect(errors.map(\.instancePath) == [["quantity"], ["sku"]])

        let treeRoot = SchemaTransform.minimum(
            Self.json(##"{"$ref": "#/components/schemas/Tree"}"##),
            document: Self.document
        )
        let tree = CompiledSchema(root: treeRoot, coerce: false, patterns: PatternCache())
        let nested = tree.validate(Self.json(##"{"next": {"children": [{"name": 1}]}}"##))
        #expect(nested.map(\.schemaPath) == ["#/properties/name/type"])
        #expect(nested.map(\.instancePath) == [["next", "children", "0", "name"]])
    }

    @Test("follows references that loop, and self-references as deep as the value goes (to the depth limit)")
    func cycles() {
        let patterns = PatternCache()
        let loop = CompiledSchema(
            root: SchemaTransform.minimum(Self.json(##"{"$ref": "#/components/schemas/A"}"##), document: Self.document),
            coerce: false,
            patterns: patterns
        )
        #expect(loop.validate(.integer(1)).isEmpty)
        var deep = JSONValue.object(["name": .integer(0)])
        for _ in 0..<100 { deep = .object(["next": deep]) }
        let root = SchemaTransform.minimum(
            Self.json(##"{"$ref": "#/components/schemas/Tree"}"##),
            document: Self.document
        )
        let compiled = CompiledSchema(root: root, coerce: false, patterns: patterns)
        #expect(
            compiled.validate(deep) == ReferenceSchema(root: root, coerce: false, patterns: patterns).validate(deep)
        )
        #expect(compiled.validate(deep).isEmpty)
    }

    @Test("keyword results: nullable, formats, discriminator, additionalProperties, combinators, coercion")
    func knownResults() {
        func errors(_ schema: String, _ value: String, coerce: Bool = false) -> [String] {
            let root = SchemaTransform.minimum(Self.json(schema), document: Self.document)
            return CompiledSchema(root: root, coerce: coerce, patterns: PatternCache()).validate(Self.json(value)).map {
                "\($0.schemaPath) \($0.message)"
            }
        }
        #expect(errors(##"{"type": "string", "nullable": true}"##, "null").isEmpty)
        #expect(errors(##"{"type": "string"}"##, "null") == ["#/type must be string"])
        #expect(errors(##"{"type": "string", "format": "date-time"}"##, ##""2024-05-01T10:00:00Z""##).isEmpty)
        #expect(
            errors(##"{"type": "string", "format": "date"}"##, ##""2024-02-30""##) == [
                "#/format must match format \"date\""
            ]
        )
        #expect(
            errors(##"{"type": "integer", "format": "int32"}"##, "3000000000") == [
                "#/format must match format \"int32\""
            ]
        )
        let pet =
            ##"{"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],"##
            + ##" "discriminator": {"propertyName": "kind"}}"##
        #expect(errors(pet, ##"{"kind": "Dog", "bark": true}"##).isEmpty)
        #expect(errors(pet, ##"{"kind": "Fish"}"##) == [##"#/discriminator value of tag "kind" must be in oneOf"##])
        #expect(errors(pet, ##"{"kind": 1}"##) == [##"#/discriminator tag "kind" must be string"##])
        #expect(
            errors(
                ##"{"type": "object", "additionalProperties": false, "properties": {"a": {}}}"##,
                ##"{"b": 1, "a": 2, "c": 3}"##
            )
                == [
                    "#/additionalProperties must NOT have additional properties - b",
                    "#/additionalProperties must NOT have additional properties - c",
                ]
        )
        #expect(
            errors(##"{"oneOf": [{"type": "number"}, {"type": "integer"}]}"##, "1") == [
                "#/oneOf must match exactly one schema in oneOf (schemas 0, 1 all match)"
            ]
        )
        #expect(
            errors(##"{"anyOf": [{"type": "string"}, {"type": "integer"}]}"##, "true") == [
                "#/anyOf/0/type must be string", "#/anyOf/1/type must be integer",
                "#/anyOf must match a schema in anyOf",
            ]
        )
        #expect(errors(##"{"not": {"type": "integer"}}"##, "2") == ["#/not must NOT be valid"])
        #expect(errors(##"{"type": "integer", "minimum": 2}"##, ##""1""##, coerce: true) == ["#/minimum must be >= 2"])
        #expect(errors(##"{"type": "integer"}"##, ##""x""##, coerce: true) == ["#/type must be integer"])
    }
}

@Suite("Date and time formats")
struct DateTimeFormatTests {
    /// Valid texts and, by one change each (a character replaced, removed or doubled), many invalid ones.
    static func texts() -> [String] {
        let valid = [
            "2024-05-01", "2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "2024-12-31",
            "10:00:00Z", "23:59:60+01:00", "10:00:00.123z", "2024-05-01T10:00:00Z", "2024-05-01t10:00:00.5-05:30",
            "2024-05-01 10:00:00+02:00", "+024-+5-+1", "-1:-1:-1Z", "10:00:00+1:00:00",
            "10:00:00.99999999999999999999Z",
        ]
        let alphabet = ["0", "1", "9", "-", "+", ":", ".", "T", "t", " ", "Z", "z", "x", "\r\n", "é"]
        var texts = valid
        for text in valid {
            let characters = Array(text)
            for index in characters.indices {
                var removed = characters
                removed.remove(at: index)
                texts.append(String(removed))
                var doubled = characters
                doubled.insert(characters[index], at: index)
                texts.append(String(doubled))
                for replacement in alphabet {
                    var replaced = characters
                    replaced.replaceSubrange(index...index, with: Array(replacement))
                    texts.append(String(replaced))
                }
            }
        }
        return texts
    }

    @Test("read byte by byte, give the character-based reading's answers")
    func agreesWithTheCharacterReading() {
        for text in Self.texts() {
            #expect(Formats.string(text, matches: "date") == ReferenceFormats.date(Substring(text)), "date \(text)")
            #expect(Formats.string(text, matches: "time") == ReferenceFormats.time(Substring(text)), "time \(text)")
            #expect(Formats.string(text, matches: "date-time") == ReferenceFormats.dateTime(text), "date-time \(text)")
        }
        #expect(Formats.string("2024-05-01T10:00:00Z", matches: "date-time"))
        #expect(!Formats.string("2024-02-30", matches: "date"))
    }
}
