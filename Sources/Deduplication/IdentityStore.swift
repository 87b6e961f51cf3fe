import FindingsCore

/// Where `dedupe` keeps its `IdentityRecord`s: in memory for one run, or in a state file.
///
/// Stores bound their size by forgetting: `window` drops identities not seen for that long,
/// `maxKeys` drops the least recently seen identities first.
public protocol IdentityStore {
    /// The record for `key`, if the store has one (expired or not: the caller decides).
    mutating func record(for key: UInt64) -> IdentityRecord?

    /// Saves the record for `key`, replacing any other; `now` (ms) drives forgetting.
    mutating func save(_ record: IdentityRecord, for key: UInt64, now: Int64)

    /// Identities forgotten so far because of the window, and because of the size bound.
    var expiredCount: Int { get }
    var evictedCount: Int { get }

    /// Called once after the last input: make the state durable (after flushing `context.output`).
    mutating func finish(now: Int64, _ context: inout RecordContext) throws
}

extension IdentityStore {
    public mutating func finish(now: Int64, _ context: inout RecordContext) throws {}
}

/// How a store forgets: the window and the size bound.
public struct RetentionPolicy: Sendable, Equatable {
    /// Identities not seen for this long (ms) are forgotten.
    public var window: Int64?
    /// At most this many identities are kept; the least recently seen go first.
    public var maxKeys: Int?

    public init(window: Int64? = nil, maxKeys: Int? = nil) {
        self.window = window
        self.maxKeys = maxKeys
    }

    /// Whether an identity last seen at `lastSeen` is forgotten at `now`.
    @inline(__always)
    public func isExpired(lastSeen: Int64, now: Int64) -> Bool {
        guard let window else { return false }
        return now - lastSeen > window
    }
}
