#if canImport(Glibc)
import Glibc
#endif

/// How often and how long to wait between attempts: exponential backoff from `baseDelay`
/// (×2 per attempt, at most `maxDelay`) with full jitter in [delay/2, delay], and a server's
/// `Retry-After` honoured (up to `maxRetryAfter`).
public struct RetryPolicy: Sendable {
    /// Attempts after the first.
    public var retries = 5
    public var baseDelay = 0.5
    public var maxDelay = 30.0
    public var maxRetryAfter = 300.0

    public init() {}

    /// Seconds to wait before retry number `attempt` (1-based).
    public func delay(attempt: Int, retryAfter: Double?) -> Double {
        let exponential = min(maxDelay, baseDelay * Double(1 << min(attempt - 1, 20)))
        let jittered = exponential / 2 + Double.random(in: 0...(exponential / 2))
        guard let retryAfter, retryAfter >= 0 else { return jittered }
        return max(jittered, min(retryAfter, maxRetryAfter))
    }

    /// Whether an HTTP status is worth another attempt (429 and 5xx).
    public static func isRetryable(status: Int) -> Bool { status == 429 || (500...599).contains(status) }

    static func sleep(seconds: Double) {
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }
}
