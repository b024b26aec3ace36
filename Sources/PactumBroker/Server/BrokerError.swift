import HTTPTypes
import PactumCore

/// An error the broker answers with a 4xx status and a HAL JSON body (`{"error": …}` or `{"errors": …}`).
struct BrokerError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The HTTP status.
    public var status: HTTPTypes.HTTPResponse.Status
    /// The message shown to the client.
    public var message: String
    /// Field-level errors (`{"errors": {field: [messages]}}`) for validation failures.
    public var fieldErrors: [String: [String]]
    /// Errors that belong to no one field (`{"errors": [messages]}`), as the Pact Broker lists a query's problems.
    public var errorList: [String]

    public init(
        status: HTTPTypes.HTTPResponse.Status,
        message: String,
        fieldErrors: [String: [String]] = [:],
        errorList: [String] = []
    ) {
        self.status = status
        self.message = message
        self.fieldErrors = fieldErrors
        self.errorList = errorList
    }

    public var description: String {
        if !errorList.isEmpty { return "\(message): " + errorList.joined(separator: "; ") }
        if fieldErrors.isEmpty { return message }
        let details = fieldErrors.keys.sorted().flatMap { key in (fieldErrors[key] ?? []).map { "\(key): \($0)" } }
        return "\(message): " + details.joined(separator: "; ")
    }

    /// The JSON body of the error response.
    public var body: JSONValue {
        if !errorList.isEmpty { return ["errors": .array(errorList.map(JSONValue.string))] }
        if fieldErrors.isEmpty { return ["error": .string(message)] }
        var errors: [String: JSONValue] = [:]
        for (key, messages) in fieldErrors { errors[key] = .array(messages.map(JSONValue.string)) }
        return ["errors": .object(errors)]
    }

    /// 400 with one message.
    public static func badRequest(_ message: String) -> BrokerError {
        BrokerError(status: 400, message: message, fieldErrors: ["base": [message]])
    }

    /// 400 with validation messages per field.
    public static func validation(_ errors: [String: [String]]) -> BrokerError {
        BrokerError(status: 400, message: "Validation errors", fieldErrors: errors)
    }

    /// 400 with every problem of a query, in a list (`{"errors": [messages]}`).
    public static func invalidQuery(_ messages: [String]) -> BrokerError {
        BrokerError(status: 400, message: "Invalid query", errorList: messages)
    }

    /// 404.
    public static func notFound(_ message: String) -> BrokerError { BrokerError(status: 404, message: message) }

    /// 409.
    public static func conflict(_ message: String) -> BrokerError {
        BrokerError(status: 409, message: message, fieldErrors: ["base": [message]])
    }

    /// 422.
    public static func unprocessable(_ message: String) -> BrokerError {
        BrokerError(status: 422, message: message, fieldErrors: ["base": [message]])
    }
}
