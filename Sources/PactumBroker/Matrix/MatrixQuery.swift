import PactumBrokerWire

/// The broker's names for the wire types it reads (PactumBrokerWire's, which the client writes).
typealias MatrixSelector = MatrixQuery.Selector
typealias MatrixDestination = MatrixQuery.Destination

extension MatrixQuery.Selector {
    /// "version 1.2.3 of Foo", "the latest version of Foo with tag prod", …
    var description: String {
        if let version { return "version \(version) of \(pacticipant)" }
        if let environment { return "a version of \(pacticipant) currently in \(environment)" }
        let qualifier =
            if let tag { " with tag \(tag)" } else if let branch { " from branch \(branch)" } else if mainBranch {
                " from the main branch"
            } else { "" }
        return latest || mainBranch
            ? "the latest version of \(pacticipant)\(qualifier)" : "versions of \(pacticipant)\(qualifier)"
    }
}

extension MatrixQuery.Destination {
    var counterpartDescription: String {
        switch self {
        case .environment(let name): "currently in \(name)"
        case .tag(let tag): "the latest with tag \(tag)"
        case .latest: "the latest"
        case .mainBranch: "the latest from the main branch"
        }
    }
}

/// Reading a `/matrix` (or `/can-i-deploy`) query.
extension MatrixQuery {
    /// The rows shown at most: the query's `limit`, else 100 (the Pact Broker's default).
    var rowLimit: Int { limit ?? 100 }

    /// Parses `q[][pacticipant]=…&q[][version]=…&latestby=cvpv&environment=…&ignore[][pacticipant]=…`.
    init(matrix query: NestedQuery) throws(BrokerError) {
        var errors: [String] = []
        var selectors: [MatrixSelector] = []
        let items = query["q"]?.arrayValue ?? []
        if items.isEmpty { errors.append("Please provide 1 or more version selectors (q[][pacticipant]=…).") }
        for (index, item) in items.enumerated() {
            guard let name = item["pacticipant"]?.stringValue, !name.isEmpty else {
                errors.append("Please specify the pacticipant name for selector \(index + 1) (q[][pacticipant]).")
                continue
            }
            let version = item["version"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            let latest = item["latest"]?.stringValue == "true"
            if version != nil, latest {
                errors.append("A version number and latest flag cannot both be specified for \(name)")
            }
            selectors.append(
                MatrixSelector(
                    pacticipant: name,
                    version: version,
                    latest: latest,
                    tag: item["tag"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 },
                    branch: item["branch"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 },
                    mainBranch: item["mainBranch"]?.stringValue == "true",
                    environment: item["environment"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
                )
            )
        }
        let latest = query["latest"]?.stringValue == "true"
        let tag = query["tag"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let environment = query["environment"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let mainBranch = query["mainBranch"]?.stringValue == "true"
        if latest, environment != nil { errors.append("Cannot specify both latest=true and an environment.") }
        if environment != nil, tag != nil { errors.append("Cannot specify both a tag and an environment.") }
        let destination: Destination?
        if environment != nil {
            destination = .environment(environment ?? "")
        } else if let tag {
            destination = .tag(tag)
        } else if mainBranch {
            destination = .mainBranch
        } else if latest {
            destination = .latest
        } else {
            destination = nil
        }
        let latestByText = query["latestby"]?.stringValue
        let latestBy = latestByText.flatMap(LatestBy.init(rawValue:))
        if let latestByText, latestBy == nil {
            errors.append("latestby must be one of cvp, cvpv or cp, not '\(latestByText)'.")
        }
        var limit: Int?
        if let text = query["limit"]?.stringValue {
            if let value = Int(text), value >= 1 {
                limit = value
            } else {
                errors.append("The limit must be a whole number of 1 or more, not '\(text)'.")
            }
        }
        guard errors.isEmpty else { throw BrokerError.validation(["q": errors]) }
        self.init(
            selectors: selectors,
            destination: destination,
            latestBy: latestBy,
            ignore: Self.ignored(query),
            limit: limit
        )
    }

    /// Parses the single-selector `/can-i-deploy?pacticipant=…&version=…&environment=…` (or `to=TAG`).
    init(canIDeploy query: NestedQuery) throws(BrokerError) {
        var errors: [String: [String]] = [:]
        let name = query["pacticipant"]?.stringValue ?? ""
        let version = query["version"]?.stringValue ?? ""
        if name.isEmpty { errors["pacticipant", default: []].append("is missing") }
        if version.isEmpty { errors["version", default: []].append("is missing") }
        let environment = query["environment"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let to = query["to"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        if (environment == nil) == (to == nil) {
            errors["environment", default: []].append("specify exactly one of environment or to")
        }
        guard errors.isEmpty else { throw BrokerError.validation(errors) }
        self.init(
            selectors: [MatrixSelector(pacticipant: name, version: version)],
            destination: environment.map(Destination.environment) ?? .tag(to ?? ""),
            latestBy: environment != nil ? .consumerVersionAndProviderVersion : .consumerVersionAndProvider,
            ignore: Self.ignored(query)
        )
    }

    /// `ignore[][pacticipant]=…&ignore[][version]=…` (or `ignore[]=NAME`).
    private static func ignored(_ query: NestedQuery) -> [MatrixSelector] {
        (query["ignore"]?.arrayValue ?? []).compactMap { item in
            guard let name = item["pacticipant"]?.stringValue ?? item.stringValue, !name.isEmpty else { return nil }
            return MatrixSelector(pacticipant: name, version: item["version"]?.stringValue)
        }
    }
}
