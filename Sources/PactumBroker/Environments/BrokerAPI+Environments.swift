import Foundation
import Hummingbird
import PactumCore

extension BrokerAPI {
    /// Environments, and the deployments and releases of versions to them.
    static let environmentRoutes: [BrokerRoute] = [
        BrokerRoute(
            "GET",
            "/pacticipants/:pacticipant/versions/:version/deployed-versions/environment/:uuid",
            listVersionDeployments
        ),
        BrokerRoute(
            "POST",
            "/pacticipants/:pacticipant/versions/:version/deployed-versions/environment/:uuid",
            recordDeployment
        ),
        BrokerRoute(
            "GET",
            "/pacticipants/:pacticipant/versions/:version/released-versions/environment/:uuid",
            listVersionReleases
        ),
        BrokerRoute(
            "POST",
            "/pacticipants/:pacticipant/versions/:version/released-versions/environment/:uuid",
            recordRelease
        ),
        BrokerRoute("GET", "/deployed-versions/:uuid", getDeployedVersion),
        BrokerRoute("PATCH", "/deployed-versions/:uuid", patchDeployedVersion),
        BrokerRoute("GET", "/released-versions/:uuid", getReleasedVersion),
        BrokerRoute("PATCH", "/released-versions/:uuid", patchReleasedVersion),
        // Environments
        BrokerRoute("GET", "/environments", listEnvironments),
        BrokerRoute("POST", "/environments", createEnvironment),
        BrokerRoute("GET", "/environments/:uuid", getEnvironment),
        BrokerRoute("PUT", "/environments/:uuid", putEnvironment),
        BrokerRoute("DELETE", "/environments/:uuid", deleteEnvironment),
        BrokerRoute("GET", "/environments/:uuid/deployed-versions/currently-deployed", currentlyDeployed),
        BrokerRoute("GET", "/environments/:uuid/released-versions/currently-supported", currentlySupported),
    ]

    static func environmentJSON(_ e: EnvironmentRecord, _ request: BrokerRequest) -> JSONValue {
        let selfURL = request.url("environments", e.uuid)
        return object([
            ("uuid", .string(e.uuid)),
            ("name", .string(e.name)),
            ("displayName", .string(e.displayName ?? BrokerStore.displayName(for: e.name))),
            ("production", .bool(e.production)),
            ("contacts", e.contacts),
            ("createdAt", .string(e.createdAt)),
            ("updatedAt", .string(e.updatedAt)),
            (
                "_links",
                [
                    "self": link(selfURL, title: "Environment", name: e.name),
                    "pb:currently-deployed-deployed-versions": link(
                        selfURL + "/deployed-versions/currently-deployed",
                        title: "Versions currently deployed to \(e.name) environment"
                    ),
                    "pb:currently-supported-released-versions": link(
                        selfURL + "/released-versions/currently-supported",
                        title: "Versions released and supported in \(e.name) environment"
                    ),
                    "pb:environments": link(request.url("environments"), title: "Environments"),
                ]
            ),
        ])
    }

    static func requireEnvironment(_ uuid: String, _ store: BrokerStore) async throws -> EnvironmentRecord {
        guard let environment = try await store.environment(uuid: uuid) else {
            throw BrokerError.notFound("No environment with UUID '\(uuid)' found")
        }
        return environment
    }

    static func listEnvironments(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        var items = try await store.environments()
        if let name = request.query["name"]?.stringValue, !name.isEmpty { items = items.filter { $0.name == name } }
        return .ok([
            "_embedded": ["environments": .array(items.map { environmentJSON($0, request) })],
            "_links": [
                "self": link(request.url("environments"), title: "Environments"),
                "pb:environments": .array(
                    items.map { link(request.url("environments", $0.uuid), title: "Environment", name: $0.name) }
                ),
            ],
        ])
    }

    /// Validates an environment body (create or replace).
    static func environmentFields(_ body: [String: JSONValue], into record: inout EnvironmentRecord) throws(BrokerError)
    {
        var errors: [String: [String]] = [:]
        if let name = body["name"]?.stringValue, !name.isEmpty {
            if name.contains(where: \.isWhitespace) { errors["name", default: []].append("cannot contain spaces") }
            record.name = name
        } else {
            errors["name", default: []].append("is missing")
        }
        if let production = body["production"]?.boolValue {
            record.production = production
        } else {
            errors["production", default: []].append("must be true or false")
        }
        if let displayName = body["displayName"], displayName != .null {
            guard let text = displayName.stringValue else {
                throw BrokerError.validation(["displayName": ["must be a string"]])
            }
            record.displayName = text
        } else {
            record.displayName = nil
        }
        if let contacts = body["contacts"], contacts != .null {
            guard contacts.arrayValue != nil else { throw BrokerError.validation(["contacts": ["must be an array"]]) }
            record.contacts = contacts
        } else {
            record.contacts = nil
        }
        if !errors.isEmpty { throw BrokerError.validation(errors) }
    }

    static func createEnvironment(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let body = try request.jsonObject()
        let now = BrokerClock.now()
        var record = EnvironmentRecord(
            id: 0,
            uuid: body["uuid"]?.stringValue ?? UUID().uuidString.lowercased(),
            name: "",
            displayName: nil,
            production: false,
            contacts: nil,
            createdAt: now,
            updatedAt: now
        )
        try environmentFields(body, into: &record)
        if try await store.environment(named: record.name) != nil {
            let message = "Another environment with name '\(record.name)' already exists."
            throw BrokerError(status: 409, message: message, fieldErrors: ["name": [message]])
        }
        if try await store.environment(uuid: record.uuid) != nil {
            let message = "Another environment with UUID '\(record.uuid)' already exists."
            throw BrokerError(status: 409, message: message, fieldErrors: ["uuid": [message]])
        }
        try await store.insertEnvironment(record)
        let saved = try await requireEnvironment(record.uuid, store)
        return .created(environmentJSON(saved, request), location: request.url("environments", saved.uuid))
    }

    static func getEnvironment(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        .ok(environmentJSON(try await requireEnvironment(try request.parameters.require("uuid"), store), request))
    }

    static func putEnvironment(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let body = try request.jsonObject()
        var record = try await requireEnvironment(try request.parameters.require("uuid"), store)
        try environmentFields(body, into: &record)
        if let other = try await store.environment(named: record.name), other.id != record.id {
            throw BrokerError.validation(["name": ["Another environment with name '\(record.name)' already exists."]])
        }
        try await store.updateEnvironment(record)
        return .ok(environmentJSON(try await requireEnvironment(record.uuid, store), request))
    }

    static func deleteEnvironment(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let record = try await requireEnvironment(try request.parameters.require("uuid"), store)
        try await store.deleteEnvironment(id: record.id)
        return .noContent
    }

    // MARK: Deployed and released versions

    static func deploymentJSON(_ d: DeploymentRecord, released: Bool, _ request: BrokerRequest) -> JSONValue {
        let kind = released ? "released-versions" : "deployed-versions"
        var members: [(String, JSONValue?)] = [
            ("uuid", .string(d.uuid)),
            ("createdAt", .string(d.createdAt)),
            (
                "_embedded",
                [
                    "pacticipant": [
                        "name": .string(d.pacticipantName),
                        "_links": ["self": link(request.url("pacticipants", d.pacticipantName))],
                    ],
                    "version": [
                        "number": .string(d.versionNumber),
                        "_links": [
                            "self": link(request.url("pacticipants", d.pacticipantName, "versions", d.versionNumber))
                        ],
                    ],
                    "environment": [
                        "uuid": .string(d.environmentUUID), "name": .string(d.environmentName),
                        "_links": ["self": link(request.url("environments", d.environmentUUID))],
                    ],
                ]
            ),
            (
                "_links",
                [
                    "self": link(request.url(kind, d.uuid)),
                    "pb:environment": link(request.url("environments", d.environmentUUID), name: d.environmentName),
                ]
            ),
        ]
        if released {
            members += [("currentlySupported", .bool(d.current)), ("supportEndedAt", d.endedAt.json)]
        } else {
            members += [
                ("currentlyDeployed", .bool(d.current)), ("undeployedAt", d.endedAt.json),
                ("applicationInstance", d.applicationInstance.json), ("target", d.applicationInstance.json),
            ]
        }
        return object(members)
    }

    static func listVersionDeployments(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (_, version) = try await requireVersion(request, store)
        let environment = try await requireEnvironment(try request.parameters.require("uuid"), store)
        let items = try await store.deployedVersions(versionID: version.id, environmentID: environment.id)
        return .ok([
            "_embedded": ["deployedVersions": .array(items.map { deploymentJSON($0, released: false, request) })],
            "_links": ["self": link(request.baseURL + request.path)],
        ])
    }

    static func listVersionReleases(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let (_, version) = try await requireVersion(request, store)
        let environment = try await requireEnvironment(try request.parameters.require("uuid"), store)
        let items = try await store.releasedVersions(versionID: version.id, environmentID: environment.id)
        return .ok([
            "_embedded": ["releasedVersions": .array(items.map { deploymentJSON($0, released: true, request) })]
        ])
    }

    static func recordDeployment(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let body = try request.jsonObject()
        let (_, version) = try await requireVersion(request, store)
        let environment = try await requireEnvironment(try request.parameters.require("uuid"), store)
        let instance = body["applicationInstance"]?.stringValue ?? body["target"]?.stringValue ?? ""
        let (record, _) = try await store.recordDeployment(
            version: version,
            environment: environment,
            applicationInstance: instance
        )
        return .created(
            deploymentJSON(record, released: false, request),
            location: request.url("deployed-versions", record.uuid)
        )
    }

    static func recordRelease(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        _ = try request.json()
        let (_, version) = try await requireVersion(request, store)
        let environment = try await requireEnvironment(try request.parameters.require("uuid"), store)
        let (record, _) = try await store.recordRelease(version: version, environment: environment)
        return .created(
            deploymentJSON(record, released: true, request),
            location: request.url("released-versions", record.uuid)
        )
    }

    static func getDeployedVersion(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        guard
            let record = try await store.deployedVersion(uuid: try request.parameters.require("uuid"))
        else {
            throw BrokerError.notFound(
                "No deployed version with UUID '\(try request.parameters.require("uuid"))' found"
            )
        }
        return .ok(deploymentJSON(record, released: false, request))
    }

    static func patchDeployedVersion(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let body = try request.jsonObject()
        guard
            let record = try await store.deployedVersion(uuid: try request.parameters.require("uuid"))
        else {
            throw BrokerError.notFound(
                "No deployed version with UUID '\(try request.parameters.require("uuid"))' found"
            )
        }
        if let value = body["currentlyDeployed"] {
            guard let flag = value.boolValue else {
                throw BrokerError.validation(["currentlyDeployed": ["must be true or false"]])
            }
            if flag, !record.current {
                throw BrokerError.unprocessable("A deployed version cannot be marked as currently deployed again")
            }
            if !flag { try await store.undeploy(id: record.id) }
        }
        let saved = try await store.deployedVersion(id: record.id) ?? record
        return .ok(deploymentJSON(saved, released: false, request))
    }

    static func getReleasedVersion(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        guard
            let record = try await store.releasedVersion(uuid: try request.parameters.require("uuid"))
        else {
            throw BrokerError.notFound(
                "No released version with UUID '\(try request.parameters.require("uuid"))' found"
            )
        }
        return .ok(deploymentJSON(record, released: true, request))
    }

    static func patchReleasedVersion(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let body = try request.jsonObject()
        guard
            let record = try await store.releasedVersion(uuid: try request.parameters.require("uuid"))
        else {
            throw BrokerError.notFound(
                "No released version with UUID '\(try request.parameters.require("uuid"))' found"
            )
        }
        if let value = body["currentlySupported"] {
            guard let flag = value.boolValue else {
                throw BrokerError.validation(["currentlySupported": ["must be true or false"]])
            }
            if flag, !record.current {
                throw BrokerError.unprocessable("Support cannot be restarted by PATCH; record the release again")
            }
            if !flag { try await store.endSupport(id: record.id) }
        }
        let saved = try await store.releasedVersion(id: record.id) ?? record
        return .ok(deploymentJSON(saved, released: true, request))
    }

    static func currentlyDeployed(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let environment = try await requireEnvironment(try request.parameters.require("uuid"), store)
        var items = try await store.currentlyDeployedVersions(environmentID: environment.id)
        if let name = request.query["pacticipant"]?.stringValue { items = items.filter { $0.pacticipantName == name } }
        if let instance = request.query["applicationInstance"]?.stringValue ?? request.query["target"]?.stringValue {
            items = items.filter { ($0.applicationInstance ?? "") == instance }
        }
        return .ok([
            "_embedded": ["deployedVersions": .array(items.map { deploymentJSON($0, released: false, request) })],
            "_links": [
                "self": link(request.url("environments", environment.uuid, "deployed-versions", "currently-deployed"))
            ],
        ])
    }

    static func currentlySupported(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let environment = try await requireEnvironment(try request.parameters.require("uuid"), store)
        var items = try await store.currentlySupportedVersions(environmentID: environment.id)
        if let name = request.query["pacticipant"]?.stringValue { items = items.filter { $0.pacticipantName == name } }
        if let number = request.query["version"]?.stringValue { items = items.filter { $0.versionNumber == number } }
        return .ok([
            "_embedded": ["releasedVersions": .array(items.map { deploymentJSON($0, released: true, request) })],
            "_links": [
                "self": link(request.url("environments", environment.uuid, "released-versions", "currently-supported"))
            ],
        ])
    }
}
