#if canImport(Glibc)
import Glibc
#endif

/// A read-mostly hash table from byte strings to small integers, looked up with borrowed bytes
/// (no allocation per lookup). Open addressing with linear probing; keys live in one arena.
struct ByteTable {
    private var arena: [UInt8] = []
    /// Per slot: key offset in the arena, key length, value; `length == -1` marks an empty slot.
    private var offsets: [Int32]
    private var lengths: [Int32]
    private var values: [Int32]
    private var hashes: [UInt32]
    private var mask: Int
    private(set) var count = 0

    init() {
        mask = 7
        offsets = Array(repeating: 0, count: 8)
        lengths = Array(repeating: -1, count: 8)
        values = Array(repeating: 0, count: 8)
        hashes = Array(repeating: 0, count: 8)
    }

    var isEmpty: Bool { count == 0 }

    /// FNV-1a over 8-byte words (then the tail), mixed at the end.
    @inline(__always)
    static func hash(_ p: UnsafeRawPointer?, _ n: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(truncatingIfNeeded: n)
        guard let p else { return h }
        var i = 0
        while i + 8 <= n {
            h = (h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x100_0000_01b3
            h ^= h >> 29
            i += 8
        }
        while i < n {
            h = (h ^ UInt64(p.load(fromByteOffset: i, as: UInt8.self))) &* 0x100_0000_01b3
            i += 1
        }
        h ^= h >> 32
        h = h &* 0xff51_afd7_ed55_8ccd
        return h ^ (h >> 33)
    }

    /// The value stored for `key`.
    @inline(__always)
    func value(_ key: UnsafeRawBufferPointer) -> Int? {
        let n = key.count
        let h = ByteTable.hash(key.baseAddress, n)
        var slot = Int(truncatingIfNeeded: h) & mask
        let h32 = UInt32(truncatingIfNeeded: h >> 32)
        return arena.withUnsafeBytes { stored -> Int? in
            while true {
                let length = lengths[slot]
                if length < 0 { return nil }
                if hashes[slot] == h32, Int(length) == n,
                   n == 0 || memcmp(stored.baseAddress! + Int(offsets[slot]), key.baseAddress!, n) == 0 {
                    return Int(values[slot])
                }
                slot = (slot + 1) & mask
            }
        }
    }

    func value(_ key: [UInt8]) -> Int? {
        key.withUnsafeBytes { value($0) }
    }

    /// Stores `value` for `key`, replacing an existing one.
    mutating func set(_ key: [UInt8], _ value: Int) {
        if (count + 1) * 2 > mask + 1 { grow() }
        let h = key.withUnsafeBytes { ByteTable.hash($0.baseAddress, $0.count) }
        let h32 = UInt32(truncatingIfNeeded: h >> 32)
        var slot = Int(truncatingIfNeeded: h) & mask
        while lengths[slot] >= 0 {
            if hashes[slot] == h32, Int(lengths[slot]) == key.count,
               arena[Int(offsets[slot]) ..< Int(offsets[slot]) + key.count].elementsEqual(key) {
                values[slot] = Int32(value)
                return
            }
            slot = (slot + 1) & mask
        }
        offsets[slot] = Int32(arena.count)
        lengths[slot] = Int32(key.count)
        values[slot] = Int32(value)
        hashes[slot] = h32
        arena.append(contentsOf: key)
        count += 1
    }

    /// All (key, value) pairs, in no particular order.
    var entries: [([UInt8], Int)] {
        (0...mask).compactMap { slot in
            lengths[slot] < 0 ? nil : (Array(arena[Int(offsets[slot]) ..< Int(offsets[slot] + lengths[slot])]), Int(values[slot]))
        }
    }

    private mutating func grow() {
        let old = entries
        let capacity = (mask + 1) * 2
        mask = capacity - 1
        offsets = Array(repeating: 0, count: capacity)
        lengths = Array(repeating: -1, count: capacity)
        values = Array(repeating: 0, count: capacity)
        hashes = Array(repeating: 0, count: capacity)
        arena = []
        count = 0
        for (key, value) in old { set(key, value) }
    }
}
