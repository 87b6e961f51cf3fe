import XCTest
import FindingsCore
@testable import Enrichment

final class ScoreCalculatorTests: XCTestCase {
    func testScoresAreWrittenWithOneDecimal() {
        let buffer = ByteBuffer()
        for score in [0.0, 0.1, 3.9, 9.8, 10.0] { buffer.appendScore(score); buffer.append(UInt8(ascii: " ")) }
        buffer.appendScore(nil)
        XCTAssertEqual(String(decoding: buffer.bytes, as: UTF8.self), "0.0 0.1 3.9 9.8 10.0 null")
    }

    func testRequestRejectsWrongTypesNamingTheMember() {
        let tape = JSONTape()
        func reason(_ text: String) -> String? {
            Array(text.utf8).withUnsafeBytes { (bytes) -> String? in
                do { _ = try ContextRequest(try tape.parse(bytes).root); return nil } catch { return (error as? RecordRejection)?.reason ?? "\(error)" }
            }
        }
        XCTAssertEqual(reason(#"{"reach":"public"}"#), "reach: expected one of internet, internal, none, unknown")
        XCTAssertEqual(reason(#"{"kev":"yes"}"#), "kev: expected true or false")
        XCTAssertEqual(reason(#"{"fix":"MAYBE"}"#), "fix: expected YES, PARTIAL or NO")
        XCTAssertEqual(reason(#"{"criticality":"huge"}"#), "criticality: expected high, medium or low")
        XCTAssertEqual(reason(#"{"exploit":1}"#), #"exploit: expected "YES", "NO", true or false"#)
        XCTAssertEqual(reason(#"{"vector":"CVSS:3.1/AV:N"}"#)?.hasPrefix("vector: missing mandatory CVSS base metric AC"), true)
        XCTAssertEqual(reason("[1]"), "a request must be a JSON object")
        XCTAssertNil(reason(#"{"vector":null,"reach":null,"epss":0}"#))
    }

    func testRequestReadsEveryInput() throws {
        let text = #"{"vector":"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F","reach":"none","kev":false,"exploit":"NO","epss":0.25,"fix":"NO","criticality":"high"}"#
        let tape = JSONTape()
        let request = try Array(text.utf8).withUnsafeBytes { try ContextRequest(try tape.parse($0).root) }
        withExtendedLifetime(tape) {}
        XCTAssertEqual(request.context, RiskContext(reach: .none, kev: false, exploitAvailable: false, epss: 0.25, fix: .no, criticality: .high))
        XCTAssertEqual(request.vector?.version, .v3_0)
    }
}
