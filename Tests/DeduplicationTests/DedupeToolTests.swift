import Foundation
import XCTest
import FindingsCore
@testable import Deduplication

/// The built `dedupe` executable, run as cron and pipelines run it.
final class DedupeToolTests: XCTestCase {
    private var directory: URL!
    private var state: String { directory.appendingPathComponent("state.db").path }

    override func setUpWithError() throws { directory = try temporaryDirectory() }
    override func tearDownWithError() throws { try FileManager.default.removeItem(at: directory) }

    private func file(_ name: String, _ findings: [JSONValue]) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try (findings.map(compact).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testHelpListsEveryOptionAndVersionAnswers() throws {
        let help = try Tool.run(["--help"])
        XCTAssertEqual(help.status, 0)
        for option in DedupeCommand.spec.options { XCTAssertTrue(help.stdout.contains("--\(option.long)"), option.long) }
        XCTAssertTrue(try Tool.run(["--version"]).stdout.hasPrefix("dedupe (security-tooling)"))
    }

    func testStatsCountEveryOutcomeAndPeakMemory() throws {
        let base = try Fixtures.finding(Fixtures.guardDuty)
        let input = try file("in.ndjson", [base, base, base.with("UpdatedAt", "2030-01-01T00:00:00Z").with("Title", "t"),
                                           base.with("UpdatedAt", "2000-01-01T00:00:00Z"), generatedFinding(1)])
        let run = try Tool.run(["--stats", "--no-progress", input])
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.lines.count, 3)
        XCTAssertTrue(run.stderr.contains("read=5 written=3 rejected=0 skipped=0 new=2 changed=1 duplicate=1 stale=1"), run.stderr)
        XCTAssertTrue(run.stderr.contains("peak-rss-kb="), run.stderr)
    }

    func testUsageErrorsExitTwo() throws {
        for arguments in [["--emit", "sometimes"], ["--window", "5y"], ["--learn"], ["--export"], ["--max-keys", "0"],
                          ["--now", "yesterday"], ["--key", "Id,"], ["--no-wait"], ["--state", state, "--learn", "--compact"],
                          ["--partition-of", "4", "--state", state], ["--commit-every", "10"], ["--state", state, "--commit-every", "x"], ["--state", state, "--compact", "extra.ndjson"],
                          ["--state", state, "--export"], ["--state", state, "--compact"]] {
            let run = try Tool.run(arguments)
            XCTAssertEqual(run.status, 2, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.hasPrefix("dedupe: "), run.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: state), "a refused command leaves no state file behind")
    }

    func testCronRunsShareTheStateFile() throws {
        let base = try Fixtures.finding(Fixtures.ec2Control)
        let day1 = try file("day1.ndjson", [base, generatedFinding(1)])
        XCTAssertEqual(try Tool.run(["--state", state, day1]).lines.count, 2)
        XCTAssertEqual(try Tool.run(["--state", state, day1]).lines.count, 0, "nothing new on the second run")
        let day2 = try file("day2.ndjson", [base.with("UpdatedAt", "2030-01-01T00:00:00Z").with("Compliance.Status", "PASSED"),
                                            generatedFinding(1).with("UpdatedAt", "2030-01-01T00:00:00Z")])
        let run = try Tool.run(["--state", state, "--stats", day2])
        XCTAssertEqual(run.lines.count, 1)
        XCTAssertTrue(run.stderr.contains("changed=1 duplicate=1"), run.stderr)
        let exported = try Tool.run(["--state", state, "--export"])
        XCTAssertEqual(exported.lines.count, 2)
        XCTAssertEqual(try parse(exported.lines[0])["seen"], .number("3"))
    }

    func testLearnThenProviderUpdateKeepsCustomerFieldsThroughTheCommandLine() throws {
        let base = try Fixtures.finding(Fixtures.guardDuty)
        let first = try Tool.run(["--state", state, try file("v1.ndjson", [base])])
        let triaged = try parse(first.lines[0]).with("Workflow.Status", "SUPPRESSED").with("UserDefinedFields.ticket", "SEC-9")
        let learned = try Tool.run(["--state", state, "--learn", "--stats", try file("triaged.ndjson", [triaged])])
        XCTAssertEqual(learned.lines.map { try? parse($0) }, [triaged])
        XCTAssertTrue(learned.stderr.contains("learned=1"), learned.stderr)
        let update = base.with("UpdatedAt", "2030-01-01T00:00:00Z").with("RecordState", "ARCHIVED")
        let out = try parse(try Tool.run(["--state", state, try file("v2.ndjson", [update])]).lines[0])
        XCTAssertEqual(out.at("Workflow.Status"), .string("SUPPRESSED"))
        XCTAssertEqual(out["UserDefinedFields"]?["ticket"], .string("SEC-9"))
        XCTAssertEqual(out["UserDefinedFields"]?["dedupe.seen"], .string("2"))
    }

    func testWindowMaxKeysAndCompactOnTheStateFile() throws {
        let input = try file("in.ndjson", (0..<5).map { generatedFinding($0) })
        XCTAssertEqual(try Tool.run(["--state", state, "--now", "2024-01-01T00:00:00Z", input]).lines.count, 5)
        let later = try file("later.ndjson", [generatedFinding(5)])
        let run = try Tool.run(["--state", state, "--now", "2024-03-01T00:00:00Z", "--max-keys", "3", "--stats", later])
        XCTAssertTrue(run.stderr.contains("evicted=3"), run.stderr)
        XCTAssertEqual(try Tool.run(["--state", state, "--export"]).lines.count, 3)
        let compacted = try Tool.run(["--state", state, "--compact", "--window", "30d", "--now", "2024-03-15T00:00:00Z", "--stats"])
        XCTAssertEqual(compacted.status, 0, compacted.stderr)
        XCTAssertTrue(compacted.stderr.contains("expired=2 evicted=0"), compacted.stderr)
        let left = try Tool.run(["--state", state, "--export"]).lines.map { try parse($0)["lastSeen"] }
        XCTAssertEqual(left, [.string("2024-03-01T00:00:00Z")])
        // With a window, identities seen longer ago pass again as new.
        XCTAssertEqual(try Tool.run(["--state", state, "--window", "30d", "--now", "2024-03-15T00:00:00Z", input]).lines.count, 5)
    }

    func testKeyVolatileAndEmitOptions() throws {
        let one = generatedFinding(1)
        let sameGeneratorAndResource = one.with("Id", "other-id")
        let retitled = one.with("UpdatedAt", "2024-02-01T00:00:00Z").with("Title", "retitled")
        let input = try file("in.ndjson", [one, sameGeneratorAndResource, retitled])
        XCTAssertEqual(try Tool.run([input]).lines.count, 3)
        XCTAssertEqual(try Tool.run(["--key", "GeneratorId,Resources.Id", input]).lines.count, 2)
        XCTAssertEqual(try Tool.run(["--volatile", "Title", input]).lines.count, 2)
        XCTAssertEqual(try Tool.run(["--emit", "first", input]).lines.count, 2)
        let unchanged = try file("same.ndjson", [one, one.with("UpdatedAt", "2024-02-01T00:00:00Z")])
        XCTAssertEqual(try Tool.run(["--emit", "every-update", unchanged]).lines.count, 2)
        XCTAssertEqual(try Tool.run(["--emit", "changes", unchanged]).lines.count, 1)
    }

    func testPartitionOfOnTheCommandLine() throws {
        let run = try Tool.run(["--partition-of", "4", try file("in.ndjson", [try Fixtures.finding(Fixtures.guardDuty)])])
        XCTAssertEqual(run.lines, ["3 dce6ca653629d3f3"])
    }

    func testCorruptStateFileExitsTwoWithAClearMessage() throws {
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: state))
        let run = try Tool.run(["--state", state, try file("in.ndjson", [generatedFinding(1)])])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stdout, "")
        XCTAssertTrue(run.stderr.contains("\(state): not a dedupe state file"), run.stderr)
    }

    func testTruncatedStateFileExitsTwoBeforeReading() throws {
        let input = try file("in.ndjson", (0..<3000).map { generatedFinding($0) })
        XCTAssertEqual(try Tool.run(["--state", state, input]).status, 0)
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: state)[.size] as? Int)
        XCTAssertGreaterThan(size, 100_000)
        XCTAssertEqual(truncate(state, off_t(size / 2)), 0)
        let run = try Tool.run(["--state", state, input])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stdout, "")
        XCTAssertTrue(run.stderr.contains("the state file is corrupt"), run.stderr)
    }

    func testTwoConcurrentRunsOnOneStateFileDoNotInterleave() throws {
        let finding = generatedFinding(1)
        let first = try Tool.start(["--state", state])  // reads stdin: holds the lock until its input ends
        // Wait until the first run holds the lock: a --no-wait run then fails with exit 3.
        var refused: Tool.Result?
        for _ in 0..<100 {
            let attempt = try Tool.run(["--state", state, "--no-wait", "/dev/null"])
            if attempt.status == 3 { refused = attempt; break }
            usleep(50_000)
        }
        XCTAssertTrue(refused?.stderr.contains("in use by another dedupe run") ?? false, refused?.stderr ?? "never refused")
        let second = try Tool.start(["--state", state, try file("in.ndjson", [finding])])
        usleep(500_000)
        XCTAssertTrue(second.process.isRunning, "the second run waits for the lock")
        first.write(compact(finding) + "\n")
        let firstResult = first.finish()
        let secondResult = second.finish()
        XCTAssertEqual(firstResult.status, 0, firstResult.stderr)
        XCTAssertEqual(secondResult.status, 0, secondResult.stderr)
        XCTAssertEqual(firstResult.lines.count, 1)
        XCTAssertEqual(secondResult.lines.count, 0, "the second run saw the first one's state")
        XCTAssertTrue(secondResult.stderr.contains("waiting"), secondResult.stderr)
    }

    func testSigtermFlushesAndCommitsWhatWasWritten() throws {
        let findings = (0..<10).map { generatedFinding($0) }
        let run = try Tool.start(["--state", state])
        run.write(findings.map(compact).joined(separator: "\n") + "\n")
        usleep(300_000)
        kill(run.process.processIdentifier, SIGTERM)  // while it waits for more input
        run.process.waitUntilExit()
        let result = run.finish()
        XCTAssertEqual(result.status, 128 + SIGTERM, result.stderr)
        XCTAssertEqual(result.lines.count, 10, result.stderr)
        let rerun = try Tool.run(["--state", state, try file("in.ndjson", findings)])
        XCTAssertEqual(rerun.lines.count, 0, "the state was committed on the way out")
    }

    func testKillNineMidRunThenRerunLosesNothing() throws {
        let total = 40_000
        let findings = (0..<total).map { generatedFinding($0) }
        let all = try file("all.ndjson", findings)
        let firstOutput = directory.appendingPathComponent("out1.ndjson").path
        let run = try Tool.start(["--state", state, "--commit-every", "5000"], stdout: firstOutput)
        // Feed three quarters of the input, wait until well past the first commit, then kill -9.
        run.write(findings[..<30_000].map(compact).joined(separator: "\n") + "\n")
        var written = 0
        for _ in 0..<600 {
            written = (try? String(contentsOfFile: firstOutput, encoding: .utf8))?.split(separator: "\n").count ?? 0
            if written >= 20_000 { break }
            usleep(50_000)
        }
        usleep(300_000)
        XCTAssertTrue(run.process.isRunning)
        kill(run.process.processIdentifier, SIGKILL)
        run.process.waitUntilExit()
        XCTAssertEqual(run.process.terminationReason, .uncaughtSignal)

        let firstText = try String(contentsOfFile: firstOutput, encoding: .utf8)
        XCTAssertTrue(firstText.isEmpty || firstText.hasSuffix("\n"), "only whole lines are written")
        let rerun = try Tool.run(["--state", state, all])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        let ids = { (lines: [String]) in Set(lines.map { try! parse($0)["Id"]!.stringValue! }) }
        let before = ids(firstText.split(separator: "\n").map(String.init))
        let after = ids(rerun.lines)
        XCTAssertEqual(before.union(after).count, total, "every identity came out at least once")
        XCTAssertLessThan(after.count, total, "what was committed before the kill is not emitted again")
        XCTAssertTrue(after.isSuperset(of: Set((30_000..<total).map { "finding-\($0)" })))
    }
}

/// Runs the built `dedupe` (found under `.build/` above this file).
enum Tool {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    struct NotBuilt: Error, CustomStringConvertible {
        var description: String { "dedupe executable not found under .build/debug or .build/release; run 'swift build' first" }
    }

    static func executable() throws -> URL {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            for configuration in ["debug", "release"] {
                let candidate = directory.appendingPathComponent(".build/\(configuration)/dedupe")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
            directory = directory.deletingLastPathComponent()
        }
        throw NotBuilt()
    }

    static func run(_ arguments: [String]) throws -> Result {
        let running = try start(arguments, stdin: FileHandle.nullDevice)
        return running.finish()
    }

    /// A running `dedupe`; its stdin is a pipe unless given.
    final class Running {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        var stdoutData = Data()
        var stderrData = Data()
        let group = DispatchGroup()

        func write(_ text: String) { input.fileHandleForWriting.write(Data(text.utf8)) }

        func finish() -> Result {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            group.wait()
            return Result(status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
                          stderr: String(decoding: stderrData, as: UTF8.self))
        }
    }

    static func start(_ arguments: [String], stdin: FileHandle? = nil, stdout path: String? = nil) throws -> Running {
        let running = Running()
        running.process.executableURL = try executable()
        running.process.arguments = arguments
        running.process.standardInput = stdin ?? running.input
        running.process.standardError = running.errors
        if let path {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            running.process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        } else {
            running.process.standardOutput = running.output
        }
        try running.process.run()
        running.group.enter()
        DispatchQueue.global().async {
            running.stdoutData = path == nil ? running.output.fileHandleForReading.readDataToEndOfFile() : Data()
            running.stderrData = running.errors.fileHandleForReading.readDataToEndOfFile()
            running.group.leave()
        }
        return running
    }
}
