import Foundation
import XCTest
import FindingsCore

/// Helpers shared by the routing tests: fixtures, temporary directories, and running the
/// built `route` executable.
enum TestSupport {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    /// A fixture as one compact NDJSON line (with its newline).
    static func line(_ name: String) throws -> String {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(name))
        let object = try JSONSerialization.jsonObject(with: data)
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes]), as: UTF8.self) + "\n"
    }

    /// The three bare ASFF findings of the fixtures, one per line.
    static func findings() throws -> String {
        try ["asff-control-afsbp-ec2.1.json", "asff-guardduty-ssh-bruteforce.json", "asff-control-cis140-cloudtrail2.json"].map(line).joined()
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("route-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The built executable, found by walking up from this source file to `.build/debug`.
    static var executable: URL {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(".build/debug/route")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "route")
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// Runs `route ARGS` with `input` on stdin, in `directory` when given.
    static func route(_ arguments: [String], input: String = "", directory: URL? = nil,
                      extraDescriptor: (Int32, FileHandle)? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        // route may exit before reading its input (usage errors): writing then must not kill
        // the test process, and a broken pipe is not an error here.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// Parses one JSON line into a dictionary.
    static func object(_ line: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    }
}
