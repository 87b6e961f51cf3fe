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
        let fields = FindingFields(finding)
        out.append("CEF:0|")
        header(fields.companyName, default: "AWS", limit: 63, into: out)
        header(fields.productName, default: "Security Hub", limit: 63, into: out)
        header(fields.schemaVersion, default: "", limit: 31, into: out)
        header(fields.controlId ?? fields.generatorId, default: "", limit: 1023, into: out)
        header(fields.title, default: "", limit: 512, into: out)
        out.append(integer: min(10, max(0, (fields.severityNormalized ?? 0) / 10)))
        out.append(UInt8(ascii: "|"))
        var first = true
        func key(_ name: StaticString) {
            if !first { out.append(UInt8(ascii: " ")) }
            first = false
            out.append(name)
            out.append(UInt8(ascii: "="))
        }
        func pair(_ name: StaticString, _ value: JSONNode?) {
            guard let value, value.kind == .string else { return }
            key(name)
            _ = value.withString { appendExtensionValue($0, into: out) }
        }
        func label(_ name: StaticString, _ text: StaticString, _ valueKey: StaticString, _ value: JSONNode?) {
            guard let value, value.kind == .string else { return }
            key(name)
            out.append(text)
            pair(valueKey, value)
        }
        if let updated = fields.updatedAt { key("rt"); out.append(integer: Int(updated.epochMilliseconds)) }
        if let created = fields.createdAt { key("start"); out.append(integer: Int(created.epochMilliseconds)) }
        pair("externalId", fields.id)
        pair("cat", fields.types?.elements.first(where: { _ in true }))
        pair("src", finding[path: sourceIP])
        pair("dst", finding[path: destinationIP])
        label("cs1Label", "AwsAccountId", "cs1", fields.awsAccountId)
        label("cs2Label", "Region", "cs2", fields.region)
        label("cs3Label", "ProductArn", "cs3", fields.productArn)
        label("cs4Label", "ResourceType", "cs4", fields.firstResource?.get("Type"))
        label("cs5Label", "ResourceId", "cs5", fields.firstResource?.get("Id"))
        if let workflow = fields.workflowStatus { key("cs6Label"); out.append("WorkflowStatus"); key("cs6"); out.append(workflow.staticName) }
        pair("outcome", fields.compliance?.get("Status"))
        pair("request", finding[path: remediationURL])
        pair("msg", fields.description)
    }

    /// Appends a header field and its `|`.
    private static func header(_ node: JSONNode?, default text: StaticString, limit: Int, into out: ByteBuffer) {
        if let node, node.kind == .string {
            _ = node.withString { appendHeader($0, limit: limit, into: out) }
        } else {
            appendHeader(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount), limit: limit, into: out)
        }
        out.append(UInt8(ascii: "|"))
    }

    /// Appends a header field: `\` → `\\`, `|` → `\|`, CR and LF → space; cut to `limit` bytes.
    static func appendHeader(_ value: UnsafeRawBufferPointer, limit: Int, into out: ByteBuffer) {
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
    static func appendExtensionValue(_ value: UnsafeRawBufferPointer, into out: ByteBuffer) {
        guard let base = value.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        out.reserve(value.count)
        var runStart = 0
        var index = 0
        while index < value.count {
            let byte = base[index]
            // Bytes other than backslash, '=', LF and CR are copied in runs.
            if byte > UInt8(ascii: "=") ? byte != UInt8(ascii: "\\") : (byte != UInt8(ascii: "=") && byte != 0x0A && byte != 0x0D) {
                index += 1
                continue
            }
            if runStart < index { out.append(UnsafeRawBufferPointer(start: base + runStart, count: index - runStart)) }
            switch byte {
            case UInt8(ascii: "\\"): out.append("\\\\")
            case UInt8(ascii: "="): out.append("\\=")
            case 0x0A: out.append("\\n")
            default: out.append("\\r")
            }
            index += 1
            runStart = index
        }
        if runStart < value.count { out.append(UnsafeRawBufferPointer(start: base + runStart, count: value.count - runStart)) }
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
