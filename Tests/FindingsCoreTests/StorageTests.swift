import XCTest
@testable import FindingsCore

final class StorageTests: XCTestCase {
    func testStatementsBindStepAndReadBack() throws {
        let directory = try temporaryDirectory(self)
        let database = try SQLiteDatabase(path: directory + "/t.db")
        try database.execute("CREATE TABLE t (id INTEGER, name TEXT, data BLOB); PRAGMA journal_mode=WAL")
        let insert = try database.prepare("INSERT INTO t VALUES (?1, ?2, ?3)")
        insert.bind(1, Int64(7)); insert.bind(2, "seven"); insert.bind(3, blob: [1, 2, 3])
        try insert.run()
        let bytes = Array("eight".utf8)
        try bytes.withUnsafeBytes { raw in
            insert.bind(1, Int64(8)); insert.bind(2, text: raw); insert.bind(3, blob: nil)
            try insert.run()
        }
        XCTAssertEqual(database.changes, 1)
        let select = try database.prepare("SELECT id, name, data FROM t ORDER BY id")
        XCTAssertTrue(try select.step())
        XCTAssertEqual(select.int64(0), 7)
        XCTAssertEqual(select.text(1), "seven")
        XCTAssertEqual(select.blob(2).map(Array.init), [1, 2, 3])
        XCTAssertTrue(try select.step())
        XCTAssertEqual(select.text(1), "eight")
        XCTAssertTrue(select.isNull(2))
        XCTAssertFalse(try select.step())
    }

    func testErrorsNameTheFileAndTellCorruption() throws {
        let directory = try temporaryDirectory(self)
        let path = directory + "/bad.db"
        try Array("this is not a database, not at all, and long enough to have a header".utf8).withUnsafeBytes { try AtomicFile.write($0, to: path) }
        let database = try SQLiteDatabase(path: path)
        XCTAssertThrowsError(try database.execute("SELECT * FROM sqlite_master")) { error in
            let failure = error as! SQLiteError
            XCTAssertTrue(failure.meansCorrupt)
            XCTAssertTrue(failure.description.hasPrefix("\(path): SQLite: "), failure.description)
        }
        XCTAssertThrowsError(try database.prepare("SELEC nonsense"))
    }

    func testFileLockExcludesASecondHolder() throws {
        let directory = try temporaryDirectory(self)
        let path = directory + "/state.lock"
        var held: FileLock? = try FileLock(path: path, wait: false, busyMessage: "busy")
        // flock locks belong to open file descriptions, so a second open in this process conflicts too.
        XCTAssertThrowsError(try FileLock(path: path, wait: false, busyMessage: "in use by another run")) { error in
            XCTAssertEqual("\(error)", "\(path): in use by another run")
        }
        held = nil
        XCTAssertNil(held)
        XCTAssertNoThrow(try FileLock(path: path, wait: false, busyMessage: "busy"))
    }
}
