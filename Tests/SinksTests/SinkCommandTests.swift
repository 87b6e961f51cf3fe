import XCTest
import FindingsCore
@testable import Sinks

/// End-to-end runs of the built `sink` executable.
final class SinkCommandTests: XCTestCase {
    var directory = ""

    override func setUp() { directory = temporaryDirectory("sink-e2e") }
    override func tearDown() { system2("rm", "-rf", directory) }

    static let executable: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent(".build/debug/sink").path
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return "sink"
    }()

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs sink with `arguments`, stdin from `input` (text), stdout and stderr captured.
    func sink(_ arguments: [String], input: String = "", environment: [String: String] = [:]) throws -> Run {
        let inputPath = directory + "/stdin", outPath = directory + "/stdout", errPath = directory + "/stderr"
        try AtomicFile.write(Array(input.utf8), to: inputPath)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([SinkCommandTests.executable] + arguments).map { strdup($0) } + [nil]
        var environmentList = ProcessInfo.processInfo.environment
        for (key, value) in environment { environmentList[key] = value }
        let envp = environmentList.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid = pid_t()
        guard posix_spawn(&pid, SinkCommandTests.executable, &actions, nil, argv, envp) == 0 else { throw DeliveryError("cannot run sink") }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return Run(status: status & 0x7F != 0 ? 128 + (status & 0x7F) : (status >> 8) & 0xFF,
                   stdout: try String(contentsOfFile: outPath, encoding: .utf8),
                   stderr: try String(contentsOfFile: errPath, encoding: .utf8))
    }

    func findings(_ count: Int) throws -> String {
        try (0..<count).map { try Fixtures.finding(["Id": .string("finding-\($0)")]) + "\n" }.joined()
    }

    /// The `Id`s in NDJSON text, HEC bodies or spool files.
    func ids(in text: String) -> Set<String> {
        var result = Set<String>()
        var rest = Substring(text)
        while let range = rest.range(of: "\"Id\":\"finding-") {
            let digits = rest[range.upperBound...].prefix { $0.isNumber }
            result.insert("finding-" + digits)
            rest = rest[range.upperBound...]
        }
        return result
    }

    func testHelpListFormatsAndUsageErrors() throws {
        let help = try sink(["--help"])
        XCTAssertEqual(help.status, 0)
        for option in ["--format", "--spool", "--replay", "--batch-size", "--flush-interval", "--token-env", "--cacert", "--rotate-size"] {
            XCTAssertTrue(help.stdout.contains(option), option)
        }
        let formats = try sink(["--list-formats"])
        XCTAssertEqual(formats.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }, OutputFormat.allCases.map(\.rawValue))
        XCTAssertEqual(try sink(["-f", "xml", "-"]).status, 2)
        XCTAssertEqual(try sink(["ftp://x"]).status, 2)
        XCTAssertEqual(try sink([]).status, 2)
        XCTAssertEqual(try sink(["--token-env", "SINK_TEST_UNSET_TOKEN", "-f", "splunk-hec", "http://127.0.0.1:9/x"]).status, 2)
        XCTAssertEqual(try sink(["-f", "csv", "http://127.0.0.1:9/x"]).status, 2)
    }

    func testEveryDestinationGetsEveryFindingAndStatsNameThem() throws {
        let database = directory + "/f.db"
        let run = try sink(["--stats", "--batch-size", "3", "-f", "cef", "-", "sqlite:" + database], input: try findings(7))
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout.split(separator: "\n").count, 7)
        XCTAssertEqual(try query(database, "SELECT count(*) FROM findings"), [["7"]])
        XCTAssertTrue(run.stderr.contains("delivered[-]=7"), run.stderr)
        XCTAssertTrue(run.stderr.contains("delivered[sqlite:\(database)]=7"), run.stderr)
        XCTAssertTrue(run.stderr.contains("batches[-]=3"), run.stderr)
        let storedBytes = run.stderr.split(whereSeparator: { $0 == " " || $0 == "\n" }).first { $0.hasPrefix("bytes[sqlite:") }
        XCTAssertGreaterThan(Int(storedBytes?.split(separator: "=").last ?? "") ?? 0, 7 * 1000, run.stderr)
    }

    func testBadRecordsAreRejectedAndTheRestDelivered() throws {
        let big = try Fixtures.finding(["Id": .string("finding-big"), "Description": .string(String(repeating: "x", count: 250_000))])
        let input = try findings(2) + "{\"Id\":\"x\"}\nnot json\n" + big + "\n"
        let run = try sink(["-f", "securityhub-batch", "-"], input: input)
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("-:3: "), run.stderr)
        XCTAssertTrue(run.stderr.contains("-:4: "), run.stderr)
        XCTAssertTrue(run.stderr.contains("-:5: finding is "), run.stderr)
        XCTAssertEqual(ids(in: run.stdout), ["finding-0", "finding-1"])
    }

    func testAServerKilledMidRunLeavesEveryFindingDeliveredOrSpooledAndReplayDeliversTheRest() throws {
        let server = try TestHTTPServer(plan: #"[{}, {}, {"exit": true}]"#, directory: directory + "/one")
        let spool = directory + "/spool"
        let all = Set((0..<50).map { "finding-\($0)" })
        let run = try sink(["--batch-size", "10", "--retries", "2", "--retry-delay", "0.01", "--spool", spool,
                            "-f", "splunk-hec", server.url + "/services/collector/event"], input: try findings(50))
        XCTAssertEqual(run.status, 3, run.stderr)
        let delivered = Set(try server.requests().flatMap { ids(in: $0.body) })
        XCTAssertEqual(delivered.count, 20)
        let spoolFiles = try files(spool)
        XCTAssertEqual(spoolFiles.count, 3, "\(spoolFiles)")
        let spooled = Set(try spoolFiles.flatMap { ids(in: try String(contentsOfFile: spool + "/" + $0, encoding: .utf8)) })
        XCTAssertEqual(delivered.union(spooled), all, "nothing lost")
        XCTAssertTrue(delivered.isDisjoint(with: spooled))

        let second = try TestHTTPServer(directory: directory + "/two")
        let replay = try sink(["--replay", spool, "-f", "splunk-hec", second.url + "/services/collector/event"])
        XCTAssertEqual(replay.status, 0, replay.stderr)
        XCTAssertEqual(Set(try second.requests().flatMap { ids(in: $0.body) }), spooled)
        XCTAssertEqual(try files(spool), [], "replayed spool files are removed")
    }

    func testWithoutASpoolAFailedDeliveryStopsWithExit3AndSaysWhere() throws {
        let server = try TestHTTPServer(plan: #"[{"status": 400}]"#, directory: directory + "/s")
        let run = try sink(["--batch-size", "5", "-f", "webhook", server.url + "/hook"], input: try findings(12))
        XCTAssertEqual(run.status, 3)
        XCTAssertTrue(run.stderr.contains("HTTP 400"), run.stderr)
        XCTAssertTrue(run.stderr.contains("5 finding(s) from -:1 on were not delivered"), run.stderr)
    }

    func testAFailedReplayKeepsTheSpoolFiles() throws {
        let spool = directory + "/spool"
        mkdir(spool, 0o700)
        try AtomicFile.write(Array(try findings(3).utf8), to: spool + "/a.ndjson")
        let run = try sink(["--replay", spool, "--retries", "0", "-f", "webhook", "http://127.0.0.1:9/hook"])
        XCTAssertEqual(run.status, 3)
        XCTAssertEqual(try files(spool), ["a.ndjson"])
        let done = try sink(["--replay", spool, "sqlite:" + directory + "/r.db"])
        XCTAssertEqual(done.status, 0, done.stderr)
        XCTAssertEqual(try files(spool), [])
        XCTAssertEqual(try query(directory + "/r.db", "SELECT count(*) FROM findings"), [["3"]])
    }

    func testInputFilesAndTokenFromTheEnvironment() throws {
        let server = try TestHTTPServer(directory: directory + "/t")
        let inputPath = directory + "/in.ndjson"
        try AtomicFile.write(Array(try findings(2).utf8), to: inputPath)
        let run = try sink(["--input", inputPath, "--token-env", "SINK_TEST_TOKEN", "-f", "elastic-bulk", "--index", "sec", server.url + "/_bulk"],
                           environment: ["SINK_TEST_TOKEN": "abc"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let request = try XCTUnwrap(try server.requests().first)
        XCTAssertEqual(request.headers["Authorization"]?.stringValue, "ApiKey abc")
        XCTAssertTrue(request.body.hasPrefix("{\"index\":{\"_index\":\"sec\""))
        XCTAssertFalse(run.stderr.contains("abc"))
    }
}

/// The options not covered above, each through the executable.
extension SinkCommandTests {
    func testHECAndSyslogHeaderOptions() throws {
        let hec = try sink(["--hostname", "collector-1", "--sourcetype", "aws:test", "--index", "sec", "-f", "splunk-hec", "-"], input: try findings(1))
        let envelope = try TestDocument(hec.stdout).value
        XCTAssertEqual(envelope["host"]?.stringValue, "collector-1")
        XCTAssertEqual(envelope["sourcetype"]?.stringValue, "aws:test")
        XCTAssertEqual(envelope["index"]?.stringValue, "sec")
        let syslog = try sink(["--facility", "4", "--hostname", "h", "-f", "syslog", "-"], input: try findings(1))
        XCTAssertTrue(syslog.stdout.hasPrefix("<36>1 2020-09-30T12:14:00.206000Z h sink "), syslog.stdout)
        XCTAssertEqual(try sink(["--facility", "24", "-f", "syslog", "-"]).status, 2)
    }

    func testFileRotationAndGzipLevelOptions() throws {
        let template = directory + "/out/{AwsAccountId}/f.ndjson.gz"
        let run = try sink(["--batch-size", "2", "--rotate-size", "1k", "--gzip-level", "9", "file:" + template], input: try findings(6))
        XCTAssertEqual(run.status, 0, run.stderr)
        let written = try files(directory + "/out/193043430472")
        XCTAssertEqual(written.count, 3, "\(written)")
        let reader = DocumentReader(stream: try InputStream(path: directory + "/out/193043430472/" + written[0]), tape: JSONTape())
        var count = 0
        while case .document? = try reader.next() { count += 1 }
        XCTAssertEqual(count, 2)
        let aged = try sink(["--batch-size", "1", "--rotate-age", "0.000001", "file:" + directory + "/aged/f.ndjson"], input: try findings(3))
        XCTAssertEqual(aged.status, 0, aged.stderr)
        XCTAssertEqual(try files(directory + "/aged").count, 3)
        XCTAssertEqual(try sink(["--rotate-size", "ten", "file:x/f"]).status, 2)
        XCTAssertEqual(try sink(["--gzip-level", "13", "file:x/f"]).status, 2)
        XCTAssertEqual(try sink(["--gzip-level", "-1", "file:x/f"]).status, 2)
        let input = try findings(4)
        let stored = try sink(["--gzip-level", "0", "file:" + directory + "/stored/f.ndjson.gz"], input: input)
        XCTAssertEqual(stored.status, 0, stored.stderr)
        let storedFile = directory + "/stored/" + (try files(directory + "/stored"))[0]
        var size = stat()
        XCTAssertEqual(stat(storedFile, &size), 0)
        XCTAssertGreaterThan(Int(size.st_size), input.utf8.count, "level 0 stores without compressing")
        XCTAssertEqual(try InputStream.readAll(storedFile), Array(input.utf8))
        XCTAssertEqual(try sink(["file:" + directory + "/{Region"]).status, 2)
    }

    func testTimeoutAndCACertificateOptions() throws {
        let server = try TestHTTPServer(plan: #"[{"sleep": 3}]"#, directory: directory + "/slow")
        let slow = try sink(["--timeout", "1", "--retries", "0", "-f", "webhook", server.url + "/hook"], input: try findings(1))
        XCTAssertEqual(slow.status, 3)
        XCTAssertTrue(slow.stderr.lowercased().contains("timeout") || slow.stderr.lowercased().contains("timed out"), slow.stderr)
        XCTAssertEqual(try sink(["--cacert", directory + "/missing.pem", "-f", "webhook", "https://127.0.0.1:9/x"]).status, 2)
        let pem = directory + "/ca.pem"
        try AtomicFile.write(Array("not a certificate\n".utf8), to: pem)
        let tls = try sink(["--cacert", pem, "--retries", "0", "-f", "webhook", "https://127.0.0.1:\(server.port)/hook"], input: try findings(1))
        XCTAssertEqual(tls.status, 3, "a plain HTTP server cannot complete a TLS handshake")
    }

    func testFlushIntervalDeliversBeforeTheBatchIsFull() throws {
        func linesBeforeEndOfInput(_ arguments: [String]) throws -> Int {
            let outPath = directory + "/interval-out"
            var pipeEnds: [Int32] = [0, 0]
            XCTAssertEqual(pipe(&pipeEnds), 0)
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
            posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
            posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            let argv = ([SinkCommandTests.executable] + arguments).map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            var pid = pid_t()
            XCTAssertEqual(posix_spawn(&pid, SinkCommandTests.executable, &actions, nil, argv, environ), 0)
            close(pipeEnds[0])
            let lines = try findings(2).split(separator: "\n").map { Array(($0 + "\n").utf8) }
            _ = lines[0].withUnsafeBytes { write(pipeEnds[1], $0.baseAddress, $0.count) }
            usleep(1_200_000)
            _ = lines[1].withUnsafeBytes { write(pipeEnds[1], $0.baseAddress, $0.count) }
            usleep(500_000)
            let early = try String(contentsOfFile: outPath, encoding: .utf8).split(separator: "\n").count
            close(pipeEnds[1])
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            XCTAssertEqual(try String(contentsOfFile: outPath, encoding: .utf8).split(separator: "\n").count, 2)
            return early
        }
        XCTAssertEqual(try linesBeforeEndOfInput(["--flush-interval", "1", "-"]), 2)
        XCTAssertEqual(try linesBeforeEndOfInput(["--flush-interval", "0", "-"]), 0)
        XCTAssertEqual(try sink(["--flush-interval", "soon", "-"]).status, 2)
    }

    func testStrictAndDeadLetterOptionsApply() throws {
        let deadLetters = directory + "/dead.ndjson"
        let run = try sink(["--dead-letter", deadLetters, "-"], input: "{\"Id\":1}\n" + (try findings(1)))
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout.split(separator: "\n").count, 1)
        XCTAssertTrue(try String(contentsOfFile: deadLetters, encoding: .utf8).contains("ProductArn and Id must be strings"))
        let strict = try sink(["--strict", "-"], input: "{\"Id\":1}\n" + (try findings(1)))
        XCTAssertEqual(strict.status, 1)
        XCTAssertEqual(strict.stdout, "")
    }
}

extension SinkCommandTests {
    func testSIGTERMDeliversWhatWasReadAndCompletesFiles() throws {
        var pipeEnds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&pipeEnds), 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        let arguments = [SinkCommandTests.executable, "--flush-interval", "0", "sqlite:" + directory + "/t.db", "file:" + directory + "/files/f.ndjson"]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        XCTAssertEqual(posix_spawn(&pid, SinkCommandTests.executable, &actions, nil, argv, environ), 0)
        close(pipeEnds[0])
        let text = Array(try findings(3).utf8)
        _ = text.withUnsafeBytes { write(pipeEnds[1], $0.baseAddress, $0.count) }
        usleep(500_000)
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(pipeEnds[1])
        XCTAssertEqual((status >> 8) & 0xFF, 128 + SIGTERM, "stopped while waiting for input, with the input still open")
        XCTAssertEqual(try query(directory + "/t.db", "SELECT count(*) FROM findings"), [["3"]])
        let completed = try files(directory + "/files")
        XCTAssertEqual(completed.count, 1)
        XCTAssertFalse(completed[0].hasPrefix("."), "renamed from its temporary name")
    }
}

extension SinkCommandTests {
    func testAFailingDestinationIsSpooledWhileTheOthersGetEverything() throws {
        let spool = directory + "/spool"
        let database = directory + "/ok.db"
        let run = try sink(["--stats", "--batch-size", "4", "--retries", "0", "--spool", spool, "sqlite:" + database,
                            "-f", "webhook", "http://user:pw@127.0.0.1:9/hook"], input: try findings(10))
        XCTAssertEqual(run.status, 3, run.stderr)
        XCTAssertEqual(try query(database, "SELECT count(*) FROM findings"), [["10"]])
        let spooled = try files(spool)
        XCTAssertEqual(spooled.count, 3, "three batches of the failed destination")
        XCTAssertTrue(spooled.allSatisfy { $0.hasSuffix("-http_______127.0.0.1_9_hook.ndjson") }, "\(spooled)")
        let text = try spooled.map { try String(contentsOfFile: spool + "/" + $0, encoding: .utf8) }.joined()
        XCTAssertEqual(ids(in: text).count, 10)
        XCTAssertTrue(run.stderr.contains("spooled[http://***@127.0.0.1:9/hook]=10"), run.stderr)
        XCTAssertFalse(run.stderr.contains("pw"), "credentials never shown")
        XCTAssertFalse(spooled.joined().contains("pw"))
    }
}
