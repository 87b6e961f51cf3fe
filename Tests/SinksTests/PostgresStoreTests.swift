import XCTest
import FindingsCore
@testable import Sinks

/// A throwaway PostgreSQL cluster: initdb as the `postgres` user when running as root,
/// listening only on a unix socket in a temporary directory.
final class TestPostgresCluster {
    let directory: String
    let socketDirectory: String
    private let asUser: [String]
    private let binaries: String

    init() throws {
        binaries = ["/usr/lib/postgresql/15/bin", "/usr/local/bin", "/usr/bin"].first { access($0 + "/initdb", X_OK) == 0 && access($0 + "/pg_ctl", X_OK) == 0 } ?? ""
        guard !binaries.isEmpty else { throw XCTSkip("PostgreSQL server binaries (initdb, pg_ctl) are not installed") }
        directory = temporaryDirectory("sink-pg")
        socketDirectory = directory
        asUser = getuid() == 0 ? ["runuser", "-u", "postgres", "--"] : []
        if getuid() == 0 {
            guard let user = getpwnam("postgres") else { throw XCTSkip("no postgres user to run the server as") }
            chown(directory, user.pointee.pw_uid, user.pointee.pw_gid)
        }
        try run(asUser + [binaries + "/initdb", "-D", directory + "/data", "-A", "trust", "-U", "postgres", "--no-sync"])
        try run(asUser + [binaries + "/pg_ctl", "-D", directory + "/data", "-l", directory + "/log", "-w", "-o",
                          "-k \(socketDirectory) -c listen_addresses= -c fsync=off", "start"])
    }

    var conninfo: String { "host=\(socketDirectory) dbname=postgres user=postgres" }

    func stop() {
        try? run(asUser + [binaries + "/pg_ctl", "-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        system2("rm", "-rf", directory)
    }

    private func run(_ arguments: [String]) throws {
        let status = system2(arguments: arguments, quiet: true)
        guard status == 0 else { throw DeliveryError("\(arguments.joined(separator: " ")) failed with status \(status)") }
    }
}

final class PostgresStoreTests: XCTestCase {
    nonisolated(unsafe) static var cluster: TestPostgresCluster?
    nonisolated(unsafe) static var clusterError: Error?

    override class func setUp() {
        do { cluster = try TestPostgresCluster() } catch { clusterError = error }
    }

    override class func tearDown() { cluster?.stop() }

    func store() throws -> PostgresStore {
        if let error = PostgresStoreTests.clusterError { throw error }
        let store = try PostgresStore(conninfo: PostgresStoreTests.cluster!.conninfo, label: "postgres", retry: RetryPolicy())
        return store
    }

    func psql(_ sql: String) throws -> [String] {
        let scratch = temporaryDirectory("sink-psql")
        defer { system2("rm", "-rf", scratch) }
        let output = scratch + "/out"
        let status = system2(arguments: ["psql", "-X", "-A", "-t", "-F", "|", "-d", PostgresStoreTests.cluster!.conninfo, "-c", sql], stdout: output)
        XCTAssertEqual(status, 0)
        return try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func deliver(_ findings: [String], to store: PostgresStore) throws {
        for finding in findings {
            let document = try TestDocument(finding)
            try store.add(document.root)
        }
        try store.flush()
    }

    func testUpsertKeepsTheLatestVersionAndStoresJSONB() throws {
        let store = try store()
        _ = try psql("TRUNCATE findings")
        try deliver([try Fixtures.finding(["UpdatedAt": .string("2021-01-01T00:00:00Z"), "Title": .string("v2\ttab\\slash\nline")])], to: store)
        try deliver([try Fixtures.finding(["UpdatedAt": .string("2020-01-01T00:00:00Z"), "Title": .string("older")]),
                     try Fixtures.finding(["Id": .string("other"), "UpdatedAt": .string("2020-01-01T00:00:00Z")])], to: store)
        XCTAssertEqual(try psql("SELECT count(*) FROM findings"), ["2"])
        XCTAssertEqual(try psql("SELECT finding->>'Title' = E'v2\\ttab\\\\slash\\nline', title = finding->>'Title' FROM findings WHERE id LIKE '%46ba0ac2845071e23ccdeb2ae03bfdea'"), ["t|t"])
        try deliver([try Fixtures.finding(["UpdatedAt": .string("2022-01-01T00:00:00Z"), "Title": .string("v3")]),
                     try Fixtures.finding(["UpdatedAt": .string("2021-06-01T00:00:00Z"), "Title": .string("v2.5 in the same batch")])], to: store)
        XCTAssertEqual(try psql("SELECT title FROM findings WHERE id LIKE '%46ba0ac2845071e23ccdeb2ae03bfdea'"), ["v3"])
        XCTAssertEqual(try psql("SELECT jsonb_typeof(finding), pg_typeof(finding)::text FROM findings LIMIT 1"), ["object|jsonb"])
        XCTAssertEqual(store.statistics.delivered, 5)
    }

    func testInsightViews() throws {
        let store = try store()
        _ = try psql("TRUNCATE findings")
        try deliver([try Fixtures.text("asff-guardduty-ssh-bruteforce.json"), try Fixtures.text("asff-control-cis140-cloudtrail2.json"),
                     try Fixtures.text("asff-control-afsbp-ec2.1.json")], to: store)
        XCTAssertEqual(try psql("SELECT severity_label, findings FROM insight_by_severity"), ["CRITICAL|1", "MEDIUM|2"])
        XCTAssertEqual(try psql("SELECT sum(findings) FROM insight_by_account"), ["3"])
        XCTAssertEqual(try psql("SELECT findings FROM insight_by_resource WHERE resource_id LIKE '%i-0c10c2c7863d1a356'"), ["1"])
        XCTAssertEqual(try psql("SELECT count(*) > 0 FROM insight_by_type"), ["t"])
    }

    func testASQLFailureFailsTheBatch() throws {
        let store = try store()
        try deliver([try Fixtures.finding()], to: store)
        let document = try TestDocument(try Fixtures.finding(["Note": .object(["Text": .string("\u{0}")])]))
        try store.add(document.root)
        XCTAssertThrowsError(try store.flush(), "jsonb cannot hold \\u0000") { XCTAssertTrue("\($0)".contains("COPY failed"), "\($0)") }
        store.discardBatch()
        try deliver([try Fixtures.finding(["Id": .string("after")])], to: store)
        XCTAssertEqual(try psql("SELECT count(*) FROM findings WHERE id = 'after'"), ["1"])
    }
}

extension PostgresStoreTests {
    func testTheExecutableDeliversToPostgres() throws {
        if let error = PostgresStoreTests.clusterError { throw error }
        _ = try psql("DROP TABLE IF EXISTS findings CASCADE")
        let directory = temporaryDirectory("sink-pg-e2e")
        defer { system2("rm", "-rf", directory) }
        let input = directory + "/in.ndjson"
        let text = try (0..<25).map { try Fixtures.finding(["Id": .string("pg-\($0)")]) + "\n" }.joined()
        try AtomicFile.write(Array(text.utf8), to: input)
        let status = system2(arguments: [SinkCommandTests.executable, "--batch-size", "10", "--input", input,
                                         "postgres:" + PostgresStoreTests.cluster!.conninfo], quiet: true)
        XCTAssertEqual(status, 0)
        XCTAssertEqual(try psql("SELECT count(*), count(DISTINCT id) FROM findings WHERE id LIKE 'pg-%'"), ["25|25"])
        XCTAssertEqual(system2(arguments: [SinkCommandTests.executable, "--input", input, "postgres:host=/nonexistent dbname=x"], quiet: true), 2,
                       "a store that cannot be reached at start is a configuration error")
    }
}
