import HTTPTypes
import Hummingbird

extension BrokerError {
    /// The answer to what the store refused: a pact content conflict is a 409, an unknown pacticipant or
    /// environment in a selector a 400.
    init(_ refusal: BrokerStoreRefusal) {
        switch refusal.code {
        case .pactContentConflict: self = .conflict(refusal.message)
        case .unknownPacticipant, .unknownEnvironment, .invalidName: self = .badRequest(refusal.message)
        }
    }

    /// The broker error an error stands for, if it is one the broker answers with a 4xx.
    init?(answering error: any Error) {
        switch error {
        case let error as BrokerError: self = error
        case let refusal as BrokerStoreRefusal: self.init(refusal)
        default: return nil
        }
    }
}

extension BrokerError: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response { response }

    /// The JSON error response.
    var response: Response { BrokerResponse(status: status.code, json: body).response }
}
