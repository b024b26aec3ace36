import PactumCore

/// Why an interaction failed: a category with a fixed title (as the official verifier names them) and the details.
public struct VerificationFailure: Sendable, Hashable, CustomStringConvertible {
    /// The category of a failure.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        /// The category's title, e.g. "Body had differences".
        public let title: String
        public var description: String { title }

        public static let stateChangeFailed = Kind(title: "State change request failed")
        public static let requestFailed = Kind(title: "Request to provider failed")
        public static let statusMismatch = Kind(title: "Response status did not match")
        public static let headerMismatch = Kind(title: "Headers had differences")
        public static let bodyMismatch = Kind(title: "Body had differences")
        public static let metadataMismatch = Kind(title: "Metadata had differences")
        public static let messageFailed = Kind(title: "Message could not be produced")
        public static let generatorFailed = Kind(title: "Generators could not be applied")
        public static let wrongProvider = Kind(title: "Contract is for another provider")
    }

    public var kind: Kind
    /// A sentence with the details (e.g. the error of a failed request); empty when the mismatches say it all.
    public var message: String
    /// The differences found, each with a path and a sentence.
    public var mismatches: [Mismatch]

    public init(kind: Kind, message: String = "", mismatches: [Mismatch] = []) {
        self.kind = kind
        self.message = message
        self.mismatches = mismatches
    }

    public var description: String {
        var lines = [kind.title + (message.isEmpty ? "" : ": " + message)]
        lines += mismatches.map { "  " + $0.description }
        return lines.joined(separator: "\n")
    }
}

/// One thing that was checked about an interaction's response or message, for the report.
public struct VerificationCheck: Sendable, Hashable {
    /// `has status code 200`, `includes header "Content-Type" with value "application/json"`, `has a matching body`.
    public var text: String
    public var passed: Bool

    public init(_ text: String, passed: Bool) {
        self.text = text
        self.passed = passed
    }
}

/// The outcome of verifying one interaction. As `CustomStringConvertible` it is its interaction's description (so
/// `#expect(result.passed, …)` names the interaction, not every field); ``report`` is the readable whole.
public struct InteractionVerificationResult: Sendable, Hashable, CustomStringConvertible {
    /// The interaction's description.
    public var description: String
    /// The interaction's id: the broker `_id` or the V4 key, when the contract has one.
    public var interactionID: String?
    public var providerStates: [ProviderState]
    /// `Synchronous/HTTP`, `Asynchronous/Messages` or `Synchronous/Messages`.
    public var type: String
    /// A pending interaction (or one in a pending pact) does not fail the verification.
    public var pending: Bool
    /// The request as sent (HTTP), for the report: `GET /books/1`.
    public var requestLine: String?
    public var checks: [VerificationCheck]
    public var failures: [VerificationFailure]
    public var warnings: [String]
    /// V4 comments printed with the interaction.
    public var comments: [String]
    /// The name of the test this interaction came from (V4 `comments.testname`).
    public var testName: String?
    /// How long the verification took, state changes included.
    public var duration: Duration

    public init(
        description: String,
        interactionID: String? = nil,
        providerStates: [ProviderState] = [],
        type: String = "Synchronous/HTTP",
        pending: Bool = false,
        requestLine: String? = nil,
        checks: [VerificationCheck] = [],
        failures: [VerificationFailure] = [],
        warnings: [String] = [],
        comments: [String] = [],
        testName: String? = nil,
        duration: Duration = .zero
    ) {
        self.description = description
        self.interactionID = interactionID
        self.providerStates = providerStates
        self.type = type
        self.pending = pending
        self.requestLine = requestLine
        self.checks = checks
        self.failures = failures
        self.warnings = warnings
        self.comments = comments
        self.testName = testName
        self.duration = duration
    }

    /// Whether the provider honoured the interaction.
    public var passed: Bool { failures.isEmpty }
}

/// The outcome of verifying one pact (a consumer's contract with the provider).
public struct PactVerificationResult: Sendable, Hashable {
    public var consumer: String
    public var provider: String
    /// Where the pact came from: a file path or a URL.
    public var source: String
    /// The broker's reason for verifying it (`latest from main branch`), for broker pacts.
    public var shortDescription: String?
    /// A pending pact's failures do not fail the verification.
    public var pending: Bool
    public var wip: Bool
    /// Notices from the broker, with their `when` (`before_verification`, `after_verification:…`).
    public var notices: [BrokerNotice]
    public var interactions: [InteractionVerificationResult]
    /// What happened when the result was published to the broker, if it was.
    public var publication: String?

    public init(
        consumer: String,
        provider: String,
        source: String,
        shortDescription: String? = nil,
        pending: Bool = false,
        wip: Bool = false,
        notices: [BrokerNotice] = [],
        interactions: [InteractionVerificationResult] = [],
        publication: String? = nil
    ) {
        self.consumer = consumer
        self.provider = provider
        self.source = source
        self.shortDescription = shortDescription
        self.pending = pending
        self.wip = wip
        self.notices = notices
        self.interactions = interactions
        self.publication = publication
    }

    /// Whether every interaction passed.
    public var passed: Bool { interactions.allSatisfy(\.passed) }

    /// Interactions that failed and count against the build (not pending).
    public var blockingFailures: [InteractionVerificationResult] {
        interactions.filter { !$0.passed && !$0.pending && !pending }
    }

    /// Interactions that failed but are pending.
    public var pendingFailures: [InteractionVerificationResult] {
        interactions.filter { !$0.passed && ($0.pending || pending) }
    }
}

/// A notice the broker attached to a pact for verification.
public struct BrokerNotice: Sendable, Hashable {
    /// `before_verification`, `after_verification:success_true_published_false`, …
    public var when: String
    public var text: String

    public init(when: String, text: String) {
        self.when = when
        self.text = text
    }
}

/// The outcome of a whole verification run.
public struct VerificationReport: Sendable, Hashable {
    public var pacts: [PactVerificationResult]
    /// Things a person should know that did not fail anything (e.g. a state without a handler).
    public var warnings: [String]
    /// Set when the run stopped at the first failure (`--exit-on-first-error`).
    public var stoppedEarly: Bool

    public init(pacts: [PactVerificationResult] = [], warnings: [String] = [], stoppedEarly: Bool = false) {
        self.pacts = pacts
        self.warnings = warnings
        self.stoppedEarly = stoppedEarly
    }

    /// True when no interaction failed outside pending pacts and pending interactions.
    public var success: Bool { pacts.allSatisfy { $0.blockingFailures.isEmpty } }

    /// Every interaction result, in order.
    public var interactions: [InteractionVerificationResult] { pacts.flatMap(\.interactions) }
}
