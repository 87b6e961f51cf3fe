import FindingsCore

/// `sqlite:PATH`: the findings store. One transaction per batch (`BEGIN IMMEDIATE` … `COMMIT`,
/// WAL with `synchronous = FULL`, so a returned commit is durable); each finding is upserted
/// by (ProductArn, Id), keeping the version with the later `UpdatedAt`.
public final class SQLiteStore: Destination {
    public let label: String
    public private(set) var statistics = DeliveryStatistics()
    private let database: SQLiteDatabase
    private let upsert: SQLiteStatement
    private let begin: SQLiteStatement
    private let commit: SQLiteStatement
    private let rollback: SQLiteStatement
    private let scratch = ByteBuffer(capacity: 64 * 1024)
    private var row = StoreRow()
    private var inTransaction = false
    private var pending = 0
    private var pendingBytes = 0

    public init(path: String) throws(DeliveryError) {
        label = "sqlite:\(path)"
        do {
            database = try SQLiteDatabase(path: path)
            try database.execute(SQLiteStoreSchema.pragmas)
            try database.execute("BEGIN IMMEDIATE;" + SQLiteStoreSchema.tables + SQLiteStoreSchema.views + "COMMIT;")
            upsert = try database.prepare(SQLiteStoreSchema.upsert)
            begin = try database.prepare("BEGIN IMMEDIATE")
            commit = try database.prepare("COMMIT")
            rollback = try database.prepare("ROLLBACK")
        } catch {
            throw DeliveryError(error.description)
        }
    }

    public func add(_ finding: JSONNode) throws(DeliveryError) {
        if !inTransaction {
            do { try begin.run() } catch { throw DeliveryError(error.description) }
            inTransaction = true
        }
        row.load(finding, scratch: scratch)
        let base = UnsafeRawPointer(scratch.base)
        for (index, value) in row.values.enumerated() {
            let column = Int32(index + 1)
            switch value {
            case .text(let range): upsert.bind(column, text: UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count))
            case .integer(let number): upsert.bind(column, number)
            case .null: upsert.bind(column, text: nil)
            }
        }
        do { try upsert.run() } catch { throw DeliveryError(error.description) }
        pending += 1
        pendingBytes += scratch.count
    }

    public func flush() throws(DeliveryError) {
        guard inTransaction else { return }
        do { try commit.run() } catch { throw DeliveryError(error.description) }
        inTransaction = false
        statistics.batches += 1
        statistics.delivered += pending
        statistics.bytes += pendingBytes
        pending = 0
        pendingBytes = 0
    }

    public func discardBatch() {
        if inTransaction { try? rollback.run() }
        inTransaction = false
        pending = 0
        pendingBytes = 0
    }

    public func close() throws(DeliveryError) {
        try flush()
        try? database.execute("PRAGMA wal_checkpoint(TRUNCATE);")
    }
}
