import ArgumentParser
import Foundation
import PactumBroker

/// The auth options of `pactum broker serve`, with the Pact Broker's environment variables as fallbacks.
struct BrokerAuthOptions: ParsableArguments {
    @Option(
        name: .customLong("basic-auth-username"),
        help: "The read/write basic auth user; it may do everything (env PACT_BROKER_BASIC_AUTH_USERNAME)."
    )
    var basicAuthUsername: String?

    @Option(
        name: .customLong("basic-auth-password"),
        help: "Its password (env PACT_BROKER_BASIC_AUTH_PASSWORD, better than the option: arguments show in ps)."
    )
    var basicAuthPassword: String?

    @Option(
        name: .customLong("basic-auth-read-only-username"),
        help: "The read-only basic auth user (env PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME)."
    )
    var basicAuthReadOnlyUsername: String?

    @Option(
        name: .customLong("basic-auth-read-only-password"),
        help: "Its password (env PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD)."
    )
    var basicAuthReadOnlyPassword: String?

    @Flag(
        name: .customLong("require-auth"),
        help: "Require credentials even without basic auth users: bearer tokens only (env PACTUM_BROKER_REQUIRE_AUTH)."
    )
    var requireAuth = false

    @Flag(
        name: .customLong("allow-public-read"),
        help: "Let anonymous callers read when auth is on (env PACT_BROKER_ALLOW_PUBLIC_READ=true)."
    )
    var allowPublicRead = false

    @Flag(
        name: .customLong("enable-public-badge-access"),
        help: "Let anonymous callers fetch badges when auth is on (env PACT_BROKER_ENABLE_PUBLIC_BADGE_ACCESS=true)."
    )
    var publicBadgeAccess = false

    /// The configuration from the options, then the environment; an error names a user given without its password.
    func configuration(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ValidationError) -> BrokerAuthConfiguration {
        let environment = OptionEnvironment(environment)
        // An empty option counts as not given here.
        func value(_ option: String?, _ variable: String) -> String? {
            environment.value(option.flatMap { $0.isEmpty ? nil : $0 }, else: variable)
        }
        func flag(_ option: Bool, _ variable: String) -> Bool { environment.flag(option, else: variable) }
        func user(
            _ name: String?,
            _ password: String?,
            _ kind: String,
            _ prefix: String
        ) throws(ValidationError)
            -> BrokerBasicCredentials?
        {
            switch (name, password) {
            case (nil, nil): return nil
            case (let name?, let password?): return BrokerBasicCredentials(username: name, password: password)
            case (nil, _):
                throw ValidationError(
                    "The \(kind) basic auth password is set but its username is not: give --\(prefix)-username "
                        + "(or its environment variable) too"
                )
            case (_, nil):
                throw ValidationError(
                    "The \(kind) basic auth username is set but its password is not: give --\(prefix)-password "
                        + "(or its environment variable) too"
                )
            }
        }
        return BrokerAuthConfiguration(
            basicUser: try user(
                value(basicAuthUsername, "PACT_BROKER_BASIC_AUTH_USERNAME"),
                value(basicAuthPassword, "PACT_BROKER_BASIC_AUTH_PASSWORD"),
                "read/write",
                "basic-auth"
            ),
            readOnlyUser: try user(
                value(basicAuthReadOnlyUsername, "PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME"),
                value(basicAuthReadOnlyPassword, "PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD"),
                "read-only",
                "basic-auth-read-only"
            ),
            requireAuthentication: flag(requireAuth, "PACTUM_BROKER_REQUIRE_AUTH"),
            allowPublicRead: flag(allowPublicRead, "PACT_BROKER_ALLOW_PUBLIC_READ"),
            publicBadgeAccess: flag(publicBadgeAccess, "PACT_BROKER_ENABLE_PUBLIC_BADGE_ACCESS")
        )
    }
}
