import XCTest
@testable import FindingsCore

final class ScoringVectorParsingTests: XCTestCase {
    private func error(_ text: String) -> CVSSVectorError? {
        do {
            _ = try CVSSVector(text)
            return nil
        } catch {
            return error
        }
    }

    private func assertRejected(_ text: String, _ expected: CVSSVectorError, _ message: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        let error = error(text)
        XCTAssertEqual(error, expected, text, file: file, line: line)
        XCTAssertEqual(error?.description, message, text, file: file, line: line)
    }

    func testUnknownMetricIsNamed() {
        assertRejected("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:N", .unknownMetric("XX"),
                       "unknown CVSS metric \"XX\"")
        // Au is a v2 metric, AT a v4 one: each version knows only its own.
        assertRejected("CVSS:3.1/AV:N/AC:L/Au:N/UI:N/S:U/C:H/I:H/A:H", .unknownMetric("Au"),
                       "unknown CVSS metric \"Au\"")
        assertRejected("AV:N/AC:L/AT:N/C:P/I:P/A:P", .unknownMetric("AT"), "unknown CVSS metric \"AT\"")
        assertRejected("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/RL:O", .unknownMetric("RL"),
                       "unknown CVSS metric \"RL\"")
        assertRejected("CVSS:3.1/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", .unknownMetric("av"),
                       "unknown CVSS metric \"av\"")
    }

    func testUnknownValueNamesMetricAndValue() {
        assertRejected("CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", .unknownValue(metric: "AV", value: "Q"),
                       "unknown value \"Q\" for CVSS metric AV")
        assertRejected("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:", .unknownValue(metric: "A", value: ""),
                       "unknown value \"\" for CVSS metric A")
        // X is Not Defined only for optional metrics; v2 spells it ND.
        assertRejected("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", .unknownValue(metric: "AV", value: "X"),
                       "unknown value \"X\" for CVSS metric AV")
        assertRejected("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X", .unknownValue(metric: "E", value: "X"),
                       "unknown value \"X\" for CVSS metric E")
        assertRejected("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
                       .unknownValue(metric: "SI", value: "S"), "unknown value \"S\" for CVSS metric SI")
        assertRejected("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:HIGHER", .unknownValue(metric: "A", value: "HIGHER"),
                       "unknown value \"HIGHER\" for CVSS metric A")
        assertRejected("CVSS:3.1/AV:N:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", .unknownValue(metric: "AV", value: "N:N"),
                       "unknown value \"N:N\" for CVSS metric AV")
    }

    func testRepeatedMetricIsNamedEvenWhenOneIsNotDefined() {
        assertRejected("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L", .repeatedMetric("AV"),
                       "CVSS metric AV appears more than once")
        assertRejected("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/E:F", .repeatedMetric("E"),
                       "CVSS metric E appears more than once")
        assertRejected("AV:N/AC:L/Au:N/C:P/I:P/A:P/CDP:ND/CDP:H", .repeatedMetric("CDP"),
                       "CVSS metric CDP appears more than once")
    }

    func testMissingMandatoryMetricIsNamed() {
        assertRejected("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H", .missingMetric("S"),
                       "missing mandatory CVSS base metric S")
        assertRejected("AV:N/AC:L/C:P/I:P/A:P", .missingMetric("Au"), "missing mandatory CVSS base metric Au")
        assertRejected("CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", .missingMetric("AT"),
                       "missing mandatory CVSS base metric AT")
    }

    func testMalformedVectors() {
        assertRejected("", .empty, "CVSS vector has no metrics")
        assertRejected("CVSS:3.1/", .empty, "CVSS vector has no metrics")
        assertRejected("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", .malformedField(""),
                       "empty field in CVSS vector (\"//\" or a trailing \"/\")")
        assertRejected("CVSS:3.1/AV:N//AC:L", .malformedField(""), "empty field in CVSS vector (\"//\" or a trailing \"/\")")
        assertRejected("CVSS:3.1/AVN/AC:L", .malformedField("AVN"), "malformed CVSS field \"AVN\"; expected METRIC:VALUE")
        assertRejected("CVSS:3.1/:N/AC:L", .malformedField(":N"), "malformed CVSS field \":N\"; expected METRIC:VALUE")
        assertRejected("(AV:N/AC:L/Au:N/C:P/I:P/A:P", .malformedField("(AV:N/AC:L/Au:N/C:P/I:P/A:P"),
                       "malformed CVSS field \"(AV:N/AC:L/Au:N/C:P/I:P/A:P\"; expected METRIC:VALUE")
        assertRejected("CVSS:5.0/AV:N", .unexpectedPrefix(found: "CVSS:5.0", expected: VectorSyntax.anyVersion),
                       "CVSS vector starts with \"CVSS:5.0\"; expected \"CVSS:3.0/\", \"CVSS:3.1/\", \"CVSS:4.0/\" or a CVSS v2 vector")
        assertRejected("CVSS:3.10/AV:N", .unexpectedPrefix(found: "CVSS:3.10", expected: VectorSyntax.anyVersion),
                       "CVSS vector starts with \"CVSS:3.10\"; expected \"CVSS:3.0/\", \"CVSS:3.1/\", \"CVSS:4.0/\" or a CVSS v2 vector")
    }

    func testTypedParsersRejectOtherVersions() {
        XCTAssertThrowsError(try CVSS3Vector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")) {
            XCTAssertEqual("\($0)", "CVSS vector starts with \"CVSS:4.0\"; expected \"CVSS:3.0/\" or \"CVSS:3.1/\"")
        }
        XCTAssertThrowsError(try CVSS4Vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")) {
            XCTAssertEqual("\($0)", "CVSS vector starts with \"CVSS:3.1\"; expected \"CVSS:4.0/\"")
        }
        XCTAssertThrowsError(try CVSS2Vector("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")) {
            XCTAssertEqual("\($0)", "CVSS vector starts with \"CVSS:3.0\"; expected a CVSS v2 vector such as \"AV:N/AC:L/Au:N/C:P/I:P/A:P\"")
        }
        XCTAssertThrowsError(try CVSS3Vector("AV:N/AC:L/Au:N/C:P/I:P/A:P")) {
            XCTAssertEqual("\($0)", "CVSS vector starts with \"AV:N\"; expected \"CVSS:3.0/\" or \"CVSS:3.1/\"")
        }
    }

    func testVersionsAreRecognisedByPrefix() throws {
        XCTAssertEqual(try CVSSVector("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").version, .v3_0)
        XCTAssertEqual(try CVSSVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").version, .v3_1)
        XCTAssertEqual(try CVSSVector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").version, .v4_0)
        for v2 in ["AV:N/AC:L/Au:N/C:P/I:P/A:P", "(AV:N/AC:L/Au:N/C:P/I:P/A:P)", "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P"] {
            let vector = try CVSSVector(v2)
            XCTAssertEqual(vector.version, .v2_0, v2)
            XCTAssertEqual(vector.description, "AV:N/AC:L/Au:N/C:P/I:P/A:P", v2)
            XCTAssertEqual(vector.score().base, 7.5, v2)
        }
    }

    func testOrderIsFreeAndNotDefinedEqualsAbsent() throws {
        let canonical = try CVSSVector("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H")
        let shuffled = try CVSSVector("CVSS:3.1/A:H/S:C/AV:N/I:H/PR:L/UI:N/C:H/AC:L/E:X/MAV:X/CR:X")
        XCTAssertEqual(shuffled, canonical)
        XCTAssertEqual(shuffled.score(), canonical.score())
        XCTAssertEqual(shuffled.description, "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H")
        let v4 = try CVSSVector("CVSS:4.0/U:Amber/SA:N/SI:N/SC:N/VA:H/VI:H/VC:H/UI:N/PR:N/AT:N/AC:L/AV:N/E:X/MSI:S")
        XCTAssertEqual(v4.description, "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSI:S/U:Amber")
    }

    func testBytesAndStringParseAlike() throws {
        let text = "CVSS:3.1/AV:L/AC:H/PR:L/UI:R/S:C/C:L/I:H/A:N/E:F/RL:O/RC:C/CR:H/MAV:N/MS:U"
        let fromBytes = try Array(text.utf8).withUnsafeBufferPointer { (bytes) throws(CVSSVectorError) in
            try CVSSVector(utf8: bytes)
        }
        XCTAssertEqual(fromBytes, try CVSSVector(text))
    }

    func testMetricValuesHoldEveryMetricIndependently() {
        var values = MetricValues()
        for metric in 0..<32 { values[metric] = (metric * 7) % 16 }
        values[3] = 0
        for metric in 0..<32 { XCTAssertEqual(values[metric], metric == 3 ? 0 : (metric * 7) % 16, "metric \(metric)") }
    }
}
