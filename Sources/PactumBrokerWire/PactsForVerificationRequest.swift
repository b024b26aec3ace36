/// Which pacts a provider asks the broker for: the body of `POST /pacts/provider/{provider}/for-verification`.
///
/// The client encodes it and the broker reads it, with the keys the official verifier sends:
/// `consumerVersionSelectors` and `includePendingStatus` always, the others when set.
public struct PactsForVerificationRequest: Sendable, Hashable, Codable {
    /// Which consumer versions' pacts to verify.
    public var consumerVersionSelectors: [ConsumerVersionSelector]
    /// The branch of the provider version being verified (pending and WIP pacts are computed for it).
    public var providerVersionBranch: String?
    /// The tags of the provider version being verified.
    public var providerVersionTags: [String]
    /// Ask the broker which pacts are pending (their failures do not fail the build).
    public var includePendingStatus: Bool
    /// Include work-in-progress pacts published since this date (`2024-01-01`).
    public var includeWipPactsSince: String?

    /// Creates a request; every part is optional. Each of `consumerVersionTags` becomes the selector
    /// `.tag(t, latest: true)`, after `consumerVersionSelectors`.
    public init(
        consumerVersionSelectors: [ConsumerVersionSelector] = [],
        consumerVersionTags: [String] = [],
        providerVersionBranch: String? = nil,
        providerVersionTags: [String] = [],
        includePendingStatus: Bool = false,
        includeWipPactsSince: String? = nil
    ) {
        self.consumerVersionSelectors =
            consumerVersionSelectors + consumerVersionTags.map { ConsumerVersionSelector.tag($0, latest: true) }
        self.providerVersionBranch = providerVersionBranch
        self.providerVersionTags = providerVersionTags
        self.includePendingStatus = includePendingStatus
        self.includeWipPactsSince = includeWipPactsSince
    }

    /// True when nothing is selected and neither pending nor WIP pacts are asked for: like the official verifier,
    /// the client then fetches the latest pact of each consumer (`pb:latest-provider-pacts`).
    public var selectsLatestPactOfEachConsumer: Bool {
        consumerVersionSelectors.isEmpty && !includePendingStatus && includeWipPactsSince == nil
    }

    enum CodingKeys: String, CodingKey {
        case consumerVersionSelectors, providerVersionBranch, providerVersionTags, includePendingStatus
        case includeWipPactsSince
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            consumerVersionSelectors: try container.decodeIfPresent(
                [ConsumerVersionSelector].self,
                forKey: .consumerVersionSelectors
            ) ?? [],
            providerVersionBranch: try container.decodeIfPresent(String.self, forKey: .providerVersionBranch),
            providerVersionTags: try container.decodeIfPresent([String].self, forKey: .providerVersionTags) ?? [],
            includePendingStatus: try container.decodeIfPresent(Bool.self, forKey: .includePendingStatus) ?? false,
            includeWipPactsSince: try container.decodeIfPresent(String.self, forKey: .includeWipPactsSince)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(consumerVersionSelectors, forKey: .consumerVersionSelectors)
        try container.encode(includePendingStatus, forKey: .includePendingStatus)
        try container.encodeIfPresent(providerVersionBranch, forKey: .providerVersionBranch)
        if !providerVersionTags.isEmpty { try container.encode(providerVersionTags, forKey: .providerVersionTags) }
        try container.encodeIfPresent(includeWipPactsSince, forKey: .includeWipPactsSince)
    }
}
