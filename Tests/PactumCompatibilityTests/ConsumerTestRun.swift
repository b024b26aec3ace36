import Foundation
import PactumCore
import PactumMock
import PactumTesting
import Testing

/// A consumer test as a user runs it — `withPact` — spread over a scenario's steps: the mock server starts in one
/// step, requests arrive in the next ones, and "the pact test is done" ends the test. Whether a pact file is
/// written is then `withPact`'s decision, observed on the file system, not the steps'.
///
/// The issues `withPact` records (the mock's report of mismatches, examples that break their own matchers) are
/// what some scenarios expect, so they are taken as known issues here; the scenario's own steps check the outcome.
final class HTTPConsumerTestRun: Sendable {
    let mock: MockServer
    private let finish: AsyncStream<Void>.Continuation
    private let task: Task<MockServerResults?, Never>

    private init(mock: MockServer, finish: AsyncStream<Void>.Continuation, task: Task<MockServerResults?, Never>) {
        self.mock = mock
        self.finish = finish
        self.task = task
    }

    static func start(
        interactions: [Interaction],
        configuration: ContractConfiguration
    ) async throws -> HTTPConsumerTestRun {
        let pactInteractions = interactions.compactMap(PactInteraction.init)
        let (started, startedContinuation) = AsyncStream.makeStream(of: MockServer.self)
        let (done, doneContinuation) = AsyncStream.makeStream(of: Void.self)
        let task = Task<MockServerResults?, Never> {
            var results: MockServerResults?
            await withKnownIssue("the scenario's own steps check the mock's report", isIntermittent: true) {
                try await withPact(configuration, interactions: pactInteractions) { mock in
                    startedContinuation.yield(mock)
                    for await _ in done { break }
                    results = mock.results
                }
            }
            startedContinuation.finish()
            return results
        }
        var iterator = started.makeAsyncIterator()
        guard let mock = await iterator.next() else {
            doneContinuation.finish()
            throw StepFailure("withPact did not start a mock server")
        }
        return HTTPConsumerTestRun(mock: mock, finish: doneContinuation, task: task)
    }

    /// Ends the test (the body of `withPact` returns) and waits for `withPact` to report and write.
    func finishTest() async -> MockServerResults? {
        finish.yield(())
        finish.finish()
        return await task.value
    }
}
