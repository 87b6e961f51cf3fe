/// A CVSS version this library parses and scores.
public enum CVSSVersion: String, Sendable, Hashable, CaseIterable {
    case v2_0 = "2.0"
    case v3_0 = "3.0"
    case v3_1 = "3.1"
    case v4_0 = "4.0"
}

/// A qualitative severity rating. v3.x and v4.0 use all five (specification §5 of each);
/// v2 has no official scale, so NVD's Low/Medium/High is used and `none`/`critical` never occur.
public enum CVSSSeverity: String, Sendable, Hashable, Comparable {
    case none = "None", low = "Low", medium = "Medium", high = "High", critical = "Critical"

    /// The v3.x/v4.0 rating: 0.0 None, 0.1–3.9 Low, 4.0–6.9 Medium, 7.0–8.9 High, 9.0–10.0 Critical.
    public init(score: Double) {
        switch CVSSScore.tenths(score) {
        case ..<1: self = .none
        case ..<40: self = .low
        case ..<70: self = .medium
        case ..<90: self = .high
        default: self = .critical
        }
    }

    /// NVD's rating of a v2 score: 0.0–3.9 Low, 4.0–6.9 Medium, 7.0–10.0 High.
    public init(v2Score score: Double) {
        switch CVSSScore.tenths(score) {
        case ..<40: self = .low
        case ..<70: self = .medium
        default: self = .high
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .none: return 0
        case .low: return 1
        case .medium: return 2
        case .high: return 3
        case .critical: return 4
        }
    }
}

/// The scores of one vector. Plain values with no serialisation: the caller decides the format.
public struct CVSSScore: Sendable, Hashable {
    /// The version of the vector that was scored.
    public let version: CVSSVersion
    /// v2/v3.x: the Base score. v4.0: the CVSS-B score (the vector's base metrics alone).
    public let base: Double
    /// v2/v3.x: the Temporal score, when the vector defines a temporal metric; nil otherwise and
    /// for v4.0 (whose Threat group has no separate score).
    public let temporal: Double?
    /// v2/v3.x: the Environmental score, when the vector defines an environmental metric; nil
    /// otherwise (see `score`) and for v4.0.
    public let environmental: Double?
    /// v4.0 only: the score of all metrics given, its macrovector and its nomenclature.
    public let v4: CVSS4Score?

    /// The score of the most specific metric group present: v4.0's score, else Environmental,
    /// else Temporal, else Base. Reporting the Environmental equation when no environmental
    /// metric was given would differ from Base for some Scope:Changed v3 vectors.
    public var score: Double { v4?.score ?? environmental ?? temporal ?? base }

    /// A score as a whole number of tenths: every CVSS score has one decimal, so bands and
    /// thresholds compare this exactly (ASFF `Severity.Normalized` is the same number).
    static func tenths(_ score: Double) -> Int { Int((score * 10).rounded()) }

    /// The rating of `score`, on the version's scale.
    public var severity: CVSSSeverity {
        version == .v2_0 ? CVSSSeverity(v2Score: score) : CVSSSeverity(score: score)
    }
}

/// The CVSS v4.0 part of a `CVSSScore`.
public struct CVSS4Score: Sendable, Hashable {
    /// The score of every metric given (Base, Threat, Environmental; Supplemental never counts).
    public let score: Double
    /// The six equivalence classes the score was looked up and interpolated from.
    public let macroVector: CVSS4MacroVector
    /// Which metric groups contributed: CVSS-B, CVSS-BT, CVSS-BE or CVSS-BTE.
    public let nomenclature: CVSS4Nomenclature
}
