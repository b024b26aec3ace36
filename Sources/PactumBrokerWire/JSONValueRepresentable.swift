import PactumCore

/// A document that builds its JSON directly, without `JSONEncoder`: the broker's largest answers (a matrix of a
/// hundred rows is 165 KB) spent a quarter of their CPU time in the encoder's containers. `jsonValue` gives what
/// `encode(to:)` writes (the same members, explicit nulls and omissions); `JSONWriter` writes it with sorted keys, as
/// the encoder's `.sortedKeys` does. The tests hold the two to the same JSON.
package protocol JSONValueRepresentable {
    /// The document as JSON.
    var jsonValue: JSONValue { get }
}

extension Optional where Wrapped: JSONValueRepresentable {
    /// `null` when nil.
    var jsonValueOrNull: JSONValue { self?.jsonValue ?? .null }
}

extension Optional where Wrapped == String {
    var jsonValueOrNull: JSONValue { self.map(JSONValue.string) ?? .null }
}

extension HALLink: JSONValueRepresentable {
    package var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["href": .string(href)]
        if let title { object["title"] = .string(title) }
        if let name { object["name"] = .string(name) }
        if let templated { object["templated"] = .bool(templated) }
        return .object(object)
    }
}

extension SelfLinks: JSONValueRepresentable {
    package var jsonValue: JSONValue { .object(["self": selfLink.jsonValue]) }
}

extension MatrixDocument: JSONValueRepresentable {
    package var jsonValue: JSONValue {
        .object([
            "summary": summary.jsonValue,
            "notices": .array(notices.map(\.jsonValue)),
            "matrix": .array(matrix.map(\.jsonValue)),
        ])
    }
}

extension MatrixDocument.Summary: JSONValueRepresentable {
    package var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "deployable": deployable.map(JSONValue.bool) ?? .null,
            "reason": .string(reason),
            "success": .integer(success),
            "failed": .integer(failed),
            "unknown": .integer(unknown),
        ]
        if let ignored { object["ignored"] = .integer(ignored) }
        return .object(object)
    }
}

extension MatrixDocument.Notice: JSONValueRepresentable {
    package var jsonValue: JSONValue { .object(["type": .string(type), "text": .string(text)]) }
}

extension MatrixDocument.Named: JSONValueRepresentable {
    package var jsonValue: JSONValue { .object(["name": .string(name)]) }
}

extension MatrixDocument.Tag: JSONValueRepresentable {
    package var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["name": .string(name)]
        if let links { object["_links"] = links.jsonValue }
        return .object(object)
    }
}

extension MatrixDocument.Version: JSONValueRepresentable {
    package var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "number": .string(number),
            "branch": branch.jsonValueOrNull,
            "branches": .array(branches.map(\.jsonValue)),
            "branchVersions": .array(branchVersions.map(\.jsonValue)),
            "environments": .array(environments.map(\.jsonValue)),
            "tags": .array(tags.map(\.jsonValue)),
        ]
        if let links { object["_links"] = links.jsonValue }
        return .object(object)
    }
}

extension MatrixDocument.Pacticipant: JSONValueRepresentable {
    package var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["name": .string(name), "version": version.jsonValueOrNull]
        if let links { object["_links"] = links.jsonValue }
        return .object(object)
    }
}

extension MatrixDocument.Pact: JSONValueRepresentable {
    package var jsonValue: JSONValue {
        var object: [String: JSONValue] = [:]
        if let createdAt { object["createdAt"] = .string(createdAt) }
        if let links { object["_links"] = links.jsonValue }
        return .object(object)
    }
}

extension MatrixDocument.VerificationResult: JSONValueRepresentable {
    package var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["success": .bool(success)]
        if let verifiedAt { object["verifiedAt"] = .string(verifiedAt) }
        if let links { object["_links"] = links.jsonValue }
        return .object(object)
    }
}

extension MatrixDocument.Row: JSONValueRepresentable {
    package var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "consumer": consumer.jsonValue,
            "provider": provider.jsonValue,
            "verificationResult": verificationResult.jsonValueOrNull,
        ]
        if let pact { object["pact"] = pact.jsonValue }
        if ignored { object["ignored"] = .bool(true) }
        return .object(object)
    }
}
