import Foundation
import PactumCore

/// `${pactbroker.…}` template parameters, filled in the URL (escaped), the headers, the credentials and the body
/// (in the string values of a JSON body, in the whole text of a string body).
enum WebhookTemplate {
    /// Every parameter the Pact Broker defines, without the `pactbroker.` prefix.
    static let parameterNames = [
        "consumerName", "providerName", "consumerVersionNumber", "providerVersionNumber", "providerVersionTags",
        "providerVersionDescriptions", "providerVersionBranch", "consumerVersionTags", "consumerVersionBranch",
        "pactUrl", "verificationResultUrl", "githubVerificationStatus", "bitbucketVerificationStatus",
        "azureDevOpsVerificationStatus", "gitlabVerificationStatus", "consumerLabels", "providerLabels", "eventName",
        "buildUrl", "currentlyDeployedProviderVersionNumber",
    ]

    /// Whether the text is nothing but template parameters (so it holds no literal secret).
    static func isOnlyParameters(_ text: String) -> Bool {
        !text.isEmpty && renderWithPlaceholder(text, "").isEmpty
    }

    /// Whether the text uses a template parameter.
    static func includesParameter(_ text: String) -> Bool {
        text.range(of: #"\$\{pactbroker\.[^}]+\}"#, options: .regularExpression) != nil
    }

    /// The text with every parameter replaced by `placeholder` (to check a URL before there is data).
    static func renderWithPlaceholder(_ text: String, _ placeholder: String) -> String {
        text.replacingOccurrences(of: #"\$\{pactbroker\.[^}]+\}"#, with: placeholder, options: .regularExpression)
    }

    /// Replaces `${pactbroker.name}` by `parameters[name]` (after `escape`); unknown parameters stay as written.
    static func render(_ text: String, _ parameters: [String: String], escape: (String) -> String = { $0 }) -> String {
        guard text.contains("${pactbroker.") else { return text }
        var result = text
        for (name, value) in parameters {
            result = result.replacingOccurrences(of: "${pactbroker.\(name)}", with: escape(value))
        }
        return result
    }

    /// A URL: values are form-escaped (`CGI.escape`), so a tag with a space stays one query value.
    static func renderURL(_ url: String, _ parameters: [String: String]) -> String {
        render(url, parameters, escape: formEscape)
    }

    /// A body: strings of a JSON body (keys and values) are rendered, a string body is rendered as text.
    static func renderBody(_ body: JSONValue, _ parameters: [String: String]) -> String {
        if case .string(let text) = body { return render(text, parameters) }
        return JSONWriter.compact(renderJSON(body, parameters))
    }

    static func renderJSON(_ value: JSONValue, _ parameters: [String: String]) -> JSONValue {
        switch value {
        case .string(let text): return .string(render(text, parameters))
        case .array(let items): return .array(items.map { renderJSON($0, parameters) })
        case .object(let members):
            var rendered: [String: JSONValue] = [:]
            for (key, member) in members { rendered[render(key, parameters)] = renderJSON(member, parameters) }
            return .object(rendered)
        default: return value
        }
    }

    /// Ruby's `CGI.escape`: space as `+`, everything but `[A-Za-z0-9*._-]` percent-encoded.
    static func formEscape(_ text: String) -> String { PercentEncoding.formComponent(text) }
}

/// Secrets in webhook definitions and logs. What a reader (read role, or anyone with `--allow-public-read`) may see
/// of a webhook: the values of a few descriptive headers, the URL's scheme, host, path and query names, and
/// `${pactbroker.…}` templates; every other header value, the URL's password and every literal query value are
/// masked, in the webhook document and in execution logs alike.
enum WebhookRedaction {
    static let mask = "**********"

    /// Headers whose values describe the request and are shown; every other header's value is masked.
    static let shownHeaders: Set<String> = [
        "accept", "accept-charset", "accept-encoding", "accept-language", "cache-control", "content-encoding",
        "content-language", "content-type", "user-agent",
    ]

    /// Whether a header's value is kept from readers (every header but the descriptive ones).
    static func isSecretHeader(_ name: String) -> Bool {
        !shownHeaders.contains(name.lowercased())
    }

    /// The header value as shown: masked when secret, unless it is nothing but template parameters.
    static func headerValue(name: String, value: String) -> String {
        isSecretHeader(name) && !WebhookTemplate.isOnlyParameters(value) ? mask : value
    }

    static func password(_ password: String?) -> String? {
        guard let password else { return nil }
        return WebhookTemplate.isOnlyParameters(password) ? password : mask
    }

    /// The URL as shown: the userinfo's password and every literal query value masked (`?token=…` is how many CI
    /// services take their secret); templates, names, host and path kept.
    static func url(_ url: String) -> String {
        let parts = urlParts(url)
        var shown = parts.scheme
        if let userinfo = parts.userinfo {
            if let colon = userinfo.firstIndex(of: ":") {
                shown += String(userinfo[..<colon]) + ":" + mask + "@"
            } else {
                shown += userinfo + "@"
            }
        }
        shown += parts.hostAndPath
        if let query = parts.query {
            let pairs = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
                guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
                let value = String(pair[pair.index(after: equals)...])
                if value.isEmpty || WebhookTemplate.isOnlyParameters(value) { return String(pair) }
                return String(pair[..<equals]) + "=" + mask
            }
            shown += "?" + pairs.joined(separator: "&")
        }
        if let fragment = parts.fragment { shown += "#" + fragment }
        return shown
    }

    /// The secret values of a URL: the userinfo's password and the literal query values, as written.
    static func urlSecrets(_ url: String) -> [String] {
        let parts = urlParts(url)
        var secrets: [String] = []
        if let userinfo = parts.userinfo, let colon = userinfo.firstIndex(of: ":") {
            let password = String(userinfo[userinfo.index(after: colon)...])
            secrets += [password, password.removingPercentEncoding ?? password]
        }
        for pair in (parts.query ?? "").split(separator: "&") {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let value = String(pair[pair.index(after: equals)...])
            guard !value.isEmpty, !WebhookTemplate.isOnlyParameters(value) else { continue }
            secrets += [value, value.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? value]
        }
        return secrets
    }

    /// `scheme://`, `user:password` (without `@`), `host[:port]/path`, query and fragment, split by hand: a URL
    /// template with `${…}` is not a URL Foundation parses.
    static func urlParts(
        _ url: String
    ) -> (scheme: String, userinfo: String?, hostAndPath: String, query: String?, fragment: String?) {
        var rest = Substring(url)
        var scheme = ""
        if let range = rest.range(of: "://") {
            scheme = String(rest[..<range.upperBound])
            rest = rest[range.upperBound...]
        }
        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        var query: String?
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var userinfo: String?
        if let at = rest[..<authorityEnd].lastIndex(of: "@") {
            userinfo = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
        }
        return (scheme, userinfo, String(rest), query, fragment)
    }

    /// Where a URL sends its request: scheme, host and port (lower case), for deciding whether stored secrets may
    /// follow an edited URL.
    static func origin(_ url: String) -> String {
        let parts = urlParts(url)
        let authority = parts.hostAndPath.prefix { $0 != "/" }
        return (parts.scheme + authority).lowercased()
    }

    /// Log text with every secret value replaced.
    static func redact(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) where secret.count >= 3 {
            result = result.replacingOccurrences(of: secret, with: mask)
        }
        return result
    }
}
