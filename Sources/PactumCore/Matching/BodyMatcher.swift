import Foundation

/// Compares bodies by content type: JSON, XML, plain text, form-urlencoded, multipart and binary.
enum BodyMatcher {
    static func match(
        expected: Body,
        expectedContentType: String?,
        actual: Body,
        actualContentType: String?,
        rules: MatchingRuleCategory,
        allowUnexpectedKeys: Bool,
        side: Mismatch.Side
    ) -> [Mismatch] {
        func mismatch(_ message: String, path: String = "$") -> [Mismatch] {
            [
                Mismatch(
                    side: side,
                    part: .body,
                    path: path,
                    expected: expected.textValue.map(cut),
                    actual: actual.textValue.map(cut),
                    message: message
                )
            ]
        }
        switch (expected.content, actual.content) {
        case (.missing, _): return []
        case (.null, .null), (.null, .missing), (.null, .empty): return []
        case (.empty, .missing), (.empty, .empty): return []
        case (.null, _), (.empty, _):
            if case .json(.null) = actual.content { return [] }
            return mismatch("Expected an empty body but received \(describe(actual))")
        case (_, .missing): return mismatch("Expected a body but the body was missing")
        case (_, .empty): return mismatch("Expected a body but the body was empty")
        case (_, .null):
            if case .json(.null) = expected.content { return [] }
            return mismatch("Expected a body but received null")
        default: break
        }

        let expectedType = effectiveType(of: expected, declared: expectedContentType)
        let actualType = effectiveType(of: actual, declared: actualContentType)
        if let expectedType, let actualType, expectedType.essence != actualType.essence,
            !(expectedType.isJSON && actualType.isJSON), !(expectedType.isXML && actualType.isXML)
        {
            return [
                Mismatch(
                    side: side,
                    part: .bodyType,
                    path: "",
                    expected: expectedType.essence,
                    actual: actualType.essence,
                    message:
                        "Expected a body of type '\(expectedType.essence)' but the actual content type was '\(actualType.essence)'"
                )
            ]
        }
        let type = expectedType ?? actualType

        if type?.isJSON ?? false {
            guard let expectedJSON = jsonValue(expected) else {
                return mismatch("The contract's body is not valid JSON; fix the contract")
            }
            guard let actualJSON = jsonValue(actual) else {
                return mismatch("Expected a JSON body but the actual body is not valid JSON: \(describe(actual))")
            }
            return JSONBodyMatcher.match(
                expected: expectedJSON,
                actual: actualJSON,
                rules: rules,
                allowUnexpectedKeys: allowUnexpectedKeys,
                side: side
            )
        }
        if type?.isXML ?? false {
            return XMLBodyMatcher.match(
                expected: expected.textValue ?? "",
                actual: actual.textValue ?? "",
                rules: rules,
                allowUnexpectedKeys: allowUnexpectedKeys,
                side: side
            )
        }
        if type?.isFormURLEncoded ?? false {
            return FormBodyMatcher.match(
                expected: expected.textValue ?? "",
                actual: actual.textValue ?? "",
                rules: rules,
                allowUnexpectedKeys: allowUnexpectedKeys,
                side: side
            )
        }
        if let type, type.isMultipart {
            return MultipartBodyMatcher.match(
                expected: expected,
                expectedType: type,
                actual: actual,
                actualType: actualType ?? type,
                rules: rules,
                side: side
            )
        }
        if let type, !type.isText, case .binary = expected.content {
            return binary(expected: expected.bytes, actual: actual.bytes, rules: rules, side: side)
        }
        if let type, !type.isText, case .binary = actual.content {
            return binary(expected: expected.bytes, actual: actual.bytes, rules: rules, side: side)
        }
        return text(expected: expected, actual: actual, rules: rules, side: side)
    }

    /// The content type that governs a body: declared, else detected from the content.
    static func effectiveType(of body: Body, declared: String?) -> MediaType? {
        if let declared, let media = MediaType(declared) { return media }
        switch body.content {
        case .json(let value):
            if case .string = value { return nil }
            return MediaType("application/json")
        case .text(let text):
            return ContentTypeDetector.detect(Array(text.utf8)).flatMap {
                $0.isText || $0.isJSON || $0.isXML ? $0 : nil
            }
        case .binary(let bytes): return ContentTypeDetector.detect(bytes)
        default: return nil
        }
    }

    static func jsonValue(_ body: Body) -> JSONValue? {
        switch body.content {
        case .json(let value): return value
        case .text(let text): return try? JSONParser.parse(text)
        case .binary(let bytes): return try? JSONParser.parse(bytes: bytes)
        case .null: return .null
        default: return nil
        }
    }

    static func describe(_ body: Body) -> String {
        guard let text = body.textValue else { return "\(body.bytes.count) bytes" }
        return "'\(cut(text))'"
    }

    static func cut(_ text: String) -> String { text.count > 200 ? String(text.prefix(197)) + "..." : text }

    private static func text(
        expected: Body,
        actual: Body,
        rules: MatchingRuleCategory,
        side: Mismatch.Side
    ) -> [Mismatch] {
        let expectedText = plainText(expected)
        let actualText = plainText(actual)
        if let list = rules.bestRules(for: [.root]) {
            let failures = RuleEvaluator.failures(
                of: list,
                expected: .string(expectedText),
                actual: .string(actualText),
                cascaded: false,
                fromText: true
            )

            return failures.map {
                Mismatch(
                    side: side,
                    part: .body,
                    path: "$",
                    expected: cut(expectedText),
                    actual: cut(actualText),
                    message: $0
                )
            }
        }
        guard expectedText != actualText else { return [] }
        return [
            Mismatch(
                side: side,
                part: .body,
                path: "$",
                expected: cut(expectedText),
                actual: cut(actualText),
                message: "Expected body '\(cut(expectedText))' but received '\(cut(actualText))'"
            )
        ]
    }

    private static func plainText(_ body: Body) -> String {
        if case .json(.string(let text)) = body.content { return text }
        return body.textValue ?? ""
    }

    static func binary(
        expected: [UInt8],
        actual: [UInt8],
        rules: MatchingRuleCategory,
        side: Mismatch.Side
    ) -> [Mismatch] {
        if let list = rules.bestRules(for: [.root]) {
            var failures: [String] = []
            for rule in list.rules {
                if case .contentType(let wanted) = rule.storage {
                    if let failure = RuleEvaluator.contentTypeCheck(actual, expected: wanted) {
                        failures.append(failure)
                    }
                } else if let failure = RuleEvaluator.check(
                    rule,
                    expected: .string(String(decoding: expected, as: UTF8.self)),
                    actual: .string(String(decoding: actual, as: UTF8.self)),
                    cascaded: false,
                    fromText: true
                ) {
                    failures.append(failure)
                }
            }
            if list.logic == .or, failures.count < list.rules.count { return [] }
            return failures.map {
                Mismatch(
                    side: side,
                    part: .body,
                    path: "$",
                    expected: "\(expected.count) bytes",
                    actual: "\(actual.count) bytes",
                    message: $0
                )
            }
        }
        guard expected != actual else { return [] }
        let firstDifference =
            zip(expected, actual).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expected.count, actual.count)
        return [
            Mismatch(
                side: side,
                part: .body,
                path: "$",
                expected: "\(expected.count) bytes",
                actual: "\(actual.count) bytes",
                message:
                    "Expected a binary body of \(expected.count) bytes but received \(actual.count) bytes that differ from byte \(firstDifference)"
            )
        ]
    }
}

/// Compares `application/x-www-form-urlencoded` bodies field by field, with rules at `$.field`.
enum FormBodyMatcher {
    static func match(
        expected: String,
        actual: String,
        rules: MatchingRuleCategory,
        allowUnexpectedKeys: Bool,
        side: Mismatch.Side
    ) -> [Mismatch] {
        func group(_ pairs: [(name: String, value: String)]) -> [String: [String]] {
            var result: [String: [String]] = [:]
            for pair in pairs { result[pair.name, default: []].append(pair.value) }
            return result
        }
        let expectedFields = group(FormURLEncoded.parse(expected))
        let actualFields = group(FormURLEncoded.parse(actual))
        return NamedValuesMatcher(
            side: side,
            part: .body,
            noun: "form field",
            rules: rules,
            caseInsensitive: false,
            rulePath: { name in [.root, .field(name)] }
        ).match(expected: expectedFields, actual: actualFields, allowUnexpected: allowUnexpectedKeys)
    }
}

/// Compares `multipart/form-data` bodies part by part (by part name).
enum MultipartBodyMatcher {
    /// A part's content for a mismatch: its text (cut), or its size when it is not text.
    static func summary(_ body: Body) -> String {
        body.textValue.map(BodyMatcher.cut) ?? "\(body.bytes.count) bytes"
    }

    static func match(
        expected: Body,
        expectedType: MediaType,
        actual: Body,
        actualType: MediaType,
        rules: MatchingRuleCategory,
        side: Mismatch.Side
    ) -> [Mismatch] {
        func fail(_ message: String) -> [Mismatch] {
            [Mismatch(side: side, part: .body, path: "$", message: message)]
        }
        guard let expectedBoundary = expectedType.parameters["boundary"] else {
            return fail("The contract's multipart body has no boundary in its content type; fix the contract")
        }
        guard let actualBoundary = actualType.parameters["boundary"] else {
            return fail("Expected a multipart body but the actual content type has no boundary parameter")
        }
        let expectedParts: [MultipartFormData.Part]
        let actualParts: [MultipartFormData.Part]
        do {
            expectedParts = try MultipartFormData.parse(body: expected.bytes, boundary: expectedBoundary)
        } catch {
            return fail("The contract's multipart body could not be read: \(error)")
        }
        do {
            actualParts = try MultipartFormData.parse(body: actual.bytes, boundary: actualBoundary)
        } catch {
            return fail("The actual multipart body could not be read: \(error)")
        }
        var mismatches: [Mismatch] = []
        // Parts without a name (`multipart/mixed`, …) are paired by position among the unnamed parts.
        let unnamedActualParts = actualParts.filter { $0.name == nil }
        var unnamedIndex = 0
        for part in expectedParts {
            let name: String
            let candidate: MultipartFormData.Part?
            if let partName = part.name {
                name = partName
                candidate = actualParts.first { $0.name == partName }
            } else {
                name = String(unnamedIndex)
                candidate = unnamedActualParts.indices.contains(unnamedIndex) ? unnamedActualParts[unnamedIndex] : nil
                unnamedIndex += 1
            }
            guard let actualPart = candidate else {
                mismatches.append(
                    Mismatch(
                        side: side,
                        part: .body,
                        path: "$.\(name)",
                        expected: summary(Body.fromWire(part.decodedBody, contentType: part.contentType)),
                        message: "Expected a multipart part named '\(name)' but it was missing"
                    )
                )
                continue
            }
            let path: [PathSegment] = [.root, .field(name)]
            let partRules = rules.bestRules(for: path)
            // Parts are compared by content: a base64 transfer encoding is undone first.
            let partBody = Body.fromWire(part.decodedBody, contentType: part.contentType)
            let actualBody = Body.fromWire(actualPart.decodedBody, contentType: actualPart.contentType)
            if let partRules {
                for rule in partRules.rules {
                    let failure: String?
                    if case .contentType(let wanted) = rule.storage {
                        failure = RuleEvaluator.contentTypeCheck(actualPart.decodedBody, expected: wanted)
                    } else {
                        failure = RuleEvaluator.check(
                            rule,
                            expected: .string(partBody.textValue ?? ""),
                            actual: .string(actualBody.textValue ?? ""),
                            cascaded: false,
                            fromText: true
                        )
                    }
                    if let failure {
                        mismatches.append(
                            Mismatch(
                                side: side,
                                part: .body,
                                path: "$.\(name)",
                                expected: summary(partBody),
                                actual: summary(actualBody),
                                message: "Part '\(name)': \(failure)"
                            )
                        )
                    }
                }
                continue
            }
            var nested = MatchingRuleCategory()
            for (key, list) in rules.rules where key.hasPrefix("$.\(name).") || key.hasPrefix("$['\(name)'].") {
                let rest = key.hasPrefix("$.\(name).") ? key.dropFirst(name.count + 2) : key.dropFirst(name.count + 5)
                try? nested.add(list, at: "$" + rest)
            }
            let partMismatches = BodyMatcher.match(
                expected: partBody,
                expectedContentType: part.contentType,
                actual: actualBody,
                actualContentType: actualPart.contentType,
                rules: nested,
                allowUnexpectedKeys: true,
                side: side
            )
            for var mismatch in partMismatches {
                mismatch.path = "$.\(name)" + (mismatch.path.hasPrefix("$") ? String(mismatch.path.dropFirst()) : "")
                mismatch.message = "Part '\(name)': " + mismatch.message
                mismatches.append(mismatch)
            }
        }
        return mismatches
    }
}
