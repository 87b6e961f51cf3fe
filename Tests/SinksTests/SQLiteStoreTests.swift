import XCTest
import CSQLite
import FindingsCore
@testable import Sinks

final class SQLiteStoreTests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        var template = Array("/tmp/sink-sqlite-XXXXXX".utf8CString)
        directory = String(cString: mkdtemp(&template))
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
        XCTAssertEqual(try query(path, "PRAGMA journal_mode"), [["wal"]])
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
        XCTAssertEqual(indexes, ["findings_account", "findings_compliance", "findings_product", "findings_record_state", "findings_region",
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
