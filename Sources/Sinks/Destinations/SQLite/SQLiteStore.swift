import FindingsCore

/// `sqlite:PATH`: the findings store. One transaction per batch (`BEGIN IMMEDIATE` … `COMMIT`,
/// persistent rollback journal with `synchronous = FULL`, so a returned commit is durable; a WAL store
/// that another connection holds open stays in WAL). Each finding is upserted by (ProductArn,
/// Id), keeping the version with the strictly later `UpdatedAt`; `SQLiteStoreWriter` does the
/// writing on a thread of its own.
public final class SQLiteStore: Destination {
    /// The index key of an identity (ProductArn bytes, Id bytes).
    typealias KeyHash = (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Int64

    public let label: String
    public private(set) var statistics = DeliveryStatistics()
    private let writer: SQLiteStoreWriter
    private var pending = 0
    private var pendingBytes = 0

    public convenience init(path: String) throws(DeliveryError) {
        try self.init(path: path, keyHash: SQLiteStore.keyHash)
    }

    /// Opens (creating or migrating) the store at `path`, with `keyHash` as the index key.
    init(path: String, keyHash: @escaping KeyHash) throws(DeliveryError) {
        label = "sqlite:\(path)"
        do throws(SQLiteError) {
            let database = try SQLiteDatabase(path: path)
            try database.execute(SQLiteStoreSchema.pragmas)
            do throws(SQLiteError) {
                try database.execute(SQLiteStoreSchema.journal)
            } catch where error.meansBusy {
                // Another connection has a WAL store open: it stays in WAL (as durable) until a later open.
            }
            try database.execute("BEGIN IMMEDIATE")
            do throws(SQLiteError) {
                try SQLiteStoreMigration.run(on: database, keyHash: keyHash)
                try database.execute(SQLiteStoreSchema.tables + SQLiteStoreSchema.views + "COMMIT;")
            } catch {
                try? database.execute("ROLLBACK")
                throw error
            }
            writer = try SQLiteStoreWriter(database: database, keyHash: keyHash)
        } catch {
            throw DeliveryError(error.description)
        }
    }

    deinit { writer.stop() }

    /// FNV-1a 64 (`StableHash`) of the ProductArn's length (4 bytes) and bytes, then the Id's
    /// bytes, as a signed SQLite integer.
    static func keyHash(productArn: UnsafeRawBufferPointer, id: UnsafeRawBufferPointer) -> Int64 {
        var hash = StableHash()
        hash.combine(uint32: UInt32(truncatingIfNeeded: productArn.count))
        hash.combine(productArn)
        hash.combine(id)
        return Int64(bitPattern: hash.value)
    }

    public func add(_ finding: JSONNode) throws(DeliveryError) {
        pendingBytes += writer.append(finding)
        pending += 1
    }

    public func flush() throws(DeliveryError) {
        guard pending > 0 else { return }
        do { try writer.finish(.commit) } catch { throw DeliveryError(error.description) }
        statistics.batches += 1
        statistics.delivered += pending
        statistics.bytes += pendingBytes
        pending = 0
        pendingBytes = 0
    }

    public func discardBatch() {
        if pending > 0 { try? writer.finish(.rollback) }
        pending = 0
        pendingBytes = 0
    }

    public func close() throws(DeliveryError) {
        try flush()
        writer.stop()
    }
}
