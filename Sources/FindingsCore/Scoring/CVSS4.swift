/// A parsed CVSS v4.0 vector (`CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/...`)
/// with Threat, Environmental and Supplemental metrics. `X` and an absent metric mean Not Defined.
public struct CVSS4Vector: Sendable, Hashable, CustomStringConvertible {
    var values: MetricValues

    /// Parses a `CVSS:4.0/` vector strictly (see `CVSSVectorError`).
    public init(_ text: String) throws(CVSSVectorError) {
        self = try VectorSyntax.withBytes(text) { (bytes) throws(CVSSVectorError) in try CVSS4Vector(utf8: bytes) }
    }

    /// Parses the UTF-8 bytes of a `CVSS:4.0/` vector strictly.
    public init(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(CVSSVectorError) {
        let (version, range) = try VectorSyntax.split(bytes)
        guard version == .v4_0 else { throw VectorSyntax.wrongVersion(bytes, expected: "\"CVSS:4.0/\"") }
        values = try Self.table.parse(bytes, range)
    }

    /// The canonical vector: prefix, metrics in specification order, Not Defined ones left out.
    public var description: String { "CVSS:4.0/" + Self.table.render(values) }

    /// Which metric groups the vector defines (Supplemental metrics never count).
    public var nomenclature: CVSS4Nomenclature {
        let threat = values[Metric.e.rawValue] != 0
        let environmental = (Metric.cr.rawValue...Metric.msa.rawValue).contains { values[$0] != 0 }
        switch (threat, environmental) {
        case (false, false): return .base
        case (true, false): return .baseThreat
        case (false, true): return .baseEnvironmental
        case (true, true): return .baseThreatEnvironmental
        }
    }

    /// Scores the vector as FIRST's calculator does; `base` is the CVSS-B score of its base
    /// metrics alone, `v4.score` the score of all its metrics.
    public func score() -> CVSSScore {
        let levels = CVSS4Levels(values)
        let macroVector = levels.macroVector
        let score = levels.score(in: macroVector)
        let nomenclature = nomenclature
        var base = score
        if nomenclature != .base {
            var baseOnly = MetricValues()
            for metric in 0..<Self.table.mandatoryCount { baseOnly[metric] = values[metric] }
            let baseLevels = CVSS4Levels(baseOnly)
            base = baseLevels.score(in: baseLevels.macroVector)
        }
        return CVSSScore(version: .v4_0, base: base, temporal: nil, environmental: nil,
                         v4: CVSS4Score(score: score, macroVector: macroVector, nomenclature: nomenclature))
    }

    /// Metric positions, in the order of the specification's vector string table (§7).
    enum Metric: Int, CaseIterable {
        case av, ac, at, pr, ui, vc, vi, va, sc, si, sa                      // Base (mandatory)
        case e                                                               // Threat
        case cr, ir, ar, mav, mac, mat, mpr, mui, mvc, mvi, mva, msc, msi, msa  // Environmental
        case s, au, r, v, re, u                                              // Supplemental

        /// Abbreviation and allowed values; optional metrics list `X` first. Each Modified
        /// metric lists its base metric's values in the same order after `X` (MSI/MSA add `S`).
        var definition: (name: String, values: [String]) {
            switch self {
            case .av: return ("AV", ["N", "A", "L", "P"])
            case .ac: return ("AC", ["L", "H"])
            case .at: return ("AT", ["N", "P"])
            case .pr: return ("PR", ["N", "L", "H"])
            case .ui: return ("UI", ["N", "P", "A"])
            case .vc: return ("VC", ["H", "L", "N"])
            case .vi: return ("VI", ["H", "L", "N"])
            case .va: return ("VA", ["H", "L", "N"])
            case .sc: return ("SC", ["H", "L", "N"])
            case .si: return ("SI", ["H", "L", "N"])
            case .sa: return ("SA", ["H", "L", "N"])
            case .e: return ("E", ["X", "A", "P", "U"])
            case .cr: return ("CR", ["X", "H", "M", "L"])
            case .ir: return ("IR", ["X", "H", "M", "L"])
            case .ar: return ("AR", ["X", "H", "M", "L"])
            case .mav: return ("MAV", ["X", "N", "A", "L", "P"])
            case .mac: return ("MAC", ["X", "L", "H"])
            case .mat: return ("MAT", ["X", "N", "P"])
            case .mpr: return ("MPR", ["X", "N", "L", "H"])
            case .mui: return ("MUI", ["X", "N", "P", "A"])
            case .mvc: return ("MVC", ["X", "H", "L", "N"])
            case .mvi: return ("MVI", ["X", "H", "L", "N"])
            case .mva: return ("MVA", ["X", "H", "L", "N"])
            case .msc: return ("MSC", ["X", "H", "L", "N"])
            case .msi: return ("MSI", ["X", "S", "H", "L", "N"])
            case .msa: return ("MSA", ["X", "S", "H", "L", "N"])
            case .s: return ("S", ["X", "N", "P"])
            case .au: return ("AU", ["X", "N", "Y"])
            case .r: return ("R", ["X", "A", "U", "I"])
            case .v: return ("V", ["X", "D", "C"])
            case .re: return ("RE", ["X", "L", "M", "H"])
            case .u: return ("U", ["X", "Clear", "Green", "Amber", "Red"])
            }
        }
    }

    static let table = MetricTable(mandatoryCount: 11, Metric.allCases.map(\.definition))
}

/// Which CVSS v4.0 metric groups a score covers (specification §1.3 nomenclature).
public enum CVSS4Nomenclature: String, Sendable, Hashable {
    case base = "CVSS-B"
    case baseThreat = "CVSS-BT"
    case baseEnvironmental = "CVSS-BE"
    case baseThreatEnvironmental = "CVSS-BTE"
}

/// The six CVSS v4.0 equivalence classes of a vector; `description` is FIRST's notation, e.g. `001100`.
public struct CVSS4MacroVector: Sendable, Hashable, CustomStringConvertible {
    /// EQ1 (AV/PR/UI), EQ2 (AC/AT), EQ3 (VC/VI/VA), EQ4 (SC/SI/SA), EQ5 (E), EQ6 (CR/IR/AR with VC/VI/VA).
    public let eq1, eq2, eq3, eq4, eq5, eq6: Int

    public var description: String { "\(eq1)\(eq2)\(eq3)\(eq4)\(eq5)\(eq6)" }

    /// The macrovector's score in FIRST's table: that of its highest-severity vectors.
    var tableScore: Double { Self.tableScore(eq1, eq2, eq3, eq4, eq5, eq6) }

    /// A slot for every combination of levels (EQ1 0–2, EQ2 0–1, EQ3/EQ4/EQ5 0–2, EQ6 0–1).
    static let indexCount = 3 * 2 * 3 * 3 * 3 * 2

    static func index(_ eq1: Int, _ eq2: Int, _ eq3: Int, _ eq4: Int, _ eq5: Int, _ eq6: Int) -> Int {
        ((((eq1 * 2 + eq2) * 3 + eq3) * 3 + eq4) * 3 + eq5) * 2 + eq6
    }

    /// FIRST's table score for these levels, NaN where no such macrovector exists (as the
    /// calculator's lookup of a missing key yields NaN).
    static func tableScore(_ eq1: Int, _ eq2: Int, _ eq3: Int, _ eq4: Int, _ eq5: Int, _ eq6: Int) -> Double {
        guard eq1 <= 2, eq2 <= 1, eq3 <= 2, eq4 <= 2, eq5 <= 2, eq6 <= 1 else { return .nan }
        return CVSS4Tables.macroVectorScores[index(eq1, eq2, eq3, eq4, eq5, eq6)]
    }
}

/// The severity level (0 = most severe, see `CVSS4Tables`) of each metric that enters the score,
/// after Modified metrics override base ones and `E:X`/`CR:X`… default to the worst case (A/H).
/// Stored EQ by EQ so that each EQ's metrics are contiguous, in FIRST's summation order.
struct CVSS4Levels {
    private var level = SIMD16<Int32>()

    private static let eq1 = 0..<3      // AV, PR, UI
    private static let eq2 = 3..<5      // AC, AT
    private static let eq3eq6 = 5..<11  // VC, VI, VA, CR, IR, AR
    private static let eq4 = 11..<14    // SC, SI, SA
    private static let exploit = 14     // E

    private subscript(_ position: Int) -> Int { Int(level[position]) }
    private var av: Int { self[0] }
    private var pr: Int { self[1] }
    private var ui: Int { self[2] }
    private var ac: Int { self[3] }
    private var at: Int { self[4] }
    private var vc: Int { self[5] }
    private var vi: Int { self[6] }
    private var va: Int { self[7] }
    private var cr: Int { self[8] }
    private var ir: Int { self[9] }
    private var ar: Int { self[10] }
    private var sc: Int { self[11] }
    private var si: Int { self[12] }
    private var sa: Int { self[13] }

    init(_ values: MetricValues) {
        typealias M = CVSS4Vector.Metric
        func effective(_ base: M, _ modified: M) -> Int32 {
            let chosen = values[modified.rawValue]
            return Int32(chosen == 0 ? values[base.rawValue] : chosen - 1)
        }
        func worstIfUndefined(_ metric: M) -> Int32 { Int32(max(values[metric.rawValue] - 1, 0)) }
        level = [effective(.av, .mav), effective(.pr, .mpr), effective(.ui, .mui),
                 effective(.ac, .mac), effective(.at, .mat),
                 effective(.vc, .mvc), effective(.vi, .mvi), effective(.va, .mva),
                 worstIfUndefined(.cr), worstIfUndefined(.ir), worstIfUndefined(.ar),
                 // Subsequent-system levels start at H = 1; S = 0 exists only for MSI/MSA.
                 effective(.sc, .msc) + 1,
                 effective(.si, .msi) + (values[M.msi.rawValue] == 0 ? 1 : 0),
                 effective(.sa, .msa) + (values[M.msa.rawValue] == 0 ? 1 : 0),
                 worstIfUndefined(.e), 0]
    }

    var macroVector: CVSS4MacroVector {
        let eq1 = av == 0 && pr == 0 && ui == 0 ? 0 : (av == 0 || pr == 0 || ui == 0) && av != 3 ? 1 : 2
        let eq2 = ac == 0 && at == 0 ? 0 : 1
        let eq3 = vc == 0 && vi == 0 ? 0 : vc == 0 || vi == 0 || va == 0 ? 1 : 2
        let eq4 = si == 0 || sa == 0 ? 0 : sc == 1 || si == 1 || sa == 1 ? 1 : 2
        let eq6 = (cr == 0 && vc == 0) || (ir == 0 && vi == 0) || (ar == 0 && va == 0) ? 0 : 1
        return CVSS4MacroVector(eq1: eq1, eq2: eq2, eq3: eq3, eq4: eq4, eq5: self[Self.exploit], eq6: eq6)
    }

    /// FIRST's interpolation (cvss_score.js): the macrovector's table score, lowered by the mean
    /// over EQs of (score gap to the next lower macrovector) × (severity distance from the
    /// macrovector's highest-severity vector ÷ the macrovector's depth). EQs without a lower
    /// macrovector drop out of the mean; EQ5 always contributes 0. Rounded half up to one decimal
    /// after adding 1e-6, as the calculator does against floating-point noise.
    func score(in mv: CVSS4MacroVector) -> Double {
        if vc == 2, vi == 2, va == 2, sc == 3, si == 3, sa == 3 { return 0 }
        let value = mv.tableScore
        let eq3eq6Key = mv.eq3 * 2 + mv.eq6
        let lowerEQ3EQ6: Double
        switch (mv.eq3, mv.eq6) {
        case (0, 0):  // two ways down: take the higher
            let left = CVSS4MacroVector.tableScore(mv.eq1, mv.eq2, 0, mv.eq4, mv.eq5, 1)
            let right = CVSS4MacroVector.tableScore(mv.eq1, mv.eq2, 1, mv.eq4, mv.eq5, 0)
            lowerEQ3EQ6 = left > right ? left : right
        case (1, 0):
            lowerEQ3EQ6 = CVSS4MacroVector.tableScore(mv.eq1, mv.eq2, 1, mv.eq4, mv.eq5, 1)
        default:  // 0 1 → 1 1, 1 1 → 2 1, 2 1 → none
            lowerEQ3EQ6 = CVSS4MacroVector.tableScore(mv.eq1, mv.eq2, mv.eq3 + 1, mv.eq4, mv.eq5, mv.eq6)
        }
        var total = 0.0, lowerCount = 0
        func add(lower: Double, distance: @autoclosure () -> Double, depth: Int) {
            let available = value - lower
            guard !available.isNaN else { return }  // no lower macrovector in this EQ
            lowerCount += 1
            total += available * (distance() / (Double(depth) * 0.1))
        }
        add(lower: CVSS4MacroVector.tableScore(mv.eq1 + 1, mv.eq2, mv.eq3, mv.eq4, mv.eq5, mv.eq6),
            distance: distance(Self.eq1, CVSS4Tables.highestEQ1[mv.eq1]), depth: CVSS4Tables.depthEQ1[mv.eq1])
        add(lower: CVSS4MacroVector.tableScore(mv.eq1, mv.eq2 + 1, mv.eq3, mv.eq4, mv.eq5, mv.eq6),
            distance: distance(Self.eq2, CVSS4Tables.highestEQ2[mv.eq2]), depth: CVSS4Tables.depthEQ2[mv.eq2])
        add(lower: lowerEQ3EQ6, distance: distance(Self.eq3eq6, CVSS4Tables.highestEQ3EQ6[eq3eq6Key]),
            depth: CVSS4Tables.depthEQ3EQ6[eq3eq6Key])
        add(lower: CVSS4MacroVector.tableScore(mv.eq1, mv.eq2, mv.eq3, mv.eq4 + 1, mv.eq5, mv.eq6),
            distance: distance(Self.eq4, CVSS4Tables.highestEQ4[mv.eq4]), depth: CVSS4Tables.depthEQ4[mv.eq4])
        // EQ5's proportional distance is 0 by definition: it only counts towards the mean.
        add(lower: CVSS4MacroVector.tableScore(mv.eq1, mv.eq2, mv.eq3, mv.eq4, mv.eq5 + 1, mv.eq6), distance: 0,
            depth: 1)
        let lowered = min(max(value - (lowerCount == 0 ? 0 : total / Double(lowerCount)), 0), 10)
        return ((lowered + 1e-6) * 10).rounded(.toNearestOrAwayFromZero) / 10
    }

    private static let step: [Double] = [0.0, 0.1, 0.2, 0.3]

    /// Severity distance of the EQ's metrics from the first of its highest-severity vectors that
    /// is at least as severe in every metric (one always exists; FIRST's loop would otherwise
    /// keep the last).
    private func distance(_ positions: Range<Int>, _ highest: [[Int]]) -> Double {
        let reference = highest.first { candidate in
            positions.allSatisfy { self[$0] >= candidate[$0 - positions.lowerBound] }
        } ?? highest[highest.count - 1]
        var total = 0.0
        for (offset, position) in positions.enumerated() {
            total += Self.step[self[position]] - Self.step[reference[offset]]
        }
        return total
    }
}
