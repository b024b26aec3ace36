import Foundation
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which targets a webhook may call: the scheme, method and host allow-lists, and no loopback, private or
/// link-local address unless an allow-list entry names it. Pure: checked when a webhook is saved and again before
/// every delivery (the configuration may have changed since).
struct WebhookTargetPolicy: Sendable {
    var configuration: WebhookConfiguration
    /// Host name to addresses: the system's resolver (tests give names their own addresses).
    var resolver: @Sendable (String) async -> [String] = { await WebhookTargetPolicy.resolve($0) }

    /// The problems of a request template, by field (`request.url`, `request.method`), empty when it may be sent.
    func problems(method: String, url: String) -> [String: [String]] {
        var problems: [String: [String]] = [:]
        if let problem = methodProblem(method) { problems["request.method"] = [problem] }
        if let problem = urlProblem(url) { problems["request.url"] = [problem] }
        return problems
    }

    func methodProblem(_ method: String) -> String? {
        let token = CharacterSet(charactersIn: "!#$%&'*+-.^_`|~").union(.alphanumerics)
        guard !method.isEmpty, method.unicodeScalars.allSatisfy(token.contains) else {
            return "'\(method)' is not a valid HTTP method"
        }
        guard configuration.methodAllowList.contains(where: { $0.caseInsensitiveCompare(method) == .orderedSame })
        else {
            let allowed = configuration.methodAllowList.map { $0.uppercased() }
            let rule =
                allowed.count == 1 ? "must be \(allowed[0])" : "must be one of \(allowed.joined(separator: ", "))"
            return
                "\(rule) (allow \(method.uppercased()) with --webhook-method-allow-list, the Pact Broker's webhook_http_method_whitelist)"
        }
        return nil
    }

    func urlProblem(_ url: String) -> String? {
        guard let parsed = Self.parse(url), let scheme = parsed.scheme, let host = parsed.host, !host.isEmpty else {
            return "'\(url)' is not a valid URL: give an absolute URL such as https://example.com/hook"
        }
        if Self.parse(url, placeholder: "differentplaceholder")?.host != host {
            return "the host of '\(url)' cannot contain a template parameter"
        }
        guard configuration.schemeAllowList.contains(where: { $0.caseInsensitiveCompare(scheme) == .orderedSame })
        else {
            return
                "scheme must be \(configuration.schemeAllowList.joined(separator: ", ")), not \(scheme) (allow it with --webhook-scheme-allow-list \(scheme), the Pact Broker's webhook_scheme_whitelist)"
        }
        return hostProblem(host)
    }

    func hostProblem(_ rawHost: String) -> String? {
        let host = Self.normalise(rawHost)
        // `[::1%251]` (a zone id, URL-encoded) is an address to the system but not to inet_pton: refused outright,
        // so it is never mistaken for a name.
        if host.contains("%") {
            return
                "host \(rawHost) has an IPv6 zone identifier (%…), which webhooks may not use: give a public host name or address"
        }
        let listed = configuration.hostAllowList.contains { Self.matches(host: host, entry: $0) }
        if !configuration.hostAllowList.isEmpty, !listed {
            let entries = configuration.hostAllowList.map { "\"\($0)\"" }.joined(separator: ", ")
            return
                "host \(host) is not in the allow-list \(entries) (add it with --webhook-host-allow-list \(host), the Pact Broker's webhook_host_whitelist)"
        }
        if !listed, let kind = Self.restrictedKind(host) {
            return
                "host \(host) is a \(kind) address, which webhooks may not call unless it is allowed explicitly (add it with --webhook-host-allow-list \(host))"
        }
        return nil
    }

    /// Where a delivery may connect: the host's address when it is one, else the first address the name resolves
    /// to, after checking every address it resolves to. The HTTP client then connects to exactly that address (no
    /// second lookup, so a name cannot resolve to a public address for the check and a private one for the
    /// connection). A name that does not resolve is refused: the check fails closed.
    enum Resolution: Equatable, Sendable {
        case address(String)
        case refused(String)
    }

    func resolve(host rawHost: String) async -> Resolution {
        let host = Self.normalise(rawHost)
        if let problem = hostProblem(host) { return .refused(problem) }
        if let address = IPAddress(anyForm: host) { return .address(address.description) }
        let addresses = await resolver(host)
        guard let first = addresses.first else {
            return .refused("host \(host) does not resolve to an address, so the webhook was not sent")
        }
        // An exact host name entry is the operator's word for this name; a wildcard or pattern only says which names
        // may be called, and the addresses they lead to must still be public or inside an allowed address range.
        let namedExactly = configuration.hostAllowList.contains { Self.normalise($0) == host }
        if !namedExactly {
            for address in addresses {
                guard let kind = IPAddress(address)?.restrictedKind else { continue }
                let inAllowedRange = configuration.hostAllowList.contains { entry in
                    Self.isAddressEntry(entry) && Self.matches(host: address, entry: entry)
                }
                if !inAllowedRange {
                    return .refused(
                        "host \(host) resolves to \(address), a \(kind) address, which webhooks may not call unless it is allowed explicitly (add it with --webhook-host-allow-list \(host))"
                    )
                }
            }
        }
        return .address(first)
    }

    /// Checked when a webhook is saved: a name that resolves (within `limit`) to an address webhooks may not call is
    /// refused then, not only at delivery (`/etc/hosts` names, internal DNS). A name that does not resolve yet is
    /// accepted: the target may not exist before the webhook does, and every delivery checks again, failing closed.
    func saveProblem(host: String, within limit: Duration = .milliseconds(1500)) async -> String? {
        guard IPAddress(anyForm: Self.normalise(host)) == nil else { return nil }
        // getaddrinfo cannot be cancelled: the lookup is left to finish on its own when the time is up.
        let policy = self
        let resolution = try? await RequestDeadline.run(within: limit) { await policy.resolve(host: host) }
        guard case .refused(let problem)? = resolution, !problem.contains("does not resolve") else { return nil }
        return problem
    }

    /// The refusal of ``resolve(host:)``, if any.
    func resolutionProblem(_ rawHost: String) async -> String? {
        if case .refused(let problem) = await resolve(host: rawHost) { return problem }
        return nil
    }

    /// The addresses of a host name (getaddrinfo on NIO's blocking-I/O thread pool); empty when it does not resolve.
    static func resolve(_ host: String) async -> [String] {
        let addresses = try? await NIOThreadPool.singleton.runIfActive { () -> [String] in
            var result: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, nil, nil, &result) == 0, let first = result else { return [] }
            defer { freeaddrinfo(first) }
            var addresses: [String] = []
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let info = cursor {
                var buffer = [CChar](repeating: 0, count: 1025)
                if getnameinfo(
                    info.pointee.ai_addr,
                    info.pointee.ai_addrlen,
                    &buffer,
                    socklen_t(buffer.count),
                    nil,
                    0,
                    NI_NUMERICHOST
                ) == 0 {
                    let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    if !addresses.contains(text) { addresses.append(text) }
                }
                cursor = info.pointee.ai_next
            }
            return addresses
        }
        return addresses ?? []
    }

    // MARK: Parsing

    /// The URL with every `${pactbroker.…}` parameter replaced by `placeholder`.
    static func parse(_ url: String, placeholder: String = "placeholder") -> URLComponents? {
        URLComponents(string: WebhookTemplate.renderWithPlaceholder(url, placeholder))
    }

    /// Lower case, without the brackets of an IPv6 literal or a trailing dot.
    static func normalise(_ host: String) -> String {
        var text = host.lowercased()
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    // MARK: Allow-list entries

    /// Whether an allow-list entry (host name, `*.domain`, IP address, CIDR range or `/regex/`) covers the host.
    static func matches(host: String, entry rawEntry: String) -> Bool {
        let entry = rawEntry.trimmingCharacters(in: .whitespaces)
        if entry.count > 2, entry.hasPrefix("/"), entry.hasSuffix("/") {
            // The whole host must match: `/ci\.example\.com/` must not accept `ci.example.com.attacker.test`.
            let pattern = "^(?:" + entry.dropFirst().dropLast() + ")$"
            return host.range(of: pattern, options: [.regularExpression, .caseInsensitive]) != nil
        }
        if let address = IPAddress(anyForm: host) {
            if let slash = entry.firstIndex(of: "/"), let prefix = Int(entry[entry.index(after: slash)...]),
                let network = IPAddress(String(entry[..<slash]))
            {
                return address.isIn(network: network, prefixLength: prefix)
            }
            return IPAddress(anyForm: normalise(entry)) == address
        }
        let lowered = normalise(entry)
        if lowered.hasPrefix("*.") {
            // A wildcard covers exactly one label, as in TLS host name checks.
            let suffix = String(lowered.dropFirst(1))
            guard host.hasSuffix(suffix) else { return false }
            let label = host.dropLast(suffix.count)
            return !label.isEmpty && !label.contains(".")
        }
        return host == lowered
    }

    /// Whether an allow-list entry names addresses (an address or a CIDR range) rather than host names.
    static func isAddressEntry(_ rawEntry: String) -> Bool {
        let entry = rawEntry.trimmingCharacters(in: .whitespaces)
        if entry.hasPrefix("/") { return false }
        let address = entry.split(separator: "/", maxSplits: 1).first.map(String.init) ?? entry
        return IPAddress(anyForm: normalise(address)) != nil
    }

    /// "loopback", "private", "link-local", … for addresses webhooks may not call by default; nil for public ones.
    static func restrictedKind(_ host: String) -> String? {
        if host == "localhost" || host.hasSuffix(".localhost") { return "loopback" }
        guard let address = IPAddress(anyForm: host) else { return nil }
        return address.restrictedKind
    }
}

/// An IPv4 or IPv6 address (IPv4 kept as its IPv4-mapped IPv6 form so one comparison serves both).
struct IPAddress: Hashable, Sendable {
    var bytes: [UInt8]
    var isV4: Bool

    init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            let value = UInt32(bigEndian: v4.s_addr)
            bytes =
                [UInt8](repeating: 0, count: 10) + [0xff, 0xff]
                + [UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)]
            isV4 = true
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        bytes = withUnsafeBytes(of: &v6) { Array($0) }
        isV4 = bytes.prefix(10).allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff
    }

    /// An address in any form the system's resolver reads as one, so that a host the HTTP client would connect to
    /// as an address is checked as that address: IPv6, dotted IPv4, and the legacy IPv4 forms `inet_aton` accepts
    /// (`127.1`, `2130706433`, `0x7f000001`, `0177.0.0.1`, `0`).
    init?(anyForm text: String) {
        if let address = IPAddress(text) {
            self = address
            return
        }
        guard let first = text.first, first.isASCII, first.isNumber, !text.contains(":") else { return nil }
        var v4 = in_addr()
        guard inet_aton(text, &v4) != 0 else { return nil }
        let value = UInt32(bigEndian: v4.s_addr)
        self.init("\(value >> 24).\((value >> 16) & 0xff).\((value >> 8) & 0xff).\(value & 0xff)")
    }

    /// The address in its canonical text form (dotted IPv4, or RFC 5952 IPv6).
    var description: String {
        if isV4 { return bytes.suffix(4).map(String.init).joined(separator: ".") }
        var v6 = in6_addr()
        withUnsafeMutableBytes(of: &v6) { $0.copyBytes(from: bytes) }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The IPv4 address inside an IPv6 one that embeds it: IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`
    /// and 6to4 `2002:aabb:ccdd::`.
    private var embeddedIPv4: IPAddress? {
        let quad: ArraySlice<UInt8>
        if within("::/96") || within("64:ff9b::/96") {
            quad = bytes[12..<16]
        } else if within("2002::/16") {
            quad = bytes[2..<6]
        } else {
            return nil
        }
        return IPAddress(quad.map(String.init).joined(separator: "."))
    }

    func isIn(network: IPAddress, prefixLength: Int) -> Bool {
        let bits = network.isV4 ? prefixLength + 96 : prefixLength
        guard bits >= 0, bits <= 128 else { return false }
        for index in 0..<16 {
            let remaining = bits - index * 8
            if remaining <= 0 { return true }
            let mask: UInt8 = remaining >= 8 ? 0xff : UInt8(truncatingIfNeeded: 0xff << (8 - remaining))
            if bytes[index] & mask != network.bytes[index] & mask { return false }
        }
        return true
    }

    private func within(_ cidr: String) -> Bool {
        guard let slash = cidr.firstIndex(of: "/"), let network = IPAddress(String(cidr[..<slash])),
            let prefix = Int(cidr[cidr.index(after: slash)...])
        else { return false }
        return isIn(network: network, prefixLength: prefix)
    }

    var restrictedKind: String? {
        if isV4 {
            if within("127.0.0.0/8") { return "loopback" }
            if within("0.0.0.0/8") { return "unspecified" }
            if within("10.0.0.0/8") || within("172.16.0.0/12") || within("192.168.0.0/16") { return "private" }
            if within("100.64.0.0/10") { return "shared (carrier-grade NAT)" }
            if within("169.254.0.0/16") { return "link-local" }
            if within("224.0.0.0/4") || within("240.0.0.0/4") { return "multicast or reserved" }
            return nil
        }
        if within("::1/128") { return "loopback" }
        if within("::/128") { return "unspecified" }
        if let inner = embeddedIPv4, let kind = inner.restrictedKind { return "\(kind) (embedded in IPv6)" }
        if within("::/96") { return "IPv4-compatible (deprecated)" }
        if within("fe80::/10") { return "link-local" }
        if within("fec0::/10") { return "site-local (deprecated)" }
        if within("fc00::/7") { return "private (unique local)" }
        if within("ff00::/8") { return "multicast" }
        return nil
    }
}
