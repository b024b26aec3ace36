import Foundation
import PactumContracts
import PactumCore

/// A provider contract as a client publishes it, checked: `POST /provider-contracts/provider/{p}/publish` (the
/// official CLI's `pactflow publish-provider-contract`) or the older `PUT /contracts/provider/{p}/version/{v}`.
/// Pure: every problem is reported under the name of the field that has it.
struct ProviderContractUpload: Sendable, Hashable {
    /// The largest document accepted (decoded): far above any real OpenAPI document, and the comparator reads it
    /// whole.
    static let maximumContentSize = 4 * 1024 * 1024
    /// The largest self-verification output kept (decoded).
    static let maximumResultsSize = 1024 * 1024
    static let contentTypes: Set<String> = [
        "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "application/yml", "application/json",
        "application/openapi+json", "application/openapi+yaml", "application/vnd.oai.openapi",
        "application/vnd.oai.openapi+json",
    ]

    var versionNumber: String
    var tags: [String]
    var branch: String?
    var buildURL: String?
    var content: String
    var contentType: String
    var specification: String
    var selfVerification: ProviderContractSelfVerification
    /// What the publisher should know (the document is not an OpenAPI document, no self-verification results).
    var warnings: [String]

    /// The body of `POST /provider-contracts/provider/{provider}/publish`.
    static func publication(_ body: [String: JSONValue]) throws(BrokerError) -> ProviderContractUpload {
        var errors: [String: [String]] = [:]
        let number = body["pacticipantVersionNumber"]?.stringValue ?? ""
        if number.trimmingCharacters(in: .whitespaces).isEmpty {
            errors["pacticipantVersionNumber", default: []].append("is missing")
        }
        let branch = optionalString(body, "branch", &errors)
        if let branch, branch.trimmingCharacters(in: .whitespaces).isEmpty {
            errors["branch", default: []].append("cannot be blank")
        }
        var tags: [String] = []
        if let value = body["tags"], value != .null {
            if let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) {
                tags = items.compactMap(\.stringValue)
                if tags.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                    errors["tags", default: []].append("cannot be blank")
                }
            } else {
                errors["tags", default: []].append("must be a list of strings")
            }
        }
        let buildURL = optionalString(body, "buildUrl", &errors)
        guard case .object(let contract)? = body["contract"] else {
            errors["contract", default: []].append("is missing (an object with content, contentType, specification)")
            throw BrokerError.validation(errors)
        }
        let parsed = parseContract(
            contract,
            prefix: "contract.",
            specificationKey: "specification",
            resultsKey: "selfVerificationResults",
            &errors
        )
        guard errors.isEmpty, let parsed else { throw BrokerError.validation(errors) }
        var upload = parsed
        upload.versionNumber = number
        upload.tags = tags
        upload.branch = branch
        upload.buildURL = buildURL
        return upload
    }

    /// The body of `PUT /contracts/provider/{provider}/version/{version}` (the older client).
    static func versionContract(
        _ body: [String: JSONValue],
        version: String
    ) throws(BrokerError)
        -> ProviderContractUpload
    {
        var errors: [String: [String]] = [:]
        let parsed = parseContract(
            body,
            prefix: "",
            specificationKey: "contractType",
            resultsKey: "verificationResults",
            &errors
        )
        guard errors.isEmpty, var upload = parsed else { throw BrokerError.validation(errors) }
        upload.versionNumber = version
        return upload
    }

    private static func optionalString(
        _ object: [String: JSONValue],
        _ key: String,
        _ errors: inout [String: [String]]
    ) -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard let text = value.stringValue else {
            errors[key, default: []].append("must be a string")
            return nil
        }
        return text
    }

    /// Base64 text decoded, or what is wrong with it.
    private enum Decoded {
        case data(Data)
        case problem(String)
    }

    private static func decodeBase64(_ text: String, limit: Int) -> Decoded {
        guard let data = Data(base64Encoded: text), !text.isEmpty else { return .problem("must be base64") }
        guard data.count <= limit else {
            return .problem("is \(data.count) bytes once decoded; the limit is \(limit)")
        }
        // Text columns cannot hold NUL (PostgreSQL refuses it), and no document or report needs one.
        guard !data.contains(0) else { return .problem("contains a NUL byte once decoded") }
        return .data(data)
    }

    private static func parseContract(
        _ contract: [String: JSONValue],
        prefix: String,
        specificationKey: String,
        resultsKey: String,
        _ errors: inout [String: [String]]
    ) -> ProviderContractUpload? {
        func add(_ key: String, _ message: String) { errors[prefix + key, default: []].append(message) }
        var warnings: [String] = []
        let specification = contract[specificationKey]?.stringValue ?? "oas"
        if specification.lowercased() != "oas" {
            add(specificationKey, "must be 'oas' (an OpenAPI document), not '\(specification)'")
        }
        let contentType = (contract["contentType"]?.stringValue ?? "").lowercased()
        let mediaType =
            contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        if contentType.isEmpty {
            add("contentType", "is missing (application/yaml or application/json)")
        } else if !contentTypes.contains(mediaType) {
            add(
                "contentType",
                "must be a YAML or JSON content type (application/yaml, application/json), not '\(contentType)'"
            )
        }
        var document: String?
        if let encoded = contract["content"]?.stringValue {
            switch decodeBase64(encoded, limit: maximumContentSize) {
            case .problem(let problem): add("content", problem)
            case .data(let data):
                if let text = String(data: data, encoding: .utf8) {
                    document = text
                } else {
                    add("content", "must be UTF-8 text once decoded")
                }
            }
        } else {
            add("content", "is missing (the document, base64 encoded)")
        }
        if let text = document, let refusal = ProviderContractDocument.refusal(text) {
            add("content", refusal)
            document = nil
        } else if let text = document {
            do {
                _ = try ContractComparator(document: text, format: .openAPI, name: prefix + "content")
            } catch  where error.code == .unsupportedDocument {
                warnings.append(
                    "The provider contract is not an OpenAPI 2.0/3.x document (\(error.message)): every consumer "
                        + "contract compared with it is incompatible until a valid document is published."
                )
            } catch {
                add("content", "cannot be read as YAML or JSON: \(error)")
            }
        }
        var selfVerification = ProviderContractSelfVerification(success: nil)
        switch contract[resultsKey] {
        case nil, .null?:
            warnings.append(
                "No self-verification results were published (\(prefix + resultsKey)): can-i-deploy cannot pass for "
                    + "this provider version until they are. The official CLI sends them only with --verifier or "
                    + "--verification-results."
            )
        case .object(let results)?:
            let key = prefix + resultsKey + "."
            switch results["success"] {
            case .bool(let success)?: selfVerification.success = success
            case nil, .null?: errors[key + "success", default: []].append("is missing (true or false)")
            default: errors[key + "success", default: []].append("must be true or false")
            }
            if let encoded = results["content"]?.stringValue {
                switch decodeBase64(encoded, limit: maximumResultsSize) {
                case .problem(let problem): errors[key + "content", default: []].append(problem)
                case .data(let data): selfVerification.content = String(decoding: data, as: UTF8.self)
                }
            }
            for (field, path) in [
                ("contentType", \ProviderContractSelfVerification.contentType),
                ("format", \.format), ("verifier", \.verifier), ("verifierVersion", \.verifierVersion),
            ] as [(String, WritableKeyPath<ProviderContractSelfVerification, String?>)] {
                guard let value = results[field], value != .null else { continue }
                if let text = value.stringValue, text.count <= 1000 {
                    selfVerification[keyPath: path] = text
                } else {
                    errors[key + field, default: []].append("must be a string of at most 1000 characters")
                }
            }
        default:
            errors[prefix + resultsKey, default: []].append("must be an object")
        }
        guard let document else { return nil }
        return ProviderContractUpload(
            versionNumber: "",
            tags: [],
            branch: nil,
            buildURL: nil,
            content: document,
            contentType: mediaType,
            specification: "oas",
            selfVerification: selfVerification,
            warnings: warnings
        )
    }
}
