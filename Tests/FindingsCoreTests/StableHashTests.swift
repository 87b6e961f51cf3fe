import XCTest
import FindingsCore

final class StableHashTests: XCTestCase {
    func testMatchesPublishedFNV1a64Vectors() {
        XCTAssertEqual(StableHash.of(""), 0xcbf2_9ce4_8422_2325)
        XCTAssertEqual(StableHash.of("a"), 0xaf63_dc4c_8601_ec8c)
        XCTAssertEqual(StableHash.of("foobar"), 0x8594_4171_f739_67e8)
    }

    func testCombiningPiecesEqualsHashingTheWhole() {
        var hash = StableHash()
        hash.combine(byte: UInt8(ascii: "f"))
        Array("oobar".utf8).withUnsafeBytes { hash.combine($0) }
        XCTAssertEqual(hash.value, StableHash.of("foobar"))
        var length = StableHash()
        length.combine(uint32: 0x0403_0201)
        XCTAssertEqual(length.value, ([1, 2, 3, 4] as [UInt8]).withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in StableHash.of(bytes) })
    }

    func testPartitionIsTheUnsignedRemainder() {
        XCTAssertEqual(StableHash.partition(of: 10, count: 4), 2)
        XCTAssertEqual(StableHash.partition(of: UInt64.max, count: 7), Int(UInt64.max % 7))
    }
}
