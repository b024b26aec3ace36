/// Why a verification could not run at all (as opposed to running and finding mismatches): a contract that cannot
/// be read, a provider or broker that cannot be reached, a configuration that makes no sense.
public struct VerifierError: Error, CustomStringConvertible, Sendable {
    /// The kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        /// A contract file, folder or URL could not be read or parsed.
        public static let unreadableContract = Code(name: "unreadable contract")
        /// The provider refused the connection or could not be resolved.
        public static let providerUnreachable = Code(name: "provider unreachable")
        /// The broker could not be reached, or answered with an error.
        public static let brokerFailure = Code(name: "broker failure")
        /// There was nothing to verify.
        public static let noPacts = Code(name: "no pacts")
        /// Options that contradict each other or are malformed.
        public static let invalidConfiguration = Code(name: "invalid configuration")
        /// Publishing verification results failed.
        public static let publishingFailed = Code(name: "publishing failed")
    }

    public var code: Code
    /// What went wrong, where, and what to do.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
