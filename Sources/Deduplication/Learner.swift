import FindingsCore

/// `dedupe --learn`: records the customer-owned fields (`CustomerFields`) of each finding as
/// seen at the end of a pipeline, so that later provider versions keep them. Findings pass
/// through unchanged (compacted when they were pretty-printed).
public struct Learner<Store: IdentityStore>: RecordProcessor {
    public let identity: IdentityKey
    public let fingerprint: ContentFingerprint
    public let clock: Clock
    public private(set) var store: Store
    private let scratch = ByteBuffer(capacity: 1024)

    public init(store: Store, identity: IdentityKey = .securityHub, fingerprint: ContentFingerprint = ContentFingerprint(),
                clock: Clock = .system) {
        self.store = store
        self.identity = identity
        self.fingerprint = fingerprint
        self.clock = clock
    }

    public mutating func process(_ document: JSONDocument, _ context: inout RecordContext) throws(RecordRejection) {
        let finding = document.root
        guard finding.kind == .object else { throw RecordRejection("not a finding: a JSON \(finding.kind) (expected an object)") }
        let key: UInt64
        switch identity.hash(of: finding, scratch: scratch) {
        case .success(let hash): key = hash
        case .failure(let missing): throw RecordRejection(missing.description)
        }
        guard let updatedAt = FindingFields.updatedAt(of: finding) else {
            throw RecordRejection("UpdatedAt is missing or not an ISO 8601 timestamp")
        }
        let now = clock.now()
        let typed = Finding(finding)
        var record = store.record(for: key) ?? IdentityRecord(
            updatedAt: updatedAt, fingerprint: fingerprint.fingerprint(of: finding), seen: 0, firstSeen: now, lastSeen: now,
            recordState: typed.recordState, complianceStatus: typed.complianceStatus)
        record.customer = CustomerFields(of: finding)
        store.save(record, for: key, now: now)
        context.count("learned")
        context.emit { buffer in buffer.appendCompact(finding) }
    }

    public mutating func finish(_ context: inout RecordContext) throws {
        try store.finish(now: clock.now(), &context)
    }
}
