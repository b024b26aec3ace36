import PactumCore

/// Renders a verification for a person reading CI output: per pact and interaction what was checked, each
/// mismatch with its sentence, pending failures marked as not failing the build, and a summary.
public struct ConsoleReport: Sendable {
    /// Whether ANSI colours are used.
    public var colour: Bool

    public init(colour: Bool) {
        self.colour = colour
    }

    /// The heading printed before a pact's interactions.
    public func heading(for pact: PactVerificationResult) -> String {
        var lines = ["", bold("Verifying a pact between \(pact.consumer) and \(pact.provider)")]
        lines.append("  [from \(pact.source)]")
        if let description = pact.shortDescription { lines.append("  [\(description)]") }
        if pact.pending { lines.append("  [PENDING: failures of this pact do not fail the verification]") }
        if pact.wip { lines.append("  [WIP: a work-in-progress pact]") }
        for notice in pact.notices where notice.when == "before_verification" { lines.append("  \(notice.text)") }
        return lines.joined(separator: "\n")
    }

    /// The lines of one interaction: description, states, request, checks, warnings.
    public func lines(for interaction: InteractionVerificationResult) -> String {
        var lines: [String] = []
        var title = "  \(interaction.description)"
        if interaction.pending { title += " [PENDING]" }
        title += " (\(Self.milliseconds(interaction.duration)))"
        lines.append(title)
        if let testName = interaction.testName { lines.append("    Test Name: \(testName)") }
        for comment in interaction.comments { lines.append("    \(comment)") }
        for state in interaction.providerStates where !state.name.isEmpty { lines.append("    Given \(state.name)") }
        if let request = interaction.requestLine { lines.append("    \(request)") }
        if !interaction.checks.isEmpty {
            lines.append(
                interaction.type == "Synchronous/HTTP"
                    ? "    returns a response which" : "    generates a message which"
            )
        }
        for check in interaction.checks {
            let mark = check.passed ? green("OK") : (interaction.pending ? yellow("FAILED, pending") : red("FAILED"))
            lines.append("      \(check.text) (\(mark))")
        }
        for failure in interaction.failures where failure.mismatches.isEmpty {
            let text = "    \(failure.kind.title): \(failure.message)"
            lines.append(interaction.pending ? yellow(text) : red(text))
        }
        for warning in interaction.warnings { lines.append(yellow("    WARNING: \(warning)")) }
        return lines.joined(separator: "\n")
    }

    /// The failures in detail and the summary line.
    public func summary(for report: VerificationReport) -> String {
        var lines: [String] = []
        let failed = report.pacts.flatMap { pact in pact.interactions.filter { !$0.passed }.map { (pact, $0) } }
        if !failed.isEmpty {
            lines.append("")
            lines.append(bold("Failures:"))
            for (index, entry) in failed.enumerated() {
                let (pact, interaction) = entry
                let pending = interaction.pending || pact.pending
                lines.append("")
                var heading = "\(index + 1)) \(pact.consumer) → \(pact.provider): \(interaction.description)"
                if pending { heading += " [PENDING, does not fail the verification]" }
                lines.append(pending ? yellow(heading) : red(heading))
                for (number, failure) in interaction.failures.enumerated() {
                    lines.append("    \(index + 1).\(number + 1)) \(failure.kind.title)")
                    if !failure.message.isEmpty { lines.append("         \(failure.message)") }
                    for mismatch in failure.mismatches {
                        let path = mismatch.path.isEmpty ? mismatch.part.rawValue : mismatch.path
                        lines.append("         \(path): \(mismatch.message)")
                    }
                }
            }
        }
        for pact in report.pacts {
            let success = pact.passed
            for notice in pact.notices where notice.when.hasPrefix("after_verification:success_\(success)") {
                let published = pact.publication != nil
                if notice.when.hasSuffix("published_\(published)") { lines.append(notice.text) }
            }
            if let publication = pact.publication { lines.append(publication) }
        }
        if !report.warnings.isEmpty { lines.append("") }
        for warning in report.warnings { lines.append(yellow("WARNING: \(warning)")) }
        let total = report.interactions.count
        let failedCount = report.pacts.reduce(0) { $0 + $1.blockingFailures.count }
        let pendingCount = report.pacts.reduce(0) { $0 + $1.pendingFailures.count }
        var summary =
            "\(total) interaction\(total == 1 ? "" : "s") in \(report.pacts.count) pact"
            + "\(report.pacts.count == 1 ? "" : "s"): \(total - failedCount - pendingCount) passed, \(failedCount) failed"
        if pendingCount > 0 { summary += ", \(pendingCount) pending failed (not failing the verification)" }
        if report.stoppedEarly { summary += "; stopped at the first failure" }
        lines.append("")
        lines.append(report.success ? green(summary) : red(summary))
        return lines.joined(separator: "\n")
    }

    /// The whole report as text.
    public func render(_ report: VerificationReport) -> String {
        var text = ""
        for pact in report.pacts {
            text += heading(for: pact) + "\n"
            for interaction in pact.interactions { text += lines(for: interaction) + "\n" }
        }
        return text + summary(for: report) + "\n"
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let micros = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        return micros < 10_000 ? "\(Double(micros / 10) / 100) ms" : "\(micros / 1000) ms"
    }

    private func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    private func red(_ text: String) -> String { paint(text, "31") }
    private func green(_ text: String) -> String { paint(text, "32") }
    private func yellow(_ text: String) -> String { paint(text, "33") }
    private func bold(_ text: String) -> String { paint(text, "1") }
}
