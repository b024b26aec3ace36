import Foundation

/// "The option, else the environment variable": what every command reads its broker URL, credentials and flags
/// through. A variable counts only when it is set and not empty.
struct OptionEnvironment: Sendable {
    var variables: [String: String]

    init(_ variables: [String: String] = ProcessInfo.processInfo.environment) {
        self.variables = variables
    }

    /// The variable `name` when it is set and not empty.
    func value(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
        return value
    }

    /// `option` when it was given, else the variable `name`.
    func value(_ option: String?, else name: String) -> String? { option ?? value(name) }

    /// `option` when it was given, else the variable `name` read as a number.
    func value(_ option: Int?, else name: String) -> Int? { option ?? value(name).flatMap(Int.init) }

    /// Whether the flag was given or the variable `name` is `true`, `1` or `yes`.
    func flag(_ option: Bool, else name: String) -> Bool {
        option || ["true", "1", "yes"].contains(value(name)?.lowercased() ?? "")
    }
}
