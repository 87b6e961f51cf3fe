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
    /// Indexes (into `columns`) of the identity and of the version order.
    static let productArn = 0, id = 1, updatedAtNs = 20

    enum Value {
        case text(Range<Int>)
        case integer(Int64)
        case null

        /// The bytes of a text value in `buffer` (the buffer `load` appended to); nil for NULL or a number.
        func text(in buffer: ByteBuffer) -> UnsafeRawBufferPointer? {
            guard case .text(let range) = self else { return nil }
            return UnsafeRawBufferPointer(rebasing: buffer.bytes[range])
        }

        /// An integer value; nil for NULL or text.
        var integer: Int64? {
            guard case .integer(let number) = self else { return nil }
            return number
        }
    }

    private(set) var values: [Value] = []

    /// Fills the row from `finding`, appending its text to `buffer`.
    mutating func load(_ finding: JSONNode, appendingTextTo buffer: ByteBuffer) {
        values.removeAll(keepingCapacity: true)
        let fields = FindingFields(finding)
        func text(_ bytes: UnsafeRawBufferPointer) {
            let start = buffer.count
            buffer.append(bytes)
            values.append(.text(start..<buffer.count))
        }
        func string(_ node: JSONNode?) {
            guard let node, node.kind == .string else { values.append(.null); return }
            _ = node.withString { text($0) }
        }
        func string(_ literal: StaticString?) {
            guard let literal else { values.append(.null); return }
            text(UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        }
        func integer(_ value: Int64?) { values.append(value.map { .integer($0) } ?? .null) }
        func json(_ node: JSONNode?) {
            guard let node else { values.append(.null); return }
            let start = buffer.count
            buffer.appendCompact(node)
            values.append(.text(start..<buffer.count))
        }
        string(fields.productArn)
        string(fields.id)
        string(fields.awsAccountId)
        string(fields.region)
        string(fields.productName)
        string(fields.companyName)
        string(fields.generatorId)
        string(fields.title)
        string(fields.types?.elements.first(where: { _ in true }))
        json(fields.types?.kind == .array ? fields.types : nil)
        string(fields.severityLabel?.staticName)
        integer(fields.severityNormalized.map(Int64.init))
        string(fields.workflowStatus?.staticName)
        string(fields.recordState?.staticName)
        string(fields.compliance?.get("Status"))
        string(fields.controlId)
        string(fields.firstResource?.get("Type"))
        string(fields.firstResource?.get("Id"))
        string(fields.createdAtText)
        string(fields.updatedAtText)
        integer(fields.updatedAt.map { $0.seconds * 1_000_000_000 + Int64($0.nanoseconds) })
        json(finding)
    }
}
