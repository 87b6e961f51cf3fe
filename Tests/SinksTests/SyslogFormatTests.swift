import XCTest
import FindingsCore
@testable import Sinks

final class SyslogFormatTests: XCTestCase {
    func testMessageFollowsRFC5424() throws {
        var options = FormatOptions()
        options.hostname = "host name\twith spaces" + String(repeating: "h", count: 300)
        options.appName = String(repeating: "a", count: 60)
        options.facility = 4
        let finding = try Fixtures.finding(["Title": .string("t\"]\\")])
        let line = try encode(SyslogEncoder(options: options, payload: .json), [finding])
        XCTAssertTrue(line.hasSuffix("\n"))
        let bytes = Array(line.utf8.dropLast())
        let fields = bytes.split(separator: UInt8(ascii: " "), maxSplits: 7, omittingEmptySubsequences: false).map { Array($0) }
        XCTAssertEqual(String(decoding: fields[0], as: UTF8.self), "<36>1", "authorization facility 4 x 8 + warning 4 (MEDIUM)")
        XCTAssertEqual(String(decoding: fields[1], as: UTF8.self), "2020-09-30T12:14:00.206000Z")
        XCTAssertEqual(fields[2].count, 255)
        XCTAssertTrue(fields[2].allSatisfy { $0 >= 33 && $0 <= 126 })
        XCTAssertEqual(fields[3].count, 48)
        XCTAssertEqual(String(decoding: fields[5], as: UTF8.self), "finding")
        let rest = String(decoding: fields[6] + [UInt8(ascii: " ")] + fields[7], as: UTF8.self)
        XCTAssertTrue(rest.hasPrefix("[finding@32473 account=\"193043430472\" region=\"us-east-1\" severity=\"MEDIUM\""), rest)
        let bom = try XCTUnwrap(bytes.firstRange(of: [0x5D, 0x20, 0xEF, 0xBB, 0xBF]))
        let message = try TestDocument(String(decoding: bytes[bom.upperBound...], as: UTF8.self))
        XCTAssertEqual(message.value["Title"]?.stringValue, "t\"]\\")
    }

    func testStructuredDataEscapesQuoteBackslashAndBracket() throws {
        let finding = try Fixtures.finding(["AwsAccountId": .string("1\"2]3\\4\n5\r6\u{0}7")])
        let line = try encode(SyslogEncoder(options: FormatOptions(), payload: .cef), [finding])
        XCTAssertTrue(line.contains("account=\"1\\\"2\\]3\\\\4 5 6 7\""), line)
        XCTAssertEqual(line.filter { $0 == "\n" || $0 == "\r" }.count, 1, "one line")
        XCTAssertTrue(line.contains("\u{FEFF}CEF:0|"))
    }

    func testControlFindingsUseTheComplianceMessageId() throws {
        let line = try encode(SyslogEncoder(options: FormatOptions(), payload: .json), [try Fixtures.text("asff-control-cis140-cloudtrail2.json")])
        XCTAssertEqual(line.split(separator: " ")[5], "compliance")
    }
}
