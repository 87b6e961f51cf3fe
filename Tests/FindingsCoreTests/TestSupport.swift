import XCTest
@testable import FindingsCore

/// Parses `text` and hands the root to `body` while the bytes are alive.
func withParsed<T>(_ text: String, limits: JSONLimits = .default, _ body: (JSONNode) throws -> T) throws -> T {
    let tape = JSONTape(limits: limits)
    let bytes = Array(text.utf8)
    return try bytes.withUnsafeBytes { try body(tape.parse($0).root) }
}

/// Parses raw bytes; returns the error, or nil when they parse.
func parseError(_ bytes: [UInt8], limits: JSONLimits = .default) -> JSONError? {
    let tape = JSONTape(limits: limits)
    return bytes.withUnsafeBytes { raw -> JSONError? in
        do { _ = try tape.parse(raw); return nil } catch let error as JSONError { return error } catch { return nil }
    }
}

func parseError(_ text: String) -> JSONError? { parseError(Array(text.utf8)) }

/// Re-serialises `text` compactly through the tape.
func compact(_ text: String) throws -> String {
    try withParsed(text) { root in
        let buffer = ByteBuffer()
        buffer.appendCompact(root)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }
}

/// The bundled minimal valid finding, as a mutable tree.
func minimalFinding() throws -> JSONObject {
    let url = Bundle.module.url(forResource: "minimal-finding", withExtension: "json", subdirectory: "Fixtures")!
    let text = try String(contentsOf: url, encoding: .utf8)
    return try withParsed(text) { JSONValue($0).objectValue! }
}

/// A temporary directory removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "st-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}
