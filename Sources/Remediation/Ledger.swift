#if canImport(Glibc)
import Glibc
#endif
import CSQLite
import FindingsCore

/// The remediation ledger: one SQLite row per action key with its last outcome, so a rerun
/// never repeats an action that succeeded for the same finding version.
///
/// WAL journal with `synchronous=FULL` (each outcome is on disk before the next action
/// starts); one run at a time holds an exclusive lock on `PATH.lock`.
public final class Ledger {
    public let path: String
    private var db: OpaquePointer?
    private var lookup: OpaquePointer?
    private var upsert: OpaquePointer?
    private let lockFD: Int32

    public init(path: String) throws(IOError) {
        self.path = path
        lockFD = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockFD >= 0 else { throw IOError(file: path + ".lock", String(cString: strerror(errno))) }
        guard flock(lockFD, LOCK_EX | LOCK_NB) == 0 else {
            close(lockFD)
            throw IOError(file: path, "the ledger is in use by another remediate run")
        }
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nil) == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            close(lockFD)
            throw IOError(file: path, message)
        }
        do {
            try execute("PRAGMA journal_mode=WAL")
            try execute("PRAGMA synchronous=FULL")
            try execute("PRAGMA busy_timeout=5000")
            try execute("""
                CREATE TABLE IF NOT EXISTS actions (
                    key TEXT PRIMARY KEY, product_arn TEXT NOT NULL, finding_id TEXT NOT NULL, updated_at TEXT NOT NULL,
                    playbook TEXT NOT NULL, argv TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT NOT NULL,
                    attempts INTEGER NOT NULL, finished_at TEXT NOT NULL)
                """)
            lookup = try prepare("SELECT outcome FROM actions WHERE key = ?1")
            upsert = try prepare("""
                INSERT INTO actions (key, product_arn, finding_id, updated_at, playbook, argv, outcome, detail, attempts, finished_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                ON CONFLICT(key) DO UPDATE SET outcome = excluded.outcome, detail = excluded.detail,
                    attempts = excluded.attempts, finished_at = excluded.finished_at
                """)
        } catch {
            sqlite3_finalize(lookup); sqlite3_finalize(upsert); sqlite3_close(db); close(lockFD)
            throw error
        }
    }

    deinit {
        sqlite3_finalize(lookup)
        sqlite3_finalize(upsert)
        sqlite3_close(db)
        close(lockFD)
    }

    /// Whether the action with `key` already succeeded.
    public func hasSucceeded(_ key: String) throws(IOError) -> Bool {
        sqlite3_reset(lookup)
        bind(lookup, 1, key)
        let step = sqlite3_step(lookup)
        if step == SQLITE_DONE { return false }
        guard step == SQLITE_ROW else { throw failure() }
        return String(cString: sqlite3_column_text(lookup, 0)) == "succeeded"
    }

    /// Records the outcome of one action (committed and synced before returning).
    public func record(_ action: PlannedAction, outcome: String, detail: String, attempts: Int, finishedAt: String) throws(IOError) {
        sqlite3_reset(upsert)
        let argvText = ByteBuffer(capacity: 256)
        argvText.append(json: .array(action.argv.map(JSONValue.string)))
        let values = [action.key, action.productArn, action.findingId, action.updatedAt, action.playbook,
                      String(decoding: argvText.bytes, as: UTF8.self), outcome, detail]
        for (index, value) in values.enumerated() { bind(upsert, Int32(index + 1), value) }
        sqlite3_bind_int64(upsert, 9, Int64(attempts))
        bind(upsert, 10, finishedAt)
        guard sqlite3_step(upsert) == SQLITE_DONE else { throw failure() }
    }

    private func bind(_ statement: OpaquePointer?, _ index: Int32, _ text: String) {
        sqlite3_bind_text(statement, index, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }

    private func execute(_ sql: String) throws(IOError) {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw failure() }
    }

    private func prepare(_ sql: String) throws(IOError) -> OpaquePointer? {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw failure() }
        return statement
    }

    private func failure() -> IOError {
        IOError(file: path, "SQLite: " + String(cString: sqlite3_errmsg(db)))
    }
}
