import Foundation
import Hummingbird
import PactumCore

extension BrokerAPI {
    // MARK: Labels

    static func labelJSON(
        _ name: String,
        createdAt: String,
        pacticipant: PacticipantRecord,
        _ request: BrokerRequest
    )
        -> JSONValue
    {
        [
            "name": .string(name),
            "createdAt": .string(createdAt),
            "_embedded": [
                "pacticipant": [
                    "name": .string(pacticipant.name),
                    "_links": ["self": link(request.url("pacticipants", pacticipant.name), name: pacticipant.name)],
                ]
            ],
            "_links": [
                "self": link(request.url("pacticipants", pacticipant.name, "labels", name), title: "Label", name: name),
                "pb:pacticipant": link(
                    request.url("pacticipants", pacticipant.name),
                    title: "Pacticipant",
                    name: pacticipant.name
                ),
            ],
        ]
    }

    static func getLabel(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let pacticipant = try await requirePacticipant(try request.parameters.require("pacticipant"), store)
        let name = try request.parameters.require("label")
        guard let createdAt = try await store.labelCreatedAt(pacticipantID: pacticipant.id, name: name) else {
            throw BrokerError.notFound("No label '\(name)' found for pacticipant '\(pacticipant.name)'")
        }
        return .ok(labelJSON(name, createdAt: createdAt, pacticipant: pacticipant, request))
    }

    /// PUT creates the pacticipant and the label when missing (201), else 200.
    static func putLabel(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let name = try request.parameters.require("label")
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw BrokerError.validation(["name": ["is missing"]])
        }
        let (pacticipant, _) = try await store.ensurePacticipant(named: try request.parameters.require("pacticipant"))
        let created = try await store.addLabel(pacticipantID: pacticipant.id, name: name)
        let createdAt = try await store.labelCreatedAt(pacticipantID: pacticipant.id, name: name) ?? BrokerClock.now()
        let json = labelJSON(name, createdAt: createdAt, pacticipant: pacticipant, request)
        return created
            ? .created(json, location: request.url("pacticipants", pacticipant.name, "labels", name)) : .ok(json)
    }

    static func deleteLabel(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let pacticipant = try await requirePacticipant(try request.parameters.require("pacticipant"), store)
        let name = try request.parameters.require("label")
        guard try await store.labelCreatedAt(pacticipantID: pacticipant.id, name: name) != nil else {
            throw BrokerError.notFound("No label '\(name)' found for pacticipant '\(pacticipant.name)'")
        }
        try await store.deleteLabel(pacticipantID: pacticipant.id, name: name)
        return .noContent
    }

    /// `/pacticipants/label/{l}`: the pacticipants with the label.
    static func pacticipantsWithLabel(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let items = try await store.pacticipants(withLabel: try request.parameters.require("label")).map {
            pacticipantJSON($0, request)
        }
        return .ok([
            "_embedded": ["pacticipants": .array(items)],
            "_links": ["self": link(request.url("pacticipants", "label", try request.parameters.require("label")))],
        ])
    }

    /// `/labels`: every label name in use.
    static func listLabels(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let names = try await store.allLabelNames()
        return .ok([
            "_embedded": ["labels": .array(names.map { ["name": .string($0)] })],
            "_links": ["self": link(request.url("labels"))],
        ])
    }
}
