extension MatchingRule {
    /// Reads a rule in Pact JSON form (`{"match": "type", "min": 1}`, V2 `{"regex": "…"}`, …).
    public init(json: JSONValue, at path: String = "matchingRules") throws(PactError) {
        guard case .object(let object) = json else {
            throw PactError(.invalidMatchingRule, "a matching rule must be a JSON object", jsonPath: path)
        }
        let storage = try MatchingRule.storage(from: object, at: path)
        self.init(storage, sourceJSON: object)
    }

    private static func storage(from object: [String: JSONValue], at path: String) throws(PactError) -> Kind {
        func string(_ key: String) -> String? {
            guard let value = object[key] else { return nil }
            return value.stringValue ?? value.jsonText
        }
        func number(_ key: String) -> Int? { object[key]?.intValue }
        func missing(_ field: String, _ rule: String) -> PactError {
            PactError(
                .invalidMatchingRule,
                "the '\(rule)' matcher needs a '\(field)' field",
                jsonPath: path,
                hint: "Add \"\(field)\" to the rule"
            )
        }
        guard let match = object["match"]?.stringValue ?? object["pact:matcher:type"]?.stringValue else {
            // V2 rules may omit `match`.
            if let regex = string("regex") { return .regex(regex) }
            if number("min") != nil || number("max") != nil { return .type(min: number("min"), max: number("max")) }
            if let format = string("timestamp") { return .timestamp(format) }
            if let format = string("time") { return .time(format) }
            if let format = string("date") { return .date(format) }
            throw PactError(
                .invalidMatchingRule,
                "the matching rule has no 'match' field and its type cannot be guessed",
                jsonPath: path,
                hint: "Add \"match\": \"type\" (or regex, integer, …)"
            )
        }
        switch match {
        case "regex":
            guard let regex = string("regex") else { throw missing("regex", match) }
            return .regex(regex)
        case "equality": return .equality
        case "include":
            guard let value = string("value") else { throw missing("value", match) }
            return .include(value)
        case "type": return .type(min: number("min"), max: number("max"))
        case "min", "min-type":
            guard let min = number("min") else { throw missing("min", match) }
            return .type(min: min, max: nil)
        case "max", "max-type":
            guard let max = number("max") else { throw missing("max", match) }
            return .type(min: nil, max: max)
        case "number": return .number
        case "integer": return .integer
        case "decimal", "real": return .decimal
        case "boolean": return .boolean
        case "null": return .null
        case "timestamp", "datetime": return .timestamp(nonEmpty(string("format") ?? string(match)))
        case "date": return .date(nonEmpty(string("format") ?? string("date")))
        case "time": return .time(nonEmpty(string("format") ?? string("time")))
        case "contentType", "content-type":
            guard let value = string("value") else { throw missing("value", match) }
            return .contentType(value)
        case "values": return .values
        case "notEmpty", "not-empty": return .notEmpty
        case "semver": return .semver
        case "statusCode", "status-code":
            guard let status = object["status"] else { return .statusCode(.success) }
            guard let parsed = StatusCodeClass(json: status) else {
                throw PactError(
                    .invalidMatchingRule,
                    "the statusCode matcher has an unknown status \(status)",
                    jsonPath: path,
                    hint: "Use info, success, redirect, clientError, serverError, nonError, error or a list of codes"
                )
            }
            return .statusCode(parsed)
        case "eachKey", "each-key": return .eachKey(try nestedRules(object, at: path))
        case "eachValue", "each-value": return .eachValue(try nestedRules(object, at: path))
        case "arrayContains", "array-contains":
            guard case .array(let items)? = object["variants"] else { throw missing("variants", match) }
            var variants: [ArrayContainsVariant] = []
            for (index, item) in items.enumerated() {
                let variantPath = "\(path).variants[\(index)]"
                guard case .object(let variant) = item else {
                    throw PactError(
                        .invalidMatchingRule,
                        "an arrayContains variant must be an object",
                        jsonPath: variantPath
                    )
                }
                var rules = MatchingRuleCategory()
                if case .object(let rulesJSON)? = variant["rules"] {
                    for (key, listJSON) in rulesJSON {
                        let list = try PactReader.ruleList(listJSON, at: "\(variantPath).rules['\(key)']")
                        try rules.add(list, at: key)
                    }
                }
                var generators: [String: Generator] = [:]
                if case .object(let generatorsJSON)? = variant["generators"] {
                    for (key, value) in generatorsJSON {
                        if case .object(let generatorObject) = value {
                            generators[key] = try PactReader.generator(
                                generatorObject,
                                at: "\(variantPath).generators['\(key)']"
                            )
                        }
                    }
                }
                variants.append(
                    ArrayContainsVariant(index: variant["index"]?.intValue ?? 0, rules: rules, generators: generators)
                )
            }
            return .arrayContains(variants)
        default:
            return .unknown(match)
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    private static func nestedRules(_ object: [String: JSONValue], at path: String) throws(PactError) -> [MatchingRule]
    {
        guard case .array(let items)? = object["rules"] else { return [] }
        var rules: [MatchingRule] = []
        for (index, item) in items.enumerated() {
            rules.append(try MatchingRule(json: item, at: "\(path).rules[\(index)]"))
        }
        return rules
    }

    /// The rule in Pact JSON form. Rules read from a file give back exactly what was read.
    public var json: JSONValue {
        if let sourceJSON { return .object(sourceJSON) }
        return .object(canonicalJSON)
    }

    var canonicalJSON: [String: JSONValue] {
        var object: [String: JSONValue] = ["match": .string(name)]
        switch storage {
        case .regex(let regex): object["regex"] = .string(regex)
        case .type(let min, let max):
            if let min { object["min"] = .integer(min) }
            if let max { object["max"] = .integer(max) }
        case .include(let value), .contentType(let value): object["value"] = .string(value)
        case .date(let format), .time(let format), .timestamp(let format):
            if let format { object["format"] = .string(format) }
        case .statusCode(let status): object["status"] = status.json
        case .eachKey(let rules), .eachValue(let rules): object["rules"] = .array(rules.map(\.json))
        case .arrayContains(let variants):
            object["variants"] = .array(
                variants.map { variant in
                    var json: [String: JSONValue] = [
                        "index": .integer(variant.index),
                        "rules": .object(variant.rules.rules.mapValues(\.json)),
                    ]
                    if !variant.generators.isEmpty {
                        json["generators"] = .object(variant.generators.mapValues { .object($0.json) })
                    }
                    return .object(json)
                }
            )
        default: break
        }
        return object
    }
}

extension RuleList {
    /// `{"matchers": [...], "combine": "AND"}`.
    var json: JSONValue {
        .object(["matchers": .array(rules.map(\.json)), "combine": .string(logic.rawValue)])
    }
}
