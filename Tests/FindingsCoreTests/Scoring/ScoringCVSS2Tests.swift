import XCTest
@testable import FindingsCore

final class ScoringCVSS2Tests: XCTestCase {
    /// The three worked examples of the CVSS v2 Complete Guide (§3.3).
    func testGuideExamples() throws {
        let examples: [(String, Double, Double, Double)] = [
            // CVE-2002-0392 Apache chunked encoding
            ("AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H", 7.8, 6.4, 9.2),
            // CVE-2003-0818 Microsoft Windows ASN.1
            ("AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:L", 10.0, 8.3, 9.0),
            // CVE-2003-0062 NOD32 antivirus
            ("AV:L/AC:H/Au:N/C:C/I:C/A:C/E:POC/RL:OF/RC:C/CDP:N/TD:N/CR:M/IR:M/AR:M", 6.2, 4.9, 0.0),
        ]
        for (text, base, temporal, environmental) in examples {
            let score = try CVSS2Vector(text).score()
            XCTAssertEqual(score.version, .v2_0)
            XCTAssertEqual(score.base, base, text)
            XCTAssertEqual(score.temporal, temporal, text)
            XCTAssertEqual(score.environmental, environmental, text)
            XCTAssertEqual(score.score, environmental, text)
        }
    }

    func testGroupsAreReportedOnlyWhenDefined() throws {
        let base = try CVSS2Vector("AV:N/AC:L/Au:N/C:P/I:P/A:P").score()
        XCTAssertEqual(base.base, 7.5)
        XCTAssertNil(base.temporal)
        XCTAssertNil(base.environmental)
        let notDefined = try CVSS2Vector("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:ND/RL:ND/RC:ND/CDP:ND/TD:ND/CR:ND/IR:ND/AR:ND")
        XCTAssertEqual(notDefined.score(), base)
        XCTAssertEqual(notDefined.description, "AV:N/AC:L/Au:N/C:P/I:P/A:P")
        XCTAssertNil(try CVSS2Vector("AV:N/AC:L/Au:N/C:P/I:P/A:P/TD:H").score().temporal)
    }

    /// Base × 0.95 = 3.0 × 0.95 = 2.85 exactly, which rounds half up to 2.9; binary doubles
    /// compute 2.8499999999999996 and would round to 2.8.
    func testExactHalfUpRounding() throws {
        let score = try CVSS2Vector("AV:L/AC:M/Au:S/C:N/I:P/A:P/E:F/RL:U/RC:C").score()
        XCTAssertEqual(score.base, 3.0)
        XCTAssertEqual(score.temporal, 2.9)
    }

    /// Impact is 10.0008 for C:C/I:C/A:C (Base uses it uncapped), AdjustedImpact caps at 10.
    func testAdjustedImpactIsCapped() throws {
        XCTAssertEqual(try CVSS2Vector("AV:N/AC:L/Au:N/C:C/I:C/A:C").score().base, 10.0)
        XCTAssertEqual(try CVSS2Vector("AV:N/AC:L/Au:N/C:C/I:C/A:C/CR:H/IR:H/AR:H").score().environmental, 10.0)
    }

    /// With CR:L the adjusted Base is −0.2; the guide's equations carry it on unclamped:
    /// (−0.2 + 10.2 × 0.5) × 1 = 4.9. Only the final score is kept at 0 or more.
    func testNegativeAdjustedBaseIsNotClampedEarly() throws {
        let vector = "AV:L/AC:H/Au:M/C:P/I:N/A:N/CR:L"
        XCTAssertEqual(try CVSS2Vector(vector).score().base, 0.8)
        XCTAssertEqual(try CVSS2Vector(vector + "/CDP:H").score().environmental, 4.9)
        XCTAssertEqual(try CVSS2Vector(vector + "/CDP:N").score().environmental, 0.0)
    }

    func testNVDSeverity() throws {
        XCTAssertEqual(try CVSS2Vector("AV:N/AC:L/Au:N/C:P/I:P/A:P").score().severity, .high)
        XCTAssertEqual(try CVSS2Vector("AV:L/AC:H/Au:M/C:P/I:N/A:N").score().severity, .low)
        XCTAssertEqual(try CVSS2Vector("AV:N/AC:L/Au:N/C:N/I:N/A:N").score().severity, .low)
        let bands: [(Double, CVSSSeverity)] = [(0, .low), (3.9, .low), (4.0, .medium), (6.9, .medium), (7.0, .high), (10, .high)]
        for (score, severity) in bands { XCTAssertEqual(CVSSSeverity(v2Score: score), severity, "\(score)") }
    }
}
