/// What became of one planned action in this run.
public enum ActionOutcome: Sendable, Equatable {
    /// Plan mode: nothing ran.
    case planned
    /// Execute mode: a disruptive action without an approval record.
    case awaitingApproval
    /// Execute mode: the ledger shows it already succeeded for this finding version.
    case alreadyDone
    /// Execute mode: the command exited 0.
    case succeeded
    /// Execute mode: the command failed, timed out or could not start; the text says how.
    case failed(String)
    /// Execute mode: not started because the run was stopped (blast-radius guard, signal).
    case notRun(String)

    /// Whether the finding's problem is known to be fixed by this action.
    var isDone: Bool { self == .succeeded || self == .alreadyDone }

    /// `planned`, `awaiting-approval`, ... for `--stats` and `UserDefinedFields`.
    var label: String {
        switch self {
        case .planned: return "planned"
        case .awaitingApproval: return "awaiting-approval"
        case .alreadyDone: return "already-done"
        case .succeeded: return "succeeded"
        case .failed: return "failed"
        case .notRun: return "not-run"
        }
    }
}
