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

    static let formAllowed: CharacterSet = {
        var set = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        set.insert(charactersIn: "*-._")
        return set
    }()

    /// Ruby's `CGI.escape`: space as `+`, everything but `[A-Za-z0-9*._-]` percent-encoded.
    static func formEscape(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: formAllowed) ?? String($0) }
            .joined(separator: "+")
    }
}

/// Secrets in webhook definitions and logs: the password, and headers whose name looks secret.
enum WebhookRedaction {
    static let mask = "**********"

    /// Authorization, tokens, keys, secrets, passwords and cookies.
    static func isSecretHeader(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["authorization", "token", "secret", "password", "api-key", "apikey", "api_key", "cookie", "signature"]
            .contains { lowered.contains($0) }
    }

    /// The header value as shown: masked when secret, unless it is only a template (which holds no secret).
    static func headerValue(name: String, value: String) -> String {
        isSecretHeader(name) && !WebhookTemplate.includesParameter(value) ? mask : value
    }

    static func password(_ password: String?) -> String? {
        guard let password else { return nil }
        return WebhookTemplate.includesParameter(password) ? password : mask
    }

    /// Log text with every secret value replaced.
    static func redact(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets where secret.count >= 3 { result = result.replacingOccurrences(of: secret, with: mask) }
        return result
    }
}
