#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// Where `dedupe` gets "now" from: the wall clock, or a fixed instant (`--now`) for replays.
public struct Clock: Sendable {
    public let fixed: Int64?

    /// The wall clock.
    public static let system = Clock(fixed: nil)

    public init(fixed milliseconds: Int64?) { fixed = milliseconds }

    public init(fixed timestamp: Timestamp) {
        fixed = timestamp.seconds * 1000 + Int64(timestamp.nanoseconds / 1_000_000)
    }

    /// Milliseconds since 1970-01-01T00:00:00Z.
    @inline(__always)
    public func now() -> Int64 {
        if let fixed { return fixed }
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec / 1_000_000)
    }

    /// ISO 8601 text of a millisecond instant (`YYYY-MM-DDTHH:MM:SS[.mmm]Z`).
    public static func iso(_ milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let rest = Int32(milliseconds - seconds * 1000)
        return Timestamp(seconds: seconds, nanoseconds: rest * 1_000_000).description
    }
}

/// Seconds on the monotonic clock, for intervals.
enum MonotonicClock {
    static func seconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
