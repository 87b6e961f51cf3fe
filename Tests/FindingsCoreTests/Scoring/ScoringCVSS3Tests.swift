import XCTest
@testable import FindingsCore

final class ScoringCVSS3Tests: XCTestCase {
    /// Base scores of the FIRST CVSS v3.1 Examples document (vector, score), one per example CVE.
    private let firstExamples: [(String, Double)] = [
        ("AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),  // CVE-2013-1937 phpMyAdmin XSS
        ("AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4),  // CVE-2013-0375 MySQL
        ("AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1),  // CVE-2014-3566 POODLE
        ("AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9),  // CVE-2012-1516 VMware
        ("AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2),  // CVE-2009-0783 Tomcat
        ("AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8),  // CVE-2012-0384 Cisco IOS
        ("AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8),  // CVE-2015-1098 iWork
        ("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5),  // CVE-2014-0160 Heartbleed
        ("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),  // CVE-2014-6271 Shellshock
        ("AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", 6.8),  // CVE-2008-1447 DNS
        ("AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8),  // CVE-2014-2005 Sophos
        ("AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", 5.8),  // CVE-2010-0467 Joomla
        ("AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N", 5.8),  // CVE-2012-1342 Cisco ACL
        ("AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H", 9.3),  // CVE-2013-6014 Juniper proxy ARP
        ("AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4),  // CVE-2014-9253 DotNetNuke
        ("AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.8),  // CVE-2011-1265 Bluetooth
        ("AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", 4.6),  // CVE-2014-2019 iOS
        ("AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8),  // CVE-2015-0970 SearchBlox CSRF
        ("AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", 7.4),  // CVE-2014-0224 OpenSSL CCS
        ("AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", 9.6),  // CVE-2012-5376 Chrome
    ]

    func testFIRSTExamplesBaseScoresBothVersions() throws {
        for (metrics, expected) in firstExamples {
            for version in ["3.0", "3.1"] {
                let score = try CVSS3Vector("CVSS:\(version)/" + metrics).score()
                XCTAssertEqual(score.base, expected, "\(version) \(metrics)")
                XCTAssertNil(score.temporal, metrics)
                XCTAssertNil(score.environmental, metrics)
                XCTAssertEqual(score.score, expected, metrics)
            }
        }
    }

    func testNoImpactScoresZero() throws {
        let score = try CVSS3Vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N/CR:H/MAV:N").score()
        XCTAssertEqual(score.base, 0)
        XCTAssertEqual(score.environmental, 0)
        XCTAssertEqual(score.severity, CVSSSeverity.none)
    }

    func testTemporalScores() throws {
        // Heartbleed 7.5 with E:H/RL:O/RC:C → 7.5 × 0.95 = 7.125 → 7.2.
        let heartbleed = try CVSS3Vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N/E:H/RL:O/RC:C").score()
        XCTAssertEqual(heartbleed.temporal, 7.2)
        XCTAssertNil(heartbleed.environmental)
        XCTAssertEqual(heartbleed.score, 7.2)
        // 9.8 × 0.94 × 0.96 × 0.96 = 8.4934… → 8.5
        let shellshock = try CVSS3Vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:T/RC:R").score()
        XCTAssertEqual(shellshock.temporal, 8.5)
    }

    func testEnvironmentalScoresAndModifiedScope() throws {
        // MAV:L: 8.22·0.55·0.77·0.85·0.85 = 2.51 + 6.42·0.9148 = 5.87 → 8.38… → 8.4
        XCTAssertEqual(try CVSS3Vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:L").score().environmental, 8.4)
        // MS:C makes MPR:L weigh 0.68 (not 0.62) and applies 1.08.
        let changed = try CVSS3Vector("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:N/MS:C").score()
        XCTAssertEqual(changed.base, 5.4)
        XCTAssertEqual(changed.environmental, 6.4)
        // MS:U under S:C: PR keeps the base scope's weight in Base, MPR follows the modified scope.
        let unchanged = try CVSS3Vector("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N/MS:U").score()
        XCTAssertEqual(unchanged.base, 6.4)
        XCTAssertEqual(unchanged.environmental, 5.4)
        // Requirements with temporal metrics: Roundup(Roundup(min(…,10)) × E × RL × RC).
        let full = try CVSS3Vector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:N/E:F/RL:O/RC:C/CR:H/IR:L/AR:M").score()
        XCTAssertEqual(full.base, 8.2)
        XCTAssertEqual(full.temporal, 7.6)
        XCTAssertEqual(full.environmental, 8.7)
        XCTAssertEqual(full.score, 8.7)
    }

    /// 3.0 and 3.1 differ in the Modified Impact under Modified Scope Changed:
    /// 3.0: 7.52·(M−0.029) − 3.25·(M−0.02)^15; 3.1: 7.52·(M−0.029) − 3.25·(M·0.9731−0.02)^13.
    /// With nothing modified, 3.0's equals the Base formula; 3.1's does not.
    func testVersionSpecificModifiedImpactForScopeChanged() throws {
        let metrics = "AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H/CR:M"
        let v30 = try CVSS3Vector("CVSS:3.0/" + metrics).score()
        let v31 = try CVSS3Vector("CVSS:3.1/" + metrics).score()
        XCTAssertEqual(v30.base, 9.9)
        XCTAssertEqual(v31.base, 9.9)
        XCTAssertEqual(v30.environmental, 9.9)
        XCTAssertEqual(v31.environmental, 10.0)
        let physical30 = try CVSS3Vector("CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:C/C:H/I:H/A:H/MAV:P").score()
        let physical31 = try CVSS3Vector("CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:C/C:H/I:H/A:H/MAV:P").score()
        XCTAssertEqual(physical30.environmental, 6.8)
        XCTAssertEqual(physical31.environmental, 6.9)
        // Both cap the weighted impact at 0.915.
        let capped = "AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/CR:H/IR:H/AR:H"
        XCTAssertEqual(try CVSS3Vector("CVSS:3.0/" + capped).score().environmental, 10.0)
        XCTAssertEqual(try CVSS3Vector("CVSS:3.1/" + capped).score().environmental, 10.0)
    }

    /// The environmental equations without environmental metrics can differ from Base under
    /// Scope Changed (9.9 → 10.0 here); the reported score is that of the groups present.
    func testEnvironmentalIsReportedOnlyWhenDefined() throws {
        let vector = try CVSS3Vector("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H")
        XCTAssertEqual(vector.environmentalScore(), 10.0)
        XCTAssertEqual(vector.score().score, 9.9)
        XCTAssertEqual(vector.score().severity, .critical)
        let explicitX = try CVSS3Vector("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H/E:X/CR:X/MAV:X")
        XCTAssertEqual(explicitX.score(), vector.score())
    }

    /// Appendix A: Roundup(4.000001) = 4.0 (floating-point noise), Roundup(4.02) = 4.1.
    func testAppendixARoundup() {
        XCTAssertEqual(CVSS3Vector.roundUp(4.000001), 4.0)
        XCTAssertEqual(CVSS3Vector.roundUp(4.000000000000001), 4.0)
        XCTAssertEqual(CVSS3Vector.roundUp(4.02), 4.1)
        XCTAssertEqual(CVSS3Vector.roundUp(4.0), 4.0)
        XCTAssertEqual(CVSS3Vector.roundUp(4.00001), 4.1)
        XCTAssertEqual(CVSS3Vector.roundUp(0), 0)
        XCTAssertEqual(CVSS3Vector.roundUp(2.3000000000000003), 2.3)
        XCTAssertEqual(CVSS3Vector.roundUp(9.999999), 10.0)
        XCTAssertEqual(CVSS3Vector.roundUp(10), 10.0)
    }

    /// Every Temporal (and final Environmental) rounding is Roundup(tenths × E × RL × RC). Checked
    /// against the exact decimal ceiling for all 101 × 80 products; a plain ceil(x·10)/10 in doubles
    /// gets three of them wrong (e.g. 10.0 × RC:U = 9.200000000000001 → 9.3).
    func testRoundupOfTemporalProductsIsTheExactCeiling() {
        let e = [100, 97, 94, 91], rl = [100, 97, 96, 95], rc = [100, 96, 92]  // hundredths
        for base in 0...100 {
            for ee in e {
                for ll in rl {
                    for cc in rc {
                        let exact = base * ee * ll * cc                       // × 10^7
                        let ceilingTenths = (exact + 999_999) / 1_000_000
                        let product = Double(base) / 10 * (Double(ee) / 100) * (Double(ll) / 100) * (Double(cc) / 100)
                        XCTAssertEqual(CVSS3Vector.roundUp(product), Double(ceilingTenths) / 10, "\(base) \(ee) \(ll) \(cc)")
                    }
                }
            }
        }
        let rcUnconfirmed = try? CVSS3Vector("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/RC:U").score()
        XCTAssertEqual(rcUnconfirmed?.temporal, 9.2)
    }

    func testSeverityBands() {
        let bands: [(Double, CVSSSeverity)] = [(0, .none), (0.1, .low), (3.9, .low), (4.0, .medium), (6.9, .medium),
                                               (7.0, .high), (8.9, .high), (9.0, .critical), (10, .critical)]
        for (score, severity) in bands { XCTAssertEqual(CVSSSeverity(score: score), severity, "\(score)") }
        XCTAssertEqual(CVSSSeverity(score: 1.1 + 2.2), .low)  // 3.3000000000000003
        XCTAssertLessThan(CVSSSeverity.none, .low)
        XCTAssertLessThan(CVSSSeverity.high, .critical)
    }

    func testCanonicalDescription() throws {
        let vector = try CVSS3Vector("CVSS:3.0/MAV:L/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/RL:X/E:F")
        XCTAssertEqual(vector.description, "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F/MAV:L")
        XCTAssertEqual(vector.version, .v3_0)
    }
}
