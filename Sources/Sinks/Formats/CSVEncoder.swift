import FindingsCore

/// RFC 4180 CSV, one finding per row after a header row, rows ending in CRLF.
///
/// A field is quoted when it holds `,`, `"`, CR or LF (quotes doubled). A field starting with
/// `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`, so a spreadsheet never evaluates finding
/// text as a formula (CSV injection).
public final class CSVEncoder: RecordEncoder {
    public init() {}

    static let columns = ["ProductArn", "Id", "AwsAccountId", "Region", "GeneratorId", "Types", "SeverityLabel",
                          "SeverityNormalized", "Title", "Description", "WorkflowStatus", "RecordState",
                          "ComplianceStatus", "ControlId", "ResourceType", "ResourceId", "CreatedAt", "UpdatedAt"]

    public func begin(into out: ByteBuffer) {
        out.append(contentsOf: CSVEncoder.columns.joined(separator: ","))
        out.append("\r\n")
    }

    public func encode(_ finding: JSONNode, into out: ByteBuffer) {
        let fields = FindingFields(finding)
        func cell(_ node: JSONNode?) {
            if let node, node.kind == .string { _ = node.withString { CSVEncoder.appendCell($0, into: out) } }
            out.append(UInt8(ascii: ","))
        }
        func cell(_ text: StaticString?) {
            if let text { CSVEncoder.appendCell(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount), into: out) }
            out.append(UInt8(ascii: ","))
        }
        cell(fields.productArn)
        cell(fields.id)
        cell(fields.awsAccountId)
        cell(fields.region)
        cell(fields.generatorId)
        scratch.removeAll()
        for type in fields.types?.elements ?? finding.elements where type.kind == .string {
            if scratch.count > 0 { scratch.append(UInt8(ascii: ";")) }
            _ = type.withString { scratch.append($0) }
        }
        CSVEncoder.appendCell(scratch.bytes, into: out)
        out.append(UInt8(ascii: ","))
        cell(fields.severityLabel?.staticName)
        if let normalized = fields.severityNormalized { out.append(integer: normalized) }
        out.append(UInt8(ascii: ","))
        cell(fields.title)
        cell(fields.description)
        cell(fields.workflowStatus?.staticName)
        cell(fields.recordState?.staticName)
        cell(fields.compliance?.get("Status"))
        cell(fields.controlId)
        cell(fields.firstResource?.get("Type"))
        cell(fields.firstResource?.get("Id"))
        cell(fields.createdAtText)
        if let updated = fields.updatedAtText, updated.kind == .string { _ = updated.withString { CSVEncoder.appendCell($0, into: out) } }
        out.append("\r\n")
    }

    private let scratch = ByteBuffer(capacity: 1024)

    static func appendCell(_ value: UnsafeRawBufferPointer, into out: ByteBuffer) {
        let formula = value.first.map { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "@") || $0 == 0x09 || $0 == 0x0D } ?? false
        let quoted = value.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        if quoted { out.append(UInt8(ascii: "\"")) }
        if formula { out.append(UInt8(ascii: "'")) }
        if quoted {
            for byte in value {
                if byte == UInt8(ascii: "\"") { out.append(UInt8(ascii: "\"")) }
                out.append(byte)
            }
            out.append(UInt8(ascii: "\""))
        } else {
            out.append(value)
        }
    }
}
