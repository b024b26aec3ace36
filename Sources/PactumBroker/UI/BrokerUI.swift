import Foundation
import Hummingbird
import PactumBrokerWire
import PactumCore

/// The broker's server-rendered web UI (HTML with an inline style sheet, no JavaScript) under `/ui/…`; the dashboard
/// is also what a browser gets at `/`.
///
/// Every list is paginated with bounded queries (a page of integrations, a page of consumer versions), so the pages
/// stay fast on a broker with hundreds of pacticipants and millions of verification results.
enum BrokerUI {
    static let routes: [BrokerRoute] = [
        page("/ui", dashboard),
        page("/ui/dashboard", dashboard),
        page("/ui/pacts/provider/:provider/consumer/:consumer/latest", contract),
        page("/ui/pacts/provider/:provider/consumer/:consumer/version/:version", contract),
        page("/ui/matrix/provider/:provider/consumer/:consumer", integrationMatrix),
        page("/ui/can-i-deploy", canIDeploy),
        page("/ui/environments", environments),
        page("/ui/network", network),
        page("/ui/provider-contracts/:provider/:version", providerContract),
    ]

    /// A rendered page.
    struct Page: Sendable {
        var title: String
        var active: String
        var body: String
        var status = 200
    }

    /// A GET route answering HTML; broker errors (unknown pacticipant, bad query) become an HTML error page with
    /// the same status.
    static func page(
        _ path: String,
        _ render: @escaping @Sendable (BrokerRequest, BrokerStore) async throws -> Page
    ) -> BrokerRoute {
        BrokerRoute("GET", path) { request, store in
            let page: Page
            do {
                page = try await render(request, store)
            } catch {
                guard let error = BrokerError(answering: error) else { throw error }
                page = Page(
                    title: "Error",
                    active: "",
                    body:
                        "<div class=\"card\"><h1>\(error.status.code == 404 ? "Not found" : "Cannot show this page")</h1>"
                        + "<p>\(HTML.escape(error.description))</p><p><a href=\"/ui/dashboard\">Back to the "
                        + "dashboard</a></p></div>",
                    status: error.status.code
                )
            }
            return html(page)
        }
    }

    static func html(_ page: Page) -> BrokerResponse {
        BrokerResponse(
            status: page.status,
            json: nil,
            headers: [("Cache-Control", "no-cache")],
            contentType: "text/html; charset=utf-8",
            text: HTML.page(title: page.title, active: page.active, body: page.body)
        )
    }

    /// Whether the Accept header prefers HTML to JSON (a browser), so `/` shows the dashboard rather than the index.
    static func prefersHTML(_ accept: String?) -> Bool {
        guard let accept else { return false }
        var html: Double?
        var json: Double?
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 1.0
            }
            if type == "text/html" || type == "application/xhtml+xml" {
                html = max(html ?? 0, quality)
            } else if type.contains("json") {
                json = max(json ?? 0, quality)
            }
        }
        guard let html, html > 0 else { return false }
        return html >= (json ?? 0)
    }

    /// `page` (from 1) and `size` (1…100) from the query, with defaults for missing or invalid values.
    static func pageAndSize(_ request: BrokerRequest, defaultSize: Int) -> (page: Int, size: Int) {
        let query = request.query
        let page = query["page"]?.stringValue.flatMap { Int($0) }.map { max(1, min($0, 1_000_000)) } ?? 1
        let size = query["size"]?.stringValue.flatMap { Int($0) }.map { max(1, min($0, 100)) } ?? defaultSize
        return (page, size)
    }

    static func requirePacticipant(_ name: String, _ store: BrokerStore) async throws -> PacticipantRecord {
        guard let record = try await store.pacticipant(named: name) else {
            throw BrokerError.notFound("No pacticipant named '\(name)' exists")
        }
        return record
    }

    static func chips(_ labels: VersionLabels?, environments: [String] = []) -> String {
        guard let labels else {
            return environments.map { "<span class=\"chip env\">\(HTML.escape($0))</span>" }.joined()
        }
        return labels.branches.map { "<span class=\"chip\" title=\"branch\">⎇ \(HTML.escape($0))</span>" }.joined()
            + labels.tags.map { "<span class=\"chip tag\" title=\"tag\">\(HTML.escape($0))</span>" }.joined()
            + environments.map { "<span class=\"chip env\">\(HTML.escape($0))</span>" }.joined()
    }

    static func contractPath(provider: String, consumer: String, version: String? = nil) -> String {
        if let version {
            return HTML.path("ui", "pacts", "provider", provider, "consumer", consumer, "version", version)
        }
        return HTML.path("ui", "pacts", "provider", provider, "consumer", consumer, "latest")
    }

    static func matrixPath(provider: String, consumer: String) -> String {
        HTML.path("ui", "matrix", "provider", provider, "consumer", consumer)
    }

    // MARK: Dashboard

    static func dashboard(_ request: BrokerRequest, _ store: BrokerStore) async throws -> Page {
        let (page, size) = pageAndSize(request, defaultSize: 50)
        var integrations = try await store.integrations(limit: size + 1, offset: (page - 1) * size)
        let hasNext = integrations.count > size
        integrations = Array(integrations.prefix(size))
        // Two queries for the whole page, whatever its size.
        let latest = try await store.latestPublications(of: integrations)
        let verifications = try await store.latestVerifications(of: latest)
        var rows: [String] = []
        for integration in integrations {
            let publication = latest.first {
                $0.consumerID == integration.consumerID && $0.providerID == integration.providerID
            }
            let verification = publication.flatMap { verifications[$0.contentID] }
            let status = VerificationStatus(success: verification?.success)
            let consumer = HTML.escape(integration.consumerName)
            let provider = HTML.escape(integration.providerName)
            let published =
                publication.map {
                    "\(HTML.shortTime($0.createdAt))<br><span class=\"muted\">version "
                        + "\(HTML.escape($0.consumerVersionNumber))</span>"
                } ?? "<span class=\"muted\">—</span>"
            let verified =
                verification.map {
                    "\(HTML.shortTime($0.createdAt))<br><span class=\"muted\">by \(provider) "
                        + "\(HTML.escape($0.providerVersionNumber))</span>"
                } ?? "<span class=\"muted\">never verified</span>"
            let links = [
                HTML.link(
                    contractPath(provider: integration.providerName, consumer: integration.consumerName),
                    "Contract"
                ),
                HTML.link(matrixPath(provider: integration.providerName, consumer: integration.consumerName), "Matrix"),
                "<a href=\"\(HTML.path("pacts", "provider", integration.providerName, "consumer", integration.consumerName, "latest", "badge"))\">Badge</a>",
            ].joined(separator: " · ")
            rows.append(
                "<tr class=\"integration\"><td class=\"consumer\"><strong>\(consumer)</strong></td>"
                    + "<td class=\"provider\"><strong>\(provider)</strong></td><td>\(published)</td>"
                    + "<td class=\"status\">\(HTML.status(status))</td><td>\(verified)</td><td>\(links)</td></tr>"
            )
        }
        let table =
            rows.isEmpty
            ? "<div class=\"card empty\">No contracts have been published yet. Publish one with "
                + "<code>pactum publish</code> or <code>pact broker publish</code>.</div>"
            : """
            <table class="dashboard"><thead><tr><th>Consumer</th><th>Provider</th><th>Latest pact published</th>
            <th>Status</th><th>Last verified</th><th></th></tr></thead><tbody>\(rows.joined())</tbody></table>
            """
        let body = """
            <h1>Integrations</h1><p class="subtitle">Every consumer–provider pair with a published contract, and \
            whether the provider verified the latest one.</p>\(table)\
            \(HTML.pagination(path: "/ui/dashboard", page: page, size: size, hasNext: hasNext))
            """
        return Page(title: "Dashboard", active: "dashboard", body: body)
    }

    // MARK: Matrix of one integration

    static func integrationMatrix(_ request: BrokerRequest, _ store: BrokerStore) async throws -> Page {
        let provider = try await requirePacticipant(try request.parameters.require("provider"), store)
        let consumer = try await requirePacticipant(try request.parameters.require("consumer"), store)
        let (page, size) = pageAndSize(request, defaultSize: 20)
        var publications = try await store.publicationsPage(
            consumerID: consumer.id,
            providerID: provider.id,
            limit: size + 1,
            offset: (page - 1) * size
        )
        let hasNext = publications.count > size
        publications = Array(publications.prefix(size))
        let verificationsByContent = try await store.latestVerificationsByProviderVersion(
            contentIDs: publications.map(\.contentID),
            providerID: provider.id,
            limit: 5
        )
        var verificationsByPublication: [Int: [VerificationRecord]] = [:]
        for publication in publications {
            verificationsByPublication[publication.id] = verificationsByContent[publication.contentID] ?? []
        }
        let versionIDs =
            publications.map(\.consumerVersionID)
            + verificationsByPublication.values.flatMap { $0.map(\.providerVersionID) }
        let labels = try await store.labels(versionIDs: versionIDs)
        var rows: [String] = []
        for publication in publications {
            let consumerCell = """
                <td>\(HTML.link(contractPath(provider: provider.name, consumer: consumer.name, version: publication.consumerVersionNumber), publication.consumerVersionNumber))\
                <br>\(chips(labels[publication.consumerVersionID]))</td>
                """
            let pactCell = "<td>\(HTML.shortTime(publication.createdAt))</td>"
            let verifications = verificationsByPublication[publication.id] ?? []
            if verifications.isEmpty {
                rows.append(
                    "<tr class=\"matrix-row\">\(consumerCell)\(pactCell)<td class=\"muted\">—</td>"
                        + "<td>\(HTML.status(.unverified))</td><td class=\"muted\">—</td></tr>"
                )
            }
            for verification in verifications {
                rows.append(
                    """
                    <tr class="matrix-row">\(consumerCell)\(pactCell)\
                    <td>\(HTML.escape(verification.providerVersionNumber))<br>\(chips(labels[verification.providerVersionID]))</td>\
                    <td>\(HTML.status(VerificationStatus(success: verification.success)))</td>\
                    <td>\(HTML.shortTime(verification.createdAt))</td></tr>
                    """
                )
            }
        }
        let table =
            rows.isEmpty
            ? "<div class=\"card empty\">No pacts on this page.</div>"
            : """
            <table class="matrix"><thead><tr><th>\(HTML.escape(consumer.name)) version</th><th>Pact published</th>
            <th>\(HTML.escape(provider.name)) version</th><th>Verification</th><th>Verified at</th></tr></thead>
            <tbody>\(rows.joined())</tbody></table>
            """
        let body = """
            <h1>\(HTML.escape(consumer.name)) → \(HTML.escape(provider.name))</h1>
            <p class="subtitle">The matrix: each consumer version's pact and the provider versions that verified it \
            (newest first). \(HTML.link(contractPath(provider: provider.name, consumer: consumer.name), "Latest contract"))</p>
            \(table)\(HTML.pagination(path: matrixPath(provider: provider.name, consumer: consumer.name), page: page, size: size, hasNext: hasNext))
            """
        return Page(title: "\(consumer.name) → \(provider.name) matrix", active: "dashboard", body: body)
    }

    // MARK: Can I deploy?

    static func canIDeploy(_ request: BrokerRequest, _ store: BrokerStore) async throws -> Page {
        let query = request.query
        let name = query["pacticipant"]?.stringValue ?? ""
        let version = query["version"]?.stringValue ?? ""
        let environmentName = query["environment"]?.stringValue ?? ""
        let pacticipants = try await store.pacticipants()
        let environments = try await store.environments()
        let pacticipantOptions = pacticipants.map { p in
            "<option\(p.name == name ? " selected" : "")>\(HTML.escape(p.name))</option>"
        }.joined()
        let environmentOptions = environments.map { e in
            "<option\(e.name == environmentName ? " selected" : "")>\(HTML.escape(e.name))</option>"
        }.joined()
        let form = """
            <form class="inline card" method="get" action="/ui/can-i-deploy">
            <label>Pacticipant<select name="pacticipant">\(pacticipantOptions)</select></label>
            <label>Version (blank: latest)<input name="version" value="\(HTML.escape(version))" placeholder="1.2.3"></label>
            <label>Environment<select name="environment">\(environmentOptions)</select></label>
            <button type="submit">Check</button></form>
            """
        var result = ""
        if !name.isEmpty, !environmentName.isEmpty {
            result = try await canIDeployResult(name: name, version: version, environment: environmentName, store)
        }
        let body = """
            <h1>Can I deploy?</h1><p class="subtitle">Whether a version of a pacticipant is compatible with every \
            version currently deployed or released in an environment.</p>\(form)\(result)
            """
        return Page(title: "Can I deploy?", active: "can-i-deploy", body: body)
    }

    static func canIDeployResult(
        name: String,
        version: String,
        environment: String,
        _ store: BrokerStore
    )
        async throws -> String
    {
        let selector = MatrixSelector(
            pacticipant: name,
            version: version.isEmpty ? nil : version,
            latest: version.isEmpty
        )
        let query = MatrixQuery(
            selectors: [selector],
            destination: .environment(environment),
            latestBy: .consumerVersionAndProviderVersion
        )
        guard try await store.environment(named: environment) != nil else {
            throw BrokerError.badRequest("Environment with name '\(environment)' does not exist")
        }
        let (resolved, rows) = try await store.matrix(query)
        let decision = MatrixDecision.decide(query: query, resolved: resolved, rows: rows)
        let (verdictClass, verdict) =
            switch decision.deployable {
            case true?: ("yes", "Yes — you can deploy")
            case false?: ("no", "No — do not deploy")
            case nil: ("unknown", "Unknown — cannot tell yet")
            }
        let versionText = version.isEmpty ? "the latest version" : "version \(version)"
        let notices = decision.notices.map { notice in
            "<li class=\"\(HTML.escape(notice.type))\">\(HTML.escape(notice.text))</li>"
        }.joined()
        let tableRows = decision.rows.prefix(query.rowLimit).map { row in
            let status = VerificationStatus(success: row.verification?.success)
            let providerVersion =
                row.providerVersion.map { HTML.escape($0.number) }
                ?? "<span class=\"muted\">\(HTML.escape(row.missingProviderDescription ?? "none"))</span>"
            return """
                <tr class="matrix-row"><td>\(HTML.escape(row.consumer))</td><td>\(HTML.escape(row.consumerVersion.number))</td>\
                <td>\(HTML.escape(row.provider))</td><td>\(providerVersion)</td><td>\(HTML.status(status))\
                \(row.ignored ? " <span class=\"muted\">(ignored)</span>" : "")</td></tr>
                """
        }.joined()
        let table =
            tableRows.isEmpty
            ? ""
            : """
            <table><thead><tr><th>Consumer</th><th>Consumer version</th><th>Provider</th><th>Provider version</th>
            <th>Verification</th></tr></thead><tbody>\(tableRows)</tbody></table>
            """
        return """
            <div class="verdict \(verdictClass)" id="verdict">\(verdict)</div>
            <p>Deploying \(HTML.escape(versionText)) of <strong>\(HTML.escape(name))</strong> to \
            <strong>\(HTML.escape(environment))</strong>:</p>
            <ul class="notices">\(notices)</ul>\(table)
            """
    }

    // MARK: Environments

    static func environments(_ request: BrokerRequest, _ store: BrokerStore) async throws -> Page {
        let environments = try await store.environments()
        let (deployed, released) = try await store.currentDeployments()
        var cards: [String] = []
        for environment in environments {
            let here = deployed.filter { $0.environmentID == environment.id }
            let supported = released.filter { $0.environmentID == environment.id }
            var rows: [String] = []
            for record in here {
                rows.append(
                    "<tr><td><strong>\(HTML.escape(record.pacticipantName))</strong></td>"
                        + "<td>\(HTML.escape(record.versionNumber))</td><td>deployed"
                        + (record.applicationInstance.map { " (instance \(HTML.escape($0)))" } ?? "")
                        + "</td><td>\(HTML.shortTime(record.createdAt))</td></tr>"
                )
            }
            for record in supported {
                rows.append(
                    "<tr><td><strong>\(HTML.escape(record.pacticipantName))</strong></td>"
                        + "<td>\(HTML.escape(record.versionNumber))</td><td>released</td>"
                        + "<td>\(HTML.shortTime(record.createdAt))</td></tr>"
                )
            }
            let title = HTML.escape(environment.displayName ?? environment.name)
            let production = environment.production ? " <span class=\"pill failed\">production</span>" : ""
            let content =
                rows.isEmpty
                ? "<p class=\"muted\">Nothing is deployed or released here.</p>"
                : "<table><thead><tr><th>Pacticipant</th><th>Version</th><th>How</th><th>Since</th></tr></thead>"
                    + "<tbody>\(rows.joined())</tbody></table>"
            cards.append(
                "<section class=\"card environment\"><h2>\(title)\(production)</h2>"
                    + "<p class=\"muted\">name <code>\(HTML.escape(environment.name))</code></p>\(content)</section>"
            )
        }
        let body =
            "<h1>Environments</h1><p class=\"subtitle\">What is deployed or released where, right now.</p>"
            + (cards.isEmpty ? "<div class=\"card empty\">No environments yet.</div>" : cards.joined())
        return Page(title: "Environments", active: "environments", body: body)
    }
}
