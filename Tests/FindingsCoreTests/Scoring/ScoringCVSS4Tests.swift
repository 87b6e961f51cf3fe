import XCTest
@testable import FindingsCore

final class ScoringCVSS4Tests: XCTestCase {
    /// Vectors and scores of FIRST's CVSS v4.0 Examples document, with the macrovector FIRST's
    /// calculator shows for each.
    private let firstExamples: [(vector: String, score: Double, macroVector: String)] = [
        ("AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 7.3, "110200"),  // CVE-2022-41741
        ("AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 7.7, "110200"),  // CVE-2020-3549
        ("AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 5.2, "110220"),
        ("AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N", 8.3, "011200"),  // CVE-2023-3089
        ("AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N/CR:H/IR:L/AR:L/MAV:N/MAC:H/MVC:H/MVI:L/MVA:L",
         8.1, "011200"),
        ("AV:L/AC:L/AT:N/PR:N/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 4.6, "102201"),  // CVE-2021-44714
        ("AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N", 5.1, "102201"),  // CVE-2022-21830
        ("AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N", 6.9, "002201"),  // CVE-2022-22186
        ("AV:L/AC:L/AT:N/PR:H/UI:N/VC:N/VI:N/VA:N/SC:H/SI:N/SA:N", 5.9, "102101"),  // CVE-2023-21989
        ("AV:L/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 9.4, "100100"),  // CVE-2020-3947
        ("AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:H/SA:N/S:P/V:D", 8.3, "200100"),  // CVE-2023-30560
        ("AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N/E:A", 8.7, "001200"),  // CVE-2014-0160
        ("AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A", 9.3, "000200"),  // CVE-2014-6271
        ("AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A", 10.0, "000100"),  // CVE-2021-44228
        ("AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:H/SI:N/SA:H", 6.4, "102101"),  // CVE-2013-6014
        ("AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/R:I", 9.3, "100100"),  // CVE-2016-5729
        ("AV:L/AC:L/AT:P/PR:H/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/R:I", 8.7, "110100"),  // CVE-2015-2890
        ("AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 8.6, "200100"),  // CVE-2018-3652
        ("AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:L", 8.7, "001200"),
        ("AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:L/E:U", 6.6, "001220"),
        ("AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N", 8.3, "100200"),
        ("AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/E:U", 5.6, "100220"),
        ("AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/S:P", 8.6, "100200"),
        ("AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/MSI:S/S:P", 9.7, "100000"),
        ("AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:N/VA:N/SC:H/SI:L/SA:H", 6.4, "102101"),
        ("AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:N/VA:N/SC:H/SI:L/SA:H/E:U/MAV:A/R:U/V:C", 2.4, "102121"),
    ]

    func testFIRSTExamples() throws {
        for example in firstExamples {
            let score = try CVSS4Vector("CVSS:4.0/" + example.vector).score()
            XCTAssertEqual(score.version, .v4_0)
            XCTAssertEqual(score.v4?.score, example.score, example.vector)
            XCTAssertEqual(score.score, example.score, example.vector)
            XCTAssertEqual(score.v4?.macroVector.description, example.macroVector, example.vector)
            XCTAssertNil(score.temporal)
            XCTAssertNil(score.environmental)
        }
    }

    func testNomenclatureAndBaseScore() throws {
        let base = try CVSS4Vector("CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").score()
        XCTAssertEqual(base.v4?.nomenclature, .base)
        XCTAssertEqual(base.base, 7.7)

        let threat = try CVSS4Vector("CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U").score()
        XCTAssertEqual(threat.v4?.nomenclature, .baseThreat)
        XCTAssertEqual(threat.v4?.nomenclature.rawValue, "CVSS-BT")
        XCTAssertEqual(threat.base, 7.7)   // CVSS-B of the same base metrics
        XCTAssertEqual(threat.score, 5.2)  // CVSS-BT

        let environmental = try CVSS4Vector("CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N/CR:H/MAC:H")
        XCTAssertEqual(environmental.nomenclature, .baseEnvironmental)
        let both = try CVSS4Vector("CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N/E:P/MSA:S")
        XCTAssertEqual(both.nomenclature, .baseThreatEnvironmental)
        XCTAssertEqual(both.nomenclature.rawValue, "CVSS-BTE")
        // X is Not Defined and Supplemental metrics never count.
        let supplemental = try CVSS4Vector("CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N/E:X/CR:X/S:P/U:Red")
        XCTAssertEqual(supplemental.nomenclature, .base)
        XCTAssertEqual(supplemental.score().score, 8.3)
    }

    /// Unset Threat and requirements take their worst case (E:A, CR/IR/AR:H), so stating them
    /// changes nothing, while E:P and CR:M lower the score.
    func testNotDefinedMeansWorstCase() throws {
        let base = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"
        XCTAssertEqual(try CVSS4Vector(base).score().score, 9.3)
        XCTAssertEqual(try CVSS4Vector(base + "/E:A/CR:H/IR:H/AR:H").score().score, 9.3)
        XCTAssertLessThan(try CVSS4Vector(base + "/E:P").score().score, 9.3)
        XCTAssertLessThan(try CVSS4Vector(base + "/CR:M/IR:M/AR:M").score().score, 9.3)
    }

    func testNoImpactScoresZeroWhateverElse() throws {
        let score = try CVSS4Vector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N").score()
        XCTAssertEqual(score.score, 0)
        XCTAssertEqual(score.severity, CVSSSeverity.none)
        XCTAssertEqual(score.v4?.macroVector.description, "002201")
        // MSI:S brings impact back even when all base impacts are None.
        XCTAssertGreaterThan(try CVSS4Vector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/MSI:S").score().score, 0)
    }

    func testHighestMacroVectorScoresTen() throws {
        let score = try CVSS4Vector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MSI:S/MSA:S").score()
        XCTAssertEqual(score.v4?.macroVector, CVSS4MacroVector(eq1: 0, eq2: 0, eq3: 0, eq4: 0, eq5: 0, eq6: 0))
        XCTAssertEqual(score.score, 10.0)
        XCTAssertEqual(score.severity, .critical)
    }

    /// Spot checks of the transcribed FIRST table (first, last and a few inner entries), and its size.
    func testLookupTable() {
        XCTAssertEqual(CVSS4MacroVector.tableScore(0, 0, 0, 0, 0, 0), 10)
        XCTAssertEqual(CVSS4MacroVector.tableScore(0, 0, 0, 0, 2, 1), 9.2)
        XCTAssertEqual(CVSS4MacroVector.tableScore(0, 0, 0, 2, 2, 1), 6.8)
        XCTAssertEqual(CVSS4MacroVector.tableScore(1, 1, 1, 1, 1, 1), 5.7)
        XCTAssertEqual(CVSS4MacroVector.tableScore(2, 0, 1, 2, 2, 1), 0.8)
        XCTAssertEqual(CVSS4MacroVector.tableScore(2, 1, 2, 2, 2, 1), 0.1)
        XCTAssertTrue(CVSS4MacroVector.tableScore(0, 0, 2, 0, 0, 0).isNaN)
        XCTAssertTrue(CVSS4MacroVector.tableScore(3, 0, 0, 0, 0, 0).isNaN)
        XCTAssertEqual(CVSS4Tables.macroVectorScores.filter { !$0.isNaN }.count, 270)
    }
}
