import FindingsCore

/// Brings a store written by an earlier `sink` to the current layout. The earlier `findings`
/// table has the same columns, the identity as `UNIQUE (id, product_arn)` (or
/// `(product_arn, id)`) and no `key_hash`; it is rebuilt with the key hash of every row, the
/// views are dropped, and `SQLiteStoreSchema` makes the indexes and views again. Runs inside
/// the caller's `BEGIN IMMEDIATE`, so the store is migrated whole or not at all, once.
enum SQLiteStoreMigration {
    static let needed = """
    SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'findings')
       AND NOT EXISTS (SELECT 1 FROM pragma_table_info('findings') WHERE name = 'key_hash')
    """

    static var start: String {
        SQLiteStoreSchema.viewQueries.map { "DROP VIEW IF EXISTS \($0.0);\n" }.joined() + SQLiteStoreSchema.table("findings_next")
    }

    static let rows = "SELECT rowid, product_arn, id FROM findings"

    /// Copies row `?1` with key hash `?2`.
    static var copy: String {
        let columns = StoreRow.columns.joined(separator: ", ")
        return "INSERT INTO findings_next (\(columns), key_hash) SELECT \(columns), ?2 FROM findings WHERE rowid = ?1"
    }

    static let finish = "DROP TABLE findings; ALTER TABLE findings_next RENAME TO findings;"

    /// Rebuilds the `findings` table when it has the earlier layout; does nothing otherwise.
    static func run(on database: SQLiteDatabase, keyHash: SQLiteStore.KeyHash) throws(SQLiteError) {
        let check = try database.prepare(needed)
        let isNeeded = try check.step() && check.int64(0) == 1
        check.reset()
        guard isNeeded else { return }
        try database.execute(start)
        let rows = try database.prepare(rows)
        let copy = try database.prepare(copy)
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        while try rows.step() {
            // The identity's exact bytes (a TEXT read as a blob is not converted), as `add` hashes them.
            copy.bind(1, rows.int64(0))
            copy.bind(2, keyHash(rows.blob(1) ?? empty, rows.blob(2) ?? empty))
            try copy.run()
        }
        rows.reset()
        try database.execute(finish)
    }
}
