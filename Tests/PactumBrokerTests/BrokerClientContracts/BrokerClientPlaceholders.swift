import Foundation
import PactumCore

/// What the Pact Broker's harness proxy (`spec/service_consumers/hal_relation_proxy_app.rb`) changes in the official
/// client's requests before they reach the broker, as a request filter.
enum BrokerClientPlaceholders {
    /// The older contract asks for paths such as `/HAL-REL-PLACEHOLDER-INDEX-PB-LATEST-VERSION-Condor`, relations its
    /// consumer test followed from a mocked index: the real path of each.
    static let paths: [String: String] = [
        "/HAL-REL-PLACEHOLDER-INDEX-PB-LATEST-TAGGED-VERSION-Condor-production":
            "/pacticipants/Condor/latest-version/production",
        "/HAL-REL-PLACEHOLDER-INDEX-PB-LATEST-VERSION-Condor": "/pacticipants/Condor/latest-version",
        "/HAL-REL-PLACEHOLDER-PB-WEBHOOKS": "/webhooks",
        "/HAL-REL-PLACEHOLDER-INDEX-PB-PACTICIPANT-VERSION-Foo-26f353580936ad3b9baddb17b00e84f33c69e7cb":
            "/pacticipants/Foo/versions/26f353580936ad3b9baddb17b00e84f33c69e7cb",
        "/HAL-REL-PLACEHOLDER-PB-ENVIRONMENTS": "/environments",
        "/HAL-REL-PLACEHOLDER-PB-PACTICIPANT-VERSION-Foo-5556b8149bf8bac76bc30f50a8a2dd4c22c85f30":
            "/pacticipants/Foo/versions/5556b8149bf8bac76bc30f50a8a2dd4c22c85f30",
        "/HAL-REL-PLACEHOLDER-PB-RECORD-DEPLOYMENT-FOO-5556B8149BF8BAC76BC30F50A8A2DD4C22C85F30-TEST":
            "/pacticipants/Foo/versions/5556b8149bf8bac76bc30f50a8a2dd4c22c85f30/deployed-versions/environment/"
            + "cb632df3-0a0d-4227-aac3-60114dd36479",
        "/HAL-REL-PLACEHOLDER-PB-PUBLISH-CONTRACTS": "/contracts/publish",
        // The Pact Broker's proxy sends this one to `deployed-versions` too; the relation it stands for records a
        // release, and the contract accepts either (201, HAL).
        "/HAL-REL-PLACEHOLDER-PB-RECORD-RELEASE-FOO-5556B8149BF8BAC76BC30F50A8A2DD4C22C85F30-TEST":
            "/pacticipants/Foo/versions/5556b8149bf8bac76bc30f50a8a2dd4c22c85f30/released-versions/environment/"
            + "cb632df3-0a0d-4227-aac3-60114dd36479",
        "/PLACEHOLDER-DEPLOYED-VERSION-ff3adecf-cfc5-4653-a4e3-f1861092f8e0":
            "/deployed-versions/ff3adecf-cfc5-4653-a4e3-f1861092f8e0",
        "/PLACEHOLDER-ENVIRONMENT-CURRENTLY-DEPLOYED-16926ef3-590f-4e3f-838e-719717aa88c9":
            "/environments/16926ef3-590f-4e3f-838e-719717aa88c9/deployed-versions/currently-deployed",
        "/HAL-REL-PLACEHOLDER-PB-ENVIRONMENT-16926ef3-590f-4e3f-838e-719717aa88c9":
            "/environments/16926ef3-590f-4e3f-838e-719717aa88c9",
        "/HAL-REL-PLACEHOLDER-PB-PACTICIPANT-BRANCH-Foo-main": "/pacticipants/Foo/branches/main",
        // The PactFlow contract's.
        "/HAL-REL-PLACEHOLDER-PF-PUBLISH-PROVIDER-CONTRACT-Bar": "/provider-contracts/provider/Bar/publish",
    ]

    /// The newer contract wrote its matrix queries with names sorted (`q[][pacticipant]=Foo&q[][pacticipant]=Bar&
    /// q[][version]=1.2.3&q[][version]=4.5.6`), which splits each selector's pacticipant from its version. The queries
    /// the client sent, in order; a request with the same parameters in another order is sent in this one.
    static let matrixQueries: [[(String, String)]] = [
        [
            ("q[][pacticipant]", "Bar"), ("q[][version]", "4.5.6"), ("q[][pacticipant]", "Foo"), ("q[][tag]", "prod"),
            ("latestby", "cvpv"), ("ignore[][pacticipant]", "Foo"), ("ignore[][version]", "3.4.5"),
        ],
        [
            ("q[][pacticipant]", "Foo"), ("q[][version]", "1.2.3"), ("q[][pacticipant]", "Bar"),
            ("q[][version]", "4.5.6"), ("latestby", "cvpv"),
        ],
        [
            ("q[][pacticipant]", "Foo Thing"), ("q[][version]", "1.2.3"), ("q[][pacticipant]", "Bar"),
            ("q[][version]", "4.5.6"), ("latestby", "cvpv"),
        ],
        [
            ("q[][pacticipant]", "Foo"), ("q[][version]", "1.2.3"), ("q[][pacticipant]", "Bar"),
            ("q[][version]", "9.9.9"), ("latestby", "cvpv"),
        ],
        [
            ("q[][pacticipant]", "Foo"), ("q[][version]", "1.2.3"), ("q[][pacticipant]", "Bar"),
            ("q[][latest]", "true"), ("q[][tag]", "prod"), ("latestby", "cvpv"),
        ],
        [
            ("q[][pacticipant]", "Foo"), ("q[][version]", "1.2.4"), ("q[][pacticipant]", "Bar"),
            ("q[][latest]", "true"), ("latestby", "cvpv"),
        ],
    ]

    /// The request as the Pact Broker's proxy passes it on.
    @Sendable static func rewrite(_ request: HTTPRequest) -> HTTPRequest {
        var request = request
        // The Ruby client wrote its paths percent-encoded (`/pacticipants/Pricing%20Service`) and sent them as
        // written; PactumVerifier encodes the contract's path itself, so it gets the decoded one.
        request.path = request.path.removingPercentEncoding ?? request.path
        if let path = paths[request.path] { request.path = path }
        guard request.path == "/matrix", request.query != nil else { return request }
        let sent = request.orderedQuery.map { "\($0.name)=\($0.value ?? "")" }.sorted()
        for pairs in matrixQueries where pairs.map({ "\($0.0)=\($0.1)" }).sorted() == sent {
            var query: [String: [String]] = [:]
            for (name, value) in pairs { query[name, default: []].append(value) }
            request.query = query
            request.queryOrder = pairs.map(\.0)
        }
        return request
    }
}
