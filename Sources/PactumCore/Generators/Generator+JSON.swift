extension Generator {
    /// Reads a generator from its Pact V3/V4 JSON form, e.g. `{"type":"RandomInt","min":0,"max":10}`.
    ///
    /// Missing numeric fields take Pact's defaults (`min` 0, `max` 10, `digits` and `size` 10). The type
    /// name `ProviderStateGenerator` is accepted as `ProviderState`. A type this version does not know is
    /// kept as it is (``typeName`` reports it) and written back unchanged; such a generator can not
    /// generate values. The JSON read is remembered and ``json`` returns it unchanged.
    ///
    /// - Throws: ``GeneratorError`` when `type` is missing or empty, or a known field has the wrong type.
    public init(json: [String: JSONValue]) throws(GeneratorError) {
        guard let typeValue = json["type"] else {
            throw GeneratorError(
                generatorType: nil,
                message: "the generator JSON \(JSONValue.object(json)) has no 'type'; "
                    + "add one such as \"type\": \"RandomInt\""
            )
        }
        guard case .string(let type) = typeValue, !type.isEmpty else {
            throw GeneratorError(
                generatorType: nil,
                message: "the generator 'type' must be a non-empty string such as \"RandomInt\", got \(typeValue)"
            )
        }
        let reader = FieldReader(type: type, json: json)
        let storage: Storage
        switch type {
        case "RandomInt":
            storage = .randomInt(min: try reader.int("min", default: 0), max: try reader.int("max", default: 10))
        case "RandomDecimal":
            storage = .randomDecimal(digits: try reader.int("digits", default: 10))
        case "RandomHexadecimal":
            storage = .randomHexadecimal(digits: try reader.int("digits", default: 10))
        case "RandomString":
            storage = .randomString(size: try reader.int("size", default: 10))
        case "Regex":
            guard let regex = try reader.string("regex") else {
                throw reader.error("it needs a 'regex' field holding the regular expression, e.g. \"\\\\d+\"")
            }
            storage = .regex(regex)
        case "Uuid":
            if let formatName = try reader.string("format") {
                guard let format = UUIDFormat(rawValue: formatName) else {
                    let known = UUIDFormat.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                    throw reader.error("'\(formatName)' is not a UUID format; use one of \(known)")
                }
                storage = .uuid(format)
            } else {
                storage = .uuid(.lowerCaseHyphenated)
            }
        case "Date":
            storage = .date(format: try reader.string("format"), expression: try reader.string("expression"))
        case "Time":
            storage = .time(format: try reader.string("format"), expression: try reader.string("expression"))
        case "DateTime":
            storage = .dateTime(format: try reader.string("format"), expression: try reader.string("expression"))
        case "RandomBoolean":
            storage = .randomBoolean
        case "ProviderState", "ProviderStateGenerator":
            guard let expression = try reader.string("expression") else {
                throw GeneratorError(
                    generatorType: "ProviderState",
                    message: "it needs an 'expression' field naming the provider state value, e.g. \"${id}\""
                )
            }
            storage = .providerState(expression: expression, dataType: try reader.string("dataType"))
        case "MockServerURL":
            storage = .mockServerURL(
                example: try reader.string("example") ?? "",
                regex: try reader.string("regex") ?? ""
            )
        default:
            storage = .unknown(json)
        }
        self.init(storage, sourceJSON: json)
    }

    /// The generator in its Pact V3/V4 JSON form, e.g. `{"type":"Uuid","format":"simple"}`.
    ///
    /// A generator read with ``init(json:)`` returns exactly the JSON it was read from.
    public var json: [String: JSONValue] {
        if let sourceJSON { return sourceJSON }
        var json: [String: JSONValue] = ["type": .string(typeName)]
        switch storage {
        case .randomInt(let min, let max):
            json["min"] = .integer(min)
            json["max"] = .integer(max)
        case .randomDecimal(let digits), .randomHexadecimal(let digits):
            json["digits"] = .integer(digits)
        case .randomString(let size):
            json["size"] = .integer(size)
        case .regex(let pattern):
            json["regex"] = .string(pattern)
        case .uuid(let format):
            json["format"] = .string(format.rawValue)
        case .date(let format, let expression), .time(let format, let expression),
            .dateTime(let format, let expression):
            if let format { json["format"] = .string(format) }
            if let expression { json["expression"] = .string(expression) }
        case .randomBoolean:
            break
        case .providerState(let expression, let dataType):
            json["expression"] = .string(expression)
            if let dataType { json["dataType"] = .string(dataType) }
        case .mockServerURL(let example, let regex):
            json["example"] = .string(example)
            json["regex"] = .string(regex)
        case .unknown(let raw):
            return raw
        }
        return json
    }
}

/// Reads typed fields of one generator's JSON, with errors naming the generator and the field.
private struct FieldReader {
    var type: String
    var json: [String: JSONValue]

    func error(_ message: String) -> GeneratorError {
        GeneratorError(generatorType: type, message: message)
    }

    /// An integer field: an integer, a decimal without fraction or a numeric string; `default` when absent.
    func int(_ key: String, default defaultValue: Int) throws(GeneratorError) -> Int {
        guard let value = json[key], !value.isNull else { return defaultValue }
        switch value {
        case .integer, .decimal, .string:
            if let int = value.intValue { return int }
        default:
            break
        }
        throw error("'\(key)' must be an integer, got \(value.typeName) \(value)")
    }

    /// A string field, or nil when absent or null.
    func string(_ key: String) throws(GeneratorError) -> String? {
        guard let value = json[key], !value.isNull else { return nil }
        guard case .string(let string) = value else {
            throw error("'\(key)' must be a string, got \(value.typeName) \(value)")
        }
        return string
    }
}
