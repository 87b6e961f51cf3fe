import XCTest
import FindingsCore
@testable import Sinks

final class CEFFormatTests: XCTestCase {
    func testHeaderEscapesPipeAndBackslashAndDropsLineBreaks() throws {
        let finding = try Fixtures.finding(["Title": .string("a|b\\c=d\ne\rf"), "CompanyName": .string("Ven|dor")])
        let line = try encode(CEFLineEncoder(), [finding])
        XCTAssertTrue(line.hasPrefix("CEF:0|Ven\\|dor|"), line)
        XCTAssertTrue(line.contains("|a\\|b\\\\c=d e f|4|"), line)
        XCTAssertEqual(line.filter { $0 == "\n" }.count, 1, "one record, one line")
        XCTAssertTrue(line.hasSuffix("\n"))
    }

    func testExtensionEscapesEqualsBackslashAndNewlinesSoNoKeyCanBeForged() throws {
        let finding = try Fixtures.finding(["Description": .string("x act=blocked \\ y\nz\r|")])
        let line = try encode(CEFLineEncoder(), [finding])
        XCTAssertTrue(line.hasSuffix("msg=x act\\=blocked \\\\ y\\nz\\r|\n"), line)
        XCTAssertFalse(line.contains(" act=blocked"))
    }

    func testHeaderHasEightFieldsAndSeverityFromNormalized() throws {
        let line = try encode(CEFLineEncoder(), [try Fixtures.finding()])
        let header = try XCTUnwrap(line.split(separator: "|", maxSplits: 7, omittingEmptySubsequences: false).dropLast().last)
        XCTAssertEqual(header, "4", "MEDIUM, Normalized 40 -> CEF 4")
        XCTAssertTrue(line.contains("rt=1601468040206 "))
        XCTAssertTrue(line.contains("cs1Label=AwsAccountId cs1=193043430472 "))
    }

    func testHeaderFieldsAreCutAtTheirLimitsOnCharacterBoundaries() throws {
        let long = String(repeating: "é", count: 400)
        let line = try encode(CEFLineEncoder(), [try Fixtures.finding(["Title": .string(long), "ProductName": .string(long)])])
        let fields = line.split(separator: "|", omittingEmptySubsequences: false)
        XCTAssertEqual(fields[2].utf8.count, 62, "product <= 63 bytes, whole characters")
        XCTAssertEqual(fields[5].utf8.count, 512)
    }
}
