import FindingsCore

/// The `dedupe` stage: Security Hub's identity and update rules as a filter.
///
/// A new identity passes. A strictly later version (`UpdatedAt`) passes when its content
/// changed (or always, or never, per `EmitMode`); an equal or earlier `UpdatedAt` never
/// passes. A passed finding carries `UserDefinedFields["dedupe.seen"]` and
/// `["dedupe.first"]`; a later version gets the customer-owned fields learned downstream and
/// Security Hub's workflow reset.
public struct Deduplicator<Store: IdentityStore>: RecordProcessor {
    public let identity: IdentityKey
    public let fingerprint: ContentFingerprint
    public let emit: EmitMode
    public let retention: RetentionPolicy
    public let clock: Clock
    public private(set) var store: Store
    private let scratch = ByteBuffer(capacity: 1024)
    private var countersListed = false
    private var firstSeenText = InstantText()

    public init(store: Store, identity: IdentityKey = .securityHub, fingerprint: ContentFingerprint = ContentFingerprint(),
                emit: EmitMode = .changes, retention: RetentionPolicy = RetentionPolicy(), clock: Clock = .system) {
        self.store = store
        self.identity = identity
        self.fingerprint = fingerprint
        self.emit = emit
        self.retention = retention
        self.clock = clock
    }

    /// What happened to one finding; the names are the `--stats` counters.
    public enum Outcome: String, CaseIterable, Sendable {
        /// First sighting of the identity (or first after it was forgotten): passed.
        case new
        /// A strictly later version that passed.
        case changed
        /// A later version that did not pass, or one with the same `UpdatedAt`.
        case duplicate
        /// A version older than the latest one seen.
        case stale
    }

    public mutating func process(_ document: JSONDocument, _ context: inout RecordContext) throws(RecordRejection) {
        if !countersListed {
            for outcome in Outcome.allCases { context.count(outcome.rawValue, by: 0) }
            countersListed = true
        }
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
        let outcome = observe(finding, key: key, updatedAt: updatedAt, &context)
        context.count(outcome.rawValue)
    }

    private mutating func observe(_ finding: JSONNode, key: UInt64, updatedAt: Timestamp, _ context: inout RecordContext) -> Outcome {
        let now = clock.now()
        guard var record = store.record(for: key), !retention.isExpired(lastSeen: record.lastSeen, now: now) else {
            let typed = Finding(finding)
            let record = IdentityRecord(updatedAt: updatedAt, fingerprint: fingerprint.fingerprint(of: finding), seen: 1,
                                        firstSeen: now, lastSeen: now,
                                        recordState: typed.recordState, complianceStatus: typed.complianceStatus)
            store.save(record, for: key, now: now)
            write(finding, record, resetWorkflow: false, &context)
            return .new
        }
        record.seen += 1
        record.lastSeen = now
        // Equal or earlier versions are settled by the timestamp alone: no need to read further.
        guard updatedAt > record.updatedAt else {
            store.save(record, for: key, now: now)
            return updatedAt == record.updatedAt ? .duplicate : .stale
        }
        let typed = Finding(finding)
        let recordState = typed.recordState
        let compliance = typed.complianceStatus
        let contentHash = fingerprint.fingerprint(of: finding)
        let changed = contentHash != record.fingerprint
        let reset = WorkflowReset.triggered(from: (record.recordState, record.complianceStatus), to: (recordState, compliance))
        record.updatedAt = updatedAt
        record.fingerprint = contentHash
        record.recordState = recordState
        record.complianceStatus = compliance
        if reset, var customer = record.customer, let status = customer.workflowStatus {
            customer.setWorkflowStatus(WorkflowReset.reset(status))
            record.customer = customer
        }
        store.save(record, for: key, now: now)
        let passes: Bool
        switch emit {
        case .changes: passes = changed
        case .everyUpdate: passes = true
        case .first: passes = false
        }
        guard passes else { return .duplicate }
        write(finding, record, resetWorkflow: reset, &context)
        return .changed
    }

    /// Writes the finding with the dedupe counters, the learned customer fields and the reset.
    private mutating func write(_ finding: JSONNode, _ record: IdentityRecord, resetWorkflow: Bool, _ context: inout RecordContext) {
        let firstText = firstSeenText.text(for: record.firstSeen)
        if record.customer == nil, !resetWorkflow, CounterSplice.applies(to: finding) {
            context.emit { buffer in CounterSplice.append(finding, seen: record.seen, first: firstText, to: buffer) }
            return
        }
        var edits = JSONEdits()
        let seen = JSONValue.string(String(record.seen))
        let first = JSONValue.string(firstText)
        if let customer = record.customer {
            for name in CustomerFields.names where name != "UserDefinedFields" {
                let path = JSONPath(keys: [JSONKey(name)])
                if let value = customer.fields[name] { edits.set(path, to: value) } else { edits.remove(path) }
            }
            var fields = customer.fields["UserDefinedFields"]?.objectValue ?? JSONObject()
            fields[FindingFields.seenKey] = seen
            fields[FindingFields.firstKey] = first
            edits.set(JSONPath(keys: [FindingFields.userDefinedFields]), to: .object(fields))
        } else {
            edits.set(FindingFields.seenPath, to: seen)
            edits.set(FindingFields.firstPath, to: first)
            if resetWorkflow, let status = Finding(finding).workflowStatus, WorkflowReset.reset(status) != status {
                edits.set(FindingFields.workflowStatusPath, to: .string(WorkflowReset.reset(status).rawValue))
            }
        }
        context.emit { buffer in buffer.append(finding, applying: edits) }
    }

    public mutating func finish(_ context: inout RecordContext) throws {
        try store.finish(now: clock.now(), &context)
        context.count("expired", by: store.expiredCount)
        context.count("evicted", by: store.evictedCount)
        context.count("peak-rss-kb", by: ResourceUsage.peakResidentKilobytes())
    }
}

/// ISO text of the last instant written: new identities seen in the same millisecond share it.
private struct InstantText {
    private var milliseconds = Int64.min
    private var cached = ""

    mutating func text(for instant: Int64) -> String {
        if instant != milliseconds {
            milliseconds = instant
            cached = Clock.iso(instant)
        }
        return cached
    }
}
