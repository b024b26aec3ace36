import PactumCore

extension BrokerClient {
    // MARK: Pacticipants

    /// Every pacticipant (`pb:pacticipants`): the broker's document, whose `pacticipants` (or
    /// `_embedded.pacticipants`) lists them.
    public func listPacticipants() async throws -> JSONValue {
        try await get(try await url(forRelation: "pb:pacticipants"))
    }

    /// The items of a pacticipants list document.
    public static func pacticipants(in document: JSONValue) -> [JSONValue] {
        let embedded = HAL.embedded("pacticipants", in: document)
        return embedded.isEmpty ? (document["pacticipants"]?.arrayValue ?? []) : embedded
    }

    /// The pacticipant `name` (`pb:pacticipant`), or nil when there is none.
    public func pacticipant(named name: String) async throws -> JSONValue? {
        try await getIfExists(try await url(forRelation: "pb:pacticipant", parameters: ["pacticipant": name]))
    }

    /// Creates the pacticipant `name`, or updates the properties given (`PATCH` as a merge patch when it exists,
    /// `POST pb:pacticipants` otherwise). Returns the pacticipant and whether it was created.
    public func createOrUpdatePacticipant(
        name: String,
        displayName: String? = nil,
        mainBranch: String? = nil,
        repositoryURL: String? = nil
    ) async throws -> (pacticipant: JSONValue, created: Bool) {
        let index = try await index()
        var body: [String: JSONValue] = ["name": .string(name)]
        if let displayName { body["displayName"] = .string(displayName) }
        if let mainBranch { body["mainBranch"] = .string(mainBranch) }
        if let repositoryURL { body["repositoryUrl"] = .string(repositoryURL) }
        let url = try url(forRelation: "pb:pacticipant", in: index, parameters: ["pacticipant": name])
        if try await exists(url) {
            return (try await patch(url, body: .object(body)), false)
        }
        let created = try await post(try self.url(forRelation: "pb:pacticipants", in: index), body: .object(body))
        return (created, true)
    }

    // MARK: Versions and tags

    /// A version of `pacticipant`: `version` (`pb:pacticipant-version`), else the latest with `latestTag`
    /// (`pb:latest-tagged-version`), else the latest (`pb:latest-version`). Throws when there is none.
    public func describeVersion(
        pacticipant: String,
        version: String? = nil,
        latestTag: String? = nil
    ) async throws
        -> JSONValue
    {
        let index = try await index()
        let url: String
        let what: String
        if let version {
            url = try self.url(
                forRelation: "pb:pacticipant-version",
                in: index,
                parameters: ["pacticipant": pacticipant, "version": version]
            )
            what = "Version \(version) of \(pacticipant) does not exist"
        } else if let latestTag {
            url = try self.url(
                forRelation: "pb:latest-tagged-version",
                in: index,
                parameters: ["pacticipant": pacticipant, "tag": latestTag]
            )
            what = "\(pacticipant) has no version with tag \(latestTag)"
        } else {
            url = try self.url(forRelation: "pb:latest-version", in: index, parameters: ["pacticipant": pacticipant])
            what = "\(pacticipant) has no versions"
        }
        guard let document = try await getIfExists(url) else {
            throw BrokerClientError.notFound(what, url: url, hint: "Check the pacticipant name and version.")
        }
        return document
    }

    /// Tags `version` of `pacticipant` with each of `tags` (`PUT …/versions/{v}/tags/{t}`). Unless
    /// `autoCreateVersion`, the version must exist. Returns the tag documents.
    @discardableResult
    public func createVersionTags(
        pacticipant: String,
        version: String,
        tags: [String],
        autoCreateVersion: Bool = false
    ) async throws -> [JSONValue] {
        let versionURL = pacticipantVersionURL(pacticipant, version)
        if !autoCreateVersion, try await !exists(versionURL) {
            throw BrokerClientError.notFound(
                "Version \(version) of \(pacticipant) does not exist",
                url: versionURL,
                hint: "Give --auto-create-version to create it with the tag."
            )
        }
        var result: [JSONValue] = []
        for tag in tags {
            result.append(
                try await put(versionURL + "/tags/" + PercentEncoding.pathSegment(tag), body: ["name": .string(tag)])
            )
        }
        return result
    }

    // MARK: Pacts

    /// The latest pact of every integration (`pb:latest-pact-versions`): the broker's document (`pacts[]`).
    public func listLatestPactVersions() async throws -> JSONValue {
        try await get(try await url(forRelation: "pb:latest-pact-versions"))
    }

    /// The pacts of `provider` (optionally with one consumer), from the consumers' main branch or `branch`,
    /// all or only the latest: the relation the official `get-pacts` follows. Returns the broker's document.
    public func getPacts(
        provider: String,
        consumer: String? = nil,
        branch: String? = nil,
        latest: Bool = false
    )
        async throws -> JSONValue
    {
        let relation: String
        let path: String
        let p = PercentEncoding.pathSegment(provider)
        let c = consumer.map(PercentEncoding.pathSegment) ?? ""
        let b = branch.map(PercentEncoding.pathSegment) ?? ""
        switch (consumer != nil, branch != nil, latest) {
        case (true, true, true):
            (relation, path) = (
                "pb:latest-branch-pact-versions", "/pacts/provider/\(p)/consumer/\(c)/branch/\(b)/latest"
            )
        case (true, true, false):
            (relation, path) = ("pb:branch-pact-versions", "/pacts/provider/\(p)/consumer/\(c)/branch/\(b)")
        case (true, false, true):
            (relation, path) = (
                "pb:latest-main-branch-pact-versions", "/pacts/provider/\(p)/consumer/\(c)/branch/latest"
            )
        case (true, false, false):
            (relation, path) = ("pb:main-branch-pact-versions", "/pacts/provider/\(p)/consumer/\(c)/branch")
        case (false, true, true):
            (relation, path) = ("pb:latest-provider-pacts-with-branch", "/pacts/provider/\(p)/branch/\(b)/latest")
        case (false, true, false):
            (relation, path) = ("pb:provider-pacts-with-branch", "/pacts/provider/\(p)/branch/\(b)")
        case (false, false, true):
            (relation, path) = ("pb:latest-provider-pacts-with-main-branch", "/pacts/provider/\(p)/branch/latest")
        case (false, false, false):
            (relation, path) = ("pb:provider-pacts-with-main-branch", "/pacts/provider/\(p)/branch")
        }
        var parameters = ["provider": provider]
        if let consumer { parameters["consumer"] = consumer }
        if let branch { parameters["branch"] = branch }
        let index = try await index()
        let url = (try? self.url(forRelation: relation, in: index, parameters: parameters)) ?? baseURL + path
        return try await get(url)
    }
}
