import XCTest
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the shell pipelines of `Pipelines/` and `scale-out/` against the debug executables, and
/// reads what they leave behind (SQLite stores through python3's sqlite3, NDJSON files).
enum Pipeline {
    /// The repository: three levels above this file (Tests/EndToEndTests/PipelineSupport.swift).
    static let root: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static func path(_ relative: String) -> String { root + "/" + relative }

    /// The fixed "now" the tests pass, so that runs can be compared finding by finding.
    static let now = "2026-05-18T00:00:00Z"

    /// A script started in the background, its output going to files.
    final class Running {
        let process: Process
        let stdoutPath: String
        let stderrPath: String

        /// Starts `executable` (an absolute path) in the repository.
        init(executable: String, _ arguments: [String], directory: String, stdinPath: String? = nil) throws {
            stdoutPath = directory + "/stdout-\(UUID().uuidString)"
            stderrPath = directory + "/stderr-\(UUID().uuidString)"
            _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
            _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
            process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: Pipeline.root)
            process.standardInput = try stdinPath.map { try FileHandle(forReadingFrom: URL(fileURLWithPath: $0)) } ?? FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
            try process.run()
        }

        /// The process and all its descendants, parents first; with `freezing`, each is stopped
        /// (SIGSTOP) before its children are listed, so none can start another meanwhile.
        func tree(freezing: Bool = false) -> [pid_t] {
            var tree: [pid_t] = []
            var pending = [process.processIdentifier]
            while let pid = pending.popLast() {
                if freezing { kill(pid, SIGSTOP) }
                tree.append(pid)
                let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
                for task in tasks {
                    let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
                    pending += children.split(separator: " ").compactMap { pid_t($0) }
                }
            }
            return tree
        }

        /// Sends `signal` to the process and all its descendants at once, as a crash or an
        /// operator's `kill` of the whole run would.
        func killTree(signal: Int32) {
            let frozen = tree(freezing: true)
            for pid in frozen { kill(pid, signal) }
            for pid in frozen { kill(pid, SIGCONT) }
        }

        /// The resident memory of the process and its descendants, in KiB (VmRSS from /proc).
        var treeResidentKilobytes: Int {
            tree().reduce(0) { total, pid in
                let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
                let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
                return total + (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0)
            }
        }

        var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

        /// Waits for the script to end, at most `timeout` seconds (then fails and kills it).
        @discardableResult
        func wait(timeout: TimeInterval, file: StaticString = #filePath, line: UInt = #line) -> ToolResult {
            let finished = Pipeline.waitUntil(timeout: timeout) { !self.process.isRunning }
            if !finished {
                XCTFail("still running after \(timeout) s:\n\(stderr)", file: file, line: line)
                killTree(signal: SIGKILL)
            }
            process.waitUntilExit()
            return ToolResult(status: process.terminationStatus, stdout: stdout, stderr: stderr)
        }
    }

    /// Starts a script of the repository (e.g. "Pipelines/cron-batch") in the background.
    static func start(_ script: String, _ arguments: [String], in directory: String) throws -> Running {
        try Running(executable: path(script), arguments, directory: directory)
    }

    /// Runs a script of the repository to its end (at most `timeout` seconds).
    @discardableResult
    static func run(_ script: String, _ arguments: [String], in directory: String, timeout: TimeInterval = 60,
                    file: StaticString = #filePath, line: UInt = #line) throws -> ToolResult {
        try start(script, arguments, in: directory).wait(timeout: timeout, file: file, line: line)
    }

    /// Polls `condition` every 20 ms until it holds (true) or `timeout` seconds pass (false).
    static func waitUntil(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// Runs python3 with `arguments` (and the file `stdinPath` as its input) and returns its
    /// stdout, failing the test on a non-zero status.
    static func python(_ arguments: [String], stdinPath: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let directory = FileManager.default.temporaryDirectory.path
        let running = try Running(executable: "/usr/bin/env", ["python3"] + arguments, directory: directory, stdinPath: stdinPath)
        let result = running.wait(timeout: 60, file: file, line: line)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        try? FileManager.default.removeItem(atPath: running.stdoutPath)
        try? FileManager.default.removeItem(atPath: running.stderrPath)
        return result.stdout
    }

    /// Rows of an SQL query on a SQLite file, each row's columns joined by a tab.
    static func query(_ database: String, _ sql: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let script = """
        import sqlite3, sys
        db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
        for row in db.execute(sys.argv[2]):
            print("\\t".join("" if v is None else str(v) for v in row))
        """
        return try python(["-c", script, database, sql], file: file, line: line)
            .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// The number of findings in a SQLite findings store (0 when it does not exist yet).
    static func storeCount(_ database: String) -> Int {
        guard FileManager.default.fileExists(atPath: database) else { return 0 }
        return (try? query(database, "SELECT count(*) FROM findings").first.flatMap { Int($0) } ?? 0) ?? 0
    }

    /// Whether another process holds the flock on `path`.
    static func lockIsHeld(_ path: String) -> Bool {
        guard let probe = try? Running(executable: "/usr/bin/flock", ["-n", path, "true"], directory: FileManager.default.temporaryDirectory.path)
        else { return false }
        defer { try? FileManager.default.removeItem(atPath: probe.stdoutPath); try? FileManager.default.removeItem(atPath: probe.stderrPath) }
        return probe.wait(timeout: 10).status != 0
    }

    /// The non-empty lines of a text file (none when it does not exist).
    static func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
            .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// Each NDJSON line parsed as a JSON object.
    static func objects(_ path: String) throws -> [[String: Any]] {
        try lines(path).map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    /// Writes `count` generated findings (Samples/generate_asff.py) into `files` files under `directory`.
    static func generate(count: Int, seed: Int, files: Int, into directory: String, repeatShare: String = "0.2") throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let script = """
        import subprocess, sys
        count, seed, files, directory, share = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
        lines = subprocess.run([sys.executable, sys.argv[6], "--count", str(count), "--seed", seed, "--repeat", share],
                               check=True, capture_output=True, text=True).stdout.splitlines(True)
        size = (len(lines) + files - 1) // files
        for n in range(files):
            with open(f"{directory}/export-{n}.ndjson", "w") as out:
                out.writelines(lines[n * size:(n + 1) * size])
        """
        _ = try python(["-c", script, String(count), String(seed), String(files), directory, repeatShare,
                        path("Samples/generate_asff.py")])
    }
}

