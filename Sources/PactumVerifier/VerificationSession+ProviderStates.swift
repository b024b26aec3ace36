import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import PactumCore

/// What setting up or tearing down an interaction's provider states gave: values for generators, warnings, and a
/// failure when a state could not be changed.
struct StateChangeOutcome: Sendable {
    var values: [String: JSONValue] = [:]
    var warnings: [String] = []
    var failure: VerificationFailure?
}

extension VerificationSession {
    /// Calls the state set-up for each of the interaction's provider states (or the empty state when it has none).
    func changeStates(of interaction: Interaction, action: ProviderStateChange.Action) async -> StateChangeOutcome {
        var outcome = StateChangeOutcome()
        let states = interaction.providerStates.isEmpty ? [ProviderState("")] : interaction.providerStates
        for state in states { outcome.values.merge(state.params) { _, new in new } }
        if action == .setup, let failure = missingHandlers(for: states) {
            outcome.failure = failure
            return outcome
        }
        for state in states {
            let change = ProviderStateChange(
                name: state.name,
                params: state.params,
                action: action,
                interactionDescription: interaction.description
            )
            do {
                let values = try await perform(change, warnings: &outcome.warnings)
                outcome.values.merge(values) { _, new in new }
            } catch {
                let name = state.name.isEmpty ? "the empty provider state" : "provider state '\(state.name)'"
                outcome.failure = VerificationFailure(
                    kind: .stateChangeFailed,
                    message: "The \(action.rawValue) of \(name) failed: \(error)"
                )
                return outcome
            }
        }
        return outcome
    }

    /// With `.handlers(…, failsWithoutHandler: true)`, the failure for states the contract names that have no
    /// handler, before any state is set up.
    private func missingHandlers(for states: [ProviderState]) -> VerificationFailure? {
        guard case .handlers(let handlers, failsWithoutHandler: true) = configuration.providerStates.storage else {
            return nil
        }
        let missing = states.map(\.name).filter { !$0.isEmpty && handlers[$0] == nil }
        guard !missing.isEmpty else { return nil }
        let names = missing.map { "'\($0)'" }.joined(separator: ", ")
        let known = handlers.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
        return VerificationFailure(
            kind: .stateChangeFailed,
            message: "There is no handler for provider state \(names) (the handlers are for "
                + "\(known.isEmpty ? "no state" : known)): add one to providerStates: .handlers([…]), "
                + "or pass failsWithoutHandler: false to verify the interaction without setting the state up"
        )
    }

    private func perform(_ change: ProviderStateChange, warnings: inout [String]) async throws -> [String: JSONValue] {
        switch configuration.providerStates.storage {
        case .none:
            if !change.name.isEmpty, change.action == .setup {
                warnings.append(
                    "There was no provider state callback configured for provider state '\(change.name)'; "
                        + "the interaction was verified without setting it up"
                )
            }
            return [:]
        case .callback(let callback):
            return try await callback(change)
        case .handlers(let handlers, _):
            guard !change.name.isEmpty else { return [:] }
            guard let handler = handlers[change.name] else {
                if change.action == .setup {
                    warnings.append(
                        "There is no handler for provider state '\(change.name)'; the interaction was verified "
                            + "without setting it up"
                    )
                }
                return [:]
            }
            return try await handler(change)
        case .url(let url, let asQuery):
            return try await postStateChange(change, to: url, asQuery: asQuery)
        }
    }

    private func postStateChange(
        _ change: ProviderStateChange,
        to url: String,
        asQuery: Bool
    ) async throws -> [String: JSONValue] {
        var target = url
        var headers: [(name: String, value: String)] = []
        var body: [UInt8]?
        if asQuery {
            var query: [String: [String]] = ["state": [change.name], "action": [change.action.rawValue]]
            for (name, value) in change.params { query[name] = [value.stringValue ?? JSONWriter.compact(value)] }
            target += (url.contains("?") ? "&" : "?") + QueryString.format(query)
        } else {
            let json: JSONValue = .object([
                "state": .string(change.name),
                "params": .object(change.params),
                "action": .string(change.action.rawValue),
            ])
            headers.append(("Content-Type", "application/json"))
            body = Array(JSONWriter.compact(json).utf8)
        }
        for header in configuration.customHeaders {
            headers.removeAll { $0.name.lowercased() == header.name.lowercased() }
            headers.append(header)
        }
        let response: ProviderHTTPResponse
        do {
            response = try await provider.execute(
                method: "POST",
                url: target,
                headers: headers,
                body: body,
                timeout: TimeAmount(configuration.requestTimeout),
                maximumBodySize: 1 << 20,
                verifyCertificates: configuration.verifyTLSCertificates
            )
        } catch {
            throw StateChangeError(message: "the state-change URL \(url) could not be called: \(Self.describe(error))")
        }
        let bytes = response.body
        guard (200..<300).contains(response.status) else {
            let text = String(decoding: bytes.prefix(200), as: UTF8.self)
            throw StateChangeError(
                message: "the state-change URL \(url) answered \(response.status)"
                    + (text.isEmpty ? "" : " with '\(text)'")
            )
        }
        if case .object(let values)? = try? JSONParser.parse(bytes: bytes) { return values }
        return [:]
    }
}

struct StateChangeError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
