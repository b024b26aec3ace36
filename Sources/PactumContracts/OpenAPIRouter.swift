import Foundation
import PactumCore

/// One operation of an OpenAPI document, with the path item's parameters merged in and the document's defaults
/// (`consumes`, `produces`, `security`) applied.
struct OpenAPIOperation: Sendable {
    var pathName: String
    var method: String
    var object: [String: JSONValue]
    /// Operation parameters then path-item parameters (references followed), one per name and location.
    var parameters: [JSONValue]
    var consumes: [String]?
    var produces: [String]?
    var security: [JSONValue]
    let specLocation: String
    let responses: [String: JSONValue]
    /// The media types the operation consumes: `consumes`, else its request body's content types in order.
    let requestContentTypes: [String]
    /// The media types each response (by its key) produces: `produces`, else the response's content types in order.
    let responseContentTypes: [String: [String]]
    /// The media types of all responses, in the order of their keys.
    let allResponseContentTypes: [String]

    init(
        pathName: String,
        method: String,
        object: [String: JSONValue],
        parameters: [JSONValue],
        consumes: [String]?,
        produces: [String]?,
        security: [JSONValue],
        document: JSONValue
    ) {
        self.pathName = pathName
        self.method = method
        self.object = object
        self.parameters = parameters
        self.consumes = consumes
        self.produces = produces
        self.security = security
        specLocation = "[root].paths.\(pathName).\(method)"
        let responses = object["responses"]?.objectValue ?? [:]
        self.responses = responses
        let body = object["requestBody"].map { SchemaTransform.dereferenced($0, in: document) }
        requestContentTypes = consumes ?? body?["content"]?.objectValue?.keys.sorted() ?? []
        var responseContentTypes: [String: [String]] = [:]
        for (key, response) in responses {
            responseContentTypes[key] =
                produces
                ?? SchemaTransform.dereferenced(response, in: document)["content"]?.objectValue?.keys.sorted() ?? []
        }
        self.responseContentTypes = responseContentTypes
        allResponseContentTypes = produces ?? responses.keys.sorted().flatMap { responseContentTypes[$0]! }
    }

    /// The media types the response of this key produces (`produces` when there is no such response).
    func responseContentTypes(forKey key: String) -> [String] {
        responseContentTypes[key] ?? produces ?? []
    }
}

/// Finds the operation of a request path, as the comparator's router does: static segments before parameters, one
/// segment a parameter, exact case unless `x-opc-config-case-insensitive`.
struct OpenAPIRouter: Sendable {
    /// One segment of a path template.
    enum Segment: Sendable {
        case literal(String)
        /// The whole segment is one parameter.
        case parameter(String)
        /// Text and parameters mixed (`{.id}`, `v{version}.json`): a regular expression for the segment.
        case pattern(NSRegularExpressionBox, names: [String])
        /// `*`: the rest of the path.
        case wildcard(prefix: String)
    }

    final class Route: Sendable {
        let method: String
        let segments: [Segment]
        /// Per segment: 0 when it is static, 1 when it holds a parameter, 2 a wildcard (lower sorts first).
        let rank: [Int]
        let operation: OpenAPIOperation
        /// Whether the last segment is `*` (so the path may have more segments than the template).
        let hasWildcard: Bool

        init(method: String, segments: [Segment], rank: [Int], operation: OpenAPIOperation) {
            self.method = method
            self.segments = segments
            self.rank = rank
            self.operation = operation
            self.hasWildcard = segments.contains {
                if case .wildcard = $0 { return true }
                return false
            }
        }
    }

    struct Match {
        var operation: OpenAPIOperation
        var parameters: [String: String]
    }

    static let methods = ["get", "post", "put", "patch", "delete", "head", "options", "trace"]

    /// The routes of each method.
    var routes: [String: [Route]] = [:]
    /// The routes of each method by their first segment, when it is literal.
    private var index: [String: RouteIndex] = [:]
    let caseInsensitive: Bool
    let ignoreDuplicateSlashes: Bool
    let ignoreTrailingSlash: Bool

    /// `path` as the router compares it: runs of `/` made one with `ignore-duplicate-slashes`, a trailing `/` (not
    /// the root's) dropped with `ignore-trailing-slash`.
    func normalized(_ path: String) -> String {
        var path = path
        if ignoreDuplicateSlashes, path.contains("//") {
            var collapsed = ""
            var afterSlash = false
            for character in path {
                if character == "/", afterSlash { continue }
                afterSlash = character == "/"
                collapsed.append(character)
            }
            path = collapsed
        }
        if ignoreTrailingSlash, path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// Positions of a method's routes (in `routes`) by their first segment's text (lower-cased when case does not
    /// matter), and those whose first segment is not literal: a path can only match one of these.
    private struct RouteIndex: Sendable {
        var byFirstSegment: [String: [Int]] = [:]
        var others: [Int] = []

        func candidates(first: String) -> [Int] {
            guard let literal = byFirstSegment[first] else { return others }
            if others.isEmpty { return literal }
            return (literal + others).sorted()
        }
    }

    private static func match(_ template: [Segment], _ segments: [String], caseInsensitive: Bool) -> [String: String]? {
        var parameters: [String: String] = [:]
        func decoded(_ text: String) -> String {
            text.utf8.contains(UInt8(ascii: "%")) ? text.removingPercentEncoding ?? text : text
        }
        for (index, part) in template.enumerated() {
            if case .wildcard(let prefix) = part {
                let rest = segments[min(index, segments.count)...].joined(separator: "/")
                return rest.hasPrefix(prefix) && index < segments.count ? parameters : nil
            }
            guard index < segments.count else { return nil }
            let segment = segments[index]
            switch part {
            case .literal(let text):
                if caseInsensitive ? text.lowercased() != segment.lowercased() : text != segment { return nil }
            case .parameter(let name):
                if segment.isEmpty { return nil }
                parameters[name] = decoded(segment)
            case .pattern(let box, let names):
                let range = NSRange(segment.startIndex..., in: segment)
                guard let found = box.expression.firstMatch(in: segment, range: range) else { return nil }
                for (position, name) in names.enumerated() {
                    guard let captured = Range(found.range(at: position + 1), in: segment) else { continue }
                    parameters[name] = decoded(String(segment[captured]))
                }
            case .wildcard:
                break
            }
        }
        return template.count == segments.count ? parameters : nil
    }

    init(document: JSONValue, config: ComparatorConfiguration) {
        let basePathSetting = document["info"]?["x-opc-config-base-path"]?.stringValue
        var basePath = basePathSetting ?? document["basePath"]?.stringValue ?? ""
        if basePath.hasSuffix("/") { basePath.removeLast() }
        caseInsensitive = config.caseInsensitive
        ignoreDuplicateSlashes = config.ignoreDuplicateSlashes
        ignoreTrailingSlash = config.ignoreTrailingSlash
        let paths = document["paths"]?.objectValue ?? [:]
        for pathName in paths.keys.sorted() {
            guard case .object(let item)? = paths[pathName] else { continue }
            let pattern = Self.pattern(normalized(basePath + pathName), caseInsensitive: config.caseInsensitive)
            for method in item.keys.sorted() where Self.methods.contains(method.lowercased()) {
                guard case .object(let operationObject)? = item[method] else { continue }
                var parameters: [JSONValue] = []
                var seen: Set<String> = []
                let all = (operationObject["parameters"]?.arrayValue ?? []) + (item["parameters"]?.arrayValue ?? [])
                for parameter in all {
                    let resolved = SchemaTransform.dereferenced(parameter, in: document)
                    let key = (resolved["name"]?.stringValue ?? "") + "\u{0}" + (resolved["in"]?.stringValue ?? "")
                    if seen.insert(key).inserted { parameters.append(resolved) }
                }
                let operation = OpenAPIOperation(
                    pathName: pathName,
                    method: method,
                    object: operationObject,
                    parameters: parameters,
                    consumes: (operationObject["consumes"] ?? document["consumes"])?.arrayValue?.compactMap(
                        \.stringValue
                    ),
                    produces: (operationObject["produces"] ?? document["produces"])?.arrayValue?.compactMap(
                        \.stringValue
                    ),
                    security: (operationObject["security"] ?? document["security"])?.arrayValue ?? [],
                    document: document
                )
                guard let segments = pattern.segments else { continue }
                routes[method.uppercased(), default: []].append(
                    Route(method: method.uppercased(), segments: segments, rank: pattern.rank, operation: operation)
                )
            }
        }
        for (method, list) in routes {
            var methodIndex = RouteIndex()
            for (position, route) in list.enumerated() {
                if case .literal(let text)? = route.segments.first {
                    methodIndex.byFirstSegment[caseInsensitive ? text.lowercased() : text, default: []].append(position)
                } else {
                    methodIndex.others.append(position)
                }
            }
            index[method] = methodIndex
        }
    }

    func find(method: String, path: String) -> Match? {
        let method = method.uppercased()
        var best: (route: Route, parameters: [String: String])?
        let segments = normalized(path).split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(
            String.init
        )
        guard let all = routes[method] else { return nil }
        // Only the routes whose first segment could match, in the document's order.
        let first = segments.first.map { caseInsensitive ? $0.lowercased() : $0 } ?? ""
        let candidates = index[method]?.candidates(first: first) ?? Array(all.indices)
        for position in candidates {
            let route = all[position]
            if !route.hasWildcard, route.segments.count != segments.count { continue }
            guard let parameters = Self.match(route.segments, segments, caseInsensitive: caseInsensitive) else {
                continue
            }
            if best == nil || route.rank.lexicographicallyPrecedes(best!.route.rank) {
                best = (route, parameters)
            }
        }
        return best.map { Match(operation: $0.route.operation, parameters: $0.parameters) }
    }

    /// A path template's segments: `{id}` one segment's text, `{.id}` and `{;id}` with their prefix, `*` the rest.
    private static func pattern(
        _ template: String,
        caseInsensitive: Bool
    ) -> (segments: [Segment]?, rank: [Int]) {
        var segments: [Segment] = []
        var rank: [Int] = []
        for segment in template.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            if let star = segment.firstIndex(of: "*"), !segment.contains("{") {
                segments.append(.wildcard(prefix: String(segment[..<star])))
                rank.append(2)
                break
            }
            guard segment.contains("{") else {
                segments.append(.literal(String(segment)))
                rank.append(0)
                continue
            }
            rank.append(1)
            if segment.first == "{", segment.last == "}", segment.dropFirst().firstIndex(of: "{") == nil {
                var name = String(segment.dropFirst().dropLast())
                if !name.hasPrefix("."), !name.hasPrefix(";") {
                    if name.hasSuffix("*") { name.removeLast() }
                    segments.append(.parameter(name.replacingOccurrences(of: "-", with: "")))
                    continue
                }
            }
            var regex = "^"
            var names: [String] = []
            var rest = segment[...]
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                regex += NSRegularExpression.escapedPattern(for: String(rest[..<open]))
                var name = String(rest[rest.index(after: open)..<close])
                if name.hasPrefix(".") || name.hasPrefix(";") {
                    regex += NSRegularExpression.escapedPattern(for: String(name.removeFirst()))
                }
                if name.hasSuffix("*") { name.removeLast() }
                names.append(name.replacingOccurrences(of: "-", with: ""))
                regex += "(.+?)"
                rest = rest[rest.index(after: close)...]
            }
            regex += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
            guard
                let expression = try? NSRegularExpression(
                    pattern: regex,
                    options: caseInsensitive ? [.caseInsensitive] : []
                )
            else { return (nil, rank) }
            segments.append(.pattern(NSRegularExpressionBox(expression: expression), names: names))
        }
        return (segments, rank)
    }
}

/// NSRegularExpression is immutable once made; this lets routes be shared across tasks.
struct NSRegularExpressionBox: @unchecked Sendable {
    let expression: NSRegularExpression
}

/// The comparator's `x-opc-config-*` switches (in the OpenAPI document's `info`).
struct ComparatorConfiguration: Sendable {
    var caseInsensitive = false
    var noPercentEncoding = false
    var noAuthorizationSchema = false
    var noValidateComplexParameters = false
    var noValidateRequestBodyUnlessApplicationJSON = false
    var noTransformNonNullableResponseSchema = false
    var disableMultipartFormData = false
    var castObjectsInPact = false
    /// `//` in a path counts as `/` (in the document's paths and in the pact's).
    var ignoreDuplicateSlashes = false
    /// `/foo/` and `/foo` are the same path.
    var ignoreTrailingSlash = false
    /// Query strings and form bodies read flat (Node's `querystring`), not nested (`qs`).
    var legacyParser = false

    init(info: JSONValue?) {
        func flag(_ name: String) -> Bool { info?["x-opc-config-\(name)"]?.boolValue ?? false }
        caseInsensitive = flag("case-insensitive")
        noPercentEncoding = flag("no-percent-encoding")
        noAuthorizationSchema = flag("no-authorization-schema")
        noValidateComplexParameters = flag("no-validate-complex-parameters")
        noValidateRequestBodyUnlessApplicationJSON = flag("no-validate-request-body-unless-application-json")
        noTransformNonNullableResponseSchema = flag("no-transform-non-nullable-response-schema")
        disableMultipartFormData = flag("disable-multipart-formdata")
        castObjectsInPact = flag("cast-objects-in-pact")
        ignoreDuplicateSlashes = flag("ignore-duplicate-slashes")
        ignoreTrailingSlash = flag("ignore-trailing-slash")
        legacyParser = flag("legacy-parser")
    }
}
