/// ASFF severity labels and Security Hub's mapping between labels and normalized scores.
public enum SeverityLabel: String, CaseIterable, Comparable, Sendable {
    case informational = "INFORMATIONAL"
    case low = "LOW"
    case medium = "MEDIUM"
    case high = "HIGH"
    case critical = "CRITICAL"

    /// The label Security Hub derives from `Severity.Normalized`:
    /// 0 INFORMATIONAL, 1–39 LOW, 40–69 MEDIUM, 70–89 HIGH, 90–100 CRITICAL.
    public init?(normalized: Int) {
        switch normalized {
        case 0: self = .informational
        case 1...39: self = .low
        case 40...69: self = .medium
        case 70...89: self = .high
        case 90...100: self = .critical
        default: return nil
        }
    }

    /// The normalized score Security Hub derives from a label: 0, 1, 40, 70, 90.
    public var normalized: Int {
        switch self {
        case .informational: return 0
        case .low: return 1
        case .medium: return 40
        case .high: return 70
        case .critical: return 90
        }
    }

    private var rank: Int { SeverityLabel.allCases.firstIndex(of: self)! }

    public static func < (lhs: SeverityLabel, rhs: SeverityLabel) -> Bool { lhs.rank < rhs.rank }
}

/// `Workflow.Status`: the customer's triage state.
public enum WorkflowStatus: String, CaseIterable, Sendable {
    case new = "NEW", notified = "NOTIFIED", resolved = "RESOLVED", suppressed = "SUPPRESSED"
}

/// `RecordState`: whether the provider still considers the finding live.
public enum RecordState: String, CaseIterable, Sendable {
    case active = "ACTIVE", archived = "ARCHIVED"
}

/// `Compliance.Status` of a control finding.
public enum ComplianceStatus: String, CaseIterable, Sendable {
    case passed = "PASSED", warning = "WARNING", failed = "FAILED", notAvailable = "NOT_AVAILABLE"
}
