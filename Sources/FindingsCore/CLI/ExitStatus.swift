/// The exit statuses every tool of the suite uses (see README, "Exit statuses").
public enum ExitStatus: Int32, Sendable {
    /// Every record was processed.
    case success = 0
    /// Some records were rejected; the rest went through.
    case recordsRejected = 1
    /// Usage or configuration error: nothing was processed.
    case usage = 2
    /// An I/O or delivery failure: the output is incomplete.
    case ioFailure = 3
}
