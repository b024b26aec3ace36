import PactumCore

/// A request to the broker failed: it could not be sent, the broker refused it, or its answer was not usable.
///
/// The message names the method and URL, the status and the broker's own `errors` and `notices`, and says what to
/// try next.
public struct BrokerClientError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, broadly.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// The broker could not be reached (connection refused, DNS, TLS, time-out), after every retry.
        public static let connection = Code(name: "connection")
        /// The broker answered with a status other than 2xx.
        public static let status = Code(name: "status")
        /// A 2xx answer whose body is not JSON.
        public static let invalidBody = Code(name: "invalidBody")
        /// A document lacks a link or field the operation needs.
        public static let missingRelation = Code(name: "missingRelation")
        /// Something asked for (an environment, a version, a pact) does not exist.
        public static let notFound = Code(name: "notFound")
        public var description: String { name }
    }

    /// What went wrong, broadly.
    public var code: Code
    /// The request method, when a request was involved.
    public var method: String?
    /// The URL concerned.
    public var url: String
    /// The HTTP status, when the broker answered.
    public var status: Int?
    /// The broker's error messages (`errors`, `error`, `title`/`detail`), flattened to sentences.
    public var errors: [String]
    /// The broker's notices (`notices[].text`).
    public var notices: [String]
    /// The whole message.
    public var message: String

    public var description: String { message }

    /// An error with its parts; `message` is what is shown.
    public init(
        code: Code,
        method: String? = nil,
        url: String,
        status: Int? = nil,
        errors: [String] = [],
        notices: [String] = [],
        message: String
    ) {
        self.code = code
        self.method = method
        self.url = url
        self.status = status
        self.errors = errors
        self.notices = notices
        self.message = message
    }

    static func connection(method: String, url: String, baseURL: String, _ error: any Error) -> BrokerClientError {
        BrokerClientError(
            code: .connection,
            method: method,
            url: url,
            message: """
                Could not reach the Pact broker: \(method) \(url) failed: \(error). Check that the broker is running \
                at \(baseURL) and that the base URL (--broker-base-url or PACT_BROKER_BASE_URL) is right.
                """
        )
    }

    static func status(method: String, url: String, response: BrokerClient.Response) -> BrokerClientError {
        let errors = brokerErrors(response.document)
        let notices = (response.document["notices"]?.arrayValue ?? []).compactMap { $0["text"]?.stringValue }
        var message = "The Pact broker answered \(method) \(url) with \(response.status)"
        let details = errors + notices.filter { !errors.contains($0) }
        if !details.isEmpty {
            message += ": " + details.joined(separator: "; ")
        } else if !response.text.isEmpty, response.text.count <= 500, response.document == .object([:]) {
            message += ": " + response.text
        }
        switch response.status {
        case 401:
            message += """
                . Give credentials the broker accepts: --broker-token (PACT_BROKER_TOKEN) or --broker-username and \
                --broker-password (PACT_BROKER_USERNAME, PACT_BROKER_PASSWORD).
                """
        case 403: message += ". The credentials given are not allowed to do this."
        case 404: message += ". Check the names and versions given."
        default: message += "."
        }
        return BrokerClientError(
            code: response.status == 404 ? .notFound : .status,
            method: method,
            url: url,
            status: response.status,
            errors: errors,
            notices: notices,
            message: message
        )
    }

    static func invalidBody(method: String, url: String, status: Int, text: String) -> BrokerClientError {
        BrokerClientError(
            code: .invalidBody,
            method: method,
            url: url,
            status: status,
            message: """
                The Pact broker answered \(method) \(url) with \(status) but its body is not JSON (\
                \(text.prefix(200))). Check that the base URL points at a Pact broker's API.
                """
        )
    }

    static func missingRelation(_ relation: String, url: String) -> BrokerClientError {
        BrokerClientError(
            code: .missingRelation,
            url: url,
            message: """
                The resource at \(url) has no '\(relation)' link. Is the base URL a Pact broker, and does it \
                support this operation?
                """
        )
    }

    static func notFound(_ what: String, url: String, hint: String) -> BrokerClientError {
        BrokerClientError(code: .notFound, url: url, message: "\(what) (broker \(url)). \(hint)")
    }

    /// The error messages of a broker error document: `errors` as an object of lists, a list or a string, `error`
    /// as a string or `{message}`, and problem-JSON `title`/`detail`.
    static func brokerErrors(_ document: JSONValue) -> [String] {
        var result: [String] = []
        func add(_ value: JSONValue, field: String?) {
            switch value {
            case .string(let text): result.append(field.map { "\($0): \(text)" } ?? text)
            case .array(let items): for item in items { add(item, field: field) }
            case .object(let object):
                if let text = object["detail"]?.stringValue ?? object["message"]?.stringValue
                    ?? object["title"]?.stringValue
                {
                    result.append(field.map { "\($0): \(text)" } ?? text)
                } else {
                    for key in object.keys.sorted() { add(object[key] ?? .null, field: key) }
                }
            default: result.append(value.jsonText)
            }
        }
        if let errors = document["errors"] { add(errors, field: nil) }
        if let error = document["error"] { add(error, field: nil) }
        if result.isEmpty, let title = document["title"]?.stringValue {
            result.append(document["detail"]?.stringValue.map { "\(title): \($0)" } ?? title)
        }
        return result
    }
}
