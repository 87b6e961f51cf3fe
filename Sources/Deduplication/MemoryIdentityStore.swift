/// Identity records in memory: a hash map keyed by the identity hash, with the records
/// chained from most to least recently seen so that forgetting takes the oldest first.
public struct MemoryIdentityStore: IdentityStore {
    public let retention: RetentionPolicy
    private var slots: [UInt64: Int32] = [:]
    private var entries: [Entry] = []
    private var free: [Int32] = []
    /// Most recently seen entry.
    private var head: Int32 = -1
    /// Least recently seen entry.
    private var tail: Int32 = -1
    public private(set) var expiredCount = 0
    public private(set) var evictedCount = 0

    private struct Entry {
        var key: UInt64
        var record: IdentityRecord
        var newer: Int32
        var older: Int32
    }

    public init(retention: RetentionPolicy = RetentionPolicy()) {
        self.retention = retention
    }

    /// Number of identities held.
    public var count: Int { slots.count }

    public func record(for key: UInt64) -> IdentityRecord? {
        guard let slot = slots[key] else { return nil }
        return entries[Int(slot)].record
    }

    public mutating func save(_ record: IdentityRecord, for key: UInt64, now: Int64) {
        if let slot = slots[key] {
            entries[Int(slot)].record = record
            unlink(slot)
            pushFront(slot)
        } else {
            let entry = Entry(key: key, record: record, newer: -1, older: -1)
            let slot: Int32
            if let reused = free.popLast() {
                slot = reused
                entries[Int(slot)] = entry
            } else {
                slot = Int32(entries.count)
                entries.append(entry)
            }
            slots[key] = slot
            pushFront(slot)
        }
        forget(now: now)
    }

    /// Every record, least recently seen first.
    public var records: [(key: UInt64, record: IdentityRecord)] {
        var result: [(UInt64, IdentityRecord)] = []
        result.reserveCapacity(slots.count)
        var slot = tail
        while slot >= 0 {
            let entry = entries[Int(slot)]
            result.append((entry.key, entry.record))
            slot = entry.newer
        }
        return result
    }

    private mutating func forget(now: Int64) {
        while tail >= 0, retention.isExpired(lastSeen: entries[Int(tail)].record.lastSeen, now: now) {
            remove(tail)
            expiredCount += 1
        }
        if let maxKeys = retention.maxKeys {
            while slots.count > maxKeys {
                remove(tail)
                evictedCount += 1
            }
        }
    }

    private mutating func remove(_ slot: Int32) {
        unlink(slot)
        slots[entries[Int(slot)].key] = nil
        entries[Int(slot)].record.customer = nil
        free.append(slot)
    }

    private mutating func unlink(_ slot: Int32) {
        let entry = entries[Int(slot)]
        if entry.newer >= 0 { entries[Int(entry.newer)].older = entry.older } else { head = entry.older }
        if entry.older >= 0 { entries[Int(entry.older)].newer = entry.newer } else { tail = entry.newer }
        entries[Int(slot)].newer = -1
        entries[Int(slot)].older = -1
    }

    private mutating func pushFront(_ slot: Int32) {
        entries[Int(slot)].older = head
        entries[Int(slot)].newer = -1
        if head >= 0 { entries[Int(head)].newer = slot }
        head = slot
        if tail < 0 { tail = slot }
    }
}
