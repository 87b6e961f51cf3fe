import FindingsCore

/// Security Hub's automatic workflow reset: a finding whose workflow is NOTIFIED or RESOLVED
/// goes back to NEW when its `RecordState` goes ARCHIVED→ACTIVE or its `Compliance.Status`
/// goes PASSED→FAILED, WARNING or NOT_AVAILABLE. SUPPRESSED (and NEW) are never reset.
public enum WorkflowReset {
    /// Whether the move from `previous` to `current` (record state, compliance) resets a workflow.
    public static func triggered(from previous: (RecordState?, ComplianceStatus?),
                                 to current: (RecordState?, ComplianceStatus?)) -> Bool {
        if previous.0 == .archived && current.0 == .active { return true }
        if previous.1 == .passed, let now = current.1, now != .passed { return true }
        return false
    }

    /// The status after a triggered reset.
    public static func reset(_ status: WorkflowStatus) -> WorkflowStatus {
        status == .notified || status == .resolved ? .new : status
    }
}
