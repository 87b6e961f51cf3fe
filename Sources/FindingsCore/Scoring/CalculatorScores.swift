/// The scores FIRST's calculator pages display for a vector, which differ from `CVSSScore` in
/// one respect: the v3.x calculators always show a Temporal and an Environmental score, computed
/// with every undefined metric at its Not Defined weight (for some Scope:Changed vectors the
/// Environmental equation then differs from Base). v2 reports groups only when defined (as NVD's
/// calculator and the `cvss` package do); v4.0 has one score.
public struct CalculatorScores: Sendable, Hashable {
    public let version: CVSSVersion
    /// v2/v3.x Base score; v4.0 CVSS-B score.
    public let base: Double
    /// v3.x: always; v2: when a temporal metric is defined; v4.0: nil.
    public let temporal: Double?
    /// v3.x: always; v2: when an environmental metric is defined; v4.0: nil.
    public let environmental: Double?
    /// v4.0 only: the score of all metrics given and its macrovector.
    public let v4: CVSS4Score?
    /// The rating of the most specific metric group the vector defines (`CVSSScore.severity`).
    public let severity: CVSSSeverity
}

extension CVSSVector {
    /// The scores FIRST's calculator shows for this vector (see `CalculatorScores`).
    public func calculatorScores() -> CalculatorScores {
        switch self {
        case let .v3(vector):
            let scores = vector.score()
            return CalculatorScores(version: vector.version, base: scores.base, temporal: vector.temporalScore(),
                                    environmental: vector.environmentalScore(), v4: nil, severity: scores.severity)
        case .v2, .v4:
            let scores = score()
            return CalculatorScores(version: scores.version, base: scores.base, temporal: scores.temporal,
                                    environmental: scores.environmental, v4: scores.v4, severity: scores.severity)
        }
    }
}
