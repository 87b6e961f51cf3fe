import Foundation
import XCTest
@testable import FindingsCore

final class LineReaderTests: XCTestCase {
    private func lines(_ text: [UInt8], max: Int = 1 << 20) throws -> [String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString)").path
        try Data(text).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = LineReader(stream: try InputStream(path: path), maxLineLength: max)
        var result: [String] = []
        while let line = try reader.next() {
            switch line {
            case .text(let bytes, let number): result.append("\(number):\(String(decoding: bytes, as: UTF8.self))")
            case .tooLong(let prefix, let number): result.append("\(number):long:\(prefix.count)")
            }
        }
        return result
    }

    func testLinesCRLFAndALastLineWithoutNewline() throws {
        XCTAssertEqual(try lines(Array("a\r\n\nb\nc".utf8)), ["1:a", "2:", "3:b", "4:c"])
        XCTAssertEqual(try lines([]), [])
    }

    func testLinesAcrossBufferRefills() throws {
        let line = String(repeating: "x", count: 999)
        let text = Array((0..<3000).map { _ in line }.joined(separator: "\n").utf8)
        let result = try lines(text)
        XCTAssertEqual(result.count, 3000)
        XCTAssertTrue(result.allSatisfy { $0.hasSuffix(line) })
        XCTAssertEqual(result.last, "3000:" + line)
    }

    func testOverlongLinesAreReportedAndSkipped() throws {
        let long = String(repeating: "y", count: 3 << 20)
        XCTAssertEqual(try lines(Array("ok\n\(long)\nafter\n\(long)".utf8), max: 1 << 20),
                       ["1:ok", "2:long:256", "3:after", "4:long:256"])
        XCTAssertEqual(try lines(Array("12345678901\nshort\n".utf8), max: 10), ["1:long:11", "2:short"])
    }
}
