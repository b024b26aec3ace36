/// A shields.io-style ("flat") SVG badge: a grey label on the left, a coloured status on the right.
///
/// The broker renders badges itself (no call to img.shields.io), so they work offline and behind firewalls.
struct Badge: Sendable, Equatable {
    /// The left-hand text ("Consumer/Provider pact").
    var label: String
    /// The right-hand text ("verified", "failed", "unknown", "not found").
    var message: String
    /// The right-hand colour as `#rrggbb`.
    var color: String

    static let brightGreen = "#4c1"
    static let red = "#e05d44"
    static let lightGrey = "#9f9f9f"

    /// The badge for a verification status, as the Pact Broker names and colours them.
    init(label: String, status: VerificationStatus) {
        self.label = label
        switch status {
        case .verified: (message, color) = ("verified", Self.brightGreen)
        case .failed: (message, color) = ("failed", Self.red)
        case .unverified: (message, color) = ("unknown", Self.lightGrey)
        case .notFound: (message, color) = ("not found", Self.lightGrey)
        }
    }

    init(label: String, message: String, color: String) {
        self.label = label
        self.message = message
        self.color = color
    }

    /// The approximate rendered width of text in 11px Verdana (what shields.io measures), in pixels.
    static func textWidth(_ text: String) -> Int {
        var width = 0.0
        for character in text {
            switch character {
            case "i", "l", "j", "I", "!", "|", ".", ",", ":", ";", "'": width += 3.9
            case "f", "t", "r", " ", "(", ")", "[", "]", "/", "-": width += 4.9
            case "m", "w", "M", "W": width += 10.7
            case "A"..."Z", "0"..."9", "#", "%", "&", "@", "_": width += 7.6
            default: width += 6.9
            }
        }
        return Int(width.rounded(.up))
    }

    /// The SVG document (every text escaped).
    var svg: String {
        let labelWidth = Self.textWidth(label) + 10
        let messageWidth = Self.textWidth(message) + 10
        let width = labelWidth + messageWidth
        let label = HTML.escape(self.label)
        let message = HTML.escape(self.message)
        let color = HTML.escape(self.color)
        let labelCenter = labelWidth * 5
        let messageCenter = (labelWidth + messageWidth / 2) * 10
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="20" role="img" \
            aria-label="\(label): \(message)"><title>\(label): \(message)</title>\
            <linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>\
            <stop offset="1" stop-opacity=".1"/></linearGradient>\
            <clipPath id="r"><rect width="\(width)" height="20" rx="3" fill="#fff"/></clipPath>\
            <g clip-path="url(#r)"><rect width="\(labelWidth)" height="20" fill="#555"/>\
            <rect x="\(labelWidth)" width="\(messageWidth)" height="20" fill="\(color)"/>\
            <rect width="\(width)" height="20" fill="url(#s)"/></g>\
            <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" \
            text-rendering="geometricPrecision" font-size="110">\
            <text aria-hidden="true" x="\(labelCenter)" y="150" fill="#010101" fill-opacity=".3" \
            transform="scale(.1)">\(label)</text>\
            <text x="\(labelCenter)" y="140" transform="scale(.1)">\(label)</text>\
            <text aria-hidden="true" x="\(messageCenter)" y="150" fill="#010101" fill-opacity=".3" \
            transform="scale(.1)">\(message)</text>\
            <text x="\(messageCenter)" y="140" transform="scale(.1)">\(message)</text></g></svg>
            """
    }
}
