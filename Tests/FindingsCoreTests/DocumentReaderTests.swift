import XCTest
@testable import FindingsCore

final class DocumentReaderTests: XCTestCase {
    /// Reads `bytes` from a file and returns each record as "L<line>:<compact text>" or "E<line>:<reason>".
    private func records(_ bytes: [UInt8], gzip: Bool = false, maxLength: Int = 16 << 20, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let directory = try temporaryDirectory(self)
        var path = directory + "/input"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        if gzip { try runProgram("/bin/gzip", ["-n", path]); path += ".gz" }
        let reader = DocumentReader(stream: try InputStream(path: path), tape: JSONTape(), maxDocumentLength: maxLength)
        var out: [String] = []
        while let record = try reader.next() {
            switch record {
            case .document(let document, let line):
                let buffer = ByteBuffer()
                buffer.appendCompact(document.root)
                out.append("L\(line):" + String(decoding: buffer.bytes, as: UTF8.self))
            case .line(let text, let line):
                out.append("R\(line):" + String(decoding: text, as: UTF8.self))
            case .invalid(let reason, let line, _, _):
                out.append("E\(line):" + reason)
            case .text(let text, let line):
                out.append("T\(line):" + String(decoding: text, as: UTF8.self))
            }
        }
        return out
    }

    private func records(_ text: String) throws -> [String] { try records(Array(text.utf8)) }

    func testNDJSONWithABadLineInTheMiddleKeepsItsNeighbours() throws {
        let result = try records("{\"a\":1}\n{\"a\":2,}\n{\"a\":3\n\n{\"a\":4}\n")
        XCTAssertEqual(result, ["L1:{\"a\":1}", "E2:invalid JSON: trailing comma at byte 8", "E3:invalid JSON: unexpected end of input", "L5:{\"a\":4}"])
    }

    func testPrettyPrintedAndConcatenatedDocuments() throws {
        let result = try records("{\n  \"a\": [\n    1,\n    2\n  ]\n}\n{\"b\":\n \"x\"}{\"c\":3}")
        XCTAssertEqual(result, ["L1:{\"a\":[1,2]}", "L7:{\"b\":\"x\"}", "L8:{\"c\":3}"])
    }

    func testTopLevelArraysStreamElementByElement() throws {
        XCTAssertEqual(try records("[{\"a\":1},\n {\"a\":2}]\n"), ["L1:{\"a\":1}", "L2:{\"a\":2}"])
        XCTAssertEqual(try records("[\n  {\n    \"a\": 1\n  },\n  {\n    \"a\": 2\n  }\n]\n"), ["L2:{\"a\":1}", "L5:{\"a\":2}"])
        XCTAssertEqual(try records("[]"), [])
    }

    func testCarriageReturnLineEndings() throws {
        XCTAssertEqual(try records("{\"a\":1}\r\n{\"a\":2}\r\n"), ["L1:{\"a\":1}", "L2:{\"a\":2}"])
    }

    func testOverlongLineIsReportedAndSkipped() throws {
        let long = "{\"a\":\"" + String(repeating: "x", count: 5000) + "\"}"
        let result = try records("{\"a\":1}\n\(long)\n{\"a\":3}\n".utf8.map { $0 }, maxLength: 1000)
        XCTAssertEqual(result, ["L1:{\"a\":1}", "E2:line longer than 1000 bytes (raise with --max-line)", "L3:{\"a\":3}"])
    }

    func testLinesLargerThanTheReadBuffer() throws {
        let big = "{\"a\":\"" + String(repeating: "y", count: 3 << 20) + "\"}"
        let result = try records("\(big)\n{\"b\":1}\n")
        XCTAssertEqual(result.count, 2)
        XCTAssertEqual(result[1], "L2:{\"b\":1}")
        XCTAssertEqual(result[0].count, big.count + 3)
    }

    func testGzipIsDetectedByMagicBytes() throws {
        XCTAssertEqual(try records(Array("{\"a\":1}\n{\"a\":2}\n".utf8), gzip: true), ["L1:{\"a\":1}", "L2:{\"a\":2}"])
    }

    func testMultiMemberGzip() throws {
        let directory = try temporaryDirectory(self)
        for (name, text) in [("one", "{\"m\":1}\n"), ("two", "{\"m\":2}\n")] {
            _ = FileManager.default.createFile(atPath: "\(directory)/\(name)", contents: Data(text.utf8))
            try runProgram("/bin/gzip", ["-n", "\(directory)/\(name)"])
        }
        var joined = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/one.gz"))
        joined += try Data(contentsOf: URL(fileURLWithPath: "\(directory)/two.gz"))
        _ = FileManager.default.createFile(atPath: "\(directory)/both.gz", contents: joined)
        let reader = DocumentReader(stream: try InputStream(path: "\(directory)/both.gz"), tape: JSONTape())
        var count = 0
        while case .document? = try reader.next() { count += 1 }
        XCTAssertEqual(count, 2)
    }

    func testTruncatedGzipDeliversCompleteLinesThenFails() throws {
        let directory = try temporaryDirectory(self)
        let lines = (0..<20_000).map { "{\"n\":\($0),\"pad\":\"\(String(repeating: "p", count: 40))\"}\n" }.joined()
        _ = FileManager.default.createFile(atPath: "\(directory)/f", contents: Data(lines.utf8))
        try runProgram("/bin/gzip", ["-n", "\(directory)/f"])
        let whole = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/f.gz"))
        _ = FileManager.default.createFile(atPath: "\(directory)/cut.gz", contents: whole.prefix(whole.count / 2))
        let reader = DocumentReader(stream: try InputStream(path: "\(directory)/cut.gz"), tape: JSONTape())
        var delivered = 0
        do {
            while let record = try reader.next() {
                guard case .document(let document, _) = record else { return XCTFail("unexpected invalid record") }
                XCTAssertEqual(document.root["n"]?.intValue, delivered)
                delivered += 1
            }
            XCTFail("truncation not detected")
        } catch {
            XCTAssertTrue(error.description.contains("truncated gzip"), error.description)
            XCTAssertTrue(error.description.hasPrefix("\(directory)/cut.gz"))
        }
        XCTAssertGreaterThan(delivered, 1000)
    }

    func testCorruptGzipIsAnErrorNamingTheFile() throws {
        var bytes: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03]
        bytes += [UInt8](repeating: 0xFF, count: 64)
        XCTAssertThrowsError(try records(bytes)) { error in
            XCTAssertTrue("\(error)".contains("corrupt gzip data"), "\(error)")
        }
    }

    func testMissingFileIsAnErrorNamingIt() {
        XCTAssertThrowsError(try InputStream(path: "/nonexistent/x.json")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/x.json: cannot open: No such file or directory")
        }
    }
}

/// Runs a program and fails the test on a non-zero exit.
func runProgram(_ program: String, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    if process.terminationStatus != 0 { throw IOError(file: program, "exited \(process.terminationStatus)") }
}
