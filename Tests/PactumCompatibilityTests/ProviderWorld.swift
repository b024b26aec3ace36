import Foundation
import PactumCore
import PactumMock
import PactumVerifier
import Synchronization

/// The provider side of a scenario: the provider that was started, the pacts to verify, the provider state
/// callback's calls, and the verification's report.
final class ProviderWorld {
    /// The HTTP provider: a stub server returning the responses of the chosen interactions.
    var stubServer: StubServer?
    /// The requests the stub server received.
    let providerRequests = RequestLog()
    /// The message provider, answering the verifier's POSTs with the messages it can generate.
    var messageServer: MessageProviderServer?
    /// The pacts to verify, in step order.
    var sources: [PactSource] = []
    /// How many pact files were written for this scenario (names them uniquely).
    var pactFileCount = 0
    /// The provider state callback, when one is configured.
    var stateCallback: StateCallbackRecorder?
    /// Headers the request filter puts on every request, when a filter is configured.
    var requestFilterHeaders: [(String, String)]?
    /// Whether results are published to the broker.
    var publishResults = false
    /// The broker the pacts "from a Pact broker" were published to, and the consumers published there.
    var broker: ProviderBroker?
    var brokerConsumers: [String] = []

    /// The outcome of "the verification is run".
    var report: VerificationReport?
    /// The report as a person reads it in CI (no colours).
    var console = ""

    /// Stops what the scenario started.
    func tearDown() async {
        if let stubServer {
            await stubServer.shutdown()
            self.stubServer = nil
        }
        if let messageServer {
            await messageServer.shutdown()
            self.messageServer = nil
        }
        if let broker {
            await broker.shutdown()
            self.broker = nil
        }
    }
}

/// The requests an HTTP provider received, recorded from the stub server's `onRequest` events.
final class RequestLog: Sendable {
    private let requests = Mutex<[HTTPRequest]>([])

    func append(_ request: HTTPRequest) { requests.withLock { $0.append(request) } }

    var all: [HTTPRequest] { requests.withLock { $0 } }
}

/// A provider state callback that records every call and fails when told to.
final class StateCallbackRecorder: Sendable {
    /// Why a failing callback failed.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let fails: Bool
    private let calls = Mutex<[ProviderStateChange]>([])

    init(fails: Bool) {
        self.fails = fails
    }

    /// The calls received, in order.
    var received: [ProviderStateChange] { calls.withLock { $0 } }

    var setup: ProviderStateSetup {
        .callback(teardown: true) { [self] change in
            calls.withLock { $0.append(change) }
            if fails { throw Failure(description: "the provider state callback was told to fail") }
            return [:]
        }
    }
}
