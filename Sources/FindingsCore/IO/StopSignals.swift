#if canImport(Glibc)
import Glibc
#endif

/// SIGINT/SIGTERM handling: the handler only records the signal; the read loop notices it
/// between records, flushes whole lines and exits.
public enum StopSignals {
    nonisolated(unsafe) private static var received: sig_atomic_t = 0

    /// Installs the handlers (without SA_RESTART, so a blocked read returns EINTR) and ignores
    /// SIGPIPE so that a closed pipe surfaces as EPIPE on write.
    public static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in StopSignals.received = signal }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
        signal(SIGPIPE, SIG_IGN)
    }

    /// The signal number received, or 0.
    public static var pending: Int32 { Int32(received) }
}
