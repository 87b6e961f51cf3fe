import XCTest
import FindingsCore
@testable import Deduplication

/// `--window` and `--max-keys`: forgetting identities.
final class RetentionTests: XCTestCase {
    private let day: Int64 = 86_400_000

    func testWindowForgetsIdentitiesNotSeenForThatLong() throws {
        let retention = RetentionPolicy(window: 30 * day)
        var first = memoryDeduplicator(retention: retention)
        _ = try runStage(&first, [generatedFinding(1), generatedFinding(2)])

        // 10 days later: still remembered; identity 2 is seen again.
        var within = Deduplicator(store: first.store, retention: retention, clock: Clock(fixed: fixedClock.now() + 10 * day))
        XCTAssertEqual(try runStage(&within, [generatedFinding(2)]).lines.count, 0)

        // 35 days after the start: 1 was last seen 35 days ago (forgotten), 2 only 25 days ago.
        var after = Deduplicator(store: within.store, retention: retention, clock: Clock(fixed: fixedClock.now() + 35 * day))
        let run = try runStage(&after, [generatedFinding(1), generatedFinding(2)])
        XCTAssertEqual(run.findings.map { $0["Id"] }, [.string("finding-1")])
        XCTAssertEqual(run.findings[0]["UserDefinedFields"]?["dedupe.seen"], .string("1"), "a forgotten identity starts over")
    }

    func testWindowPurgesOldIdentitiesFromMemory() {
        var store = MemoryIdentityStore(retention: RetentionPolicy(window: day))
        let record = IdentityRecord(updatedAt: Timestamp(seconds: 0), fingerprint: 1, seen: 1, firstSeen: 0, lastSeen: 0,
                                    recordState: nil, complianceStatus: nil)
        store.save(record, for: 1, now: 0)
        var later = record
        later.lastSeen = 2 * day
        store.save(later, for: 2, now: 2 * day)
        XCTAssertEqual(store.count, 1)
        XCTAssertNil(store.record(for: 1))
        XCTAssertEqual(store.expiredCount, 1)
    }

    func testMaxKeysEvictsTheLeastRecentlySeenFirst() throws {
        var dedupe = memoryDeduplicator(retention: RetentionPolicy(maxKeys: 2))
        // 1, 2, 1 again (so 2 is now the least recently seen), 3 → 2 is evicted.
        let run = try runStage(&dedupe, [generatedFinding(1), generatedFinding(2), generatedFinding(1), generatedFinding(3),
                                         generatedFinding(1), generatedFinding(2)])
        XCTAssertEqual(run.findings.map { $0["Id"]!.stringValue! }, ["finding-1", "finding-2", "finding-3", "finding-2"])
        XCTAssertEqual(dedupe.store.count, 2)
        XCTAssertEqual(dedupe.store.evictedCount, 2)
        XCTAssertEqual(dedupe.store.records.map(\.key).count, 2)
    }

    func testDurationParsing() throws {
        XCTAssertEqual(try ParsedDuration(parsing: "90d").milliseconds, 90 * day)
        XCTAssertEqual(try ParsedDuration(parsing: "1d12h").milliseconds, day + day / 2)
        XCTAssertEqual(try ParsedDuration(parsing: "2w").milliseconds, 14 * day)
        XCTAssertEqual(try ParsedDuration(parsing: "30m45s").milliseconds, 1_845_000)
        for bad in ["", "90", "d", "5y", "0s", "-1d", "99999999999999999999d"] {
            XCTAssertThrowsError(try ParsedDuration(parsing: bad), bad)
        }
    }
}
