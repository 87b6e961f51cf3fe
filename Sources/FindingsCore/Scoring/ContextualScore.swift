/// Where a finding's resource can be reached from (ctx-score v1 input `reach`).
public enum Reachability: String, Sendable, Hashable, CaseIterable {
    /// A public IP or an ingress open to 0.0.0.0/0 on the port; a network-reachability finding.
    case internet
    /// Reachable only from the VPC, peered networks or a VPN.
    case `internal`
    /// No listening port, no network path.
    case none
    /// Not proven either way (ECR images, Lambda functions, anything without reachability data).
    case unknown
}

/// Whether fixes exist for the vulnerable packages (Inspector `fixAvailable`).
public enum FixAvailability: String, Sendable, Hashable, CaseIterable {
    case yes = "YES", partial = "PARTIAL", no = "NO"
}

/// How critical the affected asset is, from a resource tag (ctx-score v1 input `criticality`).
public enum AssetCriticality: String, Sendable, Hashable, CaseIterable {
    case high, medium, low
}

/// What is known about a finding beyond its CVSS vector. nil means "no data", which never lowers
/// a score.
public struct RiskContext: Sendable, Hashable {
    /// Network reachability of the resource; `.unknown` (the default) never lowers a score.
    public var reach: Reachability
    /// The CVE is in CISA's Known Exploited Vulnerabilities catalogue.
    public var kev: Bool
    /// Inspector `exploitAvailable`: YES (true), NO (false) or not reported (nil).
    public var exploitAvailable: Bool?
    /// EPSS probability, 0–1.
    public var epss: Double?
    /// Inspector `fixAvailable`.
    public var fix: FixAvailability?
    /// From the resource's criticality tag; nil when untagged.
    public var criticality: AssetCriticality?

    public init(reach: Reachability = .unknown, kev: Bool = false, exploitAvailable: Bool? = nil,
                epss: Double? = nil, fix: FixAvailability? = nil, criticality: AssetCriticality? = nil) {
        self.reach = reach
        self.kev = kev
        self.exploitAvailable = exploitAvailable
        self.epss = epss
        self.fix = fix
        self.criticality = criticality
    }
}

/// Why a metric of the scoring vector was set (ctx-score v1 reason codes).
public enum AdjustmentReason: String, Sendable, Hashable, CaseIterable {
    case notInternetReachable = "NOT_INTERNET_REACHABLE"
    case noNetworkPath = "NO_NETWORK_PATH"
    case cisaKEV = "CISA_KEV"
    case exploitAvailable = "EXPLOIT_AVAILABLE"
    case noPublicExploitEPSSHigh = "NO_PUBLIC_EXPLOIT_EPSS_HIGH"
    case noPublicExploit = "NO_PUBLIC_EXPLOIT"
    case assetCriticalityHigh = "ASSET_CRITICALITY_HIGH"
    case assetCriticalityLow = "ASSET_CRITICALITY_LOW"
}

/// One change to the scoring vector, in the shape of Inspector's `CvssScoreAdjustment`.
public struct CVSSAdjustment: Sendable, Hashable {
    /// The CVSS 3.1 metric set: `MAV`, `E`, `CR`, `IR` or `AR`.
    public let metric: String
    /// The rule that set it.
    public let reason: AdjustmentReason
}

/// The metric group a contextual score was taken from.
public enum CVSSScoreKind: String, Sendable, Hashable {
    case base, temporal, environmental
}

/// ASFF `Severity.Label` values, plus UNTRIAGED for a finding without a usable vector.
public enum RiskLabel: String, Sendable, Hashable {
    case informational = "INFORMATIONAL", low = "LOW", medium = "MEDIUM", high = "HIGH", critical = "CRITICAL"
    case untriaged = "UNTRIAGED"
}

/// Handling order, outside CVSS: P1 first.
public enum RiskPriority: String, Sendable, Hashable, Comparable {
    case p1 = "P1", p2 = "P2", p3 = "P3", p4 = "P4"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The contextual risk score "ctx-score v1" (scoring.md §6): the finding's CVSS 3.x base vector
/// with context expressed as CVSS 3.1 Temporal/Environmental metrics, scored with the 3.1
/// equations, every change recorded as a `{metric, reason}` adjustment.
///
/// Rules, applied to the base metrics only (temporal and environmental metrics of the source
/// vector are dropped first; a `CVSS:3.0/` vector is rescored as `CVSS:3.1/`):
/// - R1 reach → MAV, only ever lowering: AV:N and internal → MAV:A; AV:N or AV:A and no network
///   path → MAV:L; internet, unknown, AV:L and AV:P unchanged.
/// - R2 threat → E: KEV → E:H; else exploit YES → E:F; else exploit NO with EPSS ≥ 0.1 → E:P;
///   else exploit NO → E:U; no exploit data → unchanged. RL and RC are never set.
/// - R3 criticality → CR/IR/AR: high → all H; low → all L; medium or unknown → unchanged.
/// - R4 fix availability never changes the score: `actionable` is fix YES or PARTIAL.
/// - The score is the Environmental score if an environmental metric was set, else the Temporal
///   score if E was set, else the Base score.
/// - Priority: exposed = reach ≠ none or AV:L/P; threat = KEV, exploit YES or EPSS ≥ 0.1.
///   P1 KEV and exposed; P2 threat, exposed and score ≥ 7.0; P3 KEV or score ≥ 7.0; else P4.
///
/// Open choices of §6.4, taken at their documented defaults: the EPSS threshold is 0.1 (not a
/// percentile); KEV raises the priority but never floors the label (score and label stay
/// consistent); criticality sets CR, IR and AR together; no contextual score is computed from a
/// v4.0 vector. Where §6.2 is terse: "UNTRIAGED + KEV" is P1 whatever the reachability (the
/// attack vector is unknown), an UNTRIAGED finding without KEV is P4, and an unknown fix
/// availability is not actionable.
public struct ContextualScore: Sendable, Hashable {
    /// The EPSS probability from which "no public exploit" becomes E:P and counts as a threat.
    public static let epssThreshold = 0.1

    /// The contextual score; nil when the finding has no CVSS 3.x vector (UNTRIAGED).
    public let score: Double?
    /// The metric group `score` comes from; nil when UNTRIAGED.
    public let kind: CVSSScoreKind?
    /// The scored vector (`CVSS:3.1/...` with the adjustments); nil when UNTRIAGED.
    public let scoringVector: CVSS3Vector?
    /// Every metric set, in rule order (MAV, E, CR, IR, AR).
    public let adjustments: [CVSSAdjustment]
    /// The source vector's own scores, in its own version (provenance for R0).
    public let source: CVSSScore?
    /// The band of `score` (0 → INFORMATIONAL … 9.0–10 → CRITICAL), UNTRIAGED without a vector.
    public let label: RiskLabel
    /// ASFF `Severity.Normalized`: the score × 10, exactly; nil when UNTRIAGED.
    public let normalized: Int?
    /// Handling order, from KEV, exposure, threat evidence and the score (see the type's rules).
    public let priority: RiskPriority
    /// Whether a fix exists for some or all of the vulnerable packages.
    public let actionable: Bool

    /// Computes ctx-score v1 for a finding's CVSS 3.x vector (nil when it has none) and context.
    public init(vector: CVSS3Vector?, context: RiskContext) {
        actionable = context.fix == .yes || context.fix == .partial
        guard let vector else {
            (score, kind, scoringVector, source, normalized) = (nil, nil, nil, nil, nil)
            adjustments = []
            label = .untriaged
            priority = context.kev ? .p1 : .p4
            return
        }
        var adjusted = CVSS3Vector(version: .v3_1, values: MetricValues())
        for metric in 0..<CVSS3Vector.table.mandatoryCount { adjusted.values[metric] = vector.values[metric] }
        var adjustments: [CVSSAdjustment] = []
        func set(_ metric: CVSS3Vector.Metric, _ value: String, _ reason: AdjustmentReason) {
            adjusted[metric] = CVSS3Vector.table.values[metric.rawValue].firstIndex(of: value)!
            adjustments.append(CVSSAdjustment(metric: CVSS3Vector.table.names[metric.rawValue], reason: reason))
        }

        let attackVector = CVSS3Vector.table.values[CVSS3Vector.Metric.av.rawValue][vector[.av]]
        switch (context.reach, attackVector) {
        case (.internal, "N"): set(.mav, "A", .notInternetReachable)
        case (.none, "N"), (.none, "A"): set(.mav, "L", .noNetworkPath)
        default: break
        }

        if context.kev {
            set(.e, "H", .cisaKEV)
        } else if let exploit = context.exploitAvailable {
            if exploit {
                set(.e, "F", .exploitAvailable)
            } else if Self.epssIsHigh(context.epss) {
                set(.e, "P", .noPublicExploitEPSSHigh)
            } else {
                set(.e, "U", .noPublicExploit)
            }
        }

        switch context.criticality {
        case .high?: for metric in [CVSS3Vector.Metric.cr, .ir, .ar] { set(metric, "H", .assetCriticalityHigh) }
        case .low?: for metric in [CVSS3Vector.Metric.cr, .ir, .ar] { set(metric, "L", .assetCriticalityLow) }
        case .medium?, nil: break
        }

        let result = adjusted.score()
        let score = result.score
        self.score = score
        kind = result.environmental != nil ? .environmental : result.temporal != nil ? .temporal : .base
        scoringVector = adjusted
        self.adjustments = adjustments
        source = vector.score()
        let normalized = CVSSScore.tenths(score)
        self.normalized = normalized
        label = switch result.severity {
        case .none: .informational
        case .low: .low
        case .medium: .medium
        case .high: .high
        case .critical: .critical
        }
        let exposed = context.reach != .none || attackVector == "L" || attackVector == "P"
        let threat = context.kev || context.exploitAvailable == true || Self.epssIsHigh(context.epss)
        let serious = normalized >= 70
        priority = context.kev && exposed ? .p1
            : threat && exposed && serious ? .p2
            : context.kev || serious ? .p3
            : .p4
    }

    private static func epssIsHigh(_ epss: Double?) -> Bool { (epss ?? 0) >= epssThreshold }
}
