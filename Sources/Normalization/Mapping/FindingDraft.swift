import FindingsCore

/// An ASFF finding being assembled from a source finding: the fields every finding needs,
/// typed, plus optional members in the order they are added. `json` writes them in ASFF's
/// usual order, with the provider's severity and types also in `FindingProviderFields`.
struct FindingDraft {
    var id: String
    var productArn: String
    var generatorId: String
    var account: String
    var region: String
    var types: [String]
    var createdAt: String
    var updatedAt: String
    var severity: SeverityLabel
    /// The source's own severity value, as text (`Severity.Original`).
    var originalSeverity: String?
    var title: String
    var description: String
    var resources: [JSONValue]
    /// Optional top-level members (FirstObservedAt, Compliance, Workflow, ...), in order.
    var optional = JSONObject()

    /// ASFF's limits on Title and Description, in characters.
    static let titleLimit = 256
    static let descriptionLimit = 1024

    var json: JSONValue {
        var finding: JSONObject = [
            "SchemaVersion": .string("2018-10-08"),
            "Id": .string(id),
            "ProductArn": .string(productArn),
            "GeneratorId": .string(FindingDraft.truncated(generatorId, to: 512)),
            "AwsAccountId": .string(account),
            "Region": .string(region),
            "Types": .array(types.map(JSONValue.string)),
            "CreatedAt": .string(createdAt),
            "UpdatedAt": .string(updatedAt),
        ]
        var severityObject: JSONObject = ["Label": .string(severity.rawValue), "Normalized": .int(severity.normalized)]
        var providerSeverity: JSONObject = ["Label": .string(severity.rawValue)]
        if let original = originalSeverity?.nonBlank {
            let text = FindingDraft.truncated(original, to: 64)
            severityObject["Original"] = .string(text)
            providerSeverity["Original"] = .string(text)
        }
        finding["Severity"] = .object(severityObject)
        let shortTitle = FindingDraft.truncated(title.nonBlank ?? generatorId, to: FindingDraft.titleLimit)
        finding["Title"] = .string(shortTitle)
        finding["Description"] = .string(FindingDraft.truncated(description.nonBlank ?? shortTitle, to: FindingDraft.descriptionLimit))
        finding["Resources"] = .array(resources)
        for member in optional.members { finding[member.key] = member.value }
        finding["FindingProviderFields"] = .object([
            "Severity": .object(providerSeverity),
            "Types": .array(types.map(JSONValue.string)),
        ])
        return .object(finding)
    }

    /// The first `limit` characters (Unicode scalars) of `text`, ending in `...` when cut.
    static func truncated(_ text: String, to limit: Int) -> String {
        if text.utf8.count <= limit { return text }  // UTF-8 never has fewer units than scalars
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        return String(String.UnicodeScalarView(scalars.prefix(limit - 3))) + "..."
    }

    /// `arn:<partition>:securityhub:<region>::product/<company>/<product>`, the product ARN
    /// Security Hub gives an integrated product in a region.
    static func productArn(partition: String, region: String, product: String) -> String {
        "arn:\(partition):securityhub:\(region)::product/\(product)"
    }

    /// The product ARN of findings imported by the account itself (`product/<account>/default`).
    static func defaultProductArn(partition: String, region: String, account: String) -> String {
        "arn:\(partition):securityhub:\(region):\(account):product/\(account)/default"
    }

    /// The partition of a region name (`cn-`, `us-gov-`), for ARNs the source does not state.
    static func partition(forRegion region: String) -> String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }
}
