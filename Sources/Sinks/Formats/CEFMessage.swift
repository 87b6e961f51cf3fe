import FindingsCore

/// ArcSight CEF version 0 messages:
/// `CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|Extension`.
///
/// Header fields escape `\` and `|` and have CR/LF replaced by spaces; extension values escape
/// `\` (first), `=`, LF (`\n`) and CR (`\r`), so no finding text can end the header early, forge
/// an extension key or split the line. Header fields are cut to the standard's lengths (vendor
/// and product 63, version 31, signature id 1023, name 512 bytes) at a character boundary.
public enum CEFMessage {
    private static let remediationURL = JSONPath("Remediation.Recommendation.Url")!
    private static let sourceIP = JSONPath("Network.SourceIpV4")!
    private static let destinationIP = JSONPath("Network.DestinationIpV4")!

    /// Appends the message for `finding` (no line end).
    public static func append(_ finding: JSONNode, into out: ByteBuffer) {
        let view = Finding(finding)
        out.append("CEF:0|")
        appendHeader(finding.string("CompanyName") ?? Array("AWS".utf8), limit: 63, into: out)
        out.append(UInt8(ascii: "|"))
        appendHeader(finding.string("ProductName") ?? Array("Security Hub".utf8), limit: 63, into: out)
        out.append(UInt8(ascii: "|"))
        appendHeader(finding.string("SchemaVersion") ?? [], limit: 31, into: out)
        out.append(UInt8(ascii: "|"))
        appendHeader(view.controlId.map { Array($0.utf8) } ?? finding.string("GeneratorId") ?? [], limit: 1023, into: out)
        out.append(UInt8(ascii: "|"))
        appendHeader(finding.string("Title") ?? [], limit: 512, into: out)
        out.append(UInt8(ascii: "|"))
        out.append(integer: severity(view))
        out.append(UInt8(ascii: "|"))
        var first = true
        func pair(_ key: StaticString, _ value: [UInt8]?) {
            guard let value else { return }
            if !first { out.append(UInt8(ascii: " ")) }
            first = false
            out.append(key)
            out.append(UInt8(ascii: "="))
            appendExtensionValue(value, into: out)
        }
        if let updated = view.updatedAt { pair("rt", Array(String(updated.epochMilliseconds).utf8)) }
        if let created = view.createdAt { pair("start", Array(String(created.epochMilliseconds).utf8)) }
        pair("externalId", finding.string("Id"))
        pair("cat", finding.get("Types")?.elements.first(where: { _ in true })?.stringBytes)
        pair("src", finding.string(at: sourceIP))
        pair("dst", finding.string(at: destinationIP))
        pair("cs1Label", Array("AwsAccountId".utf8)); pair("cs1", finding.string("AwsAccountId"))
        pair("cs2Label", Array("Region".utf8)); pair("cs2", view.region.map { Array($0.utf8) })
        pair("cs3Label", Array("ProductArn".utf8)); pair("cs3", finding.string("ProductArn"))
        if let resource = view.resources.first {
            pair("cs4Label", Array("ResourceType".utf8)); pair("cs4", Array(resource.type.utf8))
            pair("cs5Label", Array("ResourceId".utf8)); pair("cs5", Array(resource.id.utf8))
        }
        pair("cs6Label", Array("WorkflowStatus".utf8)); pair("cs6", view.workflowStatus.map { Array($0.rawValue.utf8) })
        pair("outcome", finding.string(at: FindingPaths.complianceStatus))
        pair("request", finding.string(at: remediationURL))
        pair("msg", finding.string("Description"))
    }

    /// CEF severity 0–10 from `Severity.Normalized` (0–100), rounded down.
    static func severity(_ view: Finding) -> Int {
        min(10, max(0, (view.severityNormalized ?? 0) / 10))
    }

    /// Appends a header field: `\` → `\\`, `|` → `\|`, CR and LF → space; cut to `limit` bytes.
    static func appendHeader(_ value: [UInt8], limit: Int, into out: ByteBuffer) {
        for byte in UTF8Text.prefix(value, limit: limit) {
            switch byte {
            case UInt8(ascii: "\\"): out.append("\\\\")
            case UInt8(ascii: "|"): out.append("\\|")
            case 0x0A, 0x0D: out.append(UInt8(ascii: " "))
            default: out.append(byte)
            }
        }
    }

    /// Appends an extension value: `\` → `\\`, `=` → `\=`, LF → `\n`, CR → `\r`.
    static func appendExtensionValue(_ value: [UInt8], into out: ByteBuffer) {
        for byte in value {
            switch byte {
            case UInt8(ascii: "\\"): out.append("\\\\")
            case UInt8(ascii: "="): out.append("\\=")
            case 0x0A: out.append("\\n")
            case 0x0D: out.append("\\r")
            default: out.append(byte)
            }
        }
    }
}

/// One CEF message per line.
public final class CEFLineEncoder: RecordEncoder {
    public init() {}

    public func encode(_ finding: JSONNode, into out: ByteBuffer) {
        CEFMessage.append(finding, into: out)
        out.append(0x0A)
    }
}
