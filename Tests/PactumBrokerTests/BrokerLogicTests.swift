import HTTPTypes
import PactumBrokerWire
import PactumCore
import Testing

@testable import PactumBroker

@Suite struct NestedQueryTests {
    @Test func repeatedKeysStartANewArrayElement() {
        let query = NestedQuery.parse(
            "q[][pacticipant]=Foo&q[][version]=1&q[][pacticipant]=Bar&q[][latest]=true&latestby=cvpv"
        )
        let selectors = query["q"]?.arrayValue ?? []
        #expect(selectors.count == 2)
        #expect(selectors.first?["pacticipant"]?.stringValue == "Foo")
        #expect(selectors.first?["version"]?.stringValue == "1")
        #expect(selectors.last?["pacticipant"]?.stringValue == "Bar")
        #expect(selectors.last?["latest"]?.stringValue == "true")
        #expect(query["latestby"]?.stringValue == "cvpv")
    }

    @Test func metadataRoundTrips() throws {
        let metadata = PactMetadata(
            wip: false,
            pending: true,
            consumerVersionIDs: [3],
            selectors: [.init(branch: "main", tag: nil, latest: true, environment: nil, consumerVersionID: 3)]
        )
        let decoded = try #require(PactMetadata(decoding: metadata.encoded))
        #expect(decoded.pending == true)
        #expect(decoded.wip == false)
        #expect(decoded.consumerVersionIDs == [3])
        #expect(!metadata.encoded.contains("=") && !metadata.encoded.contains("/"))
    }
}

@Suite struct PactContentTests {
    @Test func shaIgnoresInteractionOrderAndMetadata() throws {
        let a: JSONValue = [
            "consumer": ["name": "C"], "provider": ["name": "P"],
            "interactions": [["description": "a"], ["description": "b"]],
            "metadata": ["pactSpecification": ["version": "3.0.0"], "pactRust": ["models": "1"]],
        ]
        let b: JSONValue = [
            "consumer": ["name": "C"], "provider": ["name": "P"],
            "interactions": [["description": "b"], ["description": "a"]],
            "metadata": ["pactSpecification": ["version": "3.0.0"]],
        ]
        let first = try PactContent(json: a)
        #expect(first.sha == (try PactContent(json: b)).sha)
        #expect(first.json["interactions"]?.arrayValue?.allSatisfy { $0["_id"]?.stringValue?.count == 40 } == true)
        let error = #expect(throws: BrokerError.self) { try PactContent(json: ["provider": ["name": "P"]]) }
        #expect(error?.status.code == 400)
        #expect(error?.message.contains("consumer.name") == true)
    }
}

@Suite struct ConsumerVersionSelectorTests {
    @Test func parsesTheVerifierRequest() throws {
        let request = try PactsForVerificationRequest(json: [
            "consumerVersionSelectors": [["mainBranch": true], ["deployedOrReleased": true]],
            "providerVersionBranch": "main", "includePendingStatus": true, "includeWipPactsSince": "2024-01-01",
        ])
        #expect(request.consumerVersionSelectors.count == 2)
        #expect(request.providerVersionBranch == "main")
        #expect(request.includePendingStatus)
    }

    @Test func rejectsInvalidSelectorsWithClearMessages() {
        func errors(_ selector: JSONValue, branch: String? = nil) -> [String] {
            var body: [String: JSONValue] = ["consumerVersionSelectors": [selector]]
            if let branch { body["providerVersionBranch"] = .string(branch) }
            do {
                _ = try PactsForVerificationRequest(json: .object(body))
                return []
            } catch {
                return error.fieldErrors["consumerVersionSelectors[0]"] ?? []
            }
        }
        #expect(
            errors(["consumer": "Foo"]).first?.contains("must specify a value for environment or tag or branch") == true
        )
        #expect(
            errors(["branch": "main", "deployed": true]).first?.contains("cannot specify a branch, tag or latest key")
                == true
        )
        #expect(errors(["mainBranch": false]).contains("mainBranch can only be set to true"))
        #expect(
            errors(["fallbackTag": "x", "tag": "y"]).contains(
                "fallbackTag can only be set if tag is set and latest is true"
            )
        )
        #expect(
            errors(["matchingBranch": true]).contains(
                "matchingBranch requires providerVersionBranch to be set in the request"
            )
        )
        #expect(errors(["matchingBranch": true], branch: "feat").isEmpty)
        let badShape = #expect(throws: BrokerError.self) {
            try PactsForVerificationRequest(json: ["consumerVersionSelectors": "main"])
        }
        #expect(badShape?.fieldErrors["consumerVersionSelectors"] == ["must be an array"])
    }
}

@Suite struct PactSelectionTests {
    static let candidates = [
        PactCandidate(
            consumerName: "Web",
            consumerMainBranch: "main",
            versionID: 1,
            versionNumber: "1",
            sha: "aaa",
            branches: ["main"]
        ),
        PactCandidate(
            consumerName: "Web",
            consumerMainBranch: "main",
            versionID: 2,
            versionNumber: "2",
            sha: "aaa",
            branches: ["main"],
            deployedTo: ["production"]
        ),
        PactCandidate(
            consumerName: "Web",
            consumerMainBranch: "main",
            versionID: 3,
            versionNumber: "3",
            sha: "bbb",
            publishedAt: "2025-01-01T00:00:00.000Z",
            branches: ["feat"]
        ),
    ]

    @Test func mergesSelectionsWithTheSameContent() {
        let request = PactsForVerificationRequest(
            consumerVersionSelectors: [
                ConsumerVersionSelector(mainBranch: true), ConsumerVersionSelector(deployed: true),
            ]
        )
        let pacts = PactSelection.select(
            request,
            candidates: Self.candidates,
            verifications: [],
            providerBranchCreatedAt: nil
        )
        #expect(pacts.count == 1)
        #expect(pacts.first?.shortDescription == "latest from main branch, deployed to production")
        #expect(pacts.first?.pending == nil)
    }

    @Test func pendingUntilVerifiedOnTheProviderBranchAndWIPForNewBranches() {
        let request = PactsForVerificationRequest(
            consumerVersionSelectors: [ConsumerVersionSelector(mainBranch: true)],
            providerVersionBranch: "main",
            includePendingStatus: true,
            includeWipPactsSince: "2024-01-01"
        )
        let verified = [
            SuccessfulVerification(sha: "aaa", providerBranches: ["main"], createdAt: "2025-01-01T00:00:00Z")
        ]
        let pacts = PactSelection.select(
            request,
            candidates: Self.candidates,
            verifications: verified,
            providerBranchCreatedAt: "2024-06-01"
        )
        #expect(pacts.map(\.sha) == ["aaa", "bbb"])
        #expect(pacts[0].pending == false && !pacts[0].wip)
        #expect(pacts[1].pending == true && pacts[1].wip)
        let unverified = PactSelection.select(
            request,
            candidates: Self.candidates,
            verifications: [],
            providerBranchCreatedAt: nil
        )
        #expect(unverified.first?.pending == true)
        let notices = unverified[0].notices(pactURL: "u", providerName: "API", providerBranch: "main", providerTags: [])
        #expect(notices.contains { $0["when"] == "after_verification:success_true_published_true" })
    }
}

@Suite struct MatrixDecisionTests {
    static func row(provider version: Int?, success: Bool?) -> MatrixRow {
        MatrixRow(
            consumer: "Web",
            consumerVersion: MatrixVersion(id: 1, number: "1"),
            provider: "API",
            providerVersion: version.map { MatrixVersion(id: 10 + $0, number: "\($0)") },
            missingProviderDescription: "a version of API currently in production",
            pactSHA: "aaa",
            pactCreatedAt: "",
            verification: success.map { MatrixVerification(number: 1, success: $0, verifiedAt: "") },
            counterpartIsProvider: true
        )
    }

    static let query = MatrixQuery(
        selectors: [MatrixSelector(pacticipant: "Web", version: "1")],
        destination: .environment("production"),
        latestBy: nil
    )
    static let resolved = [
        ResolvedMatrixSelector(selector: query.selectors[0], versions: [MatrixVersion(id: 1, number: "1")])
    ]

    @Test func everyDeployedProviderVersionMustHaveVerified() {
        let decision = MatrixDecision.decide(
            query: Self.query,
            resolved: Self.resolved,
            rows: [Self.row(provider: 1, success: true), Self.row(provider: 2, success: nil)]
        )
        #expect(decision.deployable == nil)
        #expect(decision.unknown == 1 && decision.success == 1)
        #expect(decision.reason == "There is no verified pact between version 1 of Web and version 2 of API")
    }

    @Test func aFailedVerificationIsANo() {
        let decision = MatrixDecision.decide(
            query: Self.query,
            resolved: Self.resolved,
            rows: [Self.row(provider: 1, success: true), Self.row(provider: 2, success: false)]
        )
        #expect(decision.deployable == false)
        #expect(
            decision.reason.contains(
                "The verification for the pact between version 1 of Web and version 2 of API failed"
            )
        )
    }

    @Test func aMissingVersionIsANoAndIgnoreSkipsAProvider() {
        let missing = MatrixDecision.decide(
            query: Self.query,
            resolved: [ResolvedMatrixSelector(selector: Self.query.selectors[0], versions: [])],
            rows: []
        )
        #expect(missing.deployable == false)
        #expect(missing.reason == "No pacticipant version with number 1 of Web exists")
        var ignoring = Self.query
        ignoring.ignore = [MatrixSelector(pacticipant: "API")]
        let ignored = MatrixDecision.decide(
            query: ignoring,
            resolved: Self.resolved,
            rows: [Self.row(provider: 2, success: false)]
        )
        #expect(ignored.deployable == true)
        #expect(ignored.ignored == 1)
        let allGood = MatrixDecision.decide(
            query: Self.query,
            resolved: Self.resolved,
            rows: [Self.row(provider: 1, success: true)]
        )
        #expect(allGood.deployable == true)
        #expect(allGood.reason == "All required verification results are published and successful")
    }

    @Test func parsesTheRustClientQueries() throws {
        let query = try MatrixQuery(
            matrix: NestedQuery.parse(
                "q[][pacticipant]=Foo&q[][version]=1&ignore[][pacticipant]=Baz&tag=prod&latestby=cvp&latest=true"
            )
        )
        #expect(query.destination == .tag("prod"))
        #expect(query.ignore.map(\.pacticipant) == ["Baz"])
        let error = #expect(throws: BrokerError.self) { try MatrixQuery(matrix: NestedQuery.parse("latestby=cvpv")) }
        #expect(error?.status.code == 400)
        #expect(error?.description.contains("Please provide 1 or more version selectors") == true)
    }
}
