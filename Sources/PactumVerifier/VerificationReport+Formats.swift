import Foundation
import PactumCore

extension VerificationReport {
    /// The report as JSON for CI systems (`-j`): overall result, and per pact and interaction the checks, failures
    /// with each mismatch (part, path, expected, actual, sentence), warnings and durations.
    public var json: JSONValue {
        .object([
            "result": .bool(success),
            "stoppedEarly": .bool(stoppedEarly),
            "warnings": .array(warnings.map(JSONValue.string)),
            "pacts": .array(pacts.map(\.json)),
            "summary": .object([
                "interactions": .integer(interactions.count),
                "passed": .integer(interactions.filter(\.passed).count),
                "failed": .integer(pacts.reduce(0) { $0 + $1.blockingFailures.count }),
                "pendingFailed": .integer(pacts.reduce(0) { $0 + $1.pendingFailures.count }),
            ]),
        ])
    }

    /// The report as JUnit XML (`-x`): a test suite per pact, a test case per interaction, failures with the
    /// mismatches; pending failures are reported as skipped so they do not fail CI dashboards.
    public var junitXML: String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let failures = pacts.reduce(0) { $0 + $1.blockingFailures.count }
        let total = interactions.count
        let seconds = Self.seconds(interactions.reduce(Duration.zero) { $0 + $1.duration })
        xml +=
            "<testsuites name=\"pact verification\" tests=\"\(total)\" failures=\"\(failures)\" time=\"\(seconds)\">\n"
        for pact in pacts {
            let name = Self.escape("\(pact.consumer) - \(pact.provider)")
            let pactSeconds = Self.seconds(pact.interactions.reduce(Duration.zero) { $0 + $1.duration })
            xml +=
                "  <testsuite name=\"\(name)\" tests=\"\(pact.interactions.count)\" "
                + "failures=\"\(pact.blockingFailures.count)\" skipped=\"\(pact.pendingFailures.count)\" "
                + "time=\"\(pactSeconds)\">\n"
            for interaction in pact.interactions {
                xml +=
                    "    <testcase classname=\"\(name)\" name=\"\(Self.escape(interaction.description))\" "
                    + "time=\"\(Self.seconds(interaction.duration))\""
                if interaction.passed {
                    xml += "/>\n"
                    continue
                }
                xml += ">\n"
                let details = interaction.failures.map(\.description).joined(separator: "\n")
                if interaction.pending || pact.pending {
                    xml +=
                        "      <skipped message=\"pending: \(Self.escape(interaction.failures.first?.kind.title ?? ""))\">"
                        + "\(Self.escape(details))</skipped>\n"
                } else {
                    let message = interaction.failures.map(\.kind.title).joined(separator: "; ")
                    xml += "      <failure message=\"\(Self.escape(message))\">\(Self.escape(details))</failure>\n"
                }
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return String(format: "%.3f", Double(millis) / 1000)
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\n", "\t", "\r": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 { escaped += " " } else { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped
    }
}

extension PactVerificationResult {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "consumer": .string(consumer),
            "provider": .string(provider),
            "source": .string(source),
            "pending": .bool(pending),
            "wip": .bool(wip),
            "success": .bool(blockingFailures.isEmpty),
            "interactions": .array(interactions.map(\.json)),
        ]
        if let shortDescription { object["shortDescription"] = .string(shortDescription) }
        if !notices.isEmpty {
            object["notices"] = .array(notices.map { .object(["when": .string($0.when), "text": .string($0.text)]) })
        }
        if let publication { object["publication"] = .string(publication) }
        return .object(object)
    }
}

extension InteractionVerificationResult {
    var json: JSONValue {
        var object: [String: JSONValue] = [
            "description": .string(description),
            "type": .string(type),
            "success": .bool(passed),
            "pending": .bool(pending),
            "providerStates": .array(providerStates.map { .string($0.name) }),
            "checks": .array(checks.map { .object(["check": .string($0.text), "passed": .bool($0.passed)]) }),
            "failures": .array(failures.map(\.json)),
            "warnings": .array(warnings.map(JSONValue.string)),
            "durationMs": .decimal(
                Double(duration.components.seconds) * 1000
                    + Double(duration.components.attoseconds) / 1e15
            ),
        ]
        if let interactionID { object["interactionId"] = .string(interactionID) }
        if let requestLine { object["request"] = .string(requestLine) }
        return .object(object)
    }
}

extension VerificationFailure {
    var json: JSONValue {
        .object([
            "kind": .string(kind.title),
            "message": .string(message),
            "mismatches": .array(mismatches.map(\.verificationJSON)),
        ])
    }
}

extension Mismatch {
    /// The mismatch in the shape the Pact Broker shows in verification results: `attribute`, `identifier`,
    /// `description`, plus expected and actual.
    var verificationJSON: JSONValue {
        var object: [String: JSONValue] = [
            "attribute": .string(part == .bodyType ? "body" : part.rawValue),
            "description": .string(message),
        ]
        if !path.isEmpty { object["identifier"] = .string(path) }
        if let expected { object["expected"] = .string(expected) }
        if let actual { object["actual"] = .string(actual) }
        return .object(object)
    }
}
