import FindingsCore

/// What `dedupe` remembers about one identity between sightings.
public struct IdentityRecord: Equatable, Sendable {
    /// `UpdatedAt` of the latest version seen.
    public var updatedAt: Timestamp
    /// `ContentFingerprint` of the latest version seen.
    public var fingerprint: UInt64
    /// How many times the identity was read (every version, passed or not).
    public var seen: Int
    /// When `dedupe` first saw the identity, in milliseconds since 1970 (wall clock or `--now`).
    public var firstSeen: Int64
    /// When `dedupe` last saw the identity, in milliseconds since 1970.
    public var lastSeen: Int64
    /// `RecordState` of the latest version (for the ARCHIVED→ACTIVE workflow reset).
    public var recordState: RecordState?
    /// `Compliance.Status` of the latest version (for the PASSED→FAILED workflow reset).
    public var complianceStatus: ComplianceStatus?
    /// Customer-owned fields last seen downstream (`dedupe --learn`), if any.
    public var customer: CustomerFields?

    public init(updatedAt: Timestamp, fingerprint: UInt64, seen: Int, firstSeen: Int64, lastSeen: Int64,
                recordState: RecordState?, complianceStatus: ComplianceStatus?, customer: CustomerFields? = nil) {
        self.updatedAt = updatedAt
        self.fingerprint = fingerprint
        self.seen = seen
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.recordState = recordState
        self.complianceStatus = complianceStatus
        self.customer = customer
    }
}
