import Foundation
import XCTest
@testable import FindingsCore

/// `DocumentReader(textLines: true)`: plain-text lines come back as `.text`, JSON as before.
final class DocumentReaderTextLinesTests: XCTestCase {
    private func records(_ text: String, textLines: Bool) throws -> [String] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reader-text-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = DocumentReader(stream: try InputStream(path: url.path), tape: JSONTape(), textLines: textLines)
        var seen: [String] = []
        while let record = try reader.next() {
            switch record {
            case .document(let document, let line): seen.append("json@\(line):\(String(decoding: document.text, as: UTF8.self))")
            case .text(let raw, let line): seen.append("text@\(line):\(String(decoding: raw, as: UTF8.self))")
            case .invalid(_, let line, _, _): seen.append("invalid@\(line)")
            case .line(let raw, let line): seen.append("line@\(line):\(String(decoding: raw, as: UTF8.self))")
            }
        }
        return seen
    }

    func testTextLinesBetweenDocuments() throws {
        let input = "version srcaddr\r\n{\"a\":1}\n2 10.0.0.1\n\n[{\"b\":2}]\n{\"c\":\n3}\n"
        XCTAssertEqual(try records(input, textLines: true), [
            "text@1:version srcaddr", "json@2:{\"a\":1}", "text@3:2 10.0.0.1", "json@5:[{\"b\":2}]", "invalid@6", "text@7:3}",
        ], "in NDJSON framing a document split over lines is invalid, and its tail is a text line")
    }

    func testWithoutTextLinesTheyAreInvalidJSON() throws {
        XCTAssertEqual(try records("hello\n{\"a\":1}\n", textLines: false), ["invalid@1", "json@2:{\"a\":1}"])
    }
}
