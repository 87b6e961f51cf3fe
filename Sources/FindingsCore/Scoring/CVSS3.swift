/// A parsed CVSS v3.0 or v3.1 vector (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/...`) with
/// its Base, Temporal and Environmental metrics. `X` and an absent metric mean Not Defined.
public struct CVSS3Vector: Sendable, Hashable, CustomStringConvertible {
    /// `.v3_0` or `.v3_1`: they differ in the Modified Impact under Scope Changed (rounding: `roundUp`).
    public let version: CVSSVersion
    var values: MetricValues

    /// Parses a `CVSS:3.0/` or `CVSS:3.1/` vector strictly (see `CVSSVectorError`).
    public init(_ text: String) throws(CVSSVectorError) {
        self = try VectorSyntax.withBytes(text) { (bytes) throws(CVSSVectorError) in try CVSS3Vector(utf8: bytes) }
    }

    /// Parses the UTF-8 bytes of a `CVSS:3.0/` or `CVSS:3.1/` vector strictly.
    public init(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(CVSSVectorError) {
        let (version, range) = try VectorSyntax.split(bytes)
        guard version == .v3_0 || version == .v3_1 else {
            throw VectorSyntax.wrongVersion(bytes, expected: "\"CVSS:3.0/\" or \"CVSS:3.1/\"")
        }
        self.init(version: version, values: try Self.table.parse(bytes, range))
    }

    init(version: CVSSVersion, values: MetricValues) {
        self.version = version
        self.values = values
    }

    /// The canonical vector: prefix, metrics in specification order, Not Defined ones left out.
    public var description: String { "CVSS:\(version.rawValue)/" + Self.table.render(values) }

    /// Scores the vector; Temporal and Environmental are reported only when their groups define
    /// a metric.
    public func score() -> CVSSScore {
        CVSSScore(version: version, base: baseScore(),
                  temporal: hasTemporalMetrics ? temporalScore() : nil,
                  environmental: hasEnvironmentalMetrics ? environmentalScore() : nil, v4: nil)
    }

    // MARK: Metrics

    /// Metric positions, in the order of the specification's vector string table (3.1 §6).
    enum Metric: Int, CaseIterable {
        case av, ac, pr, ui, s, c, i, a                       // Base (mandatory)
        case e, rl, rc                                        // Temporal
        case cr, ir, ar, mav, mac, mpr, mui, ms, mc, mi, ma   // Environmental

        /// Abbreviation and allowed values; optional metrics list `X` first. Each Modified
        /// metric lists its base metric's values in the same order after `X`.
        var definition: (name: String, values: [String]) {
            switch self {
            case .av: return ("AV", ["N", "A", "L", "P"])
            case .ac: return ("AC", ["L", "H"])
            case .pr: return ("PR", ["N", "L", "H"])
            case .ui: return ("UI", ["N", "R"])
            case .s: return ("S", ["U", "C"])
            case .c: return ("C", ["H", "L", "N"])
            case .i: return ("I", ["H", "L", "N"])
            case .a: return ("A", ["H", "L", "N"])
            case .e: return ("E", ["X", "U", "P", "F", "H"])
            case .rl: return ("RL", ["X", "O", "T", "W", "U"])
            case .rc: return ("RC", ["X", "U", "R", "C"])
            case .cr: return ("CR", ["X", "L", "M", "H"])
            case .ir: return ("IR", ["X", "L", "M", "H"])
            case .ar: return ("AR", ["X", "L", "M", "H"])
            case .mav: return ("MAV", ["X", "N", "A", "L", "P"])
            case .mac: return ("MAC", ["X", "L", "H"])
            case .mpr: return ("MPR", ["X", "N", "L", "H"])
            case .mui: return ("MUI", ["X", "N", "R"])
            case .ms: return ("MS", ["X", "U", "C"])
            case .mc: return ("MC", ["X", "H", "L", "N"])
            case .mi: return ("MI", ["X", "H", "L", "N"])
            case .ma: return ("MA", ["X", "H", "L", "N"])
            }
        }
    }

    static let table = MetricTable(mandatoryCount: 8, Metric.allCases.map(\.definition))

    subscript(metric: Metric) -> Int {
        get { values[metric.rawValue] }
        set { values[metric.rawValue] = newValue }
    }

    /// The value a base metric takes in the environmental equations: its Modified metric's
    /// value when that is defined, the base value otherwise.
    private func effective(_ base: Metric, _ modified: Metric) -> Int {
        self[modified] == 0 ? self[base] : self[modified] - 1
    }

    var hasTemporalMetrics: Bool { self[.e] != 0 || self[.rl] != 0 || self[.rc] != 0 }

    var hasEnvironmentalMetrics: Bool {
        (Metric.cr.rawValue...Metric.ma.rawValue).contains { values[$0] != 0 }
    }

    // MARK: Equations (3.1 specification §7; weights from §7.4, indexed like `definition`)

    private static let attackVector = [0.85, 0.62, 0.55, 0.2]
    private static let attackComplexity = [0.77, 0.44]
    private static let privilegesUnchanged = [0.85, 0.62, 0.27]
    private static let privilegesChanged = [0.85, 0.68, 0.5]
    private static let userInteraction = [0.85, 0.62]
    private static let impact = [0.56, 0.22, 0.0]
    private static let exploitMaturity = [1, 0.91, 0.94, 0.97, 1]
    private static let remediationLevel = [1, 0.95, 0.96, 0.97, 1]
    private static let reportConfidence = [1, 0.92, 0.96, 1]
    private static let requirement = [1, 0.5, 1, 1.5]

    func baseScore() -> Double {
        let changed = self[.s] == 1
        let iss = 1 - (1 - Self.impact[self[.c]]) * (1 - Self.impact[self[.i]]) * (1 - Self.impact[self[.a]])
        let impact = changed ? Self.changedImpact(iss) : 6.42 * iss
        let exploitability = Self.exploitability(self[.av], self[.ac], self[.pr], self[.ui], changed: changed)
        return Self.combine(impact: impact, exploitability: exploitability, changed: changed)
    }

    func temporalScore() -> Double { Self.roundUp(applyTemporal(baseScore())) }

    func environmentalScore() -> Double {
        let changed = effective(.s, .ms) == 1
        func weighted(_ requirement: Metric, _ base: Metric, _ modified: Metric) -> Double {
            Self.requirement[self[requirement]] * Self.impact[effective(base, modified)]
        }
        let miss = min(1 - (1 - weighted(.cr, .c, .mc)) * (1 - weighted(.ir, .i, .mi)) * (1 - weighted(.ar, .a, .ma)),
                       0.915)
        let impact: Double
        if !changed {
            impact = 6.42 * miss
        } else if version == .v3_0 {
            impact = Self.changedImpact(miss)
        } else {
            impact = 7.52 * (miss - 0.029) - 3.25 * power(miss * 0.9731 - 0.02, 13)
        }
        let exploitability = Self.exploitability(effective(.av, .mav), effective(.ac, .mac), effective(.pr, .mpr),
                                                 effective(.ui, .mui), changed: changed)
        return Self.roundUp(applyTemporal(Self.combine(impact: impact, exploitability: exploitability, changed: changed)))
    }

    /// Impact for Scope Changed in the Base equation (and v3.0's Modified Impact).
    private static func changedImpact(_ iss: Double) -> Double {
        7.52 * (iss - 0.029) - 3.25 * power(iss - 0.02, 15)
    }

    private static func exploitability(_ av: Int, _ ac: Int, _ pr: Int, _ ui: Int, changed: Bool) -> Double {
        8.22 * attackVector[av] * attackComplexity[ac] * (changed ? privilegesChanged : privilegesUnchanged)[pr]
            * userInteraction[ui]
    }

    /// The Base and Modified sub-score: 0 without impact, else Roundup(min(sum, 10)) with the
    /// 1.08 factor under Scope Changed.
    private static func combine(impact: Double, exploitability: Double, changed: Bool) -> Double {
        guard impact > 0 else { return 0 }
        return Self.roundUp(min(changed ? 1.08 * (impact + exploitability) : impact + exploitability, 10))
    }

    private func applyTemporal(_ score: Double) -> Double {
        score * Self.exploitMaturity[self[.e]] * Self.remediationLevel[self[.rl]] * Self.reportConfidence[self[.rc]]
    }

    /// CVSS v3.1 Appendix A Roundup: the smallest one-decimal number ≥ `x`, computed on
    /// `round(x × 100000)` so that binary floating-point noise (4.000000000000001) does not round up.
    ///
    /// Used for v3.0 too. v3.0 defines Round up mathematically ("the smallest number, specified to
    /// one decimal place, that is equal to or higher than its input"); a plain `ceil(x × 10) / 10`
    /// in doubles misses that definition on exact products such as 10.0 × RC:U 0.92 = 9.2
    /// (computed as 9.200000000000001, ceil gives 9.3). Every value the v3.0/v3.1 equations can
    /// produce was enumerated exactly: none lies within 1e-5 above a tenth other than the tenth
    /// itself (the closest is 2.6e-5), so this function equals the exact v3.0 ceiling on all of them.
    static func roundUp(_ x: Double) -> Double {
        let scaled = Int((x * 100_000).rounded())
        return scaled % 10_000 == 0 ? Double(scaled) / 100_000 : Double(scaled / 10_000 + 1) / 10
    }
}

/// `x` to the power `n` by repeated multiplication (no libm in the hot path).
private func power(_ x: Double, _ n: Int) -> Double {
    var result = 1.0
    for _ in 0..<n { result *= x }
    return result
}
