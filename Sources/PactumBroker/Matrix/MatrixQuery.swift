/// One `q[]` selector of a matrix query: which versions of a pacticipant are asked about.
struct MatrixSelector: Sendable, Hashable {
    public var pacticipant: String
    public var version: String?
    public var latest: Bool
    public var tag: String?
    public var branch: String?
    public var mainBranch: Bool
    public var environment: String?

    public init(
        pacticipant: String,
        version: String? = nil,
        latest: Bool = false,
        tag: String? = nil,
        branch: String? = nil,
        mainBranch: Bool = false,
        environment: String? = nil
    ) {
        self.pacticipant = pacticipant
        self.version = version
        self.latest = latest
        self.tag = tag
        self.branch = branch
        self.mainBranch = mainBranch
        self.environment = environment
    }

    /// "version 1.2.3 of Foo", "the latest version of Foo with tag prod", …
    public var description: String {
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

/// Where the specified versions are going: the counterpart versions are inferred from it.
enum MatrixDestination: Sendable, Hashable {
    /// Versions currently deployed to, or released and supported in, an environment.
    case environment(String)
    /// The latest version with a tag.
    case tag(String)
    /// The latest version.
    case latest
    /// The latest version of the main branch.
    case mainBranch

    var counterpartDescription: String {
        switch self {
        case .environment(let name): "currently in \(name)"
        case .tag(let tag): "the latest with tag \(tag)"
        case .latest: "the latest"
        case .mainBranch: "the latest from the main branch"
        }
    }
}

/// A parsed `/matrix` (or `/can-i-deploy`) query.
struct MatrixQuery: Sendable, Hashable {
    public var selectors: [MatrixSelector]
    public var destination: MatrixDestination?
    public var latestBy: String?
    /// Pacticipants (optionally a version) whose missing or failed verifications are ignored.
    public var ignore: [MatrixSelector]
    public var limit: Int

    public init(
        selectors: [MatrixSelector],
        destination: MatrixDestination? = nil,
        latestBy: String? = nil,
        ignore: [MatrixSelector] = [],
        limit: Int = 100
    ) {
        self.selectors = selectors
        self.destination = destination
        self.latestBy = latestBy
        self.ignore = ignore
        self.limit = limit
    }

    /// Parses `q[][pacticipant]=…&q[][version]=…&latestby=cvpv&environment=…&ignore[][pacticipant]=…`.
    public init(matrix query: NestedQuery) throws(BrokerError) {
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
        latestBy = query["latestby"]?.stringValue
        if let latestBy, !["cvp", "cvpv", "cp"].contains(latestBy) {
            errors.append("latestby must be one of cvp, cvpv or cp, not '\(latestBy)'.")
        }
        ignore = (query["ignore"]?.arrayValue ?? []).compactMap { item in
            guard let name = item["pacticipant"]?.stringValue ?? item.stringValue, !name.isEmpty else { return nil }
            return MatrixSelector(pacticipant: name, version: item["version"]?.stringValue)
        }
        if let text = query["limit"]?.stringValue {
            if let value = Int(text), value >= 1 {
                limit = value
            } else {
                errors.append("The limit must be a whole number of 1 or more, not '\(text)'.")
                limit = 100
            }
        } else {
            limit = 100
        }
        guard errors.isEmpty else { throw BrokerError.validation(["q": errors]) }
        self.selectors = selectors
    }

    /// Parses the single-selector `/can-i-deploy?pacticipant=…&version=…&environment=…` (or `to=TAG`).
    public init(canIDeploy query: NestedQuery) throws(BrokerError) {
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
        selectors = [MatrixSelector(pacticipant: name, version: version)]
        if let environment {
            destination = .environment(environment)
            latestBy = "cvpv"
        } else {
            destination = .tag(to ?? "")
            latestBy = "cvp"
        }
        ignore = (query["ignore"]?.arrayValue ?? []).compactMap { item in
            guard let name = item["pacticipant"]?.stringValue ?? item.stringValue, !name.isEmpty else { return nil }
            return MatrixSelector(pacticipant: name, version: item["version"]?.stringValue)
        }
        limit = 100
    }
}
