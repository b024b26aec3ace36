import Foundation

/// How the broker checks, sends and retries webhooks (the Pact Broker's `webhook_*` settings).
///
/// The defaults are the Pact Broker's: only `https` targets, only `POST`, any public host. Loopback, private and
/// link-local addresses (and `localhost`) are refused unless an entry of ``hostAllowList`` names them.
public struct WebhookConfiguration: Sendable {
    /// Schemes a webhook URL may use (`webhook_scheme_whitelist`, default `["https"]`).
    public var schemeAllowList: [String]
    /// HTTP methods a webhook may use (`webhook_http_method_whitelist`, default `["POST"]`).
    public var methodAllowList: [String]
    /// Hosts a webhook may call (`webhook_host_whitelist`): host names, `*.example.com`, IP addresses, CIDR ranges
    /// (`10.0.0.0/8`) or `/regular expressions/`. Empty: any host except loopback, private and link-local addresses.
    public var hostAllowList: [String]
    /// How long one delivery attempt may take.
    public var timeout: Duration
    /// Attempts per delivery before it is marked failed (the first attempt included).
    public var maximumAttempts: Int
    /// The wait before the first retry; each further retry waits twice as long, up to ``maximumRetryDelay``.
    public var initialRetryDelay: Duration
    /// The longest wait between two attempts.
    public var maximumRetryDelay: Duration
    /// How often the delivery worker looks for due deliveries.
    public var pollInterval: Duration
    /// Whether this broker process sends queued deliveries (another instance on the same PostgreSQL may do it).
    public var deliveryEnabled: Bool

    public init(
        schemeAllowList: [String] = ["https"],
        methodAllowList: [String] = ["POST"],
        hostAllowList: [String] = [],
        timeout: Duration = .seconds(10),
        maximumAttempts: Int = 7,
        initialRetryDelay: Duration = .seconds(10),
        maximumRetryDelay: Duration = .seconds(1200),
        pollInterval: Duration = .seconds(1),
        deliveryEnabled: Bool = true
    ) {
        self.schemeAllowList = schemeAllowList
        self.methodAllowList = methodAllowList
        self.hostAllowList = hostAllowList
        self.timeout = timeout
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialRetryDelay = initialRetryDelay
        self.maximumRetryDelay = maximumRetryDelay
        self.pollInterval = pollInterval
        self.deliveryEnabled = deliveryEnabled
    }

    /// The wait after attempt number `attempt` (1-based) failed: exponential, capped.
    func retryDelay(afterAttempt attempt: Int) -> Duration {
        var delay = initialRetryDelay
        for _ in 1..<max(1, attempt) {
            delay = delay * 2
            if delay >= maximumRetryDelay { return maximumRetryDelay }
        }
        return min(delay, maximumRetryDelay)
    }

    /// Whether responses are shown in execution logs: only for hosts the operator listed (as the Pact Broker does).
    var showsResponses: Bool { !hostAllowList.isEmpty }
}

extension Duration {
    var timeInterval: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
