extension MediaType {
    /// Whether `actual` satisfies this expected media type the way Pact compares `Content-Type` and
    /// `Accept` values: the same essence, and every expected parameter present in `actual` with an
    /// equal value (`charset` case-insensitively). Extra parameters in `actual` are allowed.
    public func matches(actual: MediaType) -> Bool {
        parameterMismatch(actual: actual) == nil && essence == actual.essence
    }

    /// Why `actual` does not satisfy this expected media type, or nil when it does.
    func parameterMismatch(actual: MediaType) -> String? {
        let actualParameters = actual.parameters
        for parameter in parameterList {
            guard let actualValue = actualParameters[parameter.name] else {
                return "parameter '\(parameter.name)' is missing"
            }
            let expectedValue = Self.normalizedValue(parameter.value, forParameter: parameter.name)
            if expectedValue != Self.normalizedValue(actualValue, forParameter: parameter.name) {
                return "parameter '\(parameter.name)' was '\(actualValue)' instead of '\(parameter.value)'"
            }
        }
        return nil
    }

    /// Compares two header values the way Pact (spec V3+) compares parameterised headers such as
    /// `Content-Type` and `Accept`, returning nil when they match or a sentence saying why not.
    ///
    /// - Comma-separated values are compared item by item, in order; whitespace around commas,
    ///   semicolons and `=`, and folded lines (CR LF + indentation) do not matter.
    /// - When both items are media types, type and subtype compare case-insensitively; otherwise
    ///   the part before the first `;` must be equal exactly (header values are case-sensitive).
    /// - Every expected parameter must be present in the actual value with an equal value;
    ///   `charset` values compare case-insensitively, quoted and unquoted values are equal.
    ///   Parameter order does not matter and extra actual parameters are allowed.
    ///
    /// For example `application/json;charset=utf-8` matches `application/json; charset=UTF-8`, and
    /// `application/json` matches `application/json; charset=UTF-8`, but `application/json;
    /// charset=UTF-16` does not match `application/json; charset=UTF-8`.
    public static func headerValueMismatch(expected: String, actual: String) -> String? {
        let expectedItems = listItems(expected)
        let actualItems = listItems(actual)
        guard expectedItems.count == actualItems.count else {
            return "expected \(expectedItems.count) comma-separated value(s) '\(expected)' "
                + "but got \(actualItems.count) in '\(actual)'"
        }
        for (index, (expectedItem, actualItem)) in zip(expectedItems, actualItems).enumerated() {
            if let reason = itemMismatch(expected: expectedItem, actual: actualItem) {
                let position = expectedItems.count > 1 ? " (value \(index + 1))" : ""
                return "expected '\(normalizedForMessage(expected))' but was '\(normalizedForMessage(actual))'"
                    + "\(position): \(reason)"
            }
        }
        return nil
    }

    /// Whether two parameterised header values match; see `headerValueMismatch(expected:actual:)`.
    public static func headerValuesMatch(expected: String, actual: String) -> Bool {
        headerValueMismatch(expected: expected, actual: actual) == nil
    }

    private static func listItems(_ value: String) -> [Substring] {
        HeaderValueSyntax.split(Substring(value), separator: ",")
            .map(HeaderValueSyntax.trimmed)
            .filter { !$0.isEmpty }
    }

    private static func itemMismatch(expected: Substring, actual: Substring) -> String? {
        if let expectedType = MediaType(parsing: expected), let actualType = MediaType(parsing: actual) {
            guard expectedType.essence == actualType.essence else {
                return "media type '\(actualType.essence)' is not '\(expectedType.essence)'"
            }
            return expectedType.parameterMismatch(actual: actualType)
        }
        // Not media types: compare the main value exactly and the parameters as above.
        let expectedParts = HeaderValueSyntax.parseParameterized(expected)
        let actualParts = HeaderValueSyntax.parseParameterized(actual)
        guard expectedParts.main == actualParts.main else {
            return "'\(actualParts.main)' is not '\(expectedParts.main)'"
        }
        let expectedType = MediaType(
            type: "x",
            subtype: "x",
            parameters: expectedParts.parameters.map { Parameter(name: $0.name, value: $0.value) }
        )
        let actualType = MediaType(
            type: "x",
            subtype: "x",
            parameters: actualParts.parameters.map { Parameter(name: $0.name, value: $0.value) }
        )
        return expectedType.parameterMismatch(actual: actualType)
    }

    /// The value on one line: folded line breaks and their indentation become one space.
    private static func normalizedForMessage(_ value: String) -> String {
        var result = ""
        var pendingSpace = false
        for scalar in value.unicodeScalars {
            if scalar == "\r" || scalar == "\n" {
                pendingSpace = true
                continue
            }
            if pendingSpace {
                if scalar == " " || scalar == "\t" { continue }
                if !(result.last == " ") { result.append(" ") }
                pendingSpace = false
            }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
