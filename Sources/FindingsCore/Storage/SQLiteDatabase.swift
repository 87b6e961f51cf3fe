import CSQLite

/// One SQLite connection: the shared way the suite's stores (dedupe state, the findings store,
/// the remediation ledger) open a database, run SQL and prepare statements. Errors name the file.
public final class SQLiteDatabase {
    public let path: String
    private(set) var handle: OpaquePointer?

    /// Opens (creating it when missing) the database at `path`; waits up to 30 s for locks.
    public init(path: String) throws(SQLiteError) {
        self.path = path
        var db: OpaquePointer?
        let status = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw SQLiteError(path: path, code: status & 0xFF, message: message)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 30_000)
    }

    deinit { close() }

    /// Closes the connection (at once, or when its last statement is finalised).
    public func close() {
        sqlite3_close_v2(handle)
        handle = nil
    }

    /// The error of the last failed call on this connection.
    public var lastError: SQLiteError {
        SQLiteError(path: path, code: sqlite3_errcode(handle) & 0xFF, message: String(cString: sqlite3_errmsg(handle)))
    }

    /// Runs SQL (one or more statements) that returns no rows.
    public func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            let error = lastError
            let text = message.map { String(cString: $0) } ?? error.message
            sqlite3_free(message)
            throw SQLiteError(path: path, code: error.code, message: text)
        }
    }

    /// Compiles one statement for repeated use.
    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
              let statement else { throw lastError }
        return SQLiteStatement(statement, database: self)
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }
}
