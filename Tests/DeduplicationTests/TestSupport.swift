import Foundation
import XCTest
import FindingsCore
@testable import Deduplication

/// Real findings from Fixtures/ and versions of them made by changing fields.
enum Fixtures {
    static let guardDuty = "asff-guardduty-ssh-bruteforce.json"
    static let cloudTrailControl = "asff-control-fsbp-cloudtrail2.json"
    static let ec2Control = "asff-control-afsbp-ec2.1.json"

    static func text(_ name: String) throws -> String {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func finding(_ name: String) throws -> JSONValue {
        try parse(text(name))
    }
}

func parse(_ text: String) throws -> JSONValue {
    var text = text
    let tape = JSONTape()
    return try text.withUTF8 { JSONValue(try tape.parse(UnsafeRawBufferPointer($0)).root) }
}

func compact(_ value: JSONValue) -> String {
    let buffer = ByteBuffer()
    buffer.append(json: value)
    return String(decoding: buffer.bytes, as: UTF8.self)
}

extension JSONValue {
    /// A copy with the value at the dotted `path` set (`nil` removes it); parents are created.
    func with(_ path: String, _ value: JSONValue?) -> JSONValue {
        with(path.split(separator: ".").map(String.init)[...], value)
    }

    private func with(_ keys: ArraySlice<String>, _ value: JSONValue?) -> JSONValue {
        var object = objectValue ?? JSONObject()
        let key = keys.first!
        if keys.count == 1 {
            if let value { object[key] = value } else { object = object.removing(key) }
        } else {
            object[key] = (object[key] ?? .object(JSONObject())).with(keys.dropFirst(), value)
        }
        return .object(object)
    }

    /// Shorthand for a string value at a dotted path.
    func with(_ path: String, _ text: String) -> JSONValue { with(path, .string(text)) }

    func at(_ path: String) -> JSONValue? {
        var node: JSONValue? = self
        for key in path.split(separator: ".") { node = node?[String(key)] }
        return node
    }
}

extension JSONObject {
    func removing(_ key: String) -> JSONObject {
        var copy = JSONObject()
        for member in members where member.key != key { copy[member.key] = member.value }
        return copy
    }
}

/// Runs a processor through the shared stream loop over NDJSON lines and returns what it wrote.
struct StageRun {
    let lines: [String]
    let status: ExitStatus
    var findings: [JSONValue] { lines.map { try! parse($0) } }
}

func runStage<P: RecordProcessor>(_ processor: inout P, _ input: [JSONValue], arguments: [String] = []) throws -> StageRun {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dedupe-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let inputPath = directory.appendingPathComponent("in.ndjson").path
    let outputPath = directory.appendingPathComponent("out.ndjson").path
    try (input.map(compact).joined(separator: "\n") + "\n").write(toFile: inputPath, atomically: true, encoding: .utf8)
    let fd = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let output = OutputStream(fd: fd, name: outputPath)
    let parsed = try ParsedArguments(arguments + ["--no-progress", inputPath], spec: DedupeCommand.spec)
    let status = try StreamRunner(spec: DedupeCommand.spec, arguments: parsed, output: output).run(&processor)
    close(fd)
    let text = try String(contentsOfFile: outputPath, encoding: .utf8)
    return StageRun(lines: text.split(separator: "\n").map(String.init), status: status)
}

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dedupe-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

/// A small valid ASFF finding for generated sequences: identity `n`, version `updatedAt`.
func generatedFinding(_ n: Int, updatedAt: String = "2024-01-01T00:00:00Z", title: String = "generated finding") -> JSONValue {
    let text = """
    {"SchemaVersion":"2018-10-08","Id":"finding-\(n)","ProductArn":"arn:aws:securityhub:us-east-1::product/example/scanner",\
    "GeneratorId":"scanner/rule-\(n % 7)","AwsAccountId":"111122223333","Types":["Software and Configuration Checks"],\
    "CreatedAt":"2024-01-01T00:00:00Z","UpdatedAt":"\(updatedAt)","Severity":{"Label":"LOW"},"Title":"\(title)",\
    "Description":"generated","Resources":[{"Type":"AwsS3Bucket","Id":"arn:aws:s3:::bucket-\(n)"}]}
    """
    return try! parse(text)
}

let fixedNow = "2024-06-01T00:00:00Z"
let fixedClock = Clock(fixed: Timestamp(fixedNow)!)

func memoryDeduplicator(emit: EmitMode = .changes, identity: IdentityKey = .securityHub,
                        retention: RetentionPolicy = RetentionPolicy(), clock: Clock = fixedClock,
                        volatile: VolatileFields = VolatileFields()) -> Deduplicator<MemoryIdentityStore> {
    Deduplicator(store: MemoryIdentityStore(retention: retention), identity: identity,
                 fingerprint: ContentFingerprint(volatile: volatile), emit: emit, retention: retention, clock: clock)
}
