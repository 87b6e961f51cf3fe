import XCTest
import FindingsCore
@testable import Sinks

final class GzipMemberTests: XCTestCase {
    var directory = ""

    override func setUp() { directory = temporaryDirectory("sink-gzip") }
    override func tearDown() { system2("rm", "-rf", directory) }

    /// Batches of findings-like text: compressible, of varied sizes.
    func batches() throws -> [[UInt8]] {
        let finding = Array(try Fixtures.finding().utf8) + [0x0A]
        return [1, 7, 300].map { count in (0..<count).flatMap { index in Array("\(index)".utf8) + finding } }
    }

    /// The members of `batches` at `level`, one after another, written to a file.
    func compress(_ batches: [[UInt8]], level: Int32, to path: String) throws -> [UInt8] {
        let member = try GzipMember(level: level)
        let output = ByteBuffer(capacity: 16)
        for batch in batches { try batch.withUnsafeBytes { try member.compress($0, into: output) } }
        try AtomicFile.write(output.bytes, to: path)
        return output.array
    }

    func testMembersInflateWithZlibAndGzipToTheExactInput() throws {
        let batches = try batches()
        let path = directory + "/f.gz"
        let compressed = try compress(batches, level: 1, to: path)
        XCTAssertLessThan(compressed.count, batches.joined().count / 4)
        XCTAssertEqual(try InputStream.readAll(path), Array(batches.joined()), "zlib reads every member")
        XCTAssertEqual(system2(arguments: ["gzip", "-dc", path], stdout: directory + "/f"), 0)
        XCTAssertEqual(try InputStream.readAll(directory + "/f"), Array(batches.joined()), "gzip(1) reads every member")
        let separately = try batches.enumerated().flatMap { try compress([$0.element], level: 1, to: directory + "/b\($0.offset).gz") }
        XCTAssertEqual(compressed, separately, "one complete member per batch")
    }

    func testIncompressibleInputFitsItsBound() throws {
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let path = directory + "/noise.gz"
        _ = try compress([noise, noise], level: 12, to: path)
        XCTAssertEqual(try InputStream.readAll(path), noise + noise)
    }

    func testTheLevelIsHonoured() throws {
        let batches = try batches()
        let input = Array(batches.joined())
        var sizes: [Int32: Int] = [:]
        for level in [0, 1, 6, 12] as [Int32] {
            let path = directory + "/l\(level).gz"
            sizes[level] = try compress(batches, level: level, to: path).count
            XCTAssertEqual(try InputStream.readAll(path), input, "level \(level)")
        }
        XCTAssertGreaterThan(sizes[0]!, input.count, "level 0 stores")
        XCTAssertLessThan(sizes[6]!, sizes[1]!)
        XCTAssertLessThan(sizes[12]!, sizes[6]!)
        XCTAssertThrowsError(try GzipMember(level: 13))
        XCTAssertThrowsError(try GzipMember(level: -1))
    }
}
