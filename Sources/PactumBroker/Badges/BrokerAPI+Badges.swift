import Foundation
import Hummingbird
import PactumCore

/// SVG verification-status badges at the Pact Broker's paths, rendered by the broker itself.
///
/// The status is the latest verification of the latest pact (optionally of a consumer version with a tag or on a
/// branch): `verified` (green), `failed` (red), `unknown` (grey, never verified) or `not found` (grey, no such pact).
/// `?label=consumer` or `?label=provider` shows only that name, any other `label` replaces the left-hand text.
extension BrokerAPI {
    /// Declared before the pact routes: `/pacts/provider/:p/consumer/:c/latest/badge` would otherwise be read as
    /// the latest pact with the tag `badge`.
    static let badgeRoutes: [BrokerRoute] = [
        BrokerRoute("GET", "/pacts/provider/:provider/consumer/:consumer/latest/badge", pactBadge),
        BrokerRoute("GET", "/pacts/provider/:provider/consumer/:consumer/latest/badge.svg", pactBadge),
        BrokerRoute("GET", "/pacts/provider/:provider/consumer/:consumer/latest/:tag/badge", pactBadge),
        BrokerRoute("GET", "/pacts/provider/:provider/consumer/:consumer/latest/:tag/badge.svg", pactBadge),
        BrokerRoute("GET", "/pacts/provider/:provider/consumer/:consumer/branch/:branch/latest/badge", pactBadge),
        BrokerRoute("GET", "/pacts/provider/:provider/consumer/:consumer/branch/:branch/latest/badge.svg", pactBadge),
        BrokerRoute(
            "GET",
            "/matrix/provider/:provider/latest/:providerTag/consumer/:consumer/latest/:consumerTag/badge",
            matrixBadge
        ),
        BrokerRoute(
            "GET",
            "/matrix/provider/:provider/latest/:providerTag/consumer/:consumer/latest/:consumerTag/badge.svg",
            matrixBadge
        ),
    ]

    static func pactBadge(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let providerName = try request.parameters.require("provider")
        let consumerName = try request.parameters.require("consumer")
        let tag = request.parameters.get("tag")
        let branch = request.parameters.get("branch")
        var status = VerificationStatus.notFound
        if let provider = try await store.pacticipant(named: providerName),
            let consumer = try await store.pacticipant(named: consumerName),
            let publication = try await store.latestPublication(
                consumerID: consumer.id,
                providerID: provider.id,
                tag: tag,
                branch: branch
            )
        {
            let verification = try await store.latestVerification(
                contentID: publication.contentID,
                providerID: provider.id
            )
            status = VerificationStatus(success: verification?.success)
        }
        let title = badgeTitle(request, consumer: consumerName, provider: providerName, found: status != .notFound)
        return badgeResponse(Badge(label: title, status: status))
    }

    static func matrixBadge(_ request: BrokerRequest, _ store: BrokerStore) async throws -> BrokerResponse {
        let providerName = try request.parameters.require("provider")
        let consumerName = try request.parameters.require("consumer")
        var status = VerificationStatus.notFound
        if let provider = try await store.pacticipant(named: providerName),
            let consumer = try await store.pacticipant(named: consumerName),
            let providerVersion = try await store.latestVersion(
                pacticipantID: provider.id,
                tag: try request.parameters.require("providerTag")
            ),
            let consumerVersion = try await store.latestVersion(
                pacticipantID: consumer.id,
                tag: try request.parameters.require("consumerTag")
            ),
            let publication = try await store.publication(
                consumerVersionID: consumerVersion.id,
                providerID: provider.id
            )
        {
            let verification = try await store.latestVerification(
                contentID: publication.contentID,
                providerVersionID: providerVersion.id
            )
            status = VerificationStatus(success: verification?.success)
        }
        let title = badgeTitle(
            request,
            consumer: "\(consumerName) (\(try request.parameters.require("consumerTag")))",
            provider: "\(providerName) (\(try request.parameters.require("providerTag")))",
            found: status != .notFound
        )
        return badgeResponse(Badge(label: title, status: status))
    }

    /// The left-hand text as the Pact Broker words it: "consumer/provider pact", or one name with
    /// `label=consumer` / `label=provider`; any other label is shown as given.
    static func badgeTitle(_ request: BrokerRequest, consumer: String, provider: String, found: Bool) -> String {
        let label = request.query["label"]?.stringValue ?? ""
        switch label.lowercased() {
        case "": return found ? "\(consumer)/\(provider) pact".lowercased() : "pact not found"
        case "consumer": return "\(consumer) pact".lowercased()
        case "provider": return "\(provider) pact".lowercased()
        default: return label
        }
    }

    static func badgeResponse(_ badge: Badge) -> BrokerResponse {
        BrokerResponse(
            status: 200,
            json: nil,
            headers: [("Cache-Control", "no-cache")],
            contentType: "image/svg+xml;charset=utf-8",
            text: badge.svg
        )
    }
}
