import CSQLite

/// A SQLite failure: the database file, SQLite's primary result code and its message.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let code: Int32
    public let message: String

    public init(path: String, code: Int32, message: String) {
        self.path = path
        self.code = code
        self.message = message
    }

    /// Whether the file is damaged or is not a SQLite database at all.
    public var meansCorrupt: Bool { code == SQLITE_CORRUPT || code == SQLITE_NOTADB }

    /// Whether another connection holds a lock that the call needed.
    public var meansBusy: Bool { code == SQLITE_BUSY }

    public var description: String { "\(path): SQLite: \(message)" }
}
