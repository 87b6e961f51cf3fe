import XCTest
import CSQLite
import FindingsCore
@testable import Sinks

final class SQLiteStoreTests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = temporaryDirectory("sink-sqlite")
    }

    override func tearDown() { system2("rm", "-rf", directory) }

    func deliver(_ findings: [String], to store: SQLiteStore) throws {
        for finding in findings {
            let document = try TestDocument(finding)
            try store.add(document.root)
        }
        try store.flush()
    }

    func testLatestUpdatedAtWinsAsInSecurityHub() throws {
        let path = directory + "/f.db"
        let store = try SQLiteStore(path: path)
        try deliver([try Fixtures.finding(["UpdatedAt": .string("2021-01-01T00:00:00Z"), "Title": .string("v2")])], to: store)
        try deliver([try Fixtures.finding(["UpdatedAt": .string("2020-01-01T00:00:00Z"), "Title": .string("older")]),
                     try Fixtures.finding(["UpdatedAt": .string("2021-01-01T00:00:00.000Z"), "Title": .string("same time")])], to: store)
        XCTAssertEqual(try query(path, "SELECT title FROM findings"), [["v2"]])
        try deliver([try Fixtures.finding(["UpdatedAt": .string("2021-01-01T00:00:00.001Z"), "Title": .string("v3")])], to: store)
        XCTAssertEqual(try query(path, "SELECT title, json_extract(finding, '$.Title'), updated_at FROM findings"),
                       [["v3", "v3", "2021-01-01T00:00:00.001Z"]])
        try store.close()
        assertRollbackJournalKept(path)
    }

    func testVersionsWithinOneBatchKeepTheLatest() throws {
        let path = directory + "/f.db"
        let store = try SQLiteStore(path: path)
        func version(_ id: String, _ updatedAt: String, _ title: String) throws -> String {
            try Fixtures.finding(["Id": .string(id), "UpdatedAt": .string(updatedAt), "Title": .string(title)])
        }
        try deliver([try version("a", "2021-01-01T00:00:00Z", "a later"), try version("a", "2020-01-01T00:00:00Z", "a older"),
                     try version("b", "2020-01-01T00:00:00Z", "b first"), try version("b", "2020-01-01T00:00:00Z", "b equal"),
                     try version("c", "2020-01-01T00:00:00Z", "c older"), try version("c", "2020-01-01T00:00:00.5Z", "c later")], to: store)
        XCTAssertEqual(try query(path, "SELECT id, title FROM findings ORDER BY id"), [["a", "a later"], ["b", "b first"], ["c", "c later"]])
        XCTAssertEqual(store.statistics.delivered, 6, "ignored versions are delivered too")
    }

    func testIdentitiesSharingAKeyHashAreKeptApart() throws {
        let path = directory + "/f.db"
        let store = try SQLiteStore(path: path, keyHash: { _, _ in 42 })
        let arn = "arn:aws:securityhub:us-east-1::product/aws/guardduty"
        func finding(_ productArn: String, _ id: String, _ updatedAt: String, _ title: String) throws -> String {
            try Fixtures.finding(["ProductArn": .string(productArn), "Id": .string(id), "UpdatedAt": .string(updatedAt), "Title": .string(title)])
        }
        try deliver([try finding(arn, "a", "2020-01-01T00:00:00Z", "a1"), try finding(arn, "b", "2020-01-01T00:00:00Z", "b1"),
                     try finding(arn + "x", "a", "2020-01-01T00:00:00Z", "xa1"), try finding(arn + "\u{0}", "a", "2020-01-01T00:00:00Z", "za1")], to: store)
        try deliver([try finding(arn, "b", "2021-01-01T00:00:00Z", "b2"), try finding(arn + "x", "a", "2019-01-01T00:00:00Z", "xa0")], to: store)
        XCTAssertEqual(try query(path, "SELECT key_hash, id, title FROM findings ORDER BY title"),
                       [["42", "a", "a1"], ["42", "b", "b2"], ["42", "a", "xa1"], ["42", "a", "za1"]])
        XCTAssertEqual(try query(path, "SELECT count(DISTINCT product_arn) FROM findings WHERE id = 'a'"), [["3"]])
    }

    func testAFailedWriteFailsTheWholeBatchAndTheNextBatchGoesIn() throws {
        let path = directory + "/f.db"
        let store = try SQLiteStore(path: path)
        try SQLiteDatabase(path: path).execute("""
            CREATE TRIGGER refuse BEFORE INSERT ON findings WHEN NEW.id = 'refused' BEGIN SELECT RAISE(ABORT, 'refused by trigger'); END
            """)
        let batch = try (0..<2000).map { try Fixtures.finding(["Id": .string("f\($0)")]) } + [try Fixtures.finding(["Id": .string("refused")])]
        XCTAssertThrowsError(try deliver(batch, to: store)) { error in
            XCTAssertTrue("\(error)".contains("refused by trigger"), "\(error)")
        }
        store.discardBatch()
        XCTAssertEqual(try query(path, "SELECT count(*) FROM findings"), [["0"]], "nothing of the failed batch")
        try deliver([try Fixtures.finding(["Id": .string("next")])], to: store)
        try store.close()
        XCTAssertEqual(try query(path, "SELECT id FROM findings"), [["next"]])
        XCTAssertEqual(store.statistics.delivered, 1)
        XCTAssertEqual(store.statistics.batches, 1)
    }

    func testStoreRowNamesTheColumnsTheUpsertReads() {
        XCTAssertEqual([StoreRow.productArn, StoreRow.id, StoreRow.updatedAtNs].map { StoreRow.columns[$0] }, ["product_arn", "id", "updated_at_ns"])
    }

    func testTheKeyHashIsIndexedAndComesFromTheIdentityBytes() throws {
        let path = directory + "/f.db"
        let store = try SQLiteStore(path: path)
        try deliver([try Fixtures.finding(["Id": .string("one")]), try Fixtures.finding(["Id": .string("two")])], to: store)
        try store.close()
        for row in try query(path, "SELECT product_arn, id, key_hash FROM findings") {
            var productArn = row[0], id = row[1]
            let expected = productArn.withUTF8 { arn in id.withUTF8 { SQLiteStore.keyHash(productArn: UnsafeRawBufferPointer(arn), id: UnsafeRawBufferPointer($0)) } }
            XCTAssertEqual(row[2], String(expected))
        }
        XCTAssertNotEqual(SQLiteStore.keyHash(productArn: UnsafeRawBufferPointer(start: nil, count: 0), id: UnsafeRawBufferPointer(start: nil, count: 0)),
                          Int64(bitPattern: StableHash.offsetBasis), "the ProductArn length is part of the key")
        let plan = try query(path, "EXPLAIN QUERY PLAN " + SQLiteStoreSchema.lookup.replacingOccurrences(of: "?1", with: "1")
                             .replacingOccurrences(of: "?2", with: "'p'").replacingOccurrences(of: "?3", with: "'i'")).map { $0.last! }
        XCTAssertTrue(plan.contains { $0.contains("USING INDEX findings_key") }, "\(plan)")
        XCTAssertEqual(try query(path, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'sqlite_autoindex%'"), [["0"]], "no index on the long identity")
    }

    /// The `findings` table of the earlier layout, with the identity as a UNIQUE constraint and no key hash.
    static let earlierLayout = """
    PRAGMA journal_mode = WAL;
    CREATE TABLE findings (product_arn TEXT NOT NULL, id TEXT NOT NULL, aws_account_id TEXT, region TEXT, product_name TEXT,
        company_name TEXT, generator_id TEXT, title TEXT, type TEXT, types TEXT, severity_label TEXT, severity_normalized INTEGER,
        workflow_status TEXT, record_state TEXT, compliance_status TEXT, control_id TEXT, resource_type TEXT, resource_id TEXT,
        created_at TEXT, updated_at TEXT, updated_at_ns INTEGER NOT NULL, finding TEXT NOT NULL, UNIQUE (id, product_arn));
    CREATE INDEX findings_account ON findings (aws_account_id);
    CREATE VIEW active_findings AS SELECT * FROM findings WHERE record_state = 'ACTIVE';
    INSERT INTO findings (product_arn, id, title, record_state, updated_at_ns, finding) VALUES
        ('arn:p', 'kept', 'stored', 'ACTIVE', 1600000000000000000, '{}'),
        ('arn:p', 'a' || char(0) || 'b', 'stored', 'ACTIVE', 1600000000000000000, '{}');
    """

    func testAStoreOfTheEarlierLayoutIsMigratedInPlace() throws {
        let path = directory + "/f.db"
        try SQLiteDatabase(path: path).execute(SQLiteStoreTests.earlierLayout)
        let store = try SQLiteStore(path: path)
        XCTAssertEqual(try query(path, "SELECT id, title FROM findings ORDER BY id"), [["a", "stored"], ["kept", "stored"]], "rows kept (the first Id holds a NUL)")
        try deliver([try Fixtures.finding(["ProductArn": .string("arn:p"), "Id": .string("a\u{0}b"), "UpdatedAt": .string("2021-01-01T00:00:00Z"), "Title": .string("later")]),
                     try Fixtures.finding(["ProductArn": .string("arn:p"), "Id": .string("kept"), "UpdatedAt": .string("2019-01-01T00:00:00Z"), "Title": .string("older")])], to: store)
        try store.close()
        XCTAssertEqual(try query(path, "SELECT hex(id), title FROM findings ORDER BY id"), [["610062", "later"], ["6B657074", "stored"]],
                       "the migrated key hashes find the stored rows")
        XCTAssertEqual(try query(path, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'sqlite_autoindex%' OR name = 'findings_next'"), [["0"]])
        XCTAssertEqual(try query(path, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'findings_%'"), [["11"]])
        XCTAssertEqual(try query(path, "SELECT sum(findings) FROM insight_by_account"), [["2"]], "views made again")
        assertRollbackJournalKept(path)
        _ = try SQLiteStore(path: path)
        XCTAssertEqual(try query(path, "SELECT count(*) FROM findings"), [["2"]], "a second open changes nothing")
    }

    func testAWALStoreOpenElsewhereStaysInWALAndWorks() throws {
        let path = directory + "/f.db"
        try SQLiteDatabase(path: path).execute(SQLiteStoreTests.earlierLayout)
        let reader = try SQLiteDatabase(path: path)
        try reader.execute("SELECT count(*) FROM findings")
        do {
            let store = try SQLiteStore(path: path)
            try deliver([try Fixtures.finding(["Id": .string("new")])], to: store)
            try store.close()
        }
        XCTAssertEqual(try query(path, "PRAGMA journal_mode"), [["wal"]])
        XCTAssertEqual(try query(path, "SELECT count(*) FROM findings"), [["3"]])
        reader.close()
        _ = try SQLiteStore(path: path)
        assertRollbackJournalKept(path, "switched once no one else has it open")
    }

    func testColumnsAndInsightViews() throws {
        let path = directory + "/f.db"
        let store = try SQLiteStore(path: path)
        try deliver([try Fixtures.text("asff-guardduty-ssh-bruteforce.json"),
                     try Fixtures.text("asff-control-cis140-cloudtrail2.json"),
                     try Fixtures.text("asff-control-afsbp-ec2.1.json"),
                     try Fixtures.finding(["Id": .string("suppressed"), "Workflow": .object(["Status": .string("SUPPRESSED")])])], to: store)
        XCTAssertEqual(try query(path, "SELECT count(*) FROM findings"), [["4"]])
        XCTAssertEqual(try query(path, "SELECT aws_account_id, region, severity_label, severity_normalized, workflow_status, record_state, type, resource_type FROM findings WHERE id LIKE '%46ba0ac2845071e23ccdeb2ae03bfdea'"),
                       [["193043430472", "us-east-1", "MEDIUM", "40", "NEW", "ACTIVE", "TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce", "AwsEc2Instance"]])
        XCTAssertEqual(try query(path, "SELECT severity_label, findings FROM insight_by_severity"), [["CRITICAL", "1"], ["MEDIUM", "2"]])
        XCTAssertEqual(try query(path, "SELECT sum(findings) FROM insight_by_account"), [["3"]], "suppressed findings are not live")
        XCTAssertEqual(try query(path, "SELECT count(*) FROM insight_by_type"), try query(path, "SELECT count(DISTINCT t.value) FROM active_findings, json_each(types) t"))
        XCTAssertEqual(try query(path, "SELECT findings FROM insight_by_resource WHERE resource_id LIKE '%i-0c10c2c7863d1a356'"), [["1"]])
        XCTAssertEqual(try query(path, "SELECT count(*) FROM insight_by_product"), [["2"]])
        let indexes = try query(path, "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'findings_%' ORDER BY name").map { $0[0] }
        XCTAssertEqual(indexes, ["findings_account", "findings_compliance", "findings_key", "findings_product", "findings_record_state", "findings_region",
                                 "findings_resource", "findings_severity", "findings_type", "findings_updated", "findings_workflow"])
    }

    func testADatabaseThatCannotBeOpenedIsAnErrorNotACrash() {
        XCTAssertThrowsError(try SQLiteStore(path: directory + "/missing/dir/f.db"))
    }

    func testADiscardedBatchLeavesNothingBehind() throws {
        let path = directory + "/f.db"
        let store = try SQLiteStore(path: path)
        let document = try TestDocument(try Fixtures.finding())
        try store.add(document.root)
        store.discardBatch()
        try store.close()
        XCTAssertEqual(try query(path, "SELECT count(*) FROM findings"), [["0"]])
        XCTAssertEqual(store.statistics.delivered, 0)
    }
}

/// The store is out of WAL mode and its rollback journal stays after the last commit, its
/// header zeroed (so it is not a hot journal).
func assertRollbackJournalKept(_ path: String, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(try query(path, "PRAGMA journal_mode"), [["delete"]], "not WAL (a new connection reports the default rollback mode) \(message)", file: file, line: line)
    let header = (try? InputStream.readAll(path + "-journal")).map { Array($0.prefix(28)) }
    XCTAssertEqual(header, [UInt8](repeating: 0, count: 28), "journal kept with a zeroed header \(message)", file: file, line: line)
}

/// Rows of a query, every value as text (NULL as "NULL").
func query(_ path: String, _ sql: String) throws -> [[String]] {
    var db: OpaquePointer?
    guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { throw DeliveryError("open \(path)") }
    defer { sqlite3_close(db) }
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { throw DeliveryError(String(cString: sqlite3_errmsg(db))) }
    defer { sqlite3_finalize(statement) }
    var rows: [[String]] = []
    while sqlite3_step(statement) == SQLITE_ROW {
        rows.append((0..<sqlite3_column_count(statement)).map { column in
            sqlite3_column_text(statement, column).map { String(cString: $0) } ?? "NULL"
        })
    }
    return rows
}

/// Runs a program with arguments (no shell) and waits.
@discardableResult
func system2(_ arguments: String...) -> Int32 { system2(arguments: arguments) }

/// Runs a program (no shell), optionally with stdout to a file and stderr silenced; the exit status.
@discardableResult
func system2(arguments: [String], stdout: String? = nil, quiet: Bool = false) -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let stdout { posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
    if quiet {
        if stdout == nil { posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    }
    var pid = pid_t()
    let argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    guard posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    return status & 0x7F != 0 ? 128 + (status & 0x7F) : (status >> 8) & 0xFF
}
