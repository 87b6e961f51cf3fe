/// The exit statuses every tool of the suite uses (see README, "Exit statuses").
public enum ExitStatus: Equatable, Sendable {
    /// Every record was processed.
    case success
    /// Some records were rejected; the rest went through.
    case recordsRejected
    /// Usage or configuration error: nothing was processed.
    case usage
    /// An I/O or delivery failure: the output is incomplete.
    case ioFailure
    /// Stopped by a signal after flushing whole lines: 128 + the signal number, as shells expect.
    case interrupted(Int32)

    /// The process exit code.
    public var code: Int32 {
        switch self {
        case .success: return 0
        case .recordsRejected: return 1
        case .usage: return 2
        case .ioFailure: return 3
        case .interrupted(let signal): return 128 + signal
        }
    }
}
