import FindingsCore

/// Whether a finding may be remediated, and if not, why it passes through untouched.
///
/// Control findings (those with `Compliance.Status`) qualify only when FAILED; threat findings
/// qualify while active. Either way `RecordState` must be ACTIVE (absent means ACTIVE) and
/// `Workflow.Status` neither SUPPRESSED nor RESOLVED.
public enum Eligibility: Equatable, Sendable {
    case eligible
    case passThrough(reason: String)

    private static let recordState = JSONKey("RecordState")
    private static let archivedFlag = JSONPath(keys: [JSONKey("ProductFields"), JSONKey("aws/guardduty/service/archived")])

    public static func of(_ finding: JSONNode) -> Eligibility {
        if let state = finding[recordState] {
            guard state.stringEquals("ACTIVE") else { return .passThrough(reason: "archived") }
        }
        if let workflow = finding[path: FindingPaths.workflowStatus] {
            if workflow.stringEquals("SUPPRESSED") { return .passThrough(reason: "suppressed") }
            if workflow.stringEquals("RESOLVED") { return .passThrough(reason: "resolved") }
        }
        if let compliance = finding[path: FindingPaths.complianceStatus] {
            if compliance.stringEquals("FAILED") { return .eligible }
            if compliance.stringEquals("PASSED") { return .passThrough(reason: "compliance-passed") }
            if compliance.stringEquals("WARNING") { return .passThrough(reason: "compliance-warning") }
            return .passThrough(reason: "compliance-not-available")
        }
        if let archived = finding[path: archivedFlag], archived.stringEquals("true") {
            return .passThrough(reason: "archived")
        }
        return .eligible
    }
}
