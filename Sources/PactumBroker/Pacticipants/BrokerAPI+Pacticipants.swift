import Foundation
import Hummingbird
import PactumCore

extension BrokerAPI {
    /// Pacticipants, their labels, versions, tags and branches.
    static let pacticipantRoutes: [BrokerRoute] = [
        BrokerRoute("GET", "/pacticipants", listPacticipants),
        BrokerRoute("POST", "/pacticipants", createPacticipant),
        BrokerRoute("GET", "/pacticipants/label/:label", pacticipantsWithLabel),
        BrokerRoute("GET", "/pacticipants/:pacticipant", getPacticipant),
        BrokerRoute("PATCH", "/pacticipants/:pacticipant", patchPacticipant),
        BrokerRoute("PUT", "/pacticipants/:pacticipant", putPacticipant),
        BrokerRoute("DELETE", "/pacticipants/:pacticipant", deletePacticipant),
        // Labels
        BrokerRoute("GET", "/pacticipants/:pacticipant/labels/:label", getLabel),
        BrokerRoute("PUT", "/pacticipants/:pacticipant/labels/:label", putLabel),
        BrokerRoute("DELETE", "/pacticipants/:pacticipant/labels/:label", deleteLabel),
        BrokerRoute("GET", "/labels", listLabels),
        // Versions, branches, tags
        BrokerRoute("GET", "/pacticipants/:pacticipant/versions", listVersions),
        BrokerRoute("GET", "/pacticipants/:pacticipant/versions/:version", getVersion),
        BrokerRoute("PUT", "/pacticipants/:pacticipant/versions/:version", putVersion),
        BrokerRoute("PATCH", "/pacticipants/:pacticipant/versions/:version", putVersion),
        BrokerRoute("DELETE", "/pacticipants/:pacticipant/versions/:version", deleteVersion),
        BrokerRoute("GET", "/pacticipants/:pacticipant/latest-version", latestVersion),
        BrokerRoute("GET", "/pacticipants/:pacticipant/latest-version/:tag", latestVersion),
        BrokerRoute("GET", "/pacticipants/:pacticipant/versions/:version/tags/:tag", getTag),
        BrokerRoute("PUT", "/pacticipants/:pacticipant/versions/:version/tags/:tag", putTag),
        BrokerRoute("DELETE", "/pacticipants/:pacticipant/versions/:version/tags/:tag", deleteTag),
        BrokerRoute("GET", "/pacticipants/:pacticipant/branches", listBranches),
        BrokerRoute("GET", "/pacticipants/:pacticipant/branches/:branch", getBranch),
        BrokerRoute("DELETE", "/pacticipants/:pacticipant/branches/:branch", deleteBranch),
        BrokerRoute("GET", "/pacticipants/:pacticipant/branches/:branch/latest-version", branchLatestVersion),
        BrokerRoute("GET", "/pacticipants/:pacticipant/branches/:branch/versions/:version", getBranchVersion),
        BrokerRoute("PUT", "/pacticipants/:pacticipant/branches/:branch/versions/:version", putBranchVersion),
        BrokerRoute("DELETE", "/pacticipants/:pacticipant/branches/:branch/versions/:version", deleteBranchVersion),
    ]

    // MARK: Representations

    /// A pacticipant; with its latest version embedded as the Pact Broker does (`pacticipant_decorator.rb`): as
    /// `latestVersion`, and again as the deprecated `latest-version` that older clients read.
    static func pacticipantJSON(
        _ p: PacticipantRecord,
        _ request: BrokerRequest,
        latest: VersionRecord? = nil
    ) -> JSONValue {
        let selfURL = request.url("pacticipants", p.name)
        var embedded: [String: JSONValue] = ["labels": []]
        if let latest {
            let version: JSONValue = [
                "number": .string(latest.number),
                "_links": [
                    "self": link(
                        request.url("pacticipants", p.name, "versions", latest.number),
                        title: "Version",
                        name: latest.number
                    )
                ],
            ]
            embedded["latestVersion"] = version
            var deprecated = version.objectValue ?? [:]
            deprecated["title"] = "DEPRECATED - please use latestVersion"
            deprecated["name"] = "DEPRECATED - please use latestVersion"
            embedded["latest-version"] = .object(deprecated)
        }
        return object([
            ("name", .string(p.name)),
            ("displayName", .string(p.displayName ?? BrokerStore.displayName(for: p.name))),
            ("mainBranch", p.mainBranch.json),
            ("repositoryUrl", p.repositoryURL.json),
            ("repositoryName", p.repositoryName.json),
            ("repositoryNamespace", p.repositoryNamespace.json),
            ("createdAt", .string(p.createdAt)),
            ("updatedAt", .string(p.updatedAt)),
            ("_embedded", .object(embedded)),
            (
                "_links",
                [
                    "self": link(selfURL, title: "Pacticipant", name: p.name),
                    "pb:versions": link(selfURL + "/versions"),
                    "versions": link(selfURL + "/versions", title: "DEPRECATED - please use pb:versions"),
                    "pb:version": link(
                        selfURL + "/versions/{version}",
                        title: "Get, create or delete a pacticipant version",
                        templated: true
                    ),
                    "pb:version-tag": link(
                        selfURL + "/versions/{version}/tags/{tag}",
                        title: "Get, create or delete a tag for a version of \(p.name)",
                        templated: true
                    ),
                    "pb:branch-version": link(
                        selfURL + "/branches/{branch}/versions/{version}",
                        title: "Get or add/create a version for a branch of \(p.name)",
                        templated: true
                    ),
                    "pb:branches": link(selfURL + "/branches"),
                    "pb:label": link(
                        selfURL + "/labels/{label}",
                        title: "Get, create or delete a label for \(p.name)",
                        templated: true
                    ),
                    "pb:latest-version": link(selfURL + "/latest-version", title: "Latest version"),
                ]
            ),
        ])
    }

    static func versionJSON(
        _ version: VersionRecord,
        pacticipant: PacticipantRecord,
        _ request: BrokerRequest,
        _ store: BrokerStore,
        environments: [EnvironmentRecord]? = nil
    ) async throws -> JSONValue {
        let selfURL = request.url("pacticipants", pacticipant.name, "versions", version.number)
        var branchVersions: [JSONValue] = []
        for branch in try await store.branchNames(versionID: version.id) {
            let latest = try await store.latestVersion(pacticipantID: pacticipant.id, branch: branch)?.id == version.id
            branchVersions.append([
                "name": .string(branch), "latest": .bool(latest),
                "_links": [
                    "self": link(
                        request.url("pacticipants", pacticipant.name, "branches", branch, "versions", version.number)
                    )
                ],
            ])
        }
        var tags: [JSONValue] = []
        for tag in try await store.tagNames(versionID: version.id) {
            tags.append(try await tagJSON(tag, version: version, pacticipant: pacticipant, request, store))
        }
        var links: [String: JSONValue] = [
            "self": link(selfURL, title: "Version", name: version.number),
            "pb:pacticipant": link(
                request.url("pacticipants", pacticipant.name),
                title: "Pacticipant",
                name: pacticipant.name
            ),
            "pb:tag": link(
                selfURL + "/tags/{tag}",
                title: "Get, create or delete a tag for this pacticipant version",
                templated: true
            ),
            "pb:latest-verification-results-where-pacticipant-is-consumer": link(
                request.url("verification-results", "consumer", pacticipant.name, "version", version.number, "latest"),
                title: "Latest verification results for consumer version"
            ),
        ]
        let allEnvironments: [EnvironmentRecord]
        if let environments { allEnvironments = environments } else { allEnvironments = try await store.environments() }
        links["pb:record-deployment"] = .array(
            allEnvironments.map { environment in
                link(
                    selfURL + "/deployed-versions/environment/" + environment.uuid,
                    title: "Record deployment to \(environment.displayName ?? environment.name)",
                    name: environment.name
                )
            }
        )
        links["pb:record-release"] = .array(
            allEnvironments.map { environment in
                link(
                    selfURL + "/released-versions/environment/" + environment.uuid,
                    title: "Record release to \(environment.displayName ?? environment.name)",
                    name: environment.name
                )
            }
        )
        return object([
            ("number", .string(version.number)),
            ("buildUrl", version.buildURL.json),
            ("createdAt", .string(version.createdAt)),
            ("_embedded", ["branchVersions": .array(branchVersions), "tags": .array(tags)]),
            ("_links", .object(links)),
        ])
    }

    static func tagJSON(
        _ tag: String,
        version: VersionRecord,
        pacticipant: PacticipantRecord,
        _ request: BrokerRequest,
        _ store: BrokerStore
    ) async throws -> JSONValue {
        let latest = try await store.isLatestWithTag(versionID: version.id, pacticipantID: pacticipant.id, tag: tag)
        return object([
            ("name", .string(tag)),
            ("latest", .bool(latest)),
            ("createdAt", (try await store.tagCreatedAt(versionID: version.id, name: tag)).json),
            (
                "_links",
                [
                    "self": link(
                        request.url("pacticipants", pacticipant.name, "versions", version.number, "tags", tag),
                        title: "Tag",
                        name: tag
                    ),
                    "pb:version": link(
                        request.url("pacticipants", pacticipant.name, "versions", version.number),
                        title: "Version",
                        name: version.number
                    ),
                    "pb:pacticipant": link(request.url("pacticipants", pacticipant.name), name: pacticipant.name),
                ]
            ),
        ])
    }

    static func requirePacticipant(_ name: String, _ store: BrokerStore) async throws -> PacticipantRecord {
        guard let record = try await store.pacticipant(named: name) else {
            throw BrokerError.notFound("No pacticipant with name '\(name)' found")
        }
        return record
    }

    static func requireVersion(
        _ request: BrokerRequest,
        _ store: BrokerStore
    ) async throws
        -> (PacticipantRecord, VersionRecord)
    {
        let pacticipant = try await requirePacticipant(try request.parameters.require("pacticipant"), store)
        guard
            let version = try await store.version(
                pacticipantID: pacticipant.id,
                number: try request.parameters.require("version")
            )
        else {
            throw BrokerError.notFound(
                "No version with number '\(try request.parameters.require("version"))' found for pacticipant '\(pacticipant.name)'"
            )
        }
        return (pacticipant, version)
    }

    // MARK: Pacticipants

    static func listPacticipants(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        var items = try await store.pacticipants()
        if let filter = request.query["q"]?.stringValue, !filter.isEmpty {
            items = items.filter { $0.name.localizedCaseInsensitiveContains(filter) }
        }
        let latest = try await store.latestVersions()
        let embedded = items.map { pacticipantJSON($0, request, latest: latest[$0.id]) }
        let deprecated = embedded.map { item -> JSONValue in
            guard case .object(var members) = item else { return item }
            members["title"] = "DEPRECATED - please use _embedded.pacticipants"
            return .object(members)
        }
        let links = items.map {
            link(request.url("pacticipants", $0.name), title: $0.displayName ?? $0.name, name: $0.name)
        }
        return .ok([
            "_embedded": ["pacticipants": .array(embedded)],
            "pacticipants": .array(deprecated),
            "_links": [
                "self": link(request.url("pacticipants")), "pb:pacticipants": .array(links),
                "pacticipants": .array(links),
            ],
        ])
    }

    static func applyPacticipantFields(
        _ body: [String: JSONValue],
        to record: inout PacticipantRecord,
        replace: Bool
    )
        throws(BrokerError)
    {
        func field(_ key: String) throws(BrokerError) -> String?? {
            guard let value = body[key] else { return replace ? .some(nil) : nil }
            if value == .null { return .some(nil) }
            guard let text = value.stringValue else { throw BrokerError.validation([key: ["must be a string"]]) }
            return .some(text)
        }
        if let value = try field("displayName") { record.displayName = value }
        if let value = try field("mainBranch") { record.mainBranch = value }
        if let value = try field("repositoryUrl") { record.repositoryURL = value }
        if let value = try field("repositoryName") { record.repositoryName = value }
        if let value = try field("repositoryNamespace") { record.repositoryNamespace = value }
        if record.displayName?.isEmpty != false { record.displayName = BrokerStore.displayName(for: record.name) }
    }

    static func createPacticipant(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let body = try request.jsonObject()
        guard let name = body["name"]?.stringValue, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw BrokerError.validation(["name": ["is missing"]])
        }
        let (created, isNew) = try await store.ensurePacticipant(named: name)
        guard isNew else { throw BrokerError.conflict("A pacticipant with name '\(name)' already exists") }
        var record = created
        try applyPacticipantFields(body, to: &record, replace: false)
        try await store.updatePacticipant(record)
        let saved = try await requirePacticipant(name, store)
        return .created(pacticipantJSON(saved, request), location: request.url("pacticipants", name))
    }

    static func getPacticipant(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let pacticipant = try await requirePacticipant(try request.parameters.require("pacticipant"), store)
        let latest = try await store.latestVersion(pacticipantID: pacticipant.id)
        return .ok(pacticipantJSON(pacticipant, request, latest: latest))
    }

    static func patchPacticipant(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let body = try request.jsonObject()
        let (existing, created) = try await store.ensurePacticipant(
            named: try request.parameters.require("pacticipant")
        )
        var record = existing
        try applyPacticipantFields(body, to: &record, replace: false)
        try await store.updatePacticipant(record)
        let saved = try await requirePacticipant(record.name, store)
        if created {
            return .created(pacticipantJSON(saved, request), location: request.url("pacticipants", saved.name))
        }
        return .ok(pacticipantJSON(saved, request))
    }

    static func putPacticipant(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let body = try request.jsonObject()
        var record = try await requirePacticipant(try request.parameters.require("pacticipant"), store)
        try applyPacticipantFields(body, to: &record, replace: true)
        try await store.updatePacticipant(record)
        return .ok(pacticipantJSON(try await requirePacticipant(record.name, store), request))
    }

    static func deletePacticipant(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let record = try await requirePacticipant(try request.parameters.require("pacticipant"), store)
        try await store.deletePacticipant(id: record.id)
        return .noContent
    }

    // MARK: Versions

    static func listVersions(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let pacticipant = try await requirePacticipant(try request.parameters.require("pacticipant"), store)
        let environments = try await store.environments()
        var items: [JSONValue] = []
        for version in try await store.versions(pacticipantID: pacticipant.id) {
            items.append(
                try await versionJSON(version, pacticipant: pacticipant, request, store, environments: environments)
            )
        }
        return .ok([
            "_embedded": ["versions": .array(items)],
            "_links": ["self": link(request.url("pacticipants", pacticipant.name, "versions"))],
        ])
    }

    static func getVersion(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (pacticipant, version) = try await requireVersion(request, store)
        return .ok(try await versionJSON(version, pacticipant: pacticipant, request, store))
    }

    static func putVersion(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let body = try request.jsonObject()
        let (pacticipant, _) = try await store.ensurePacticipant(named: try request.parameters.require("pacticipant"))
        let (version, created) = try await store.ensureVersion(
            pacticipantID: pacticipant.id,
            number: try request.parameters.require("version")
        )
        if let buildURL = body["buildUrl"] {
            guard buildURL == .null || buildURL.stringValue != nil else {
                throw BrokerError.validation(["buildUrl": ["must be a string"]])
            }
            try await store.setBuildURL(versionID: version.id, buildURL.stringValue)
        } else if request.method == "PUT" {
            try await store.setBuildURL(versionID: version.id, nil)
        }
        if let branch = body["branch"]?.stringValue, !branch.isEmpty {
            try await store.addToBranch(pacticipantID: pacticipant.id, branch: branch, versionID: version.id)
        }
        for tag in body["tags"]?.arrayValue ?? [] {
            if let name = tag.stringValue ?? tag["name"]?.stringValue {
                try await store.addTag(versionID: version.id, name: name)
            }
        }
        let saved = try await store.version(id: version.id) ?? version
        let json = try await versionJSON(saved, pacticipant: pacticipant, request, store)
        return created
            ? .created(json, location: request.url("pacticipants", pacticipant.name, "versions", version.number))
            : .ok(json)
    }

    static func deleteVersion(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (_, version) = try await requireVersion(request, store)
        try await store.deleteVersion(id: version.id)
        return .noContent
    }

    static func latestVersion(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let pacticipant = try await requirePacticipant(try request.parameters.require("pacticipant"), store)
        let tag = request.parameters.get("tag")
        guard let version = try await store.latestVersion(pacticipantID: pacticipant.id, tag: tag) else {
            throw BrokerError.notFound(
                "No \(tag.map { "version with tag '\($0)'" } ?? "version") found for pacticipant '\(pacticipant.name)'"
            )
        }
        return .ok(try await versionJSON(version, pacticipant: pacticipant, request, store))
    }

    // MARK: Tags

    static func getTag(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (pacticipant, version) = try await requireVersion(request, store)
        let tag = try request.parameters.require("tag")
        guard try await store.tagNames(versionID: version.id).contains(tag) else {
            throw BrokerError.notFound("No tag '\(tag)' on version \(version.number) of '\(pacticipant.name)'")
        }
        return .ok(try await tagJSON(tag, version: version, pacticipant: pacticipant, request, store))
    }

    static func putTag(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        _ = try request.json()
        let (pacticipant, _) = try await store.ensurePacticipant(named: try request.parameters.require("pacticipant"))
        let (version, _) = try await store.ensureVersion(
            pacticipantID: pacticipant.id,
            number: try request.parameters.require("version")
        )
        let tag = try request.parameters.require("tag")
        let created = try await store.addTag(versionID: version.id, name: tag)
        let json = try await tagJSON(tag, version: version, pacticipant: pacticipant, request, store)
        return created
            ? .created(
                json,
                location: request.url("pacticipants", pacticipant.name, "versions", version.number, "tags", tag)
            )
            : .ok(json)
    }

    static func deleteTag(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (pacticipant, version) = try await requireVersion(request, store)
        let tag = try request.parameters.require("tag")
        guard try await store.tagNames(versionID: version.id).contains(tag) else {
            throw BrokerError.notFound("No tag '\(tag)' on version \(version.number) of '\(pacticipant.name)'")
        }
        try await store.deleteTag(versionID: version.id, name: tag)
        return .noContent
    }

    // MARK: Branches

    static func branchJSON(
        _ name: String,
        createdAt: String,
        pacticipant: PacticipantRecord,
        _ request: BrokerRequest
    )
        -> JSONValue
    {
        [
            "name": .string(name), "createdAt": .string(createdAt),
            "_links": [
                "self": link(
                    request.url("pacticipants", pacticipant.name, "branches", name),
                    title: "Branch",
                    name: name
                ),
                "pb:latest-version": link(
                    request.url("pacticipants", pacticipant.name, "branches", name, "latest-version")
                ),
                "pb:pacticipant": link(request.url("pacticipants", pacticipant.name), name: pacticipant.name),
            ],
        ]
    }

    static func listBranches(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let pacticipant = try await requirePacticipant(try request.parameters.require("pacticipant"), store)
        let branches = try await store.branches(pacticipantID: pacticipant.id)
        return .ok([
            "_embedded": [
                "branches": .array(
                    branches.map { branchJSON($0.name, createdAt: $0.createdAt, pacticipant: pacticipant, request) }
                )
            ],
            "_links": ["self": link(request.url("pacticipants", pacticipant.name, "branches"))],
        ])
    }

    static func requireBranch(
        _ request: BrokerRequest,
        _ store: BrokerStore
    ) async throws
        -> (PacticipantRecord, id: Int, createdAt: String)
    {
        let pacticipant = try await requirePacticipant(try request.parameters.require("pacticipant"), store)
        guard
            let branch = try await store.branchID(
                pacticipantID: pacticipant.id,
                name: try request.parameters.require("branch")
            )
        else {
            throw BrokerError.notFound(
                "No branch '\(try request.parameters.require("branch"))' found for pacticipant '\(pacticipant.name)'"
            )
        }
        return (pacticipant, branch.id, branch.createdAt)
    }

    static func getBranch(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (pacticipant, _, createdAt) = try await requireBranch(request, store)
        return .ok(
            branchJSON(
                try request.parameters.require("branch"),
                createdAt: createdAt,
                pacticipant: pacticipant,
                request
            )
        )
    }

    static func deleteBranch(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (_, id, _) = try await requireBranch(request, store)
        try await store.deleteBranch(id: id)
        return .noContent
    }

    static func branchLatestVersion(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (pacticipant, _, _) = try await requireBranch(request, store)
        guard
            let version = try await store.latestVersion(
                pacticipantID: pacticipant.id,
                branch: try request.parameters.require("branch")
            )
        else { throw BrokerError.notFound("Branch '\(try request.parameters.require("branch"))' has no versions") }
        return .ok(try await versionJSON(version, pacticipant: pacticipant, request, store))
    }

    static func branchVersionJSON(
        _ request: BrokerRequest,
        pacticipant: PacticipantRecord,
        version: VersionRecord
    ) throws -> JSONValue {
        let branch = try request.parameters.require("branch")
        return [
            "name": .string(branch),
            "_links": [
                "self": link(
                    request.url("pacticipants", pacticipant.name, "branches", branch, "versions", version.number)
                ),
                "pb:branch": link(request.url("pacticipants", pacticipant.name, "branches", branch), name: branch),
                "pb:version": link(
                    request.url("pacticipants", pacticipant.name, "versions", version.number),
                    name: version.number
                ),
            ],
        ]
    }

    static func getBranchVersion(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (pacticipant, branchID, _) = try await requireBranch(request, store)
        let (_, version) = try await requireVersion(request, store)
        guard try await store.isOnBranch(versionID: version.id, branchID: branchID) else {
            throw BrokerError.notFound(
                "Version \(version.number) is not on branch '\(try request.parameters.require("branch"))'"
            )
        }
        return .ok(try branchVersionJSON(request, pacticipant: pacticipant, version: version))
    }

    static func putBranchVersion(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        _ = try request.json()
        let (pacticipant, _) = try await store.ensurePacticipant(named: try request.parameters.require("pacticipant"))
        let (version, _) = try await store.ensureVersion(
            pacticipantID: pacticipant.id,
            number: try request.parameters.require("version")
        )
        let added = try await store.addToBranch(
            pacticipantID: pacticipant.id,
            branch: try request.parameters.require("branch"),
            versionID: version.id
        )
        let json = try branchVersionJSON(request, pacticipant: pacticipant, version: version)
        return added
            ? .created(
                json,
                location: request.url(
                    "pacticipants",
                    pacticipant.name,
                    "branches",
                    try request.parameters.require("branch"),
                    "versions",
                    version.number
                )
            )
            : .ok(json)
    }

    static func deleteBranchVersion(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (_, branchID, _) = try await requireBranch(request, store)
        let (_, version) = try await requireVersion(request, store)
        try await store.removeFromBranch(versionID: version.id, branchID: branchID)
        return .noContent
    }
}
