import FindingsCore

/// A fixed 128-bit hash of a finding's identity (`ProductArn`, `Id`), as 32 hex digits: two
/// FNV-1a 64 passes with different offset bases over `ProductArn NUL Id`. Stable across runs and
/// machines, so a retried or replayed finding gets the same Elasticsearch `_id`.
enum StableID {
    static func hex(productArn: [UInt8], id: [UInt8]) -> [UInt8] {
        var low: UInt64 = 0xcbf2_9ce4_8422_2325
        var high: UInt64 = 0x6c62_272e_07bb_0142
        let prime: UInt64 = 0x0000_0100_0000_01B3
        func mix(_ byte: UInt8) {
            low = (low ^ UInt64(byte)) &* prime
            high = (high ^ UInt64(byte ^ 0x5A)) &* prime
        }
        for byte in productArn { mix(byte) }
        mix(0)
        for byte in id { mix(byte) }
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(32)
        for word in [high, low] {
            for shift in stride(from: 60, through: 0, by: -4) { text.append(digits[Int((word >> UInt64(shift)) & 0xF)]) }
        }
        return text
    }
}
