import PactumCore

/// An environment's properties, as `create-environment` and `update-environment` send them.
public struct EnvironmentProperties: Sendable, Hashable {
    /// The name (no spaces, unique).
    public var name: String
    public var displayName: String?
    public var production: Bool
    public var contactName: String?
    public var contactEmailAddress: String?

    /// Creates environment properties.
    public init(
        name: String,
        displayName: String? = nil,
        production: Bool = false,
        contactName: String? = nil,
        contactEmailAddress: String? = nil
    ) {
        self.name = name
        self.displayName = displayName
        self.production = production
        self.contactName = contactName
        self.contactEmailAddress = contactEmailAddress
    }

    var body: JSONValue {
        var object: [String: JSONValue] = ["name": .string(name), "production": .bool(production)]
        if let displayName { object["displayName"] = .string(displayName) }
        if contactName != nil || contactEmailAddress != nil {
            var contact: [String: JSONValue] = [:]
            if let contactName { contact["name"] = .string(contactName) }
            if let contactEmailAddress { contact["details"] = ["emailAddress": .string(contactEmailAddress)] }
            object["contacts"] = [.object(contact)]
        }
        return .object(object)
    }
}

extension BrokerClient {
    // MARK: Environments

    /// Every environment (`pb:environments` → `_embedded.environments`).
    public func environments() async throws -> [JSONValue] {
        HAL.embedded("environments", in: try await environmentsDocument())
    }

    /// The environments resource as the broker sends it.
    public func environmentsDocument() async throws -> JSONValue {
        try await get(try await url(forRelation: "pb:environments"))
    }

    /// The environment named `name`; throws when there is none, naming the ones there are.
    public func environment(named name: String) async throws -> JSONValue {
        let all = try await environments()
        if let found = all.first(where: { $0["name"]?.stringValue == name }) { return found }
        let names = all.compactMap { $0["name"]?.stringValue }
        throw BrokerClientError.notFound(
            "No environment named '\(name)' exists",
            url: baseURL,
            hint: names.isEmpty
                ? "There are no environments; create one with create-environment --name \(name)."
                : "The environments are: \(names.joined(separator: ", "))."
        )
    }

    /// The environment with `uuid` (`pb:environment`).
    public func environment(uuid: String) async throws -> JSONValue {
        try await get(try await url(forRelation: "pb:environment", parameters: ["uuid": uuid]))
    }

    /// Creates an environment (`POST pb:environments`); returns it.
    @discardableResult
    public func createEnvironment(_ properties: EnvironmentProperties) async throws -> JSONValue {
        try await post(try await url(forRelation: "pb:environments"), body: properties.body)
    }

    /// Replaces the environment `uuid` with `properties` (`PUT pb:environment`); returns it.
    @discardableResult
    public func updateEnvironment(uuid: String, _ properties: EnvironmentProperties) async throws -> JSONValue {
        let url = try await url(forRelation: "pb:environment", parameters: ["uuid": uuid])
        _ = try await get(url)
        return try await put(url, body: properties.body)
    }

    /// Deletes the environment `uuid`; returns what it was.
    @discardableResult
    public func deleteEnvironment(uuid: String) async throws -> JSONValue {
        let url = try await url(forRelation: "pb:environment", parameters: ["uuid": uuid])
        let existing = try await get(url)
        try await delete(url)
        return existing
    }

    // MARK: Deployments and releases

    /// `/pacticipants/{p}/versions/{v}` (the path the official client builds).
    public func pacticipantVersionURL(_ pacticipant: String, _ version: String) -> String {
        baseURL
            + "/pacticipants/\(PercentEncoding.pathSegment(pacticipant))/versions/\(PercentEncoding.pathSegment(version))"
    }

    /// Records that `version` of `pacticipant` is deployed to `environment` (optionally one application instance of
    /// several): the version's `pb:record-deployment` link named for the environment, POSTed. Returns the deployed
    /// version.
    @discardableResult
    public func recordDeployment(
        pacticipant: String,
        version: String,
        environment: String,
        applicationInstance: String? = nil
    ) async throws -> JSONValue {
        let url = try await environmentAction(
            "pb:record-deployment",
            pacticipant: pacticipant,
            version: version,
            environment: environment
        )
        var body: [String: JSONValue] = [:]
        if let applicationInstance {
            body["applicationInstance"] = .string(applicationInstance)
            body["target"] = .string(applicationInstance)
        }
        return try await post(url, body: .object(body))
    }

    /// Records that `version` of `pacticipant` is released to `environment` (`pb:record-release`). Returns the
    /// released version.
    @discardableResult
    public func recordRelease(pacticipant: String, version: String, environment: String) async throws -> JSONValue {
        let url = try await environmentAction(
            "pb:record-release",
            pacticipant: pacticipant,
            version: version,
            environment: environment
        )
        return try await post(url, body: .object([:]))
    }

    private func environmentAction(
        _ relation: String,
        pacticipant: String,
        version: String,
        environment: String
    ) async throws -> String {
        let versionURL = pacticipantVersionURL(pacticipant, version)
        guard let document = try await getIfExists(versionURL) else {
            throw BrokerClientError.notFound(
                "Version \(version) of \(pacticipant) does not exist",
                url: versionURL,
                hint: "Publish a contract or a verification result for it first, or check the names."
            )
        }
        let links = HAL.links(relation, in: document)
        if let link = links.first(where: { $0["name"]?.stringValue == environment }),
            let href = link["href"]?.stringValue
        {
            return absoluteURL(href)
        }
        let names = links.compactMap { $0["name"]?.stringValue }
        throw BrokerClientError.notFound(
            "No environment named '\(environment)' exists",
            url: versionURL,
            hint: names.isEmpty
                ? "There are no environments; create one with create-environment --name \(environment)."
                : "The environments are: \(names.joined(separator: ", "))."
        )
    }

    /// Records that `pacticipant` is no longer deployed to `environment` (every instance, or only
    /// `applicationInstance`): each currently deployed version PATCHed with `currentlyDeployed: false`. Returns the
    /// undeployed versions; throws when none was deployed.
    @discardableResult
    public func recordUndeployment(
        pacticipant: String,
        environment: String,
        applicationInstance: String? = nil
    ) async throws -> [JSONValue] {
        let listURL = try await currentlyDeployedURL(environment: environment)
        let deployed = try await versions("deployedVersions", listURL: listURL, pacticipant: pacticipant).filter {
            item in
            guard let applicationInstance else { return true }
            let instance = item["applicationInstance"]?.stringValue ?? item["target"]?.stringValue
            return instance == applicationInstance
        }
        guard !deployed.isEmpty else {
            let instance = applicationInstance.map { " (application instance \($0))" } ?? ""
            throw BrokerClientError.notFound(
                "\(pacticipant) is not currently deployed to \(environment)\(instance)",
                url: listURL,
                hint: "Nothing was undeployed; check the pacticipant, environment and application instance."
            )
        }
        var result: [JSONValue] = []
        for item in deployed {
            result.append(try await patch(try selfURL(of: item), body: ["currentlyDeployed": false]))
        }
        return result
    }

    /// Records that `version` of `pacticipant` is no longer supported in `environment`: its released version
    /// PATCHed with `currentlySupported: false`. Returns the released versions changed; throws when none was
    /// supported.
    @discardableResult
    public func recordSupportEnded(
        pacticipant: String,
        version: String,
        environment: String
    ) async throws -> [JSONValue] {
        let listURL = try await currentlySupportedURL(environment: environment)
        let released = try await versions("releasedVersions", listURL: listURL, pacticipant: pacticipant)
            .filter { ($0["_embedded"]?["version"]?["number"]?.stringValue ?? version) == version }
        guard !released.isEmpty else {
            throw BrokerClientError.notFound(
                "Version \(version) of \(pacticipant) is not currently released in \(environment)",
                url: listURL,
                hint: "Nothing was changed; check the pacticipant, version and environment."
            )
        }
        var result: [JSONValue] = []
        for item in released {
            result.append(try await patch(try selfURL(of: item), body: ["currentlySupported": false]))
        }
        return result
    }

    /// The versions of `pacticipant` currently deployed to `environment` (every application instance).
    public func currentlyDeployedVersions(pacticipant: String, environment: String) async throws -> [JSONValue] {
        try await versions(
            "deployedVersions",
            listURL: try await currentlyDeployedURL(environment: environment),
            pacticipant: pacticipant
        )
    }

    /// The released versions of `pacticipant` currently supported in `environment`.
    public func currentlySupportedReleasedVersions(
        pacticipant: String,
        environment: String
    ) async throws
        -> [JSONValue]
    {
        try await versions(
            "releasedVersions",
            listURL: try await currentlySupportedURL(environment: environment),
            pacticipant: pacticipant
        )
    }

    private func versions(_ key: String, listURL: String, pacticipant: String) async throws -> [JSONValue] {
        let list = try await get(listURL + "?" + HAL.query([("pacticipant", pacticipant)]))
        return HAL.embedded(key, in: list).filter {
            ($0["_embedded"]?["pacticipant"]?["name"]?.stringValue ?? pacticipant) == pacticipant
        }
    }

    private func currentlyDeployedURL(environment: String) async throws -> String {
        let envDocument = try await get(try selfURL(of: try await self.environment(named: environment)))
        let relation =
            HAL.href("pb:currently-deployed-deployed-versions", in: envDocument) != nil
            ? "pb:currently-deployed-deployed-versions" : "pb:currently-deployed-versions"
        return try url(forRelation: relation, in: envDocument)
    }

    private func currentlySupportedURL(environment: String) async throws -> String {
        let envDocument = try await get(try selfURL(of: try await self.environment(named: environment)))
        return try url(forRelation: "pb:currently-supported-released-versions", in: envDocument)
    }

    func selfURL(of document: JSONValue) throws -> String {
        guard let href = HAL.href("self", in: document) else {
            throw BrokerClientError.missingRelation("self", url: baseURL)
        }
        return absoluteURL(href)
    }
}
