import FindingsCore

/// How much an action may disturb running workloads.
public enum Risk: String, Sendable {
    /// Tightens a setting nothing legitimate should depend on.
    case low
    /// May break a workload or lock out a person: runs only when a person approved it.
    case disruptive
}

/// One playbook: which findings it handles and what it does about them.
public struct PlaybookEntry: Sendable, Equatable {
    public let name: String
    /// EventBridge pattern over the finding.
    public let match: EventPattern
    public let action: ActionTemplate
    public let risk: Risk
    /// Whether a person must approve each planned action (`requires: approval`).
    public let requiresApproval: Bool
    public let notes: String

    public init(name: String, match: EventPattern, action: ActionTemplate, risk: Risk, requiresApproval: Bool, notes: String) {
        self.name = name
        self.match = match
        self.action = action
        self.risk = risk
        self.requiresApproval = requiresApproval
        self.notes = notes
    }
}
