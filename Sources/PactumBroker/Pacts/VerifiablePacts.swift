import Foundation
import PactumBrokerWire
import PactumCore

/// A consumer version that a selector picked for verification, with the content of its pact.
struct SelectedPact: Sendable, Hashable {
    /// The selector that picked it (deployedOrReleased is already split into deployed and released).
    public var selector: ConsumerVersionSelector
    public var consumerName: String
    public var consumerVersionNumber: String
    /// The consumer version's row id; larger is newer.
    public var consumerVersionID: Int
    /// The pact content sha.
    public var sha: String
    /// The branch the version was picked from (resolved main branch, matching branch or fallback branch).
    public var branch: String?
    /// The tag it was picked by (or the fallback tag).
    public var tag: String?
    /// The environment it is deployed to or released in.
    public var environment: String?
    /// True when it was picked by `fallbackBranch` / `fallbackTag`.
    public var isFallback: Bool

    public init(
        selector: ConsumerVersionSelector,
        consumerName: String,
        consumerVersionNumber: String,
        consumerVersionID: Int,
        sha: String,
        branch: String? = nil,
        tag: String? = nil,
        environment: String? = nil,
        isFallback: Bool = false
    ) {
        self.selector = selector
        self.consumerName = consumerName
        self.consumerVersionNumber = consumerVersionNumber
        self.consumerVersionID = consumerVersionID
        self.sha = sha
        self.branch = branch
        self.tag = tag
        self.environment = environment
        self.isFallback = isFallback
    }

    /// "latest from branch main", "deployed to production", …: the Pact Broker's short description.
    public var shortDescription: String {
        let s = selector
        if let environment, s.deployed == true || (s.environment != nil && s.released != true) {
            if s.released == true { return "released in \(environment)" }
            return "deployed to \(environment)"
        }
        if let environment, s.released == true { return "released in \(environment)" }
        if s.mainBranch == true { return "latest from main branch" }
        if s.matchingBranch == true { return "latest from matching branch \(branch ?? "")" }
        if s.branch != nil {
            return isFallback ? "latest from fallback branch \(branch ?? "")" : "latest from branch \(branch ?? "")"
        }
        if let tag = s.tag {
            if s.latest == true {
                return isFallback ? "latest with fallback tag \(self.tag ?? tag)" : "latest with tag \(tag)"
            }
            return s.consumer != nil ? "one of \(consumerName) \(tag)" : "one of \(tag)"
        }
        return "latest"
    }

    /// A longer sentence for the "being verified because" notice.
    var criterion: String {
        let s = selector
        let version = "(\(consumerVersionNumber))"
        if let environment {
            if s.released == true {
                return "version of \(consumerName) currently released and supported in \(environment) \(version)"
            }
            return "version of \(consumerName) currently deployed to \(environment) \(version)"
        }
        if s.mainBranch == true || s.branch != nil || s.matchingBranch == true {
            return "latest version of \(consumerName) from branch '\(branch ?? "")' \(version)"
        }
        if let tag = self.tag ?? s.tag {
            return s.latest == true
                ? "latest version of \(consumerName) with tag '\(tag)' \(version)"
                : "one of the versions of \(consumerName) with tag '\(tag)' \(version)"
        }
        return "latest version of \(consumerName) \(version)"
    }
}

/// One pact the verifier must verify: every selection with the same content merged.
struct VerifiablePact: Sendable, Hashable {
    public var consumerName: String
    public var sha: String
    /// Every selection with this content, in selector order.
    public var selections: [SelectedPact]
    /// nil when the request did not ask for the pending status.
    public var pending: Bool?
    /// True for a work-in-progress pact.
    public var wip: Bool

    /// The newest consumer version among the selections (named in the link title).
    public var latestConsumerVersionNumber: String {
        selections.max { $0.consumerVersionID < $1.consumerVersionID }?.consumerVersionNumber ?? ""
    }

    /// Distinct short descriptions joined by ", ".
    public var shortDescription: String {
        if wip {
            return
                "latest from \(selections.first?.shortDescription.replacingOccurrences(of: "latest from ", with: "") ?? "a branch") (WIP)"
        }
        var seen: [String] = []
        for selection in selections where !seen.contains(selection.shortDescription) {
            seen.append(selection.shortDescription)
        }
        return seen.joined(separator: ", ")
    }

    /// The `/metadata/<b64>` segment: which consumer versions were selected, and the pending/wip flags.
    public var metadata: PactMetadata {
        if wip {
            return PactMetadata(wip: true, pending: true, consumerVersionIDs: selections.map(\.consumerVersionID))
        }
        return PactMetadata(
            wip: false,
            pending: pending,
            consumerVersionIDs: Array(Set(selections.map(\.consumerVersionID))).sorted(),
            selectors: selections.map { s in
                PactMetadata.Selector(
                    branch: s.branch,
                    tag: s.tag,
                    latest: s.selector.selectsLatest ? true : nil,
                    environment: s.environment,
                    consumerVersionID: s.consumerVersionID
                )
            }
        )
    }

    /// The `notices` of `verificationProperties`.
    public func notices(
        pactURL: String,
        providerName: String,
        providerBranch: String?,
        providerTags: [String]
    )
        -> [[String: String]]
    {
        var notices: [[String: String]] = []
        func add(_ when: String, _ text: String) { notices.append(["when": when, "text": text]) }
        if wip {
            add(
                "before_verification",
                "The pact at \(pactURL) is being verified because it is a 'work in progress' pact (ie. it is the "
                    + "pact for the \(selections.map(\.criterion).joined(separator: ", ")) and is still in pending "
                    + "state). Read more at https://docs.pact.io/go/wip"
            )
        } else {
            let criteria = selections.map { "    * \($0.criterion)" }.joined(separator: "\n")
            let plural = selections.count > 1 ? "versions" : "version"
            let criterionWord = selections.count > 1 ? "criteria" : "criterion"
            add(
                "before_verification",
                "The pact at \(pactURL) is being verified because the pact content belongs to the consumer "
                    + "\(plural) matching the following \(criterionWord):\n\(criteria)"
            )
        }
        guard let pending else { return notices }
        let forWhat: String
        if let providerBranch {
            forWhat = "a version of \(providerName) from branch '\(providerBranch)'"
        } else if !providerTags.isEmpty {
            forWhat = "a version of \(providerName) with tag \(providerTags.map { "'\($0)'" }.joined(separator: ", "))"
        } else {
            forWhat = "any version of \(providerName)"
        }
        if pending {
            add(
                "before_verification",
                "This pact is in pending state for this version of \(providerName) because a successful "
                    + "verification result for \(forWhat) has not yet been published. If this verification fails, "
                    + "it will not cause the overall build to fail. Read more at https://docs.pact.io/go/pending"
            )
            add(
                "after_verification:success_true_published_false",
                "This pact is still in pending state for \(forWhat) as the successful verification results have "
                    + "not yet been published."
            )
            add(
                "after_verification:success_false_published_false",
                "This pact is in pending state for \(forWhat); this failure will not cause the overall build to fail."
            )
            add(
                "after_verification:success_true_published_true",
                "This pact is no longer in pending state for \(forWhat), as a successful verification result has "
                    + "been published. If a verification for \(forWhat) fails in the future, it will fail the build."
            )
            add(
                "after_verification:success_false_published_true",
                "This pact is in pending state for \(forWhat); this failure will not cause the overall build to fail."
            )
        } else {
            add(
                "before_verification",
                "This pact has previously been successfully verified by \(forWhat). If this verification fails, "
                    + "it will fail the build. Read more at https://docs.pact.io/go/pending"
            )
        }
        return notices
    }

    /// Merges selections by (consumer, content sha), keeping the order in which contents were first selected.
    public static func merge(_ selections: [SelectedPact]) -> [VerifiablePact] {
        var order: [String] = []
        var groups: [String: [SelectedPact]] = [:]
        for selection in selections {
            let key = selection.consumerName + "\u{0}" + selection.sha
            if groups[key] == nil { order.append(key) }
            if groups[key]?.contains(selection) != true { groups[key, default: []].append(selection) }
        }
        return order.compactMap { key in
            guard let group = groups[key], let first = group.first else { return nil }
            return VerifiablePact(
                consumerName: first.consumerName,
                sha: first.sha,
                selections: group,
                pending: nil,
                wip: false
            )
        }
    }
}

/// The metadata carried in `…/pact-version/{sha}/metadata/{b64}`: a Rack nested query, base64url without padding.
struct PactMetadata: Sendable, Hashable {
    public struct Selector: Sendable, Hashable {
        public var branch: String?
        public var tag: String?
        public var latest: Bool?
        public var environment: String?
        public var consumerVersionID: Int?

        public init(branch: String?, tag: String?, latest: Bool?, environment: String?, consumerVersionID: Int?) {
            self.branch = branch
            self.tag = tag
            self.latest = latest
            self.environment = environment
            self.consumerVersionID = consumerVersionID
        }
    }

    public var wip: Bool
    public var pending: Bool?
    public var consumerVersionIDs: [Int]
    public var selectors: [Selector] = []

    /// The URL segment.
    public var encoded: String {
        var members: [String: NestedQuery] = [:]
        if wip {
            members["w"] = .string("true")
            members["cv"] = .array(consumerVersionIDs.map { .string(String($0)) })
        } else {
            members["s"] = .array(
                selectors.map { s in
                    var item: [String: NestedQuery] = [:]
                    if let b = s.branch { item["b"] = .string(b) }
                    if let t = s.tag { item["t"] = .string(t) }
                    if let l = s.latest { item["l"] = .string(String(l)) }
                    if let e = s.environment { item["e"] = .string(e) }
                    if let cv = s.consumerVersionID { item["cv"] = .string(String(cv)) }
                    return .object(item)
                }
            )
            if let pending { members["p"] = .string(String(pending)) }
        }
        let text = NestedQuery.object(members).encoded()
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public init(
        wip: Bool,
        pending: Bool?,
        consumerVersionIDs: [Int],
        selectors: [Selector] = []
    ) {
        self.wip = wip
        self.pending = pending
        self.consumerVersionIDs = consumerVersionIDs
        self.selectors = selectors
    }

    /// Decodes a metadata segment; nil when it is not one this broker (or the Pact Broker) wrote.
    public init?(decoding segment: String) {
        var base64 = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            return nil
        }
        let query = NestedQuery.parse(text)
        wip = query["w"]?.stringValue == "true"
        pending = query["p"]?.stringValue.map { $0 == "true" }
        if wip { pending = true }
        var ids: [Int] = (query["cv"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap { Int($0) } }
        selectors = (query["s"]?.arrayValue ?? []).map { item in
            Selector(
                branch: item["b"]?.stringValue,
                tag: item["t"]?.stringValue,
                latest: item["l"]?.stringValue.map { $0 == "true" },
                environment: item["e"]?.stringValue,
                consumerVersionID: item["cv"]?.stringValue.flatMap { Int($0) }
            )
        }
        ids += selectors.compactMap(\.consumerVersionID)
        consumerVersionIDs = Array(Set(ids)).sorted()
    }
}
