/// A parsed CVSS v2 vector (`AV:N/AC:L/Au:N/C:P/I:P/A:P/...`), with Temporal and
/// Environmental metrics; `ND` and an absent metric mean Not Defined. Also accepted: the
/// parenthesised NVD form `(AV:N/...)` and a `CVSS:2.0/` prefix.
public struct CVSS2Vector: Sendable, Hashable, CustomStringConvertible {
    var values: MetricValues

    /// Parses a v2 vector strictly (see `CVSSVectorError`).
    public init(_ text: String) throws(CVSSVectorError) {
        self = try VectorSyntax.withBytes(text) { (bytes) throws(CVSSVectorError) in try CVSS2Vector(utf8: bytes) }
    }

    /// Parses the UTF-8 bytes of a v2 vector strictly.
    public init(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(CVSSVectorError) {
        let (version, range) = try VectorSyntax.split(bytes)
        guard version == .v2_0 else {
            throw VectorSyntax.wrongVersion(bytes, expected: "a CVSS v2 vector such as \"AV:N/AC:L/Au:N/C:P/I:P/A:P\"")
        }
        values = try Self.table.parse(bytes, range)
    }

    /// The canonical NVD form: metrics in specification order, Not Defined ones left out.
    public var description: String { Self.table.render(values) }

    /// Scores the vector; Temporal and Environmental are reported only when their groups define
    /// a metric. Severity follows NVD (Low/Medium/High).
    public func score() -> CVSSScore {
        CVSSScore(version: .v2_0, base: baseScore(),
                  temporal: hasTemporalMetrics ? temporalScore() : nil,
                  environmental: hasEnvironmentalMetrics ? environmentalScore() : nil, v4: nil)
    }

    // MARK: Metrics

    /// Metric positions, in the order of the v2 guide's vector table (§2.4).
    enum Metric: Int, CaseIterable {
        case av, ac, au, c, i, a        // Base (mandatory)
        case e, rl, rc                  // Temporal
        case cdp, td, cr, ir, ar        // Environmental

        /// Abbreviation and allowed values; optional metrics list `ND` first.
        var definition: (name: String, values: [String]) {
            switch self {
            case .av: return ("AV", ["L", "A", "N"])
            case .ac: return ("AC", ["H", "M", "L"])
            case .au: return ("Au", ["M", "S", "N"])
            case .c: return ("C", ["N", "P", "C"])
            case .i: return ("I", ["N", "P", "C"])
            case .a: return ("A", ["N", "P", "C"])
            case .e: return ("E", ["ND", "U", "POC", "F", "H"])
            case .rl: return ("RL", ["ND", "OF", "TF", "W", "U"])
            case .rc: return ("RC", ["ND", "UC", "UR", "C"])
            case .cdp: return ("CDP", ["ND", "N", "L", "LM", "MH", "H"])
            case .td: return ("TD", ["ND", "N", "L", "M", "H"])
            case .cr: return ("CR", ["ND", "L", "M", "H"])
            case .ir: return ("IR", ["ND", "L", "M", "H"])
            case .ar: return ("AR", ["ND", "L", "M", "H"])
            }
        }
    }

    static let table = MetricTable(mandatoryCount: 6, Metric.allCases.map(\.definition))

    private subscript(metric: Metric) -> Int { values[metric.rawValue] }

    var hasTemporalMetrics: Bool { self[.e] != 0 || self[.rl] != 0 || self[.rc] != 0 }

    var hasEnvironmentalMetrics: Bool {
        (Metric.cdp.rawValue...Metric.ar.rawValue).contains { values[$0] != 0 }
    }

    // MARK: Equations (v2 guide §3.2), in exact integer arithmetic
    //
    // v2 rounds half up to one decimal at several steps, and its weights make exact ties common
    // (…x.x5); binary doubles put many of them on the wrong side. Every weight has at most three
    // decimals, so the equations are evaluated exactly on integers: weights below are × 1000.

    private static let accessVector: [Int128] = [395, 646, 1000]
    private static let accessComplexity: [Int128] = [350, 610, 710]
    private static let authentication: [Int128] = [450, 560, 704]
    private static let impact: [Int128] = [0, 275, 660]
    private static let exploitability: [Int128] = [1000, 850, 900, 950, 1000]
    private static let remediationLevel: [Int128] = [1000, 870, 900, 950, 1000]
    private static let reportConfidence: [Int128] = [1000, 900, 950, 1000]
    private static let collateralDamage: [Int128] = [0, 0, 100, 300, 400, 500]
    private static let targetDistribution: [Int128] = [1000, 0, 250, 750, 1000]
    private static let requirement: [Int128] = [1000, 500, 1000, 1510]

    func baseScore() -> Double { Self.score(baseTenths(adjusted: false)) }

    func temporalScore() -> Double { Self.score(temporalTenths(baseTenths(adjusted: false))) }

    /// `(AdjustedTemporal + (10 − AdjustedTemporal) × CDP) × TD`, where AdjustedTemporal is the
    /// Temporal equation over a Base score whose Impact uses the security requirements. Nothing
    /// is clamped before the last step (the guide has no such step); the result is at least 0.
    func environmentalScore() -> Double {
        let adjusted = temporalTenths(baseTenths(adjusted: true))
        let spread = (adjusted * 1000 + (100 - adjusted) * Self.collateralDamage[self[.cdp]])
            * Self.targetDistribution[self[.td]]                                    // × 10^7
        return Self.score(max(0, Self.rounded(spread, unit: 1_000_000)))
    }

    /// `round1(((0.6 × Impact) + (0.4 × Exploitability) − 1.5) × f(Impact))` in tenths. The
    /// adjusted form weighs C/I/A by CR/IR/AR and caps Impact at 10 (AdjustedImpact).
    private func baseTenths(adjusted: Bool) -> Int128 {
        func kept(_ impact: Metric, _ requirement: Metric) -> Int128 {        // (1 − C × CR) × 10^6
            1_000_000 - Self.impact[self[impact]] * (adjusted ? Self.requirement[self[requirement]] : 1000)
        }
        let e18: Int128 = 1_000_000_000_000_000_000
        var impact = 1041 * (e18 - kept(.c, .cr) * kept(.i, .ir) * kept(.a, .ar))  // × 10^20
        if adjusted { impact = min(impact, 10 * 100 * e18) }
        guard impact != 0 else { return 0 }                                       // f(Impact) = 0
        let exploitability = 20 * Self.accessVector[self[.av]] * Self.accessComplexity[self[.ac]]
            * Self.authentication[self[.au]]                                      // × 10^9
        let sum = 6 * impact + 4 * exploitability * 100_000_000_000 - 15 * 100 * e18  // × 10^21
        return Self.rounded(sum * 1176, unit: 100_000 * e18)                      // × 10^24 → tenths
    }

    /// `round1(Base × E × RL × RC)` in tenths, for a base in tenths.
    private func temporalTenths(_ base: Int128) -> Int128 {
        Self.rounded(base * Self.exploitability[self[.e]] * Self.remediationLevel[self[.rl]]
                     * Self.reportConfidence[self[.rc]], unit: 1_000_000_000)
    }

    /// `value / unit` rounded half away from zero (Decimal's ROUND_HALF_UP; the adjusted Base
    /// can be negative with CR/IR/AR:L and a small impact).
    private static func rounded(_ value: Int128, unit: Int128) -> Int128 {
        let magnitude = ((value < 0 ? -value : value) * 2 + unit) / (2 * unit)
        return value < 0 ? -magnitude : magnitude
    }

    private static func score(_ tenths: Int128) -> Double { Double(Int(tenths)) / 10 }
}
