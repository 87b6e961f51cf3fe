import XCTest
@testable import FindingsCore

final class ScoringContextualScoreTests: XCTestCase {
    private let critical98 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"

    private func contextual(_ vector: String, _ context: RiskContext) throws -> ContextualScore {
        ContextualScore(vector: try CVSS3Vector(vector), context: context)
    }

    private func reasons(_ score: ContextualScore) -> [String] {
        score.adjustments.map { "\($0.metric):\($0.reason.rawValue)" }
    }

    /// The worked examples of scoring.md §6.3.
    func testWorkedExamples() throws {
        let log4shell = try contextual("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", RiskContext(reach: .internet, kev: true))
        XCTAssertEqual(log4shell.score, 10.0)
        XCTAssertEqual(log4shell.label, .critical)
        XCTAssertEqual(log4shell.priority, .p1)
        XCTAssertEqual(reasons(log4shell), ["E:CISA_KEV"])

        let noPath = try contextual(critical98, RiskContext(reach: .none, exploitAvailable: true))
        XCTAssertEqual(noPath.score, 8.2)
        XCTAssertEqual(noPath.label, .high)
        XCTAssertEqual(noPath.priority, .p3)
        XCTAssertEqual(reasons(noPath), ["MAV:NO_NETWORK_PATH", "E:EXPLOIT_AVAILABLE"])

        let internalOnly = try contextual(critical98, RiskContext(reach: .internal, exploitAvailable: false, epss: 0.002))
        XCTAssertEqual(internalOnly.score, 8.1)
        XCTAssertEqual(internalOnly.label, .high)
        XCTAssertEqual(reasons(internalOnly), ["MAV:NOT_INTERNET_REACHABLE", "E:NO_PUBLIC_EXPLOIT"])

        let epssHigh = try contextual("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
                                      RiskContext(reach: .internet, exploitAvailable: false, epss: 0.35))
        XCTAssertEqual(epssHigh.score, 7.1)
        XCTAssertEqual(epssHigh.label, .high)
        XCTAssertEqual(epssHigh.priority, .p2)
        XCTAssertEqual(reasons(epssHigh), ["E:NO_PUBLIC_EXPLOIT_EPSS_HIGH"])

        let sandbox = try contextual("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H",
                                     RiskContext(exploitAvailable: true, criticality: .low))
        XCTAssertEqual(sandbox.score, 6.7)
        XCTAssertEqual(sandbox.label, .medium)
        XCTAssertEqual(reasons(sandbox), ["E:EXPLOIT_AVAILABLE", "CR:ASSET_CRITICALITY_LOW",
                                          "IR:ASSET_CRITICALITY_LOW", "AR:ASSET_CRITICALITY_LOW"])

        // §6.3: 9.8 → 8.8 internal, 8.4 no path.
        XCTAssertEqual(try contextual(critical98, RiskContext(reach: .internal)).score, 8.8)
        XCTAssertEqual(try contextual(critical98, RiskContext(reach: .none)).score, 8.4)
    }

    func testScoringVectorKindAndNormalized() throws {
        let score = try contextual(critical98, RiskContext(reach: .none, exploitAvailable: true, criticality: .high))
        XCTAssertEqual(score.scoringVector?.description,
                       "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F/CR:H/IR:H/AR:H/MAV:L")
        XCTAssertEqual(score.kind, .environmental)
        XCTAssertEqual(score.normalized, Int((score.score! * 10).rounded()))
        XCTAssertEqual(try contextual(critical98, RiskContext(kev: true)).kind, .temporal)
        let untouched = try contextual(critical98, RiskContext(reach: .internet, criticality: .medium))
        XCTAssertEqual(untouched.kind, .base)
        XCTAssertEqual(untouched.adjustments, [])
        XCTAssertEqual(untouched.score, 9.8)
        XCTAssertEqual(untouched.normalized, 98)
        XCTAssertEqual(untouched.label, .critical)
    }

    /// R0 and the preamble of §6.2: a 3.0 vector is rescored as 3.1 from its base metrics alone.
    func testSourceTemporalAndEnvironmentalMetricsAreDroppedAndVersionRaised() throws {
        let source = "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H/E:U/RL:O/MAV:P/CR:L"
        let score = try contextual(source, RiskContext(criticality: .medium))
        XCTAssertEqual(score.scoringVector?.description, "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H")
        XCTAssertEqual(score.score, 9.9)
        XCTAssertEqual(score.kind, .base)
        XCTAssertEqual(score.source?.version, .v3_0)
        XCTAssertEqual(score.source?.base, 9.9)
        XCTAssertEqual(score.source?.environmental, try CVSS3Vector(source).score().environmental)
        // Rescored with 3.1's Modified Impact once environmental metrics are set: 10.0, where the
        // 3.0 equation gives 9.9.
        let high = try contextual("CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", RiskContext(criticality: .high))
        XCTAssertEqual(high.score, 10.0)
        XCTAssertEqual(try CVSS3Vector("CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H/CR:H/IR:H/AR:H").score().score, 9.9)
    }

    func testReachabilityOnlyLowersNetworkAndAdjacentVectors() throws {
        let adjacent = "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
        XCTAssertEqual(reasons(try contextual(adjacent, RiskContext(reach: .internal))), [])
        XCTAssertEqual(reasons(try contextual(adjacent, RiskContext(reach: .none))), ["MAV:NO_NETWORK_PATH"])
        for local in ["CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"] {
            for reach in Reachability.allCases { XCTAssertEqual(reasons(try contextual(local, RiskContext(reach: reach))), []) }
        }
        for reach in [Reachability.internet, .unknown] {
            XCTAssertEqual(reasons(try contextual(critical98, RiskContext(reach: reach))), [])
        }
    }

    func testThreatRules() throws {
        func threat(_ context: RiskContext) throws -> [String] { reasons(try contextual(critical98, context)) }
        XCTAssertEqual(try threat(RiskContext(kev: true, exploitAvailable: false, epss: 0.01)), ["E:CISA_KEV"])
        XCTAssertEqual(try threat(RiskContext(exploitAvailable: true, epss: 0.01)), ["E:EXPLOIT_AVAILABLE"])
        XCTAssertEqual(try threat(RiskContext(exploitAvailable: false, epss: ContextualScore.epssThreshold)),
                       ["E:NO_PUBLIC_EXPLOIT_EPSS_HIGH"])
        XCTAssertEqual(try threat(RiskContext(exploitAvailable: false, epss: 0.0999)), ["E:NO_PUBLIC_EXPLOIT"])
        XCTAssertEqual(try threat(RiskContext(exploitAvailable: false)), ["E:NO_PUBLIC_EXPLOIT"])
        // No exploit data: EPSS alone changes nothing (but still counts as a threat for priority).
        XCTAssertEqual(try threat(RiskContext(epss: 0.9)), [])
        XCTAssertEqual(try contextual(critical98, RiskContext(reach: .internet, epss: 0.9)).priority, .p2)
        XCTAssertEqual(try contextual(critical98, RiskContext(kev: true)).score, 9.8)  // E:H changes no number
    }

    func testPriorities() throws {
        let low = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N"  // 3.1
        let local = "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H"  // 7.8
        XCTAssertEqual(try contextual(low, RiskContext(reach: .internet, kev: true)).priority, .p1)
        XCTAssertEqual(try contextual(local, RiskContext(reach: .none, kev: true)).priority, .p1)  // AV:L is exposed
        XCTAssertEqual(try contextual(critical98, RiskContext(reach: .none, kev: true)).priority, .p3)
        XCTAssertEqual(try contextual(critical98, RiskContext(reach: .unknown, exploitAvailable: true)).priority, .p2)
        XCTAssertEqual(try contextual(low, RiskContext(reach: .internet, exploitAvailable: true)).priority, .p4)
        XCTAssertEqual(try contextual(critical98, RiskContext(reach: .internet)).priority, .p3)
        XCTAssertEqual(try contextual(low, RiskContext()).priority, .p4)
        XCTAssertLessThan(RiskPriority.p1, .p2)
    }

    func testUntriagedAndActionable() {
        let untriaged = ContextualScore(vector: nil, context: RiskContext(reach: .none, fix: .partial))
        XCTAssertNil(untriaged.score)
        XCTAssertNil(untriaged.normalized)
        XCTAssertNil(untriaged.kind)
        XCTAssertNil(untriaged.scoringVector)
        XCTAssertEqual(untriaged.label, .untriaged)
        XCTAssertEqual(untriaged.priority, .p4)
        XCTAssertTrue(untriaged.actionable)
        XCTAssertEqual(ContextualScore(vector: nil, context: RiskContext(reach: .none, kev: true)).priority, .p1)
        let vector = try? CVSS3Vector(critical98)
        XCTAssertTrue(ContextualScore(vector: vector, context: RiskContext(fix: .yes)).actionable)
        XCTAssertFalse(ContextualScore(vector: vector, context: RiskContext(fix: .no)).actionable)
        XCTAssertFalse(ContextualScore(vector: vector, context: RiskContext()).actionable)
    }

    func testZeroScoreIsInformational() throws {
        let none = try contextual("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", RiskContext(criticality: .high))
        XCTAssertEqual(none.score, 0)
        XCTAssertEqual(none.normalized, 0)
        XCTAssertEqual(none.label, .informational)
    }

    /// §6.3: over all 2,592 CVSS 3.1 base vectors and every context, the score never drops when
    /// reach (none < internal < internet), threat evidence (no public exploit < EPSS high <
    /// exploit < KEV) or criticality (low < unset < high) grows; unknown reach scores as internet,
    /// missing threat data as KEV, medium as unset; only criticality high exceeds the base score.
    func testMonotoneOverAllBaseVectors() throws {
        let reaches: [Reachability] = [.none, .internal, .internet]
        let threats = [RiskContext(exploitAvailable: false), RiskContext(exploitAvailable: false, epss: 0.5),
                       RiskContext(exploitAvailable: true), RiskContext(kev: true)]
        let criticalities: [AssetCriticality?] = [.low, nil, .high]
        var checked = 0
        for base in allBaseVectors() {
            let vector = try CVSS3Vector(base)
            let baseScore = vector.score().base
            func score(_ reach: Reachability, _ threat: RiskContext, _ criticality: AssetCriticality?) -> Double {
                var context = threat
                context.reach = reach
                context.criticality = criticality
                return ContextualScore(vector: vector, context: context).score!
            }
            var grid = [[[Double]]](repeating: [[Double]](repeating: [], count: threats.count), count: reaches.count)
            for r in reaches.indices {
                for t in threats.indices {
                    grid[r][t] = criticalities.map { score(reaches[r], threats[t], $0) }
                    XCTAssertEqual(score(reaches[r], threats[t], .medium), grid[r][t][1], base)
                }
                XCTAssertEqual(score(reaches[r], RiskContext(), nil), grid[r][3][1], "no threat data ≠ KEV: \(base)")
            }
            for t in threats.indices { XCTAssertEqual(score(.unknown, threats[t], nil), grid[2][t][1], base) }
            for r in reaches.indices {
                for t in threats.indices {
                    for c in criticalities.indices {
                        let here = grid[r][t][c]
                        if r > 0 { XCTAssertLessThanOrEqual(grid[r - 1][t][c], here, "reach: \(base)") }
                        if t > 0 { XCTAssertLessThanOrEqual(grid[r][t - 1][c], here, "threat: \(base)") }
                        if c > 0 { XCTAssertLessThanOrEqual(grid[r][t][c - 1], here, "criticality: \(base)") }
                        if c < 2 { XCTAssertLessThanOrEqual(here, baseScore, "above base: \(base)") }
                        checked += 1
                    }
                }
            }
        }
        XCTAssertEqual(checked, 2_592 * 3 * 4 * 3)
    }

    /// Every CVSS 3.1 base vector, in specification order.
    private func allBaseVectors() -> [String] {
        var vectors = ["CVSS:3.1"]
        for (metric, values) in [("AV", "NALP"), ("AC", "LH"), ("PR", "NLH"), ("UI", "NR"), ("S", "UC"),
                                 ("C", "HLN"), ("I", "HLN"), ("A", "HLN")] {
            vectors = vectors.flatMap { prefix in values.map { "\(prefix)/\(metric):\($0)" } }
        }
        return vectors
    }
}
