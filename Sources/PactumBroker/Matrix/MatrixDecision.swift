import PactumBrokerWire

/// A pacticipant version as the matrix shows it.
struct MatrixVersion: Sendable, Hashable {
    public var id: Int
    public var number: String
    public var branches: [String]
    public var tags: [String]
    public var environments: [String]

    public init(id: Int, number: String, branches: [String] = [], tags: [String] = [], environments: [String] = []) {
        self.id = id
        self.number = number
        self.branches = branches
        self.tags = tags
        self.environments = environments
    }
}

/// A verification result in a matrix row.
struct MatrixVerification: Sendable, Hashable {
    public var number: Int
    public var success: Bool
    public var verifiedAt: String
    /// A bi-directional pair: the verdict of comparing the pact with the provider's contract (`number` is the
    /// comparison's id), not a verification result.
    public var crossContract: Bool

    public init(number: Int, success: Bool, verifiedAt: String, crossContract: Bool = false) {
        self.number = number
        self.success = success
        self.verifiedAt = verifiedAt
        self.crossContract = crossContract
    }
}

/// One row: a consumer version's pact and what a provider version made of it.
struct MatrixRow: Sendable, Hashable {
    public var consumer: String
    public var consumerVersion: MatrixVersion
    public var provider: String
    /// nil when no provider version is in scope (for example none is deployed in the target environment).
    public var providerVersion: MatrixVersion?
    /// What the missing provider version would have been ("a version of Bar currently in production").
    public var missingProviderDescription: String?
    public var pactSHA: String
    public var pactCreatedAt: String
    public var verification: MatrixVerification?
    /// The side that is not one of the specified selectors (for ignore[] matching).
    public var counterpartIsProvider: Bool
    public var ignored: Bool = false

    public init(
        consumer: String,
        consumerVersion: MatrixVersion,
        provider: String,
        providerVersion: MatrixVersion?,
        missingProviderDescription: String? = nil,
        pactSHA: String,
        pactCreatedAt: String,
        verification: MatrixVerification?,
        counterpartIsProvider: Bool
    ) {
        self.consumer = consumer
        self.consumerVersion = consumerVersion
        self.provider = provider
        self.providerVersion = providerVersion
        self.missingProviderDescription = missingProviderDescription
        self.pactSHA = pactSHA
        self.pactCreatedAt = pactCreatedAt
        self.verification = verification
        self.counterpartIsProvider = counterpartIsProvider
    }

    var consumerDescription: String { "version \(consumerVersion.number) of \(consumer)" }
    var providerDescription: String {
        if let providerVersion { return "version \(providerVersion.number) of \(provider)" }
        return missingProviderDescription ?? "a version of \(provider)"
    }
}

/// A specified selector after looking it up: the versions it names (empty when none exists).
struct ResolvedMatrixSelector: Sendable, Hashable {
    public var selector: MatrixSelector
    public var versions: [MatrixVersion]

    public init(selector: MatrixSelector, versions: [MatrixVersion]) {
        self.selector = selector
        self.versions = versions
    }
}

/// The can-i-deploy answer for a matrix: pure, from resolved selectors and rows.
struct MatrixDecision: Sendable, Hashable {
    public struct Notice: Sendable, Hashable {
        public var type: String
        public var text: String
    }

    /// true: deploy; false: a verification failed or a specified version does not exist; nil: something is unknown.
    public var deployable: Bool?
    public var reason: String
    public var success: Int
    public var failed: Int
    public var unknown: Int
    public var ignored: Int
    public var notices: [Notice]
    /// The rows with `ignored` set.
    public var rows: [MatrixRow]

    /// Decides. A "yes" needs every considered row verified successfully and every specified version to exist:
    /// a missing or failed verification of any counterpart version (several deployed versions of one provider
    /// each count) is never a yes.
    public static func decide(
        query: MatrixQuery,
        resolved: [ResolvedMatrixSelector],
        rows: [MatrixRow]
    )
        -> MatrixDecision
    {
        var errors: [String] = []
        var warnings: [String] = []
        var infos: [String] = []
        var missingVersion = false
        for item in resolved where item.versions.isEmpty {
            if isIgnored(pacticipant: item.selector.pacticipant, version: item.selector.version, query.ignore) {
                continue
            }
            missingVersion = true
            if let version = item.selector.version {
                errors.append("No pacticipant version with number \(version) of \(item.selector.pacticipant) exists")
            } else {
                errors.append("No version exists for \(item.selector.description)")
            }
        }
        // Marked in place: a matrix of an integration has thousands of rows, and each copy of one is dozens of
        // reference counts.
        var marked = rows
        var success = 0
        var failed = 0
        var unknown = 0
        var ignoredCount = 0
        for index in marked.indices {
            if !query.ignore.isEmpty {
                let row = marked[index]
                let counterpartName = row.counterpartIsProvider ? row.provider : row.consumer
                let counterpartVersion =
                    row.counterpartIsProvider ? row.providerVersion?.number : row.consumerVersion.number
                // Either side may be ignored, a specified one too (`q[][pacticipant]=Foo&q[][tag]=prod&ignore[]…=Foo
                // &ignore[][version]=3.4.5`: the prod version 3.4.5 is ignored), as the Pact Broker marks rows.
                marked[index].ignored =
                    isIgnored(pacticipant: counterpartName, version: counterpartVersion, query.ignore)
                    || isIgnored(pacticipant: row.consumer, version: row.consumerVersion.number, query.ignore)
                    || isIgnored(pacticipant: row.provider, version: row.providerVersion?.number, query.ignore)
            } else {
                marked[index].ignored = false
            }
            if marked[index].ignored {
                ignoredCount += 1
                continue
            }
            guard let verification = marked[index].verification else {
                unknown += 1
                errors.append(
                    "There is no verified pact between \(marked[index].consumerDescription) and "
                        + "\(marked[index].providerDescription)"
                )
                continue
            }
            if verification.success {
                success += 1
            } else {
                failed += 1
                errors.append(
                    "The verification for the pact between \(marked[index].consumerDescription) and "
                        + "\(marked[index].providerDescription) failed"
                )
            }
        }
        for ignore in query.ignore {
            let matched = marked.contains {
                $0.ignored && ($0.consumer == ignore.pacticipant || $0.provider == ignore.pacticipant)
            }
            let versionText = ignore.version.map { "version \($0) of " } ?? ""
            if matched {
                infos.append("Ignoring \(versionText)\(ignore.pacticipant)")
            } else {
                warnings.append(
                    "WARN: Cannot ignore \(versionText)\(ignore.pacticipant): it is not an integration of the specified versions"
                )
            }
        }
        if query.destination == nil {
            warnings.append(
                "WARN: It is recommended to specify the environment into which you are deploying. "
                    + "Without the environment, this result will not be reliable."
            )
        }
        if query.selectors.contains(where: { $0.version == nil }) {
            warnings.append(
                "WARN: It is recommended to specify the version number (rather than the tag or branch) of the "
                    + "pacticipant you wish to deploy to avoid race conditions. Without a version number, this result "
                    + "will not be reliable."
            )
        }
        let deployable: Bool?
        if missingVersion || failed > 0 {
            deployable = false
        } else if unknown > 0 {
            deployable = nil
        } else {
            deployable = true
        }
        let successText =
            ignoredCount < marked.count
            ? "All required verification results are published and successful" : "There are no missing dependencies"
        let reason = deployable == true ? successText : errors.joined(separator: "; ")
        var notices: [Notice] = []
        if deployable == true {
            notices.append(Notice(type: "success", text: successText))
        } else {
            notices += errors.map { Notice(type: "error", text: $0) }
        }
        notices += warnings.map { Notice(type: "warning", text: $0) }
        notices += infos.map { Notice(type: "info", text: $0) }
        return MatrixDecision(
            deployable: deployable,
            reason: reason,
            success: success,
            failed: failed,
            unknown: unknown,
            ignored: ignoredCount,
            notices: notices,
            // The considered rows first, then the ignored ones, each group in its own order: the Pact Broker's
            // matrix document lists them so (`ignore[]` of a tagged version puts that version's row last).
            rows: ignoredCount == 0 ? marked : marked.filter { !$0.ignored } + marked.filter(\.ignored)
        )
    }

    static func isIgnored(pacticipant: String, version: String?, _ ignore: [MatrixSelector]) -> Bool {
        ignore.contains { $0.pacticipant == pacticipant && ($0.version == nil || $0.version == version) }
    }
}
