/// Token buckets, one per AWS account: at most `rate` starts per second per account, with
/// bursts of up to `rate` (at least one).
struct RateLimiter {
    let rate: Double
    private var buckets: [String: (tokens: Double, at: Double)] = [:]

    init(perSecond rate: Double) { self.rate = rate }

    /// Takes a token for `account` at time `now` if one is available.
    mutating func take(_ account: String, now: Double) -> Bool {
        let burst = max(1, rate)
        var bucket = buckets[account] ?? (burst, now)
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.at) * rate)
        bucket.at = now
        defer { buckets[account] = bucket }
        guard bucket.tokens >= 1 else { return false }
        bucket.tokens -= 1
        return true
    }

    /// Seconds until `account` has a token again.
    func wait(for account: String, now: Double) -> Double {
        guard let bucket = buckets[account] else { return 0 }
        let tokens = bucket.tokens + (now - bucket.at) * rate
        return tokens >= 1 ? 0 : (1 - tokens) / rate
    }
}
