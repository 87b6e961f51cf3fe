import FindingsCore

/// The remediation ledger: one SQLite row per action key with its last outcome, so a rerun
/// never repeats an action that succeeded for the same finding version.
///
/// WAL journal with `synchronous=FULL` (each outcome is on disk before the next action
/// starts); one run at a time holds an exclusive lock on `PATH.lock`.
public final class Ledger {
    public let path: String
    private let lock: FileLock
    private let database: SQLiteDatabase
    private let lookup: SQLiteStatement
    private let upsert: SQLiteStatement

    public init(path: String) throws(IOError) {
        self.path = path
        lock = try FileLock(path: path + ".lock", wait: false, busyMessage: "the ledger is in use by another remediate run")
        do {
            database = try SQLiteDatabase(path: path)
            try database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000")
            try database.execute("""
                CREATE TABLE IF NOT EXISTS actions (
                    key TEXT PRIMARY KEY, product_arn TEXT NOT NULL, finding_id TEXT NOT NULL, updated_at TEXT NOT NULL,
                    playbook TEXT NOT NULL, argv TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT NOT NULL,
                    attempts INTEGER NOT NULL, finished_at TEXT NOT NULL)
                """)
            lookup = try database.prepare("SELECT outcome FROM actions WHERE key = ?1")
            upsert = try database.prepare("""
                INSERT INTO actions (key, product_arn, finding_id, updated_at, playbook, argv, outcome, detail, attempts, finished_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                ON CONFLICT(key) DO UPDATE SET outcome = excluded.outcome, detail = excluded.detail,
                    attempts = excluded.attempts, finished_at = excluded.finished_at
                """)
        } catch {
            throw IOError(file: path, "SQLite: \(error.message)")
        }
    }

    /// Whether the action with `key` already succeeded.
    public func hasSucceeded(_ key: String) throws(IOError) -> Bool {
        defer { lookup.reset() }
        lookup.bind(1, key)
        do {
            guard try lookup.step() else { return false }
        } catch {
            throw IOError(file: path, "SQLite: \(error.message)")
        }
        return lookup.text(0) == "succeeded"
    }

    /// Records the outcome of one action (committed and synced before returning).
    public func record(_ action: PlannedAction, outcome: String, detail: String, attempts: Int, finishedAt: String) throws(IOError) {
        let argvText = ByteBuffer(capacity: 256)
        argvText.append(json: .array(action.argv.map(JSONValue.string)))
        let values = [action.key, action.productArn, action.findingId, action.updatedAt, action.playbook,
                      String(decoding: argvText.bytes, as: UTF8.self), outcome, detail]
        for (index, value) in values.enumerated() { upsert.bind(Int32(index + 1), value) }
        upsert.bind(9, Int64(attempts))
        upsert.bind(10, finishedAt)
        do { try upsert.run() } catch { throw IOError(file: path, "SQLite: \(error.message)") }
    }
}
