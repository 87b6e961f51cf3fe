import FindingsCore

/// `sqlite:PATH`: the findings store. One transaction per batch (`BEGIN IMMEDIATE` … `COMMIT`,
/// rollback journal with `synchronous = FULL`, so a returned commit is durable; a WAL store
/// that another connection holds open stays in WAL). Each finding is upserted by (ProductArn,
/// Id): looked up by its key hash and the identity strings, then inserted, or written over the
/// stored version when its `UpdatedAt` is strictly later.
public final class SQLiteStore: Destination {
    /// The index key of an identity (ProductArn bytes, Id bytes).
    typealias KeyHash = (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Int64

    public let label: String
    public private(set) var statistics = DeliveryStatistics()
    private let database: SQLiteDatabase
    private let keyHash: KeyHash
    private let lookup: SQLiteStatement
    private let insert: SQLiteStatement
    private let update: SQLiteStatement
    private let begin: SQLiteStatement
    private let commit: SQLiteStatement
    private let rollback: SQLiteStatement
    private let scratch = ByteBuffer(capacity: 64 * 1024)
    private var row = StoreRow()
    private var inTransaction = false
    private var pending = 0
    private var pendingBytes = 0

    public convenience init(path: String) throws(DeliveryError) {
        try self.init(path: path, keyHash: SQLiteStore.keyHash)
    }

    /// Opens (creating or migrating) the store at `path`, with `keyHash` as the index key.
    init(path: String, keyHash: @escaping KeyHash) throws(DeliveryError) {
        label = "sqlite:\(path)"
        self.keyHash = keyHash
        do throws(SQLiteError) {
            database = try SQLiteDatabase(path: path)
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
            lookup = try database.prepare(SQLiteStoreSchema.lookup)
            insert = try database.prepare(SQLiteStoreSchema.insert)
            update = try database.prepare(SQLiteStoreSchema.update)
            begin = try database.prepare("BEGIN IMMEDIATE")
            commit = try database.prepare("COMMIT")
            rollback = try database.prepare("ROLLBACK")
        } catch {
            throw DeliveryError(error.description)
        }
    }

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
        if !inTransaction {
            do { try begin.run() } catch { throw DeliveryError(error.description) }
            inTransaction = true
        }
        row.load(finding, scratch: scratch)
        pending += 1
        pendingBytes += scratch.count
        let productArn = row.text(StoreRow.productArn, in: scratch) ?? UnsafeRawBufferPointer(start: nil, count: 0)
        let id = row.text(StoreRow.id, in: scratch) ?? UnsafeRawBufferPointer(start: nil, count: 0)
        let hash = keyHash(productArn, id)
        do throws(SQLiteError) {
            lookup.bind(1, hash)
            lookup.bind(2, text: productArn)
            lookup.bind(3, text: id)
            let found = try lookup.step()
            let stored = found ? (rowid: lookup.int64(0), updatedAtNs: lookup.int64(1)) : nil
            lookup.reset()
            let write: SQLiteStatement
            if let stored {
                guard let updatedAtNs = row.integer(StoreRow.updatedAtNs), updatedAtNs > stored.updatedAtNs else { return }
                write = update
                write.bind(24, stored.rowid)
            } else {
                write = insert
            }
            bindRow(to: write)
            write.bind(23, hash)
            try write.run()
        } catch {
            lookup.reset()
            throw DeliveryError(error.description)
        }
    }

    /// Binds the row's columns as parameters 1…22 (`StoreRow.columns` order).
    private func bindRow(to statement: SQLiteStatement) {
        for (index, value) in row.values.enumerated() {
            let parameter = Int32(index + 1)
            switch value {
            case .text(let range): statement.bind(parameter, text: UnsafeRawBufferPointer(rebasing: scratch.bytes[range]))
            case .integer(let number): statement.bind(parameter, number)
            case .null: statement.bind(parameter, text: nil)
            }
        }
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

    public func close() throws(DeliveryError) { try flush() }
}
