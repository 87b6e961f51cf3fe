import FindingsCore

/// `postgres:CONNINFO`: the findings store in PostgreSQL. Each batch is one transaction: COPY
/// into a temporary staging table, then one set-based upsert that keeps, per (ProductArn, Id),
/// the version with the latest `UpdatedAt`; the commit returning is the acknowledgement. A
/// broken connection is reset and the batch sent again (retry policy); SQL errors fail the batch.
public final class PostgresStore: Destination {
    public let label: String
    public private(set) var statistics = DeliveryStatistics()
    private let connection: PostgresConnection
    private let retry: RetryPolicy
    private let rows = ByteBuffer(capacity: 1 << 20)
    private let scratch = ByteBuffer(capacity: 64 * 1024)
    private var row = StoreRow()
    private var pending = 0

    public init(conninfo: String, label: String, retry: RetryPolicy) throws(DeliveryError) {
        self.label = label
        self.retry = retry
        connection = try PostgresConnection(conninfo: conninfo, label: label)
        try connection.execute("SET client_encoding = 'UTF8'")
        try connection.execute("BEGIN; SELECT pg_advisory_xact_lock(hashtext('sink findings schema'));" + PostgresStoreSchema.tables + "COMMIT")
    }

    public func add(_ finding: JSONNode) throws(DeliveryError) {
        scratch.removeAll()
        row.load(finding, appendingTextTo: scratch)
        for (index, value) in row.values.enumerated() {
            if index > 0 { rows.append(0x09) }
            switch value {
            case .null: rows.append("\\N")
            case .integer(let number): rows.append(integer: Int(number))
            case .text(let range): PostgresStore.appendCopyText(UnsafeRawBufferPointer(rebasing: scratch.bytes[range]), into: rows)
            }
        }
        rows.append(0x0A)
        pending += 1
    }

    /// COPY text format: backslash, tab, newline and carriage return escaped; NUL (which
    /// PostgreSQL text cannot hold) dropped.
    static func appendCopyText(_ bytes: UnsafeRawBufferPointer, into out: ByteBuffer) {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): out.append("\\\\")
            case 0x09: out.append("\\t")
            case 0x0A: out.append("\\n")
            case 0x0D: out.append("\\r")
            case 0: continue
            default: out.append(byte)
            }
        }
    }

    public func flush() throws(DeliveryError) {
        guard pending > 0 else { return }
        var attempt = 0
        while true {
            do {
                try connection.execute("BEGIN")
                try connection.execute(PostgresStoreSchema.staging)
                try connection.copy(PostgresStoreSchema.copy, data: rows.bytes)
                try connection.execute(PostgresStoreSchema.upsert)
                try connection.execute("COMMIT")
                break
            } catch {
                if !connection.isBroken { try? connection.execute("ROLLBACK") }
                attempt += 1
                guard connection.isBroken, attempt <= retry.retries else { throw error }
                statistics.retries += 1
                RetryPolicy.sleep(seconds: retry.delay(attempt: attempt, retryAfter: nil))
                connection.reset()
            }
        }
        statistics.batches += 1
        statistics.delivered += pending
        statistics.bytes += rows.count
        discardBatch()
    }

    public func discardBatch() {
        rows.removeAll()
        pending = 0
    }

    public func close() throws(DeliveryError) { try flush() }
}
