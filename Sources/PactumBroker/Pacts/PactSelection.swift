import PactumBrokerWire

/// A consumer version with a pact for the provider, and what selectors can pick it by.
struct PactCandidate: Sendable, Hashable {
    public var consumerName: String
    public var consumerMainBranch: String?
    public var versionID: Int
    public var versionNumber: String
    public var sha: String
    public var publishedAt: String
    public var branches: [String]
    public var tags: [String]
    public var deployedTo: [String]
    public var releasedIn: [String]

    public init(
        consumerName: String,
        consumerMainBranch: String? = nil,
        versionID: Int,
        versionNumber: String,
        sha: String,
        publishedAt: String = "",
        branches: [String] = [],
        tags: [String] = [],
        deployedTo: [String] = [],
        releasedIn: [String] = []
    ) {
        self.consumerName = consumerName
        self.consumerMainBranch = consumerMainBranch
        self.versionID = versionID
        self.versionNumber = versionNumber
        self.sha = sha
        self.publishedAt = publishedAt
        self.branches = branches
        self.tags = tags
        self.deployedTo = deployedTo
        self.releasedIn = releasedIn
    }
}

/// A successful verification of a pact content, by a provider version with these branches and tags.
struct SuccessfulVerification: Sendable, Hashable {
    public var sha: String
    public var providerBranches: [String]
    public var providerTags: [String]
    public var createdAt: String

    public init(sha: String, providerBranches: [String] = [], providerTags: [String] = [], createdAt: String = "") {
        self.sha = sha
        self.providerBranches = providerBranches
        self.providerTags = providerTags
        self.createdAt = createdAt
    }
}

/// Which pacts a provider must verify: consumer version selectors, merging by content, pending and WIP (pure).
enum PactSelection {
    /// Runs the request's selectors (or the defaults) over the candidates.
    ///
    /// - Parameters:
    ///   - request: the provider's request: selectors, branch, pending and WIP settings.
    ///   - candidates: the publications of the provider's pacts the selectors choose from.
    ///   - verifications: the verification results of those publications.
    ///   - providerBranchCreatedAt: when the provider's `providerVersionBranch` was created (nil when it
    ///     does not exist yet): a success from another branch before that counts, so a new branch starts where its
    ///     parent was.
    public static func select(
        _ request: PactsForVerificationRequest,
        candidates: [PactCandidate],
        verifications: [SuccessfulVerification],
        providerBranchCreatedAt: String?
    ) -> [VerifiablePact] {
        var selections: [SelectedPact] = []
        if request.consumerVersionSelectors.isEmpty {
            selections += defaultSelections(candidates)
        } else {
            for selector in expanded(request.consumerVersionSelectors) {
                selections += run(selector, candidates: candidates, providerBranch: request.providerVersionBranch)
            }
        }
        var pacts = VerifiablePact.merge(selections)
        func isPending(_ sha: String) -> Bool {
            let successes = verifications.filter { $0.sha == sha }
            if let branch = request.providerVersionBranch {
                return !successes.contains { success in
                    success.providerBranches.contains(branch)
                        || providerBranchCreatedAt.map { success.createdAt < $0 } ?? true
                }
            }
            if !request.providerVersionTags.isEmpty {
                return !request.providerVersionTags.allSatisfy { tag in
                    successes.contains { $0.providerTags.contains(tag) }
                }
            }
            return successes.isEmpty
        }
        if request.includePendingStatus {
            for index in pacts.indices { pacts[index].pending = isPending(pacts[index].sha) }
        }
        if let since = request.includeWipPactsSince.flatMap(BrokerClock.parse).map(BrokerClock.format),
            request.providerVersionBranch != nil || !request.providerVersionTags.isEmpty
        {
            let selected = Set(pacts.map { $0.consumerName + "\u{0}" + $0.sha })
            var wip: [String: VerifiablePact] = [:]
            var order: [String] = []
            for head in branchHeads(candidates) where head.candidate.publishedAt >= since {
                let key = head.candidate.consumerName + "\u{0}" + head.candidate.sha
                guard !selected.contains(key), isPending(head.candidate.sha) else { continue }
                let selection = SelectedPact(
                    selector: ConsumerVersionSelector(branch: head.branch),
                    consumerName: head.candidate.consumerName,
                    consumerVersionNumber: head.candidate.versionNumber,
                    consumerVersionID: head.candidate.versionID,
                    sha: head.candidate.sha,
                    branch: head.branch
                )
                if wip[key] == nil {
                    order.append(key)
                    wip[key] = VerifiablePact(
                        consumerName: selection.consumerName,
                        sha: selection.sha,
                        selections: [selection],
                        pending: true,
                        wip: true
                    )
                } else {
                    wip[key]?.selections.append(selection)
                }
            }
            pacts += order.compactMap { wip[$0] }
        }
        return pacts
    }

    /// deployedOrReleased becomes a deployed and a released selector.
    static func expanded(_ selectors: [ConsumerVersionSelector]) -> [ConsumerVersionSelector] {
        selectors.flatMap { selector -> [ConsumerVersionSelector] in
            guard selector.deployedOrReleased == true else { return [selector] }
            var deployed = selector
            deployed.deployedOrReleased = nil
            deployed.deployed = true
            var released = selector
            released.deployedOrReleased = nil
            released.released = true
            return [deployed, released]
        }
    }

    /// The newest candidate of each consumer among those matching.
    private static func latestPerConsumer(
        _ candidates: [PactCandidate],
        where matches: (PactCandidate) -> Bool
    )
        -> [PactCandidate]
    {
        var latest: [String: PactCandidate] = [:]
        for candidate in candidates where matches(candidate) {
            if let current = latest[candidate.consumerName], current.versionID >= candidate.versionID { continue }
            latest[candidate.consumerName] = candidate
        }
        return latest.values.sorted { $0.consumerName < $1.consumerName }
    }

    static func run(
        _ selector: ConsumerVersionSelector,
        candidates all: [PactCandidate],
        providerBranch: String?
    )
        -> [SelectedPact]
    {
        let candidates = all.filter { selector.consumer == nil || $0.consumerName == selector.consumer }
        func pick(
            _ c: PactCandidate,
            branch: String? = nil,
            tag: String? = nil,
            environment: String? = nil,
            fallback: Bool = false
        )
            -> SelectedPact
        {
            SelectedPact(
                selector: selector,
                consumerName: c.consumerName,
                consumerVersionNumber: c.versionNumber,
                consumerVersionID: c.versionID,
                sha: c.sha,
                branch: branch,
                tag: tag,
                environment: environment,
                isFallback: fallback
            )
        }
        if selector.mainBranch == true {
            return latestPerConsumer(candidates) { c in c.consumerMainBranch.map { c.branches.contains($0) } ?? false }
                .map { pick($0, branch: $0.consumerMainBranch) }
        }
        if selector.matchingBranch == true {
            guard let providerBranch else { return [] }
            return latestPerConsumer(candidates) { $0.branches.contains(providerBranch) }
                .map { pick($0, branch: providerBranch) }
        }
        if let branch = selector.branch {
            var result = latestPerConsumer(candidates) { $0.branches.contains(branch) }.map { pick($0, branch: branch) }
            if let fallback = selector.fallbackBranch {
                let found = Set(result.map(\.consumerName))
                result += latestPerConsumer(candidates) {
                    !found.contains($0.consumerName) && $0.branches.contains(fallback)
                }
                .map { pick($0, branch: fallback, fallback: true) }
            }
            return result
        }
        if let tag = selector.tag {
            if selector.latest == true {
                var result = latestPerConsumer(candidates) { $0.tags.contains(tag) }.map { pick($0, tag: tag) }
                if let fallback = selector.fallbackTag {
                    let found = Set(result.map(\.consumerName))
                    result += latestPerConsumer(candidates) {
                        !found.contains($0.consumerName) && $0.tags.contains(fallback)
                    }
                    .map { pick($0, tag: fallback, fallback: true) }
                }
                return result
            }
            return candidates.filter { $0.tags.contains(tag) }.sorted { $0.versionID < $1.versionID }
                .map { pick($0, tag: tag) }
        }
        if selector.deployed == true || selector.released == true || selector.environment != nil {
            var result: [SelectedPact] = []
            let wantDeployed = selector.deployed == true || selector.released != true
            let wantReleased = selector.released == true || selector.deployed != true
            for c in candidates.sorted(by: { $0.versionID < $1.versionID }) {
                if wantDeployed {
                    for environment in c.deployedTo
                    where selector.environment == nil || selector.environment == environment {
                        var chosen = pick(c, environment: environment)
                        if selector.deployed != true { chosen.selector.deployed = true }
                        result.append(chosen)
                    }
                }
                if wantReleased {
                    for environment in c.releasedIn
                    where selector.environment == nil || selector.environment == environment {
                        var chosen = pick(c, environment: environment)
                        if selector.released != true { chosen.selector.released = true }
                        result.append(chosen)
                    }
                }
            }
            return result
        }
        if selector.latest == true {
            return latestPerConsumer(candidates) { _ in true }.map { pick($0) }
        }
        return []
    }

    /// No selectors: per consumer the latest of its main branch, else the latest with a tag named like the main
    /// branch, else the overall latest; plus everything deployed or released.
    static func defaultSelections(_ candidates: [PactCandidate]) -> [SelectedPact] {
        var result: [SelectedPact] = []
        let consumers = Set(candidates.map(\.consumerName)).sorted()
        for consumer in consumers {
            let mine = candidates.filter { $0.consumerName == consumer }
            let main = mine.first?.consumerMainBranch
            if let main, !mine.filter({ $0.branches.contains(main) }).isEmpty {
                result += run(ConsumerVersionSelector(mainBranch: true), candidates: mine, providerBranch: nil)
            } else if let main, !mine.filter({ $0.tags.contains(main) }).isEmpty {
                result += run(ConsumerVersionSelector(tag: main, latest: true), candidates: mine, providerBranch: nil)
            } else {
                result += run(ConsumerVersionSelector(latest: true), candidates: mine, providerBranch: nil)
            }
        }
        result += run(ConsumerVersionSelector(deployed: true), candidates: candidates, providerBranch: nil)
        result += run(ConsumerVersionSelector(released: true), candidates: candidates, providerBranch: nil)
        return result
    }

    /// The newest candidate of each consumer branch (WIP candidates).
    static func branchHeads(_ candidates: [PactCandidate]) -> [(branch: String, candidate: PactCandidate)] {
        var heads: [String: (String, PactCandidate)] = [:]
        for candidate in candidates {
            for branch in candidate.branches {
                let key = candidate.consumerName + "\u{0}" + branch
                if let current = heads[key], current.1.versionID >= candidate.versionID { continue }
                heads[key] = (branch, candidate)
            }
        }
        return heads.keys.sorted().compactMap { heads[$0] }
    }
}
