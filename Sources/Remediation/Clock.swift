#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// Wall-clock and monotonic time.
public enum Clock {
    /// Now as an ASFF timestamp with milliseconds: `2026-01-02T03:04:05.678Z`.
    public static func isoNow() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let stamp = Timestamp(seconds: Int64(spec.tv_sec), nanoseconds: Int32(spec.tv_nsec / 1_000_000 * 1_000_000))
        return stamp.description
    }

    /// Seconds on the monotonic clock (for timeouts and rate limits).
    public static func monotonic() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
