import Foundation
import PactumBrokerWire
import Testing

@Suite struct ConsumerVersionSelectorTests {
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func theStaticMembersEncodeAsTheOfficialClientsSendThem() throws {
        #expect(try Self.json(ConsumerVersionSelector.mainBranch) == #"{"mainBranch":true}"#)
        #expect(try Self.json(ConsumerVersionSelector.deployedOrReleased) == #"{"deployedOrReleased":true}"#)
        #expect(try Self.json(ConsumerVersionSelector.tag("prod", latest: true)) == #"{"latest":true,"tag":"prod"}"#)
        #expect(
            try Self.json(ConsumerVersionSelector.branch("feat", fallback: "main"))
                == #"{"branch":"feat","fallbackBranch":"main"}"#
        )
        #expect(try Self.json(ConsumerVersionSelector.environment("production")) == #"{"environment":"production"}"#)
        #expect(
            try Self.json(ConsumerVersionSelector.deployed.consumer("Web")) == #"{"consumer":"Web","deployed":true}"#
        )
    }

    @Test func parsesTheJSONTextOfTheCommandLine() throws {
        #expect(try ConsumerVersionSelector(json: #"{"mainBranch": true}"#) == .mainBranch)
        #expect(
            try ConsumerVersionSelector(json: #"{"tag": "prod", "latest": true, "consumer": "Web"}"#)
                == ConsumerVersionSelector.tag("prod", latest: true).consumer("Web")
        )
    }

    @Test func aBadSelectorIsAnErrorThatNamesIt() {
        let unknown = #expect(throws: ConsumerVersionSelector.ParseError.self) {
            try ConsumerVersionSelector(json: #"{"mainbranch": true}"#)
        }
        #expect(
            unknown?.description.hasPrefix(
                #"The consumer version selector '{"mainbranch": true}' has the unknown key 'mainbranch'"#
            ) == true
        )
        let wrongType = #expect(throws: ConsumerVersionSelector.ParseError.self) {
            try ConsumerVersionSelector(json: #"{"branch": true}"#)
        }
        #expect(wrongType?.description.contains("has 'branch' of the wrong type") == true)
        let notAnObject = #expect(throws: ConsumerVersionSelector.ParseError.self) {
            try ConsumerVersionSelector(json: "[1]")
        }
        #expect(notAnObject?.description == "The consumer version selector '[1]' is not a JSON object.")
        let notJSON = #expect(throws: ConsumerVersionSelector.ParseError.self) {
            try ConsumerVersionSelector(json: "{mainBranch}")
        }
        #expect(notJSON?.description == "The consumer version selector '{mainBranch}' is not valid JSON.")
    }

    @Test func aRequestEncodesTheOfficialVerifiersKeysAndReadsBack() throws {
        let request = PactsForVerificationRequest(
            consumerVersionSelectors: [.mainBranch],
            consumerVersionTags: ["prod"],
            providerVersionBranch: "main",
            includePendingStatus: true
        )
        let text = try Self.json(request)
        #expect(
            text
                == #"{"consumerVersionSelectors":[{"mainBranch":true},{"latest":true,"tag":"prod"}],"includePendingStatus":true,"providerVersionBranch":"main"}"#
        )
        #expect(try JSONDecoder().decode(PactsForVerificationRequest.self, from: Data(text.utf8)) == request)
        #expect(
            try Self.json(PactsForVerificationRequest())
                == #"{"consumerVersionSelectors":[],"includePendingStatus":false}"#
        )
        #expect(PactsForVerificationRequest().selectsLatestPactOfEachConsumer)
        #expect(!request.selectsLatestPactOfEachConsumer)
    }
}
