import XCTest
import FindingsCore
@testable import Sinks

/// A parsed JSON text that owns its bytes and tape, for tests.
final class TestDocument {
    let bytes: UnsafeMutableRawBufferPointer
    let tape = JSONTape()
    let document: JSONDocument

    init(_ text: String) throws {
        let utf8 = Array(text.utf8)
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(utf8.count, 1), alignment: 1)
        utf8.withUnsafeBytes { storage.copyMemory(from: $0) }
        bytes = storage
        document = try tape.parse(UnsafeRawBufferPointer(rebasing: bytes[0..<utf8.count]))
    }

    deinit { bytes.deallocate() }

    var root: JSONNode { document.root }
    var value: JSONValue { JSONValue(root) }
}

enum Fixtures {
    static func text(_ name: String) throws -> String {
        let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// A real finding with members replaced (`nil` removes the member).
    static func finding(_ changes: [String: JSONValue?] = [:], from name: String = "asff-guardduty-ssh-bruteforce.json") throws -> String {
        let document = try TestDocument(try text(name))
        guard case .object(var object) = document.value else { throw XCTSkip("fixture is not an object") }
        for (key, value) in changes { object[key] = value }
        return JSONValue.object(object).jsonText
    }
}

/// Encodes findings with an encoder and returns the text.
func encode(_ encoder: RecordEncoder, _ findings: [String], body: Bool = true) throws -> String {
    let out = ByteBuffer()
    encoder.begin(into: out)
    for finding in findings {
        let document = try TestDocument(finding)
        encoder.encode(document.root, into: out)
    }
    if body { encoder.finishBody(into: out) }
    return String(decoding: out.bytes, as: UTF8.self)
}

extension JSONValue {
    var number: String? { if case .number(let n) = self { return n }; return nil }
}
