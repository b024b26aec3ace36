import Foundation
import PactumCore

/// A structural comparison of two pacts: interactions added, removed and changed (matched by description and
/// provider states), with every changed value named by its JSON path, and changes outside the interactions
/// (metadata). The broker's `…/diff/previous-distinct` and `…/diff/version/{other}` resources answer with it.
struct PactDiff: Sendable, Equatable {
    /// One value that differs: `before` is nil when it was added, `after` is nil when it was removed.
    struct Change: Sendable, Equatable {
        var path: String
        var before: JSONValue?
        var after: JSONValue?
    }

    /// An interaction present in both pacts with different content.
    struct ChangedInteraction: Sendable, Equatable {
        var interaction: String
        var changes: [Change]
    }

    /// Interactions only in the newer pact.
    var added: [String] = []
    /// Interactions only in the older pact.
    var removed: [String] = []
    var changed: [ChangedInteraction] = []
    /// Differences outside the interactions (metadata and other top-level members).
    var otherChanges: [Change] = []

    var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty && otherChanges.isEmpty }

    /// Members that are not part of the contract's meaning (broker bookkeeping) and are left out of the comparison.
    static let ignoredMembers: Set<String> = ["_links", "createdAt", "_id", "interactionMarkup"]

    init(from old: JSONValue, to new: JSONValue) {
        let before = Self.keyedInteractions(old)
        let after = Self.keyedInteractions(new)
        let beforeKeys = Set(before.map(\.key))
        let afterKeys = Set(after.map(\.key))
        added = after.map(\.key).filter { !beforeKeys.contains($0) }
        removed = before.map(\.key).filter { !afterKeys.contains($0) }
        let afterByKey = Dictionary(after.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        for (key, value) in before {
            guard let newer = afterByKey[key] else { continue }
            var changes: [Change] = []
            Self.compare(value, newer, path: "$", into: &changes)
            if !changes.isEmpty { changed.append(ChangedInteraction(interaction: key, changes: changes)) }
        }
        var outside: [Change] = []
        Self.compare(Self.withoutInteractions(old), Self.withoutInteractions(new), path: "$", into: &outside)
        otherChanges = outside
    }

    /// "description" or "description (given state, other state)"; repeated keys get " #2", " #3"…
    static func keyedInteractions(_ pact: JSONValue) -> [(key: String, value: JSONValue)] {
        let interactions = (pact["interactions"]?.arrayValue ?? []) + (pact["messages"]?.arrayValue ?? [])
        var seen: [String: Int] = [:]
        return interactions.map { interaction in
            var key = interaction["description"]?.stringValue ?? "(no description)"
            var states: [String] = []
            if let state = interaction["providerState"]?.stringValue ?? interaction["provider_state"]?.stringValue {
                states.append(state)
            }
            for state in interaction["providerStates"]?.arrayValue ?? [] {
                if let name = state["name"]?.stringValue { states.append(name) }
            }
            if !states.isEmpty { key += " (given " + states.joined(separator: ", ") + ")" }
            let count = (seen[key] ?? 0) + 1
            seen[key] = count
            if count > 1 { key += " #\(count)" }
            return (key, interaction)
        }
    }

    static func withoutInteractions(_ pact: JSONValue) -> JSONValue {
        guard case .object(var members) = pact else { return pact }
        for key in ["interactions", "messages", "consumer", "provider"] { members[key] = nil }
        return .object(members)
    }

    static func compare(_ before: JSONValue?, _ after: JSONValue?, path: String, into changes: inout [Change]) {
        switch (before, after) {
        case (.object(let old)?, .object(let new)?):
            for key in Set(old.keys).union(new.keys).sorted() where !ignoredMembers.contains(key) {
                compare(old[key], new[key], path: member(path, key), into: &changes)
            }
        case (.array(let old)?, .array(let new)?):
            for index in 0..<max(old.count, new.count) {
                compare(
                    index < old.count ? old[index] : nil,
                    index < new.count ? new[index] : nil,
                    path: "\(path)[\(index)]",
                    into: &changes
                )
            }
        default:
            if before != after { changes.append(Change(path: path, before: before, after: after)) }
        }
    }

    static func member(_ path: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        if plain { return path + "." + key }
        return path + "['" + key.replacingOccurrences(of: "'", with: "\\'") + "']"
    }

    // MARK: Representations

    var json: JSONValue {
        func change(_ change: Change) -> JSONValue {
            object([("path", .string(change.path)), ("before", change.before), ("after", change.after)])
        }
        return [
            "identical": .bool(isEmpty),
            "summary": .string(summary),
            "interactionsAdded": .array(added.map(JSONValue.string)),
            "interactionsRemoved": .array(removed.map(JSONValue.string)),
            "interactionsChanged": .array(
                changed.map { ["interaction": .string($0.interaction), "changes": .array($0.changes.map(change))] }
            ),
            "otherChanges": .array(otherChanges.map(change)),
        ]
    }

    var summary: String {
        if isEmpty { return "The two pacts have the same content." }
        var parts: [String] = []
        func count(_ n: Int, _ what: String) {
            if n > 0 { parts.append("\(n) interaction\(n == 1 ? "" : "s") \(what)") }
        }
        count(added.count, "added")
        count(removed.count, "removed")
        count(changed.count, "changed")
        if !otherChanges.isEmpty {
            parts.append("\(otherChanges.count) other change\(otherChanges.count == 1 ? "" : "s")")
        }
        return parts.joined(separator: ", ")
    }

    /// A unified-diff-like text: `+` added, `-` removed, `~` changed with each path's old and new value.
    var text: String {
        var lines = [summary]
        for key in added { lines.append("+ interaction '\(key)'") }
        for key in removed { lines.append("- interaction '\(key)'") }
        func render(_ change: Change, indent: String) {
            switch (change.before, change.after) {
            case (nil, let after?): lines.append("\(indent)+ \(change.path): \(after.jsonText)")
            case (let before?, nil): lines.append("\(indent)- \(change.path): \(before.jsonText)")
            default:
                lines.append("\(indent)- \(change.path): \(change.before?.jsonText ?? "")")
                lines.append("\(indent)+ \(change.path): \(change.after?.jsonText ?? "")")
            }
        }
        for interaction in changed {
            lines.append("~ interaction '\(interaction.interaction)'")
            for change in interaction.changes { render(change, indent: "    ") }
        }
        if !otherChanges.isEmpty {
            lines.append("~ outside the interactions")
            for change in otherChanges { render(change, indent: "    ") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
