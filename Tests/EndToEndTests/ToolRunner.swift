import XCTest
import Foundation

/// The result of running one of the suite's executables.
struct ToolResult {
    let status: Int32
    let stdout: String
    let stderr: String
    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
}

/// Finds and runs the built executables; input and output go through files, so large
/// outputs cannot deadlock a pipe.
enum Tools {
    /// The directory holding the executables `swift build` / `swift test` produced.
    static let binaries: URL = {
        if let override = ProcessInfo.processInfo.environment["SECURITY_TOOLING_BIN"] { return URL(fileURLWithPath: override) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
        return directory
    }()

    static func path(_ tool: String) -> String { binaries.appendingPathComponent(tool).path }

    /// Runs `tool` with `arguments`, feeding `stdin` (bytes) and waiting for it to finish.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], stdin: Data = Data(), environment: [String: String]? = nil) throws -> ToolResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("in"), output = directory.appendingPathComponent("out"), errors = directory.appendingPathComponent("err")
        try stdin.write(to: input)
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path(tool))
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        return ToolResult(status: process.terminationStatus,
                          stdout: String(decoding: try Data(contentsOf: output), as: UTF8.self),
                          stderr: String(decoding: try Data(contentsOf: errors), as: UTF8.self))
    }
}

/// Paths of the bundled real fixtures.
enum Fixtures {
    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
    static func all(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path(directory)).sorted().map { path("\(directory)/\($0)") }
    }
}

extension XCTestCase {
    /// A temporary directory removed when the test ends.
    func makeTemporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// Passes NDJSON findings to botocore's `BatchImportFindings` parameter validation
    /// (through a stubbed client) and fails the test with botocore's message if it objects.
    func assertBotocoreAccepts(_ ndjson: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let script = """
        import json, sys, botocore.session
        from botocore.stub import Stubber
        findings = [json.loads(l) for l in sys.stdin if l.strip()]
        client = botocore.session.get_session().create_client("securityhub", region_name="us-east-1",
                 aws_access_key_id="test", aws_secret_access_key="test")
        stub = Stubber(client)
        for start in range(0, len(findings), 100):
            stub.add_response("batch_import_findings", {"FailedCount": 0, "SuccessCount": 1, "FailedFindings": []})
        stub.activate()
        for start in range(0, len(findings), 100):
            client.batch_import_findings(Findings=findings[start:start + 100])
        print(len(findings))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(ndjson.utf8))
        try input.fileHandleForWriting.close()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "botocore rejected the findings: \(String(decoding: complaint, as: UTF8.self))", file: file, line: line)
        XCTAssertGreaterThan(Int(String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0, 0, file: file, line: line)
    }
}
