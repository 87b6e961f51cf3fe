#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// The `sink` stage: hands every finding to every destination in batches, waits for each
/// batch to be acknowledged before the next, and spools what a destination could not take.
public struct SinkProcessor: RecordProcessor {
    /// A destination and whether it has failed for good in this run.
    final class Slot {
        let destination: Destination
        var failure: DeliveryError?
        var spooled = 0
        init(_ destination: Destination) { self.destination = destination }
    }

    private let slots: [Slot]
    private let batch: PendingBatch
    private let batchSize: Int
    private let flushInterval: Double
    private let spool: Spool?
    private let maxFindingBytes: Int?
    private let diagnostics: Diagnostics
    private var lastFlush: Double
    private let scratch = ByteBuffer(capacity: 64 * 1024)

    /// Paths of spool files written in this run.
    public private(set) var spoolFiles: [String] = []

    public init(destinations: [Destination], batchSize: Int, flushInterval: Double, spool: Spool?,
                maxFindingBytes: Int?, diagnostics: Diagnostics) {
        slots = destinations.map(Slot.init)
        self.batchSize = batchSize
        self.flushInterval = flushInterval
        self.spool = spool
        batch = PendingBatch(keepsLines: spool != nil)
        self.maxFindingBytes = maxFindingBytes
        self.diagnostics = diagnostics
        lastFlush = SinkProcessor.monotonicSeconds()
    }

    /// Whether every finding reached every destination.
    public var allDelivered: Bool { slots.allSatisfy { $0.failure == nil } }

    public mutating func process(_ document: JSONDocument, _ context: inout RecordContext) throws(RecordRejection) {
        let finding = document.root
        try SinkProcessor.check(finding)
        if let maxFindingBytes {
            scratch.removeAll()
            scratch.appendCompact(finding)
            if scratch.count > maxFindingBytes {
                throw RecordRejection("finding is \(scratch.count) bytes; the securityhub-batch format allows at most \(maxFindingBytes)")
            }
        }
        batch.append(finding, file: context.file, line: context.line)
        for slot in slots where slot.failure == nil {
            do { try slot.destination.add(finding) } catch { fail(slot, error) }
        }
        if batch.count >= batchSize || (flushInterval > 0 && SinkProcessor.monotonicSeconds() - lastFlush >= flushInterval) {
            try flush()
        }
    }

    public mutating func finish(_ context: inout RecordContext) throws {
        try flush()
        for slot in slots where slot.failure == nil {
            do { try slot.destination.close() } catch { fail(slot, error) }
        }
        for slot in slots {
            let stats = slot.destination.statistics
            let name = slot.destination.label
            context.count("delivered[\(name)]", by: stats.delivered)
            context.count("batches[\(name)]", by: stats.batches)
            if stats.retries > 0 { context.count("retries[\(name)]", by: stats.retries) }
            context.count("bytes[\(name)]", by: stats.bytes)
            if slot.spooled > 0 { context.count("spooled[\(name)]", by: slot.spooled) }
        }
        let failed = slots.filter { $0.failure != nil }.map(\.destination.label)
        if !failed.isEmpty {
            throw DeliveryError("delivery to \(failed.joined(separator: ", ")) failed" + (spool.map { "; undelivered findings are in \($0.directory)" } ?? ""))
        }
    }

    /// Stopped by a signal: what was read is still delivered (or spooled), files completed.
    public mutating func interrupted(_ context: inout RecordContext) throws {
        try finish(&context)
    }

    /// Delivers the batch to every destination; spools it for those that fail.
    private mutating func flush() throws(RecordRejection) {
        lastFlush = SinkProcessor.monotonicSeconds()
        guard batch.count > 0 else { return }
        for slot in slots where slot.failure == nil {
            do { try slot.destination.flush() } catch { fail(slot, error) }
        }
        for slot in slots where slot.failure != nil {
            slot.destination.discardBatch()
            guard let spool else {
                throw .fatal("\(slot.destination.label): \(slot.failure!.message); \(batch.count) finding(s) from \(batch.origin) on were not delivered (give --spool DIR to keep them)")
            }
            do {
                spoolFiles.append(try spool.write(batch, for: slot.destination.label))
                slot.spooled += batch.count
            } catch {
                throw .fatal("\(error.message); \(batch.count) finding(s) from \(batch.origin) on were not delivered to \(slot.destination.label)")
            }
        }
        batch.removeAll()
    }

    private func fail(_ slot: Slot, _ error: DeliveryError) {
        guard slot.failure == nil else { return }
        slot.failure = error
        diagnostics.report("\(slot.destination.label): \(error.message)" + (spool.map { "; spooling its findings to \($0.directory)" } ?? ""))
    }

    /// What every destination needs of a finding: an object with its identity and UpdatedAt.
    static func check(_ finding: JSONNode) throws(RecordRejection) {
        guard finding.kind == .object else { throw RecordRejection("not a finding: a JSON \(finding.kind) (expected an object)") }
        guard finding.get("ProductArn")?.kind == .string, finding.get("Id")?.kind == .string else {
            throw RecordRejection("not a finding: ProductArn and Id must be strings")
        }
        guard finding.get("UpdatedAt")?.timestamp != nil else {
            throw RecordRejection("UpdatedAt is missing or not an ISO 8601 timestamp")
        }
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
