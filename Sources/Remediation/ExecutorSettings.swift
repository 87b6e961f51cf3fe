/// Limits for running commands in execute mode.
public struct ExecutorSettings: Sendable {
    /// Commands running at once.
    public var concurrency = 4
    /// Seconds one attempt may take before its process group is killed.
    public var timeout = 300.0
    /// Further attempts after a throttling error.
    public var retries = 3
    /// Command starts per second per account.
    public var ratePerAccount = 2.0
    /// First backoff delay in seconds; doubles per retry, plus up to 25% jitter.
    public var backoff = 1.0

    public init() {}
}
