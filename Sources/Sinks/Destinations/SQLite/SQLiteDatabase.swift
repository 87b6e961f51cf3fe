import CSQLite

/// A SQLite connection: open, run statements, prepare.
final class SQLiteDatabase {
    let path: String
    private(set) var handle: OpaquePointer?

    init(path: String) throws(DeliveryError) {
        self.path = path
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        // On failure `deinit` (which runs, as every property is set) closes the handle.
        guard status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            throw DeliveryError("\(path): cannot open the SQLite database: \(message)")
        }
        sqlite3_busy_timeout(handle, 30_000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements without results.
    func execute(_ sql: String) throws(DeliveryError) {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? lastError
            sqlite3_free(message)
            throw DeliveryError("\(path): \(text)")
        }
    }

    func prepare(_ sql: String) throws(DeliveryError) -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK else {
            throw DeliveryError("\(path): \(lastError)")
        }
        return SQLiteStatement(statement!, database: self)
    }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }
}

/// A prepared statement; text is bound without copying, so the bytes must stay valid until `step`.
final class SQLiteStatement {
    private let statement: OpaquePointer
    private unowned let database: SQLiteDatabase

    init(_ statement: OpaquePointer, database: SQLiteDatabase) {
        self.statement = statement
        self.database = database
    }

    deinit { sqlite3_finalize(statement) }

    func bind(_ index: Int32, text: UnsafeRawBufferPointer?) {
        guard let text else { sqlite3_bind_null(statement, index); return }
        let base = text.baseAddress?.assumingMemoryBound(to: CChar.self) ?? UnsafePointer<CChar>(bitPattern: 1)
        sqlite3_bind_text(statement, index, base, Int32(text.count), nil)
    }

    func bind(_ index: Int32, integer: Int64?) {
        guard let integer else { sqlite3_bind_null(statement, index); return }
        sqlite3_bind_int64(statement, index, integer)
    }

    /// Runs the statement to completion and resets it.
    func run() throws(DeliveryError) {
        let status = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard status == SQLITE_DONE || status == SQLITE_ROW else { throw DeliveryError("\(database.path): \(database.lastError)") }
    }
}
