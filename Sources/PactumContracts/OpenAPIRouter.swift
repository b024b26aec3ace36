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

    var specLocation: String { "[root].paths.\(pathName).\(method)" }
    var responses: [String: JSONValue] { object["responses"]?.objectValue ?? [:] }
}

/// Finds the operation of a request path, as the comparator's router does: static segments before parameters, one
/// segment a parameter, exact case unless `x-opc-config-case-insensitive`.
struct OpenAPIRouter: Sendable {
    struct Route: Sendable {
        var method: String
        var expression: NSRegularExpressionBox
        var parameterNames: [String]
        /// Per segment: 0 when it is static, 1 when it holds a parameter (lower sorts first).
        var rank: [Int]
        var operation: OpenAPIOperation
    }

    struct Match {
        var operation: OpenAPIOperation
        var parameters: [String: String]
    }

    static let methods = ["get", "post", "put", "patch", "delete", "head", "options", "trace"]

    var routes: [Route] = []

    init(document: JSONValue, config: ComparatorConfiguration) {
        let basePathSetting = document["info"]?["x-opc-config-base-path"]?.stringValue
        var basePath = basePathSetting ?? document["basePath"]?.stringValue ?? ""
        if basePath.hasSuffix("/") { basePath.removeLast() }
        let paths = document["paths"]?.objectValue ?? [:]
        for pathName in paths.keys.sorted() {
            guard case .object(let item)? = paths[pathName] else { continue }
            let pattern = Self.pattern(basePath + pathName, caseInsensitive: config.caseInsensitive)
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
                    pathName: pathName, method: method, object: operationObject, parameters: parameters,
                    consumes: (operationObject["consumes"] ?? document["consumes"])?.arrayValue?.compactMap(\.stringValue),
                    produces: (operationObject["produces"] ?? document["produces"])?.arrayValue?.compactMap(\.stringValue),
                    security: (operationObject["security"] ?? document["security"])?.arrayValue ?? [])
                guard let expression = pattern.expression else { continue }
                routes.append(
                    Route(
                        method: method.uppercased(), expression: expression, parameterNames: pattern.names,
                        rank: pattern.rank, operation: operation))
            }
        }
    }

    func find(method: String, path: String) -> Match? {
        let method = method.uppercased()
        var best: (route: Route, parameters: [String: String])?
        let range = NSRange(path.startIndex..., in: path)
        for route in routes where route.method == method {
            guard let match = route.expression.expression.firstMatch(in: path, range: range) else { continue }
            var parameters: [String: String] = [:]
            for (index, name) in route.parameterNames.enumerated() {
                guard let captured = Range(match.range(at: index + 1), in: path) else { continue }
                let raw = String(path[captured])
                parameters[name] = raw.removingPercentEncoding ?? raw
            }
            if best == nil || route.rank.lexicographicallyPrecedes(best!.route.rank) {
                best = (route, parameters)
            }
        }
        return best.map { Match(operation: $0.route.operation, parameters: $0.parameters) }
    }

    /// A path template as a regular expression: `{id}` one segment's text, `{.id}` and `{;id}` with their prefix.
    private static func pattern(
        _ template: String, caseInsensitive: Bool
    ) -> (expression: NSRegularExpressionBox?, names: [String], rank: [Int]) {
        var regex = "^"
        var names: [String] = []
        var rank: [Int] = []
        for segment in template.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            regex += "/"
            var rest = segment[...]
            var hasParameter = false
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                regex += NSRegularExpression.escapedPattern(for: String(rest[..<open]))
                var name = String(rest[rest.index(after: open)..<close])
                if name.hasPrefix(".") || name.hasPrefix(";") {
                    regex += NSRegularExpression.escapedPattern(for: String(name.removeFirst()))
                }
                if name.hasSuffix("*") { name.removeLast() }
                names.append(name.replacingOccurrences(of: "-", with: ""))
                regex += "([^/]+)"
                hasParameter = true
                rest = rest[rest.index(after: close)...]
            }
            if rest.contains("*") {
                let parts = rest.split(separator: "*", omittingEmptySubsequences: false)
                regex += parts.map { NSRegularExpression.escapedPattern(for: String($0)) }.joined(separator: ".*")
                rank.append(2)
                continue
            }
            regex += NSRegularExpression.escapedPattern(for: String(rest))
            rank.append(hasParameter ? 1 : 0)
        }
        regex += "$"
        let expression = try? NSRegularExpression(
            pattern: regex, options: caseInsensitive ? [.caseInsensitive] : [])
        return (expression.map(NSRegularExpressionBox.init), names, rank)
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
    }
}
