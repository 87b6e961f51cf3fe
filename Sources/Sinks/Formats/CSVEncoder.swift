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
        let view = Finding(finding)
        let resource = view.resources.first
        let cells: [[UInt8]?] = [
            finding.string("ProductArn"), finding.string("Id"), finding.string("AwsAccountId"),
            view.region.map { Array($0.utf8) }, finding.string("GeneratorId"),
            Array(view.types.joined(separator: ";").utf8),
            view.severityLabel.map { Array($0.rawValue.utf8) }, view.severityNormalized.map { Array(String($0).utf8) },
            finding.string("Title"), finding.string("Description"),
            view.workflowStatus.map { Array($0.rawValue.utf8) }, finding.string("RecordState"),
            finding.string(at: FindingPaths.complianceStatus), view.controlId.map { Array($0.utf8) },
            resource.map { Array($0.type.utf8) }, resource.map { Array($0.id.utf8) },
            finding.string("CreatedAt"), finding.string("UpdatedAt"),
        ]
        for (index, cell) in cells.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            if let cell { CSVEncoder.appendCell(cell, into: out) }
        }
        out.append("\r\n")
    }

    static func appendCell(_ value: [UInt8], into out: ByteBuffer) {
        let formula = value.first.map { [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains($0) } ?? false
        let quoted = value.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        if quoted { out.append(UInt8(ascii: "\"")) }
        if formula { out.append(UInt8(ascii: "'")) }
        for byte in value {
            if byte == UInt8(ascii: "\"") { out.append(UInt8(ascii: "\"")) }
            out.append(byte)
        }
        if quoted { out.append(UInt8(ascii: "\"")) }
    }
}
