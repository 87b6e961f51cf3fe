/// The EventBridge event Security Hub publishes for an imported finding:
/// `{"version":"0","id":...,"detail-type":"Security Hub Findings - Imported",
/// "source":"aws.securityhub","account":AwsAccountId,"time":UpdatedAt,"region":Region,
/// "resources":[ProductArn/Id],"detail":{"findings":[finding]}}`.
///
/// `region` is the finding's `Region`, else the region of its `ProductArn`; `id` is a UUID
/// derived from (ProductArn, Id, UpdatedAt) with FNV-1a, so the same finding version always
/// gets the same event id.
public enum SecurityHubEnvelope {
    /// The top-level fields of an EventBridge event.
    public static let fields: Set<String> = ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"]
    public static let detailType = "Security Hub Findings - Imported"
    /// Where the finding sits inside the event (arrays are transparent to patterns).
    public static let findingPath = "detail.findings"

    /// The envelope fields for `finding`, as (path, value) pairs.
    public static func context(for finding: JSONNode) -> [(path: String, value: JSONValue)] {
        let productArn = finding.get("ProductArn")?.stringValue ?? ""
        let id = finding.get("Id")?.stringValue ?? ""
        let updatedAt = finding.get("UpdatedAt")?.stringValue ?? ""
        var context: [(path: String, value: JSONValue)] = [
            ("version", .string("0")),
            ("id", .string(eventId(productArn, id, updatedAt))),
            ("detail-type", .string(detailType)),
            ("source", .string("aws.securityhub")),
            ("resources", .array([.string(productArn + "/" + id)])),
        ]
        if let account = finding.get("AwsAccountId")?.stringValue { context.append(("account", .string(account))) }
        if !updatedAt.isEmpty { context.append(("time", .string(updatedAt))) }
        if let region = finding.get("Region")?.stringValue ?? region(of: productArn) { context.append(("region", .string(region))) }
        return context
    }

    /// Writes the whole event as compact JSON, the finding copied byte for byte.
    public static func write(finding: JSONNode, to buffer: ByteBuffer) {
        buffer.append("{")
        for (position, (path, value)) in context(for: finding).enumerated() {
            if position > 0 { buffer.append(",") }
            buffer.appendJSONString(path)
            buffer.append(":")
            buffer.append(json: value)
        }
        buffer.append(",\"detail\":{\"findings\":[")
        buffer.appendCompact(finding)
        buffer.append("]}}")
    }

    static func region(of arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0] == "arn", !parts[3].isEmpty else { return nil }
        return String(parts[3])
    }

    static func eventId(_ productArn: String, _ id: String, _ updatedAt: String) -> String {
        func fnv(_ text: String, seed: UInt64) -> UInt64 {
            var hash = seed
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return hash
        }
        let key = productArn + "\u{0}" + id + "\u{0}" + updatedAt
        let high = fnv(key, seed: 0xcbf2_9ce4_8422_2325)
        let low = fnv(key, seed: high ^ 0x9e37_79b9_7f4a_7c15)
        func hex(_ value: UInt64, _ digits: Int) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: max(0, digits - text.count)) + text.suffix(digits)
        }
        // Version 4 / variant 1 layout so the id looks like any other event id.
        let a = hex(high >> 32, 8), b = hex((high >> 16) & 0xFFFF, 4), c = hex(0x4000 | (high & 0x0FFF), 4)
        let d = hex(0x8000 | ((low >> 48) & 0x3FFF), 4), e = hex(low & 0xFFFF_FFFF_FFFF, 12)
        return "\(a)-\(b)-\(c)-\(d)-\(e)"
    }
}
