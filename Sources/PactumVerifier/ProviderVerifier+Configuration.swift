import PactumCore

extension ProviderVerifier {
    /// Everything about how a provider is verified. Defaults suit a provider on `localhost:8080`.
    public struct Configuration: Sendable {
        /// The provider's name, used to ask the broker for its pacts and to check pact files.
        public var providerName: String
        /// Where HTTP interactions are sent.
        public var target: ProviderTarget
        /// Headers added to every request to the provider and to the state-change URL (`-H` on the CLI).
        public var customHeaders: [(name: String, value: String)]
        /// How long a request to the provider may take.
        public var requestTimeout: Duration
        /// Whether TLS certificates of an `https` provider are checked.
        public var verifyTLSCertificates: Bool
        public var providerStates: ProviderStateSetup
        /// Changes every request before it is sent, e.g. to add an `Authorization` header.
        public var requestFilter: (@Sendable (HTTPRequest) async throws -> HTTPRequest)?
        /// How messages of message interactions are produced.
        public var messages: MessageProduction
        public var filter: InteractionFilter
        /// Stop at the first failure that counts (not pending).
        public var exitOnFirstError: Bool
        /// Publish results to the broker the pacts came from; `nil` to not publish.
        public var publication: ResultPublication?
        /// The largest response body read from the provider, in bytes.
        public var maximumBodySize: Int
        /// How often a failed broker request (5xx, 408, 429, refused connection) is retried.
        public var brokerRetries: Int = 8

        public init(
            providerName: String,
            target: ProviderTarget = ProviderTarget(port: 8080),
            customHeaders: [(name: String, value: String)] = [],
            requestTimeout: Duration = .seconds(5),
            verifyTLSCertificates: Bool = true,
            providerStates: ProviderStateSetup = .none,
            requestFilter: (@Sendable (HTTPRequest) async throws -> HTTPRequest)? = nil,
            messages: MessageProduction = .http(),
            filter: InteractionFilter = InteractionFilter(),
            exitOnFirstError: Bool = false,
            publication: ResultPublication? = nil,
            maximumBodySize: Int = 64 << 20
        ) {
            self.providerName = providerName
            self.target = target
            self.customHeaders = customHeaders
            self.requestTimeout = requestTimeout
            self.verifyTLSCertificates = verifyTLSCertificates
            self.providerStates = providerStates
            self.requestFilter = requestFilter
            self.messages = messages
            self.filter = filter
            self.exitOnFirstError = exitOnFirstError
            self.publication = publication
            self.maximumBodySize = maximumBodySize
        }
    }
}
