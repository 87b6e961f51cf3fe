import XCTest
import CSQLite
import FindingsCore
@testable import Deduplication

/// The SQLite state file: persistence, commits, locking, forgetting, export and damage.
final class SQLiteStateTests: XCTestCase {
    private var directory: URL!
    private var path: String { directory.appendingPathComponent("state.db").path }

    override func setUpWithError() throws { directory = try temporaryDirectory() }
    override func tearDownWithError() throws { try FileManager.default.removeItem(at: directory) }

    private func record(_ lastSeen: Int64, customer: CustomerFields? = nil) -> IdentityRecord {
        IdentityRecord(updatedAt: Timestamp("2024-01-02T03:04:05.123456789Z")!, fingerprint: UInt64.max - 5, seen: 3,
                       firstSeen: 1_000, lastSeen: lastSeen, recordState: .archived, complianceStatus: .passed, customer: customer)
    }

    func testRecordsSurviveReopeningOnlyOnceCommitted() throws {
        let customer = CustomerFields(fields: JSONObject(dictionaryLiteral: ("Note", try parse(#"{"Text":"t","UpdatedBy":"me"}"#))))
        do {
            let store = try SQLiteIdentityStore(path: path, identity: .securityHub)
            store.save(record(5, customer: customer), for: UInt64.max, now: 5)
            store.save(record(6), for: 7, now: 6)
            XCTAssertEqual(store.record(for: 7), record(6), "pending records are visible before the commit")
            try store.commit()
            store.save(record(9), for: 8, now: 9)  // never committed: as if the run was killed
        }
        let reopened = try SQLiteIdentityStore(path: path, identity: .securityHub)
        XCTAssertEqual(reopened.record(for: UInt64.max), record(5, customer: customer))
        XCTAssertEqual(reopened.record(for: 7), record(6))
        XCTAssertNil(reopened.record(for: 8))
    }

    /// Saves records 1...count through a fresh store, calls `commitIfDue`, and drops the store
    /// (as a killed run would); returns how many of them a new store finds.
    private func committedAfterCommitIfDue(count: Int, batchSize: Int, interval: Double, wait: useconds_t = 0) throws -> Int {
        do {
            let store = try SQLiteIdentityStore(path: path, identity: .securityHub, batchSize: batchSize, commitInterval: interval)
            for key in 1...count { store.save(record(Int64(key)), for: UInt64(key), now: 0) }
            usleep(wait)
            try store.commitIfDue()
        }
        let reopened = try SQLiteIdentityStore(path: path, identity: .securityHub)
        return (1...count).filter { reopened.record(for: UInt64($0)) != nil }.count
    }

    func testCommitIfDueWaitsForAFullBatch() throws {
        XCTAssertEqual(try committedAfterCommitIfDue(count: 1, batchSize: 2, interval: 3600), 0)
        XCTAssertEqual(try committedAfterCommitIfDue(count: 2, batchSize: 2, interval: 3600), 2)
    }

    func testCommitIfDueCommitsAfterTheInterval() throws {
        XCTAssertEqual(try committedAfterCommitIfDue(count: 1, batchSize: 1000, interval: 0.05, wait: 100_000), 1)
    }

    func testSecondOpenFailsWithoutWaitingWhileTheFirstHoldsTheLock() throws {
        var first: SQLiteIdentityStore? = try SQLiteIdentityStore(path: path, identity: .securityHub)
        XCTAssertThrowsError(try SQLiteIdentityStore(path: path, identity: .securityHub, wait: false)) { error in
            XCTAssertTrue("\(error)".contains("in use by another dedupe run"), "\(error)")
            XCTAssertTrue(error is IOError)
        }
        XCTAssertNotNil(first)
        first = nil
        XCTAssertNoThrow(try SQLiteIdentityStore(path: path, identity: .securityHub, wait: false))
    }

    func testForgetAppliesWindowThenMaxKeysLeastRecentFirst() throws {
        let store = try SQLiteIdentityStore(path: path, identity: .securityHub,
                                            retention: RetentionPolicy(window: 100, maxKeys: 2))
        for key in 1...5 { store.save(record(Int64(key) * 30), for: UInt64(key), now: 0) }
        try store.commit()
        try store.forget(now: 170)  // window: drops last_seen < 70 (keys 1, 2); max 2: drops key 3
        XCTAssertEqual(store.expiredCount, 2)
        XCTAssertEqual(store.evictedCount, 1)
        var kept: [UInt64] = []
        try store.forEachRecord { key, _ in kept.append(key) }
        XCTAssertEqual(kept, [4, 5])
        XCTAssertNoThrow(try store.compact())
    }

    func testExportWritesOneLinePerIdentity() throws {
        let store = try SQLiteIdentityStore(path: path, identity: .securityHub)
        store.save(record(5), for: 0xabc, now: 5)
        try store.commit()
        let line = StateExport.line(0xabc, try XCTUnwrap(store.record(for: 0xabc)))
        XCTAssertEqual(compact(.object(line)), """
            {"identity":"0000000000000abc","updatedAt":"2024-01-02T03:04:05.123Z","fingerprint":"fffffffffffffffa","seen":3,\
            "firstSeen":"1970-01-01T00:00:01Z","lastSeen":"1970-01-01T00:00:00.005Z","recordState":"ARCHIVED","complianceStatus":"PASSED"}
            """)
    }

    func testAFileThatIsNotAStateIsRefused() throws {
        try Data("not a database at all, just text\n".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try SQLiteIdentityStore(path: path, identity: .securityHub)) { error in
            XCTAssertTrue(error is ConfigurationError)
            XCTAssertTrue("\(error)".contains("not a dedupe state file"), "\(error)")
        }
    }

    func testAnotherSQLiteDatabaseIsRefused() throws {
        var db: OpaquePointer?
        sqlite3_open(path, &db)
        sqlite3_exec(db, "CREATE TABLE notes (text TEXT)", nil, nil, nil)
        sqlite3_close(db)
        XCTAssertThrowsError(try SQLiteIdentityStore(path: path, identity: .securityHub)) { error in
            XCTAssertTrue("\(error)".contains("other tables"), "\(error)")
        }
    }

    func testAStateBuiltWithAnotherKeyIsRefused() throws {
        _ = try SQLiteIdentityStore(path: path, identity: .securityHub)
        XCTAssertThrowsError(try SQLiteIdentityStore(path: path, identity: try IdentityKey(parsing: "GeneratorId"))) { error in
            XCTAssertTrue("\(error)".contains("--key ProductArn,Id"), "\(error)")
        }
    }

    func testDamagedPagesAreReportedAsCorrupt() throws {
        do {
            let store = try SQLiteIdentityStore(path: path, identity: .securityHub)
            for key in 1...2000 { store.save(record(Int64(key)), for: UInt64(key), now: 0) }
            try store.commit()
            try store.compact()  // folds the WAL into the main file
        }
        // Overwrite the schema page (page 1 after the 100-byte header) with garbage.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seek(toOffset: 100)
        handle.write(Data(repeating: 0xA5, count: 3000))
        try handle.close()
        XCTAssertThrowsError(try SQLiteIdentityStore(path: path, identity: .securityHub)) { error in
            XCTAssertTrue(error is ConfigurationError, "\(type(of: error)): \(error)")
            XCTAssertTrue("\(error)".contains("corrupt"), "\(error)")
        }
    }

    func testDeduplicatorWithStateAcrossRuns() throws {
        let base = try Fixtures.finding(Fixtures.ec2Control)
        do {
            var first = Deduplicator(store: try SQLiteIdentityStore(path: path, identity: .securityHub), clock: fixedClock)
            XCTAssertEqual(try runStage(&first, [base]).lines.count, 1)
        }
        var second = Deduplicator(store: try SQLiteIdentityStore(path: path, identity: .securityHub), clock: fixedClock)
        let changed = base.with("UpdatedAt", "2030-01-01T00:00:00Z").with("Compliance.Status", "PASSED")
        let run = try runStage(&second, [base, changed, changed])
        XCTAssertEqual(run.lines.count, 1)
        XCTAssertEqual(run.findings[0]["UserDefinedFields"]?["dedupe.seen"], .string("3"))
        XCTAssertEqual(run.findings[0]["UserDefinedFields"]?["dedupe.first"], .string(fixedNow))
    }
}
