import Foundation
import PactumCore
import Testing

@Suite("Pact files: reading every version, writing V2/V3/V4, errors")
struct PactFileTests {
    static func pact(_ text: String) throws -> Pact { try Pact(data: Data(text.utf8)) }

    static func error(_ text: String) -> PactError? {
        do {
            _ = try pact(text)
            return nil
        } catch let error as PactError {
            return error
        } catch {
            return nil
        }
    }

    @Test("V1 files: provider state string, raw query, no rules")
    func readsV1() throws {
        let pact = try Self.pact(
            """
            {"consumer": {"name": "C"}, "provider": {"name": "P"},
             "interactions": [{"description": "d", "provider_state": "state one",
               "request": {"method": "get", "path": "/a", "query": "x=1&y=2"},
               "response": {"status": 200, "body": {"ok": true}}}],
             "metadata": {"pactSpecification": {"version": "1.0.0"}}}
            """
        )
        #expect(pact.specification == .v1)
        let interaction = try #require(pact.interactions.first)
        #expect(interaction.providerStates == [ProviderState("state one")])
        guard case .http(let request, let response) = interaction.kind else {
            Issue.record("not an HTTP interaction")
            return
        }
        #expect(request.method == "GET")
        #expect(request.query == ["x": ["1"], "y": ["2"]])
        #expect(request.v1QueryString == "x=1&y=2")
        #expect(response.body.content == .json(["ok": true]))
    }

    @Test("V2/V3 binary bodies are base64 strings: decoded by content type, written back the same")
    func readsBase64BinaryBodies() throws {
        let pact = try Self.pact(
            """
            {"consumer": {"name": "C"}, "provider": {"name": "P"},
             "interactions": [{"description": "d", "request": {"method": "GET", "path": "/rat"},
               "response": {"status": 200, "headers": {"Content-Type": "image/jpeg"}, "body": "/9j/4AAQ"}},
              {"description": "t", "request": {"method": "GET", "path": "/t"},
               "response": {"status": 200, "headers": {"Content-Type": "text/plain"}, "body": "/9j/4AAQ"}}],
             "metadata": {"pactSpecification": {"version": "3.0.0"}}}
            """
        )
        guard case .http(_, let image) = pact.interactions[0].kind, case .http(_, let text) = pact.interactions[1].kind
        else {
            Issue.record("expected HTTP interactions")
            return
        }
        #expect(image.body.content == .binary([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]))
        #expect(text.body.content == .text("/9j/4AAQ"))
        let written = try Pact(data: Data(pact.jsonText(specification: .v3).utf8))
        #expect(written.interactions == pact.interactions)
    }

    @Test("V2 flat rules land in their categories and are written back flat")
    func v2RulesRoundTrip() throws {
        let pact = try Self.pact(
            """
            {"consumer": {"name": "C"}, "provider": {"name": "P"},
             "interactions": [{"description": "d", "providerState": "s",
               "request": {"method": "GET", "path": "/users/1", "query": "q=a",
                 "headers": {"X-Id": "abc"},
                 "matchingRules": {"$.path": {"regex": "/users/\\\\d+"}, "$.query.q": {"match": "type"},
                                   "$.headers.X-Id": {"match": "regex", "regex": "[a-z]+"}}},
               "response": {"status": 200, "body": {"items": [{"id": 1}]},
                 "matchingRules": {"$.body.items": {"min": 1}, "$.body.items[*].id": {"match": "type"}}}}],
             "metadata": {"pactSpecification": {"version": "2.0.0"}}}
            """
        )
        guard case .http(let request, let response) = try #require(pact.interactions.first).kind else {
            Issue.record("not an HTTP interaction")
            return
        }
        #expect(request.matchingRules["path"][""] == RuleList([.regex("/users/\\d+")]))
        #expect(request.matchingRules["query"]["q"] == RuleList([.type]))
        #expect(request.matchingRules["header"]["X-Id"] == RuleList([.regex("[a-z]+")]))
        #expect(response.matchingRules["body"]["$.items"] == RuleList([.type(min: 1)]))
        #expect(response.matchingRules["body"]["$.items[*].id"] == RuleList([.type]))

        let v2 = try pact.json(specification: .v2)
        let rules = v2["interactions"]?.arrayValue?.first?["response"]?["matchingRules"]
        #expect(rules?["$.body.items"] == ["min": 1])
        #expect(rules?["$.body.items[*].id"] == ["match": "type"])
        let requestJSON = v2["interactions"]?.arrayValue?.first?["request"]
        #expect(requestJSON?["query"] == "q=a")
        #expect(requestJSON?["matchingRules"]?["$.headers['X-Id']"] == ["match": "regex", "regex": "[a-z]+"])
        #expect(v2["interactions"]?.arrayValue?.first?["providerState"] == "s")
        #expect(v2["metadata"]?["pactSpecification"]?["version"] == "2.0.0")
    }

    @Test("V3 message pacts are read as asynchronous messages and written back as `messages`")
    func v3Messages() throws {
        let pact = try Self.pact(
            """
            {"consumer": {"name": "C"}, "provider": {"name": "P"},
             "messages": [{"description": "an event", "providerStates": [{"name": "s", "params": {"id": 1}}],
               "contents": {"id": 1}, "metaData": {"contentType": "application/json"},
               "matchingRules": {"body": {"$.id": {"matchers": [{"match": "integer"}]}}}}],
             "metadata": {"pactSpecification": {"version": "3.0.0"}}}
            """
        )
        let interaction = try #require(pact.interactions.first)
        #expect(interaction.providerStates == [ProviderState("s", params: ["id": 1])])
        guard case .asynchronousMessage(let message) = interaction.kind else {
            Issue.record("not a message")
            return
        }
        #expect(message.contents.content == .json(["id": 1]))
        #expect(message.metadata == ["contentType": "application/json"])
        #expect(message.matchingRules["body"]["$.id"] == RuleList([.integer]))
        let v3 = try pact.json(specification: .v3)
        #expect(v3["messages"]?.arrayValue?.count == 1)
        #expect(v3["interactions"] == nil)
    }

    @Test("V4: all interaction types, pending, key, comments, markup, plugin configuration, unknown fields")
    func v4Everything() throws {
        let text = """
            {"consumer": {"name": "C", "team": "web"}, "provider": {"name": "P"},
             "interactions": [
               {"type": "Synchronous/HTTP", "description": "http", "key": "k1", "pending": true,
                "comments": {"text": ["note"], "testname": "t"},
                "interactionMarkup": {"markup": "# Hi", "markupType": "COMMON_MARK"},
                "pluginConfiguration": {"protobuf": {"descriptorKey": "abc"}},
                "transport": "http", "x-custom": {"kept": true},
                "request": {"method": "POST", "path": "/p", "headers": {"Content-Type": ["application/json"]},
                  "body": {"content": {"a": 1}, "contentType": "application/json", "encoded": false}},
                "response": {"status": 201, "body": {"content": "aGVsbG8=", "contentType": "application/octet-stream",
                  "encoded": "base64"}}},
               {"type": "Asynchronous/Messages", "description": "async", "contents": {"content": "ping",
                 "contentType": "text/plain", "encoded": false}, "metadata": {"topic": "t"}},
               {"type": "Synchronous/Messages", "description": "sync",
                "request": {"contents": {"content": {"q": 1}, "contentType": "application/json", "encoded": false}},
                "response": [{"contents": {"content": {"r": 2}, "contentType": "application/json", "encoded": false}}]}
             ],
             "metadata": {"pactSpecification": {"version": "4.0"}, "plugins": [{"name": "protobuf", "version": "0.3.0"}]},
             "x-top": 1}
            """
        let pact = try Self.pact(text)
        #expect(pact.specification == .v4)
        #expect(pact.interactions.count == 3)
        let http = pact.interactions[0]
        #expect(http.key == "k1")
        #expect(http.pending)
        #expect(http.comments["testname"] == "t")
        #expect(http.interactionMarkup == InteractionMarkup(markup: "# Hi"))
        #expect(http.pluginConfiguration["protobuf"]?["descriptorKey"] == "abc")
        #expect(http.transport == "http")
        #expect(http.additionalFields["x-custom"] == ["kept": true])
        guard case .http(_, let response) = http.kind else {
            Issue.record("not HTTP")
            return
        }
        #expect(response.body.content == .binary(Array("hello".utf8)))
        guard case .synchronousMessage(let request, let responses) = pact.interactions[2].kind else {
            Issue.record("not a synchronous message")
            return
        }
        #expect(request.contents.content == .json(["q": 1]))
        #expect(responses.map(\.contents.content) == [.json(["r": 2])])

        let written = try pact.json()
        let original = try JSONParser.parse(text)
        #expect(written["x-top"] == 1)
        #expect(written["consumer"]?["team"] == "web")
        #expect(written["metadata"]?["plugins"] == original["metadata"]?["plugins"])
        let writtenHTTP = written["interactions"]?.arrayValue?.first { $0["description"] == "http" }
        #expect(writtenHTTP == original["interactions"]?.arrayValue?.first)
    }

    @Test("writing is deterministic: interaction order and key order do not change the bytes")
    func deterministic() throws {
        func interaction(_ name: String) -> Interaction {
            Interaction(
                description: name,
                kind: .http(
                    request: HTTPRequest(path: "/\(name)"),
                    response: HTTPResponse(body: .json(["b": 1, "a": [1, 2]]))
                )
            )
        }
        let one = Pact(
            consumer: "C",
            provider: "P",
            interactions: [interaction("x"), interaction("a"), interaction("m")]
        )
        let two = Pact(
            consumer: "C",
            provider: "P",
            interactions: [interaction("m"), interaction("x"), interaction("a")]
        )
        for version in [PactSpecification.v2, .v3, .v4] {
            #expect(try one.jsonText(specification: version) == two.jsonText(specification: version))
        }
        let text = try one.jsonText()
        #expect(text.hasSuffix("}\n"))
        #expect(text.range(of: "\"a\": [\n") != nil, "pretty-printed with two-space indentation")
    }

    @Test("downgrading: V2 cannot hold messages and V3 cannot mix them with HTTP")
    func downgradeErrors() throws {
        let message = Interaction(description: "event", kind: .asynchronousMessage(Message(contents: .json([:]))))
        let http = Interaction(description: "call", kind: .http(request: HTTPRequest(), response: HTTPResponse()))
        let pact = Pact(consumer: "C", provider: "P", interactions: [message, http])
        #expect(throws: PactError.self) { try pact.json(specification: .v2) }
        do throws(PactError) {
            _ = try pact.json(specification: .v3)
            Issue.record("V3 with both kinds must fail")
        } catch {
            #expect(
                error.description
                    == "a Pact V3 file holds either HTTP interactions or messages, and this contract has both. Write the contract as V4"
            )
        }
        do throws(PactError) {
            _ = try pact.json(specification: .v2)
        } catch {
            #expect(
                error.description
                    == "interaction \"event\": Pact V2 files cannot hold messages. Write the contract as V3 or V4"
            )
        }
        #expect(try pact.json(specification: .v4)["interactions"]?.arrayValue?.count == 2)
    }

    @Test("V3 output keeps provider-state parameters and generators; V2 output drops generators")
    func versionsDiffer() throws {
        var response = HTTPResponse(body: .json(["id": 1]))
        response.generators.add(.randomInt(min: 1, max: 9), category: "body", path: "$.id")
        response.matchingRules = MatchingRules()
        try response.matchingRules.add(.integer, category: "body", path: "$.id")
        let pact = Pact(
            consumer: "C",
            provider: "P",
            interactions: [
                Interaction(
                    description: "d",
                    providerStates: [ProviderState("s", params: ["id": 1])],
                    kind: .http(request: HTTPRequest(), response: response)
                )
            ]
        )
        let v3 = try #require(try pact.json(specification: .v3)["interactions"]?.arrayValue?.first)
        #expect(v3["providerStates"] == [["name": "s", "params": ["id": 1]]])
        #expect(v3["response"]?["generators"]?["body"]?["$.id"] == ["type": "RandomInt", "min": 1, "max": 9])
        #expect(
            v3["response"]?["matchingRules"]?["body"]?["$.id"] == [
                "matchers": [["match": "integer"]], "combine": "AND",
            ]
        )
        let v2 = try #require(try pact.json(specification: .v2)["interactions"]?.arrayValue?.first)
        #expect(v2["response"]?["generators"] == nil)
        #expect(v2["providerState"] == "s")
    }

    @Test(
        "errors name the problem, where it is and what to do",
        arguments: [
            (
                "{",
                "the contract is not valid JSON: invalid JSON at line 1, column 2: unexpected end of input inside an object. Fix the JSON syntax"
            ),
            ("[]", "a contract must be a JSON object, found array"),
            (
                #"{"provider": {"name": "P"}}"#,
                "at consumer: the contract has no 'consumer'. Add \"consumer\": {\"name\": \"…\"}"
            ),
            (
                #"{"consumer": {"name": "C"}, "provider": {"name": "P"}, "interactions": [{"description": "ok", "request": {}, "response": {}}, {"request": {}, "response": {}}]}"#,
                "at interactions[1].description: the interaction has no string 'description'. Every interaction needs a description"
            ),
            (
                #"{"consumer": {"name": "C"}, "provider": {"name": "P"}, "interactions": [{"description": "d", "type": "Weird"}]}"#,
                "interaction \"d\", at interactions[0].type: unknown interaction type 'Weird'. Use Synchronous/HTTP, Asynchronous/Messages or Synchronous/Messages"
            ),
            (
                #"{"consumer": {"name": "C"}, "provider": {"name": "P"}, "interactions": [{"description": "d", "request": {}, "response": {"status": 200, "matchingRules": {"body": {"$.a": {"matchers": [{"foo": 1}]}}}}}]}"#,
                "interaction \"d\", at interactions[0].response.matchingRules.body['$.a'].matchers[0]: the matching rule has no 'match' field and its type cannot be guessed. Add \"match\": \"type\" (or regex, integer, …)"
            ),
            (
                #"{"consumer": {"name": "C"}, "provider": {"name": "P"}, "interactions": [{"description": "d", "request": {}, "response": {"status": 200, "matchingRules": {"body": {"$.a[": {"matchers": [{"match": "type"}]}}}}}]}"#,
                "interaction \"d\", at interactions[0].response.matchingRules.body['$.a[']: invalid matching rule path '$.a[': unterminated '[' at position 4. Use paths like $.items[*].name, $['a key'] or $.items[0]"
            ),
            (
                #"{"consumer": {"name": "C"}, "provider": {"name": "P"}, "interactions": [{"description": "d", "request": {}, "response": {"status": "OK"}}]}"#,
                "interaction \"d\", at interactions[0].response.status: 'status' must be an HTTP status code, found \"OK\""
            ),
            (
                #"{"consumer": {"name": "C"}, "provider": {"name": "P"}, "metadata": {"pactSpecification": {"version": "4.0"}}, "interactions": [{"type": "Synchronous/HTTP", "description": "d", "request": {}, "response": {"body": {"content": "***", "encoded": "base64"}}}]}"#,
                "interaction \"d\", at interactions[0].response.body.content: the body is marked base64 but is not valid base64. Encode the content as base64 or set \"encoded\": false"
            ),
        ]
    )
    func errors(_ input: String, _ message: String) {
        #expect(Self.error(input)?.description == message)
    }

    @Test("a file that cannot be read names the file")
    func unreadableFile() {
        let url = URL(fileURLWithPath: "/nonexistent/pact.json")
        do throws(PactError) {
            _ = try Pact(contentsOf: url)
            Issue.record("reading a missing file must fail")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/pact.json: could not read the contract file"))
        }
    }

    @Test("write(to:) creates folders and writes atomically; reading it back gives the same pact")
    func writeAndRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pactum-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("nested/C-P.json")
        let pact = Pact(
            consumer: "C",
            provider: "P",
            interactions: [Interaction(description: "d", kind: .http(request: HTTPRequest(), response: HTTPResponse()))]
        )
        try pact.write(to: url)
        #expect(try Pact(contentsOf: url) == pact)
    }
}
