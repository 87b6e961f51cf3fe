import FindingsCore

/// Where findings go. A destination collects a batch with `add` and delivers it with `flush`,
/// which returns only once the batch is acknowledged (committed, fsynced, renamed, answered
/// 2xx): that is what makes delivery at least once.
public protocol Destination: AnyObject {
    /// The destination as given on the command line (credentials never appear in it).
    var label: String { get }
    /// Adds a finding to the batch in progress.
    func add(_ finding: JSONNode) throws(DeliveryError)
    /// Delivers the batch in progress and waits for the acknowledgement.
    func flush() throws(DeliveryError)
    /// Forgets the batch in progress after a failure (its findings are spooled instead).
    func discardBatch()
    /// Finishes delivery: completes files, closes connections.
    func close() throws(DeliveryError)
    /// Counters for `--stats`.
    var statistics: DeliveryStatistics { get }
}

/// A failure that retrying cannot fix (or that retries did not fix).
public struct DeliveryError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What a destination did, for `--stats`.
public struct DeliveryStatistics: Sendable {
    /// Findings acknowledged by the destination.
    public var delivered = 0
    /// Batches acknowledged.
    public var batches = 0
    /// Attempts repeated after a retryable failure.
    public var retries = 0
    /// Bytes sent or written (after compression; for the stores, the column text).
    public var bytes = 0

    public init() {}
}
