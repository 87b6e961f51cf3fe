import FindingsCore

/// The columns of the findings store, read from one finding. Text values are collected in
/// one buffer (no per-column allocation) and addressed by ranges; shared by the SQLite and
/// PostgreSQL stores so both hold the same columns.
struct StoreRow {
    /// Column names in order; `finding` (the whole JSON) is last.
    static let columns = ["product_arn", "id", "aws_account_id", "region", "product_name", "company_name",
                          "generator_id", "title", "type", "types", "severity_label", "severity_normalized",
                          "workflow_status", "record_state", "compliance_status", "control_id",
                          "resource_type", "resource_id", "created_at", "updated_at", "updated_at_ns", "finding"]
    /// Indexes (into `columns`) of the integer columns.
    static let integerColumns: Set<Int> = [11, 20]

    enum Value {
        case text(Range<Int>)
        case integer(Int64)
        case null
    }

    private(set) var values: [Value] = []

    /// Fills the row from `finding`, appending its text to `scratch` (cleared first).
    mutating func load(_ finding: JSONNode, scratch: ByteBuffer) {
        scratch.removeAll()
        values.removeAll(keepingCapacity: true)
        let view = Finding(finding)
        func text(_ bytes: UnsafeRawBufferPointer) {
            let start = scratch.count
            scratch.append(bytes)
            values.append(.text(start..<scratch.count))
        }
        func string(_ node: JSONNode?) {
            guard let node, node.kind == .string else { values.append(.null); return }
            if let bytes = node.stringBytes { bytes.withUnsafeBytes { text($0) } }
        }
        func string(_ value: String?) {
            guard var value else { values.append(.null); return }
            value.withUTF8 { text(UnsafeRawBufferPointer($0)) }
        }
        string(finding.get("ProductArn"))
        string(finding.get("Id"))
        string(finding.get("AwsAccountId"))
        string(view.region)
        string(finding.get("ProductName"))
        string(finding.get("CompanyName"))
        string(finding.get("GeneratorId"))
        string(finding.get("Title"))
        let types = finding.get("Types")
        string(types?.elements.first(where: { _ in true }))
        if let types, types.kind == .array {
            let start = scratch.count
            scratch.appendCompact(types)
            values.append(.text(start..<scratch.count))
        } else {
            values.append(.null)
        }
        string(view.severityLabel?.rawValue)
        values.append(view.severityNormalized.map { .integer(Int64($0)) } ?? .null)
        string(finding[path: FindingPaths.workflowStatus])
        string(finding.get("RecordState"))
        string(finding[path: FindingPaths.complianceStatus])
        string(view.controlId)
        let resource = finding.get("Resources")?.elements.first(where: { _ in true })
        string(resource?.get("Type"))
        string(resource?.get("Id"))
        string(finding.get("CreatedAt"))
        string(finding.get("UpdatedAt"))
        if let updated = view.updatedAt {
            values.append(.integer(updated.seconds * 1_000_000_000 + Int64(updated.nanoseconds)))
        } else {
            values.append(.null)
        }
        let start = scratch.count
        scratch.appendCompact(finding)
        values.append(.text(start..<scratch.count))
    }
}
