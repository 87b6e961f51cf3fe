import CSQLite

/// A prepared statement. Bind values, `step` through rows or `run` to completion; `run`
/// resets the statement for its next use.
public final class SQLiteStatement {
    private let statement: OpaquePointer
    private unowned let database: SQLiteDatabase
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ statement: OpaquePointer, database: SQLiteDatabase) {
        self.statement = statement
        self.database = database
    }

    deinit { sqlite3_finalize(statement) }

    /// Clears the bindings and rewinds the statement.
    public func reset() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    public func bind(_ index: Int32, _ value: Int64?) {
        guard let value else { sqlite3_bind_null(statement, index); return }
        sqlite3_bind_int64(statement, index, value)
    }

    /// Binds a copy of `text`.
    public func bind(_ index: Int32, _ text: String?) {
        guard let text else { sqlite3_bind_null(statement, index); return }
        sqlite3_bind_text(statement, index, text, -1, Self.transient)
    }

    /// Binds UTF-8 bytes without copying them: they must stay valid until the statement runs.
    public func bind(_ index: Int32, text: UnsafeRawBufferPointer?) {
        guard let text else { sqlite3_bind_null(statement, index); return }
        let base = text.baseAddress?.assumingMemoryBound(to: CChar.self) ?? UnsafePointer<CChar>(bitPattern: 1)
        sqlite3_bind_text(statement, index, base, Int32(text.count), nil)
    }

    /// Binds a copy of `blob`.
    public func bind(_ index: Int32, blob: [UInt8]?) {
        guard let blob else { sqlite3_bind_null(statement, index); return }
        blob.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(statement, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), Self.transient)
        }
    }

    /// Steps once: `true` when a row is ready, `false` when the statement is done.
    public func step() throws(SQLiteError) -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.lastError
        }
    }

    /// Runs the statement to completion, then resets it.
    public func run() throws(SQLiteError) {
        defer { reset() }
        while try step() {}
    }

    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    public func text(_ column: Int32) -> String? {
        guard let text = sqlite3_column_text(statement, column) else { return nil }
        return String(cString: text)
    }

    /// A blob column as a borrowed view, valid until the next step or reset.
    public func blob(_ column: Int32) -> UnsafeRawBufferPointer? {
        guard !isNull(column) else { return nil }
        return UnsafeRawBufferPointer(start: sqlite3_column_blob(statement, column), count: Int(sqlite3_column_bytes(statement, column)))
    }
}
