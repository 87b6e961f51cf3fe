import Foundation
import XCTest

/// Runs the built `normalize` executable and collects what it wrote.
struct NormalizeRun {
    /// Each output line, parsed.
    let findings: [[String: Any]]
    let stdout: String
    let stderr: String
    let status: Int32

    /// Skipped document counts from the `--stats` line, by kind.
    var skipped: [String: Int] {
        guard let line = stderr.split(separator: "\n").first(where: { $0.contains("stats: ") }) else { return [:] }
        var counts: [String: Int] = [:]
        for field in line.split(separator: " ") where field.hasPrefix("skipped.") {
            let parts = field.dropFirst("skipped.".count).split(separator: "=")
            if parts.count == 2, let count = Int(parts[1]) { counts[String(parts[0])] = count }
        }
        return counts
    }
}

enum NormalizeHarness {
    /// The package root, found from this file.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    }()

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/normalize")

    static func fixture(_ relative: String) -> String { fixtures.appendingPathComponent(relative).path }

    static var executable: URL {
        packageRoot.appendingPathComponent(".build/debug/normalize")
    }

    /// Runs `normalize` with `arguments`, feeding `input` on stdin.
    static func run(_ arguments: [String], input: Data? = nil) throws -> NormalizeRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(input) }
        try inPipe.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stdout = String(decoding: outData, as: UTF8.self)
        // Output that is not NDJSON findings (--list-formats) leaves `findings` empty.
        let findings = stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        return NormalizeRun(findings: findings, stdout: stdout, stderr: String(decoding: errData, as: UTF8.self),
                            status: process.terminationStatus)
    }

    /// The fixture files under `directory` (relative to the fixtures folder), sorted.
    static func files(in directory: String) throws -> [String] {
        let root = fixtures.appendingPathComponent(directory)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var paths: [String] = []
        for case let url as URL in walker where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            paths.append(url.path)
        }
        return paths.sorted()
    }
}

/// Reads a value at a dotted path with `[n]` indices: `value(f, "Resources[0].Details.AwsEc2Instance.Type")`.
func value(_ object: Any, _ path: String) -> Any? {
    var current: Any? = object
    for part in path.split(separator: ".") {
        var name = Substring(part)
        var indices: [Int] = []
        while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
            indices.insert(Int(name[name.index(after: open)..<name.index(before: name.endIndex)])!, at: 0)
            name = name[..<open]
        }
        if !name.isEmpty { current = (current as? [String: Any])?[String(name)] }
        for index in indices {
            guard let array = current as? [Any], index < array.count else { return nil }
            current = array[index]
        }
    }
    return current
}

func string(_ object: Any, _ path: String) -> String? { value(object, path) as? String }
func number(_ object: Any, _ path: String) -> Double? { (value(object, path) as? NSNumber)?.doubleValue }

/// Asserts string fields of a finding, field by field.
func assertFields(_ finding: [String: Any], _ expected: KeyValuePairs<String, String>, file: StaticString = #filePath, line: UInt = #line) {
    for (path, want) in expected {
        XCTAssertEqual(string(finding, path), want, path, file: file, line: line)
    }
}
