import XCTest
@testable import Enrichment

final class ByteStringMapTests: XCTestCase {
    func testInsertGrowUpdateAndMiss() {
        var map = ByteStringMap<Int>()
        for index in 0..<50_000 { map.insert("key-\(index)", index) }
        map.insert("key-7", 70)
        map.insert("", -1)
        XCTAssertEqual(map.count, 50_001)
        XCTAssertEqual(map["key-7"], 70, "a later insert replaces")
        XCTAssertEqual(map["key-49999"], 49_999)
        XCTAssertEqual(map[""], -1)
        XCTAssertNil(map["key-50000"])
        XCTAssertNil(map["key-"])
        var sums = ByteStringMap<Int>()
        sums.reserveCapacity(1000, keyBytes: 10_000)
        for word in ["a", "b", "a", "a"] {
            Array(word.utf8).withUnsafeBytes { sums.update($0, default: 0) { $0 += 1 } }
        }
        XCTAssertEqual(sums["a"], 3)
        XCTAssertEqual(sums["b"], 1)
    }
}
