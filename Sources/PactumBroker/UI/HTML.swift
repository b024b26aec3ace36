import Foundation
import PactumCore

/// Server-rendered HTML for the broker's web UI: escaping and the shared page layout.
///
/// Every value that comes from the database or the request goes through ``HTML/escape(_:)`` (the `h`
/// helper) before it is written into a page; markup is built from string literals only.
enum HTML {
    /// Escapes text for an HTML text node or a double-quoted attribute value.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// Percent-encodes a value for a query string (`?pacticipant=…`).
    static func queryValue(_ text: String) -> String { PercentEncoding.queryComponent(text) }

    /// A relative URL path from raw segments, each percent-encoded, already safe for an attribute.
    static func path(_ segments: String...) -> String { path(segments) }

    static func path(_ segments: [String]) -> String {
        escape("/" + segments.map(BrokerRequest.encodeSegment).joined(separator: "/"))
    }

    /// A link (`href` must already be escaped, as ``path(_:)`` gives it).
    static func link(_ href: String, _ text: String, className: String? = nil) -> String {
        let classAttribute = className.map { " class=\"\($0)\"" } ?? ""
        return "<a href=\"\(href)\"\(classAttribute)>\(escape(text))</a>"
    }

    /// A coloured status pill: `verified`, `failed`, `unverified`, …
    static func status(_ status: VerificationStatus) -> String {
        "<span class=\"pill \(status.cssClass)\">\(escape(status.label))</span>"
    }

    /// A whole page: head with the inline style sheet, the navigation bar, then `body`.
    static func page(title: String, active: String, body: String) -> String {
        let navigation = [
            ("dashboard", "/ui/dashboard", "Dashboard"),
            ("network", "/ui/network", "Network"),
            ("can-i-deploy", "/ui/can-i-deploy", "Can I deploy?"),
            ("environments", "/ui/environments", "Environments"),
        ]
        .map { key, href, text in
            "<a href=\"\(href)\"\(key == active ? " class=\"active\"" : "")>\(text)</a>"
        }
        .joined()
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) · Pactum Broker</title>
            <style>\(styleSheet)</style></head>
            <body><header class="top"><a class="brand" href="/ui/dashboard">Pactum <span>Broker</span></a>
            <nav>\(navigation)</nav></header>
            <main>\(body)</main>
            <footer>Pactum Broker · <a href="/">HAL API</a> · <a href="/metrics">metrics</a></footer>
            </body></html>
            """
    }

    /// Previous / next links for a paginated list (`extraQuery` is already escaped, starting with `&` when present).
    static func pagination(path: String, page: Int, size: Int, hasNext: Bool, extraQuery: String = "") -> String {
        guard page > 1 || hasNext else { return "" }
        var parts: [String] = []
        if page > 1 {
            parts.append("<a href=\"\(path)?page=\(page - 1)&amp;size=\(size)\(extraQuery)\">← Previous</a>")
        }
        parts.append("<span>Page \(page)</span>")
        if hasNext {
            parts.append("<a href=\"\(path)?page=\(page + 1)&amp;size=\(size)\(extraQuery)\">Next →</a>")
        }
        return "<nav class=\"pagination\">\(parts.joined())</nav>"
    }

    /// A short timestamp for tables ("2026-11-22 04:39").
    static func shortTime(_ timestamp: String) -> String {
        let text = timestamp.replacingOccurrences(of: "T", with: " ")
        return escape(String(text.prefix(16)))
    }

    static let styleSheet = """
        :root{--bg:#f6f7fb;--card:#fff;--ink:#1d2433;--muted:#667085;--line:#e4e7ec;--accent:#4f46e5;
        --green:#12805c;--green-bg:#dcfae6;--red:#b42318;--red-bg:#fee4e2;--grey:#475467;--grey-bg:#eaecf0;
        --amber:#b54708;--amber-bg:#fef0c7}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",
        Roboto,"Helvetica Neue",Arial,sans-serif}
        a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
        header.top{display:flex;align-items:center;gap:32px;padding:14px 32px;background:#111827;color:#fff}
        header.top .brand{color:#fff;font-weight:700;font-size:18px;letter-spacing:.2px}
        header.top .brand span{color:#a5b4fc;font-weight:500}
        header.top nav a{color:#d1d5db;margin-right:20px;font-weight:500}
        header.top nav a.active,header.top nav a:hover{color:#fff;text-decoration:none}
        main{max-width:1200px;margin:0 auto;padding:28px 32px}
        footer{max-width:1200px;margin:0 auto;padding:8px 32px 32px;color:var(--muted);font-size:13px}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px}h3{font-size:15px;margin:16px 0 6px}
        .card h2:first-child{margin-top:0}
        .subtitle{color:var(--muted);margin:0 0 20px}
        .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 16px;
        box-shadow:0 1px 2px rgba(16,24,40,.04)}
        table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:10px;
        overflow:hidden}
        th,td{text-align:left;padding:10px 14px;border-bottom:1px solid var(--line);vertical-align:top}
        th{background:#f9fafb;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.4px}
        tr:last-child td{border-bottom:none}
        .pill{display:inline-block;padding:2px 10px;border-radius:999px;font-size:12px;font-weight:600}
        .pill.verified,.pill.yes{background:var(--green-bg);color:var(--green)}
        .pill.failed,.pill.no{background:var(--red-bg);color:var(--red)}
        .pill.unverified,.pill.unknown{background:var(--grey-bg);color:var(--grey)}
        .pill.pending{background:var(--amber-bg);color:var(--amber)}
        .chip{display:inline-block;padding:1px 8px;margin:1px 4px 1px 0;border-radius:6px;font-size:12px;
        background:#eef2ff;color:#3730a3}.chip.tag{background:#f2f4f7;color:#344054}
        .chip.env{background:#ecfdf3;color:#067647}
        .muted{color:var(--muted)}code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
        pre{background:#0f172a;color:#e2e8f0;padding:12px 14px;border-radius:8px;overflow:auto;margin:6px 0}
        .method{display:inline-block;min-width:64px;text-align:center;padding:2px 8px;border-radius:6px;font-weight:700;
        font-size:12px;color:#fff;background:#475467;margin-right:8px}
        .method.GET{background:#2563eb}.method.POST{background:#16a34a}.method.PUT{background:#d97706}
        .method.DELETE{background:#dc2626}.method.PATCH{background:#7c3aed}.method.MESSAGE{background:#0891b2}
        .interaction h2{margin:0 0 6px;font-size:17px}.grid{display:grid;grid-template-columns:1fr 1fr;gap:18px}
        dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:4px 0}dl.kv dt{color:var(--muted)}
        dl.kv dd{margin:0;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;word-break:break-all}
        dl.summary dd{font-family:inherit;font-size:14px}
        ul.rules{margin:4px 0;padding-left:18px}ul.rules li{font-size:13px}
        .pagination{display:flex;gap:16px;align-items:center;margin:14px 0}
        form.inline{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end}
        form.inline label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:4px}
        input,select{font:inherit;padding:7px 10px;border:1px solid #d0d5dd;border-radius:8px;background:#fff;min-width:180px}
        button{font:inherit;padding:8px 16px;border:0;border-radius:8px;background:var(--accent);color:#fff;
        font-weight:600;cursor:pointer}
        .verdict{font-size:22px;font-weight:700;padding:14px 18px;border-radius:10px;margin:16px 0}
        .verdict.yes{background:var(--green-bg);color:var(--green)}.verdict.no{background:var(--red-bg);color:var(--red)}
        .verdict.unknown{background:var(--grey-bg);color:var(--grey)}
        ul.notices{padding-left:18px}ul.notices li.error{color:var(--red)}ul.notices li.warning{color:var(--amber)}
        svg.network{background:var(--card);border:1px solid var(--line);border-radius:10px;max-width:100%;height:auto}
        .empty{padding:28px;text-align:center;color:var(--muted)}
        """
}

/// The verification status of a pact as the UI and the badges show it.
enum VerificationStatus: Sendable, Equatable {
    case verified, failed, unverified, notFound

    init(success: Bool?) {
        switch success {
        case true?: self = .verified
        case false?: self = .failed
        case nil: self = .unverified
        }
    }

    var label: String {
        switch self {
        case .verified: "verified"
        case .failed: "failed"
        case .unverified: "unverified"
        case .notFound: "not found"
        }
    }

    var cssClass: String {
        switch self {
        case .verified: "verified"
        case .failed: "failed"
        case .unverified, .notFound: "unverified"
        }
    }
}
