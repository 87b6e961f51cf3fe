#if canImport(Glibc)
import Glibc
#endif
import CSQLite
import FindingsCore

/// Identity records in a SQLite state file that survives between runs.
///
/// WAL journal, `synchronous=FULL`; records saved during a run wait in memory and are
/// written in one transaction per batch (in key order: random identity hashes would otherwise
/// touch every page of the table in every batch). `commitIfDue` is meant to run right after the
/// output is flushed, so the state never gets ahead of the output it covers: a run killed
/// at any point re-emits on the next run instead of losing a finding. An exclusive lock
/// (`FileLock` on `PATH.lock`) keeps concurrent runs apart.
public final class SQLiteIdentityStore: IdentityStore {
    public let path: String
    public let retention: RetentionPolicy
    /// Records saved since the last commit that trigger a commit at the next flush.
    public let batchSize: Int
    /// Seconds after which pending records are committed at the next flush, however few.
    public let commitInterval: Double
    private var lastCommit = MonotonicClock.seconds()
    private let lock: FileLock
    private let database: SQLiteDatabase
    private var select: SQLiteStatement!
    private var upsert: SQLiteStatement!
    private var pending: [UInt64: IdentityRecord] = [:]
    private let snapshotTape = JSONTape()
    public private(set) var expiredCount = 0
    public private(set) var evictedCount = 0

    static let format = "security-tooling dedupe state"
    static let version = "1"

    /// Opens (or creates) the state file. A file that is not a dedupe state, is damaged, or
    /// was made with another identity key throws `ConfigurationError` (exit 2); a busy lock
    /// with `wait: false`, or an I/O failure, throws `IOError` (exit 3).
    public init(path: String, identity: IdentityKey, retention: RetentionPolicy = RetentionPolicy(), wait: Bool = true,
                batchSize: Int = 262_144, commitInterval: Double = 5, diagnostics: Diagnostics = Diagnostics(tool: "dedupe")) throws {
        self.path = path
        self.retention = retention
        self.batchSize = batchSize
        self.commitInterval = commitInterval
        lock = try FileLock(path: path + ".lock", wait: wait, busyMessage: "in use by another dedupe run (--no-wait given)") {
            diagnostics.report("\(path): in use by another dedupe run; waiting")
        }
        try Self.checkHeader(path)
        database = try SQLiteDatabase(path: path)
        do {
            // The flock already keeps other runs out, so SQLite's own per-statement file locks
            // (two fcntl calls per lookup) are held once for the whole run.
            try database.execute("""
                PRAGMA locking_mode=EXCLUSIVE; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
                PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=65536
                """)
            try Self.prepareSchema(database, identity: identity)
            select = try database.prepare("""
                SELECT updated_s, updated_ns, fingerprint, seen, first_seen, last_seen, record_state, compliance, customer
                FROM identities WHERE key = ?1
                """)
            upsert = try database.prepare("""
                INSERT INTO identities VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                ON CONFLICT (key) DO UPDATE SET updated_s = ?2, updated_ns = ?3, fingerprint = ?4, seen = ?5,
                    first_seen = ?6, last_seen = ?7, record_state = ?8, compliance = ?9, customer = ?10
                """)
        } catch let error as SQLiteError where error.meansCorrupt {
            throw ConfigurationError(file: path, "the state file is corrupt (\(error.message)); restore it or remove it to start afresh")
        } catch let error as SQLiteError {
            throw IOError(file: path, error.message)
        }
    }

    /// The connection closes (and SQLite finishes its own work on the file) before the lock is released.
    deinit {
        select = nil
        upsert = nil
        database.close()
    }

    /// A state file is empty (new) or starts with SQLite's magic header.
    private static func checkHeader(_ path: String) throws(ConfigurationError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 16)
        let n = header.withUnsafeMutableBytes { read(fd, $0.baseAddress!, 16) }
        if n == 0 { return }
        guard n == 16, header == Array("SQLite format 3\0".utf8) else {
            throw ConfigurationError(file: path, "not a dedupe state file (not an SQLite database); give another --state path or remove it")
        }
    }

    private static func prepareSchema(_ database: SQLiteDatabase, identity: IdentityKey) throws {
        let tables = try database.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        var names: Set<String> = []
        while try tables.step() { if let name = tables.text(0) { names.insert(name) } }
        tables.reset()
        if names.isEmpty {
            try database.execute("""
                BEGIN;
                CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE identities (
                    key INTEGER PRIMARY KEY, updated_s INTEGER NOT NULL, updated_ns INTEGER NOT NULL,
                    fingerprint INTEGER NOT NULL, seen INTEGER NOT NULL, first_seen INTEGER NOT NULL,
                    last_seen INTEGER NOT NULL, record_state TEXT, compliance TEXT, customer BLOB);
                COMMIT;
                """)
            let insert = try database.prepare("INSERT INTO meta VALUES (?1, ?2)")
            for (name, value) in [("format", format), ("version", version), ("hash", "fnv1a64"), ("key", identity.description)] {
                insert.bind(1, name)
                insert.bind(2, value)
                try insert.run()
            }
            return
        }
        guard names.contains("meta"), names.contains("identities") else {
            throw ConfigurationError(file: database.path, "not a dedupe state file (an SQLite database with other tables)")
        }
        let meta = try database.prepare("SELECT name, value FROM meta")
        var values: [String: String] = [:]
        while try meta.step() { values[meta.text(0) ?? ""] = meta.text(1) }
        meta.reset()
        guard values["format"] == format else {
            throw ConfigurationError(file: database.path, "not a dedupe state file (format '\(values["format"] ?? "")')")
        }
        guard values["version"] == version else {
            throw ConfigurationError(file: database.path, "dedupe state version \(values["version"] ?? "?") is not supported (this build reads \(version))")
        }
        guard values["key"] == identity.description else {
            throw ConfigurationError(file: database.path, "the state was built with --key \(values["key"] ?? "?"), not \(identity.description); use another state file")
        }
    }

    // MARK: IdentityStore

    public func record(for key: UInt64) -> IdentityRecord? {
        if let record = pending[key] { return record }
        do {
            return try load(key)
        } catch {
            StateFailure.stop(path: path, error)
        }
    }

    public func save(_ record: IdentityRecord, for key: UInt64, now: Int64) {
        pending[key] = record
    }

    /// Commits pending records when a batch is full, the interval has passed, or the run is
    /// being stopped by a signal (its last flush): call only right after flushing the output.
    public func commitIfDue() throws {
        guard !pending.isEmpty else { return }
        if pending.count >= batchSize || MonotonicClock.seconds() - lastCommit >= commitInterval || StopSignals.pending != 0 {
            try commit()
        }
    }

    /// Writes every pending record in one transaction.
    public func commit() throws {
        guard !pending.isEmpty else { return }
        do {
            try database.execute("BEGIN IMMEDIATE")
            // In key order: neighbouring rows share B-tree pages, so each page is written once.
            for key in pending.keys.sorted(by: { Int64(bitPattern: $0) < Int64(bitPattern: $1) }) {
                try write(pending[key]!, key: key)
            }
            try database.execute("COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            throw IOError(file: path, "cannot record the state: \(error.message)")
        }
        pending.removeAll(keepingCapacity: true)
        lastCommit = MonotonicClock.seconds()
    }

    public func finish(now: Int64, _ context: inout RecordContext) throws {
        try context.output.flush()
        try commit()
        try forget(now: now)
        try checkpoint()
    }

    /// Copies the WAL into the database file at the end of a run. During a run SQLite checkpoints
    /// only once the WAL passes 256 MiB: identities are spread over the whole table, so every
    /// batch dirties most pages, and checkpointing after each one would write them twice.
    public func checkpoint() throws {
        do {
            try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        } catch {
            throw IOError(file: path, "cannot checkpoint the state: \(error)")
        }
    }

    /// Applies the window and the size bound to the whole file.
    public func forget(now: Int64) throws {
        do {
            if let window = retention.window {
                let delete = try database.prepare("DELETE FROM identities WHERE last_seen < ?1")
                delete.bind(1, now - window)
                try delete.run()
                expiredCount += database.changes
            }
            if let maxKeys = retention.maxKeys {
                let count = try database.prepare("SELECT count(*) FROM identities")
                _ = try count.step()
                let excess = Int(count.int64(0)) - maxKeys
                count.reset()
                if excess > 0 {
                    let delete = try database.prepare(
                        "DELETE FROM identities WHERE key IN (SELECT key FROM identities ORDER BY last_seen, key LIMIT ?1)")
                    delete.bind(1, Int64(excess))
                    try delete.run()
                    evictedCount += database.changes
                }
            }
        } catch {
            throw IOError(file: path, "cannot forget old identities: \(error.message)")
        }
    }

    /// Checks the file's integrity, then rebuilds it without free pages.
    public func compact() throws {
        do {
            let check = try database.prepare("PRAGMA integrity_check")
            var problems: [String] = []
            while try check.step() { if let line = check.text(0), line != "ok" { problems.append(line) } }
            check.reset()
            guard problems.isEmpty else {
                throw ConfigurationError(file: path, "the state file is corrupt: \(problems.prefix(3).joined(separator: "; "))")
            }
            try database.execute("VACUUM; PRAGMA wal_checkpoint(TRUNCATE)")
        } catch let error as SQLiteError where error.meansCorrupt {
            throw ConfigurationError(file: path, "the state file is corrupt (\(error.message))")
        } catch let error as SQLiteError {
            throw IOError(file: path, "cannot compact: \(error.message)")
        }
    }

    /// Every record, least recently seen first.
    public func forEachRecord(_ body: (UInt64, IdentityRecord) throws -> Void) throws {
        do {
            let all = try database.prepare("""
                SELECT updated_s, updated_ns, fingerprint, seen, first_seen, last_seen, record_state, compliance, customer, key
                FROM identities ORDER BY last_seen, key
                """)
            while try all.step() {
                try body(UInt64(bitPattern: all.int64(9)), decode(all))
            }
            all.reset()
        } catch let error as SQLiteError where error.meansCorrupt {
            throw IOError(file: path, "the state file is corrupt (\(error.message))")
        } catch let error as SQLiteError {
            throw IOError(file: path, error.message)
        }
    }

    // MARK: Rows

    private func load(_ key: UInt64) throws(SQLiteError) -> IdentityRecord? {
        defer { select.reset() }
        select.bind(1, Int64(bitPattern: key))
        guard try select.step() else { return nil }
        return decode(select)
    }

    private func decode(_ row: SQLiteStatement) -> IdentityRecord {
        let customer = row.blob(8).flatMap { CustomerFields(json: $0, tape: snapshotTape) }
        return IdentityRecord(
            updatedAt: Timestamp(seconds: row.int64(0), nanoseconds: Int32(truncatingIfNeeded: row.int64(1))),
            fingerprint: UInt64(bitPattern: row.int64(2)), seen: Int(row.int64(3)),
            firstSeen: row.int64(4), lastSeen: row.int64(5),
            recordState: row.text(6).flatMap(RecordState.init(rawValue:)),
            complianceStatus: row.text(7).flatMap(ComplianceStatus.init(rawValue:)),
            customer: customer)
    }

    private func write(_ record: IdentityRecord, key: UInt64) throws(SQLiteError) {
        upsert.bind(1, Int64(bitPattern: key))
        upsert.bind(2, record.updatedAt.seconds)
        upsert.bind(3, Int64(record.updatedAt.nanoseconds))
        upsert.bind(4, Int64(bitPattern: record.fingerprint))
        upsert.bind(5, Int64(record.seen))
        upsert.bind(6, record.firstSeen)
        upsert.bind(7, record.lastSeen)
        upsert.bind(8, record.recordState?.rawValue)
        upsert.bind(9, record.complianceStatus?.rawValue)
        upsert.bind(10, blob: record.customer?.jsonText)
        try upsert.run()
    }
}

/// A state read that failed half-way through a run. Nothing is committed past the last
/// flushed output, so stopping at once is safe: the next run re-emits what this one had not.
enum StateFailure {
    static func stop(path: String, _ error: Error) -> Never {
        Diagnostics(tool: "dedupe").report("\(path): cannot read the state: \(error); stopping (a rerun re-emits what was not recorded)")
        exit(ExitStatus.ioFailure.code)
    }
}
