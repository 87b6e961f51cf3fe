import FindingsCore

/// An ASFF finding being assembled from a source finding: the fields every finding needs,
/// typed, optional members in the order they are added, and `ProductFields` pairs. `write`
/// puts them out in ASFF's usual order, with the provider's severity and types also in
/// `FindingProviderFields`.
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
    /// `ProductFields` (string to string), in order; keys are unique by construction.
    private(set) var productFields: [(key: String, value: String)] = []

    /// ASFF's limits on Title and Description, in characters.
    static let titleLimit = 256
    static let descriptionLimit = 1024

    /// Adds a `ProductFields` pair when `value` is not blank (value cut to ASFF's 2048 characters).
    mutating func addProductField(_ key: String, _ value: String?) {
        guard let value = value?.nonBlank, productFields.count < 50 else { return }
        productFields.append((key, FindingDraft.truncated(value, to: 2048)))
    }

    /// Writes the finding as one compact JSON object.
    func write(to out: ByteBuffer) {
        let shortTitle = FindingDraft.truncated(title.nonBlank ?? generatorId, to: FindingDraft.titleLimit)
        let original = originalSeverity?.nonBlank.map { FindingDraft.truncated($0, to: 64) }
        out.append("{\"SchemaVersion\":\"2018-10-08\",\"Id\":")
        out.appendJSONString(id)
        member("ProductArn", productArn, out)
        member("GeneratorId", FindingDraft.truncated(generatorId, to: 512), out)
        member("AwsAccountId", account, out)
        member("Region", region, out)
        out.append(",\"Types\":")
        writeTypes(out)
        member("CreatedAt", createdAt, out)
        member("UpdatedAt", updatedAt, out)
        out.append(",\"Severity\":{\"Label\":")
        out.appendJSONString(severity.rawValue)
        out.append(",\"Normalized\":")
        out.append(integer: severity.normalized)
        if let original { member("Original", original, out) }
        out.append(UInt8(ascii: "}"))
        member("Title", shortTitle, out)
        member("Description", FindingDraft.truncated(description.nonBlank ?? shortTitle, to: FindingDraft.descriptionLimit), out)
        out.append(",\"Resources\":")
        out.append(json: .array(resources))
        for (key, value) in optional.members {
            out.append(UInt8(ascii: ","))
            out.appendJSONString(key)
            out.append(UInt8(ascii: ":"))
            out.append(json: value)
        }
        if !productFields.isEmpty {
            out.append(",\"ProductFields\":{")
            for (index, field) in productFields.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.appendJSONString(field.key)
                out.append(UInt8(ascii: ":"))
                out.appendJSONString(field.value)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(",\"FindingProviderFields\":{\"Severity\":{\"Label\":")
        out.appendJSONString(severity.rawValue)
        if let original { member("Original", original, out) }
        out.append("},\"Types\":")
        writeTypes(out)
        out.append("}}")
    }

    private func member(_ key: StaticString, _ value: String, _ out: ByteBuffer) {
        out.append(UInt8(ascii: ","))
        out.append(UInt8(ascii: "\""))
        out.append(key)
        out.append("\":")
        out.appendJSONString(value)
    }

    private func writeTypes(_ out: ByteBuffer) {
        out.append(UInt8(ascii: "["))
        for (index, type) in types.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.appendJSONString(type)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// Whether `text` has at most `limit` characters (Unicode scalars).
    static func fits(_ text: String, _ limit: Int) -> Bool {
        text.utf8.count <= limit || text.unicodeScalars.count <= limit  // UTF-8 never has fewer units than scalars
    }

    /// The first `limit` characters (Unicode scalars) of `text`, ending in `...` when cut.
    static func truncated(_ text: String, to limit: Int) -> String {
        if fits(text, limit) { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit - 3))) + "..."
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
