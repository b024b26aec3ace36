import PactumCore

/// The JSON paths at which two documents differ, for readable test failures.
public enum JSONDiff {
    public static func differences(_ a: JSONValue, _ b: JSONValue, path: String = "$", limit: Int = 20) -> [String] {
        var result: [String] = []
        collect(a, b, path: path, into: &result, limit: limit)
        return result
    }

    private static func collect(_ a: JSONValue, _ b: JSONValue, path: String, into result: inout [String], limit: Int) {
        guard result.count < limit else { return }
        switch (a, b) {
        case (.object(let x), .object(let y)):
            for key in Set(x.keys).union(y.keys).sorted() {
                let child = "\(path).\(key)"
                switch (x[key], y[key]) {
                case (let l?, let r?): collect(l, r, path: child, into: &result, limit: limit)
                case (let l?, nil): result.append("\(child): only in the first: \(short(l))")
                case (nil, let r?): result.append("\(child): only in the second: \(short(r))")
                default: break
                }
            }
        case (.array(let x), .array(let y)):
            if x.count != y.count { result.append("\(path): \(x.count) items vs \(y.count) items") }
            for (index, pair) in zip(x, y).enumerated() {
                collect(pair.0, pair.1, path: "\(path)[\(index)]", into: &result, limit: limit)
            }
        default:
            if a != b { result.append("\(path): \(short(a)) vs \(short(b))") }
        }
    }

    private static func short(_ value: JSONValue) -> String {
        let text = value.jsonText
        return text.count > 160 ? String(text.prefix(157)) + "..." : text
    }
}
