import Foundation
import PactumContracts
import PactumCore
import Testing

/// The comparator's behaviour beyond the shared cases: bad documents and pacts, results' kinds, references that loop,
/// and the schema keywords the cases do not reach.
@Suite("ContractComparator")
struct ContractComparatorTests {
    static let document = """
        openapi: 3.1.0
        info: {title: Pets, version: "1"}
        paths:
          /pets/{id}:
            get:
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer}}
              responses:
                "200":
                  description: a pet
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Pet"}
        components:
          schemas:
            Pet:
              type: object
              required: [name]
              properties:
                name: {type: string, minLength: 1}
                born: {type: string, format: date}
                tag: {type: string, nullable: true}
                parent: {$ref: "#/components/schemas/Pet"}
        """

    static func pact(status: Int = 200, path: String = "/pets/1", body: String) -> Data {
        Data(
            """
            {"consumer": {"name": "c"}, "provider": {"name": "p"}, "metadata": {"pactSpecification": {"version": "2.0.0"}},
             "interactions": [{"description": "a pet", "providerState": "pet 1 exists",
               "request": {"method": "GET", "path": "\(path)"},
               "response": {"status": \(status), "headers": {"Content-Type": "application/json"}, "body": \(body)}}]}
            """.utf8
        )
    }

    @Test("a compatible interaction gives no result")
    func compatible() throws {
        let comparator = try ContractComparator(openAPI: Self.document)
        let results = try comparator.compare(
            pact: Self.pact(body: #"{"name": "Rex", "born": "2020-02-29", "parent": {"name": "Max"}}"#)
        )
        #expect(results.isEmpty)
    }

    @Test("a response body the schema does not allow is an error at the value's and the keyword's place")
    func incompatibleBody() throws {
        let comparator = try ContractComparator(openAPI: Self.document)
        let results = try comparator.compare(
            pact: Self.pact(body: #"{"name": "Rex", "born": "2021-02-29", "parent": {"name": "", "colour": "red"}}"#)
        )
        #expect(results.errors.count == results.count)
        #expect(results.map(\.code) == Array(repeating: "response.body.incompatible", count: results.count))
        let places = Set(results.compactMap { $0.mockDetails?.location })
        #expect(places.contains("[root].interactions[0].response.body.born"))
        #expect(places.contains("[root].interactions[0].response.body.parent"))
        let born = try #require(results.first { $0.mockDetails?.location.hasSuffix(".born") == true })
        #expect(born.message.contains("must match format \"date\""))
        #expect(born.mockDetails?.interactionState == "pet 1 exists")
        #expect(born.specDetails?.pathName == "/pets/{id}")
        #expect(born.specDetails?.pathMethod == "get")
    }

    @Test("an unknown status is an error, a path parameter of the wrong type an unknown path")
    func statusAndPath() throws {
        let comparator = try ContractComparator(openAPI: Self.document)
        let status = try comparator.compare(pact: Self.pact(status: 404, body: "null"))
        #expect(status.map(\.code) == ["response.status.unknown"])
        #expect(status.first?.mockDetails?.location == "[root].interactions[0].response.status")
        let path = try comparator.compare(pact: Self.pact(path: "/pets/rex", body: #"{"name": "Rex"}"#))
        #expect(path.map(\.code) == ["request.path-or-method.unknown"])
        #expect(path.first?.message == "Path or method not defined in spec file: GET /pets/rex")
    }

    @Test(
        "x-opc-config-ignore-trailing-slash and -ignore-duplicate-slashes make /a/ and /a, and //a and /a, one path",
        arguments: [(false, false), (true, false), (false, true), (true, true)]
    )
    func slashSwitches(ignoreTrailing: Bool, ignoreDuplicate: Bool) throws {
        let document = """
            openapi: 3.0.3
            info:
              title: Orders
              version: "1"
              x-opc-config-ignore-trailing-slash: \(ignoreTrailing)
              x-opc-config-ignore-duplicate-slashes: \(ignoreDuplicate)
            paths:
              /orders/:
                get:
                  responses: {"200": {description: ok, content: {application/json: {schema: {type: object}}}}}
              /shop//items/{id}:
                get:
                  parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
                  responses: {"200": {description: ok, content: {application/json: {schema: {type: object}}}}}
            """
        let comparator = try ContractComparator(openAPI: document)
        func unknown(_ path: String) throws -> Bool {
            let results = try comparator.compare(pact: Self.pact(path: path, body: "{}"))
            return results.contains { $0.code == "request.path-or-method.unknown" }
        }
        #expect(try unknown("/orders/") == false, "the document's own spelling always matches")
        #expect(try unknown("/orders") == !ignoreTrailing)
        #expect(try unknown("//orders/") == !ignoreDuplicate)
        #expect(try unknown("/shop//items/7") == false)
        #expect(try unknown("/shop/items/7") == !ignoreDuplicate)
        #expect(try unknown("/shop/items/7/") == !(ignoreDuplicate && ignoreTrailing))
    }

    @Test("x-opc-config-legacy-parser reads query names flat: page.size is a name, not page's member")
    func legacyParser() throws {
        func results(legacy: Bool, query: String) throws -> [String] {
            let document = """
                openapi: 3.0.3
                info: {title: Pages, version: "1", x-opc-config-legacy-parser: \(legacy)}
                paths:
                  /pages:
                    get:
                      parameters:
                        - {name: page.size, in: query, required: true, schema: {type: integer}}
                      responses: {"200": {description: ok, content: {application/json: {schema: {type: object}}}}}
                """
            let pact = Data(
                """
                {"consumer": {"name": "c"}, "provider": {"name": "p"}, "metadata": {"pactSpecification": {"version": "2.0.0"}},
                 "interactions": [{"description": "pages", "request": {"method": "GET", "path": "/pages", "query": "\(query)"},
                   "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": {}}}]}
                """.utf8
            )
            return try ContractComparator(openAPI: document).compare(pact: pact).map(\.code)
        }
        #expect(try results(legacy: true, query: "page.size=10") == [])
        #expect(try results(legacy: false, query: "page.size=10").contains("request.query.incompatible"))
        #expect(try results(legacy: true, query: "page.size=ten").contains("request.query.incompatible"))
    }

    @Test("a YAML syntax error names the document and the line")
    func badYAML() {
        let error = #expect(throws: ContractDocumentError.self) {
            try ContractComparator(openAPI: "openapi: 3.0.0\npaths:\n  /a: [\n", openAPIName: "api/openapi.yaml")
        }
        #expect(error?.code == .invalidSyntax)
        #expect(error?.description.hasPrefix("api/openapi.yaml: line ") == true)
    }

    @Test("a YAML document whose aliases expand it past a million nodes is refused, not expanded")
    func aliasBomb() {
        // Nine levels of ten aliases each: a few hundred bytes standing for 10^9 nodes.
        var yaml = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            yaml += "a\(level): &a\(level) [" + Array(repeating: previous, count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "paths: {}\n"
        let error = #expect(throws: ContractDocumentError.self) {
            try ContractComparator(openAPI: yaml, openAPIName: "bomb.yaml")
        }
        #expect(error?.code == .invalidSyntax)
        #expect(error?.description.contains("more than 1000000 YAML nodes (through aliases)") == true)
        #expect(error?.description.hasPrefix("bomb.yaml") == true)
    }

    @Test("a document that is not OpenAPI says what was expected")
    func notOpenAPI() {
        let error = #expect(throws: ContractDocumentError.self) {
            try ContractComparator(openAPI: "title: not an API\n", openAPIName: "x.yaml")
        }
        #expect(error?.code == .unsupportedDocument)
        #expect(error?.description.contains("openapi: 3.x") == true)
    }

    @Test("a malformed pact names the interaction and the field")
    func malformedPact() throws {
        let comparator = try ContractComparator(openAPI: Self.document)
        let pact = Data(#"{"interactions": [{"request": {"method": "GET"}, "response": {"status": 200}}]}"#.utf8)
        let error = #expect(throws: ContractDocumentError.self) { try comparator.compare(pact: pact, name: "c.json") }
        #expect(error?.code == .malformedPact)
        #expect(error?.description == "c.json: [root].interactions[0].request.path: request.path must be a string")
        let notJSON = #expect(throws: ContractDocumentError.self) {
            try comparator.compare(pact: Data("{".utf8), name: "c.json")
        }
        #expect(notJSON?.code == .invalidSyntax)
    }

    @Test("references that loop are followed without hanging")
    func cyclicReferences() throws {
        let document = """
            openapi: 3.0.0
            info: {title: Loop, version: "1"}
            paths:
              /a:
                get:
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/A"}
            components:
              schemas:
                A: {$ref: "#/components/schemas/B"}
                B: {$ref: "#/components/schemas/A"}
            """
        let comparator = try ContractComparator(openAPI: document)
        let results = try comparator.compare(pact: Self.pact(path: "/a", body: #"{"x": 1}"#))
        #expect(results.errors.isEmpty)
    }

    @Test("oneOf with a discriminator validates the branch the tag names")
    func discriminator() throws {
        let document = """
            openapi: 3.0.0
            info: {title: Pets, version: "1"}
            paths:
              /pet:
                get:
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema:
                            oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]
                            discriminator: {propertyName: kind}
            components:
              schemas:
                Cat:
                  type: object
                  properties: {kind: {type: string, enum: [Cat]}, lives: {type: integer}}
                Dog:
                  type: object
                  properties: {kind: {type: string, enum: [Dog]}, bark: {type: boolean}}
            """
        let comparator = try ContractComparator(openAPI: document)
        #expect(try comparator.compare(pact: Self.pact(path: "/pet", body: #"{"kind": "Cat", "lives": 9}"#)).isEmpty)
        let wrongBranch = try comparator.compare(pact: Self.pact(path: "/pet", body: #"{"kind": "Cat", "bark": true}"#))
        #expect(
            wrongBranch.map(\.specDetails?.location) == [
                "[root].paths./pet.get.responses.200.content.application/json.schema.components.schemas.Cat.additionalProperties"
            ]
        )
        let unknownTag = try comparator.compare(pact: Self.pact(path: "/pet", body: #"{"kind": "Fish"}"#))
        #expect(unknownTag.first?.message.contains("value of tag \"kind\" must be in oneOf") == true)
    }

    @Test("an AsyncAPI 2 document is read as its AsyncAPI 3 equivalent, results naming its channels")
    func asyncAPI2() throws {
        let asyncAPI = """
            asyncapi: 2.6.0
            info: {title: Events, version: "1"}
            channels:
              user/signedup:
                subscribe:
                  operationId: onUserSignedUp
                  message: {$ref: "#/components/messages/UserSignedUp"}
              orders:
                publish:
                  operationId: placeOrder
                  message:
                    oneOf:
                      - {name: small, payload: {type: object, required: [sku], properties: {sku: {type: string}}}}
                      - {name: bulk, payload: {type: object, required: [pallets], properties: {pallets: {type: integer}}}}
            components:
              messages:
                UserSignedUp:
                  payload: {type: object, required: [id], properties: {id: {type: integer}}}
            """
        let comparator = try ContractComparator(document: asyncAPI, format: .asyncAPI, name: "events.yaml")
        func codes(_ operationId: String, _ content: String) throws -> [ContractComparisonResult] {
            let pact = Data(
                """
                {"metadata": {"pactSpecification": {"version": "4.0"}}, "interactions": [{"type": "Asynchronous/Messages",
                  "description": "an event", "contents": {"content": \(content), "contentType": "application/json"},
                  "comments": {"references": {"AsyncAPI": {"operationId": "\(operationId)"}}}}]}
                """.utf8
            )
            return try comparator.compare(pact: pact)
        }
        #expect(try codes("onUserSignedUp", #"{"id": 7}"#).errors.isEmpty)
        #expect(try codes("placeOrder", #"{"sku": "A-1"}"#).errors.isEmpty)
        #expect(try codes("placeOrder", #"{"pallets": 3}"#).errors.isEmpty)
        let wrong = try codes("onUserSignedUp", #"{"id": "seven"}"#)
        #expect(wrong.errors.count == 1)
        #expect(wrong.map(\.code) == ["message.no.match"])
        #expect(wrong.first?.specDetails?.location == "[root].channels.user/signedup.subscribe.message")
        let neither = try codes("placeOrder", #"{"pallets": "many"}"#)
        #expect(!neither.errors.isEmpty)
        #expect(
            neither.contains { $0.specDetails?.location.hasPrefix("[root].channels.orders.publish.message") == true }
        )
        let unknown = try codes("onOrderShipped", "{}")
        #expect(unknown.map(\.code) == ["message.operation.unknown"])
        #expect(unknown.first?.specDetails?.location == "[root].channels")
    }

    @Test("the document format initializer reads AsyncAPI documents too")
    func documentFormat() throws {
        let asyncAPI = """
            asyncapi: 3.0.0
            info: {title: Events, version: "1"}
            operations:
              onUser:
                action: receive
                channel: {$ref: "#/channels/users"}
                messages: [{$ref: "#/channels/users/messages/created"}]
            channels:
              users:
                messages:
                  created:
                    payload: {type: object, properties: {id: {type: string}}}
            """
        let comparator = try ContractComparator(document: asyncAPI, format: .asyncAPI, name: "events.yaml")
        let pact = Data(
            """
            {"metadata": {"pactSpecification": {"version": "4.0"}}, "interactions": [{"type": "Asynchronous/Messages",
              "description": "user created", "contents": {"content": {"id": 7}, "contentType": "application/json"},
              "comments": {"references": {"AsyncAPI": {"operationId": "onUser"}}}}]}
            """.utf8
        )
        let results = try comparator.compare(pact: pact)
        #expect(results.map(\.code) == ["message.no.match"])
        #expect(results.errors.count == 1)
    }
}
