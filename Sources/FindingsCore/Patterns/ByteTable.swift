#if canImport(Glibc)
import Glibc
#endif

/// A hash table from byte strings to small integers, looked up with borrowed bytes (no
/// allocation per lookup). Open addressing with linear probing; keys live in one arena.
/// Built once, then read on the hot path (a class, so handing it around costs one reference).
/// Keys live in numbered namespaces, so one table can serve many small maps (the children of
/// every trie node).
final class ByteTable {
    private var arena: [UInt8] = []
    private var arenaBase: UnsafeMutablePointer<UInt8>
    /// Per slot: key offset in the arena, key length (-1 = empty), value, upper hash bits.
    private var slots: UnsafeMutablePointer<Slot>
    private var mask: Int
    private(set) var count = 0

    private struct Slot {
        var offset: Int32 = 0
        var length: Int32 = -1
        var value: Int32 = 0
        var hash: UInt32 = 0
        var namespace: Int32 = 0
    }

    init() {
        mask = 7
        slots = .allocate(capacity: 8)
        slots.initialize(repeating: Slot(), count: 8)
        arenaBase = .allocate(capacity: 1)
    }

    deinit {
        slots.deallocate()
        arenaBase.deallocate()
    }

    var isEmpty: Bool { count == 0 }

    /// FNV-1a over 8-byte words (then the tail), mixed at the end.
    @inline(__always)
    static func hash(_ p: UnsafeRawPointer?, _ n: Int, _ namespace: Int = 0) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(truncatingIfNeeded: n) ^ (UInt64(truncatingIfNeeded: namespace) &* 0x9e37_79b9_7f4a_7c15)
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

    /// The value stored for `key` (in `namespace`).
    @inline(__always)
    func value(_ key: UnsafeRawBufferPointer, in namespace: Int = 0) -> Int? {
        if count == 0 { return nil }
        let n = key.count
        let h = ByteTable.hash(key.baseAddress, n, namespace)
        var slot = Int(truncatingIfNeeded: h) & mask
        let h32 = UInt32(truncatingIfNeeded: h >> 32)
        while true {
            let s = slots[slot]
            if s.length < 0 { return nil }
            if s.hash == h32, Int(s.length) == n, Int(s.namespace) == namespace,
               n == 0 || memcmp(arenaBase + Int(s.offset), key.baseAddress!, n) == 0 {
                return Int(s.value)
            }
            slot = (slot + 1) & mask
        }
    }

    func value(_ key: [UInt8]) -> Int? {
        key.withUnsafeBytes { value($0) }
    }

    /// Stores `value` for `key` (in `namespace`), replacing an existing one.
    func set(_ key: [UInt8], _ value: Int, in namespace: Int = 0) {
        if (count + 1) * 2 > mask + 1 { grow() }
        let h = key.withUnsafeBytes { ByteTable.hash($0.baseAddress, $0.count, namespace) }
        let h32 = UInt32(truncatingIfNeeded: h >> 32)
        var slot = Int(truncatingIfNeeded: h) & mask
        while slots[slot].length >= 0 {
            let s = slots[slot]
            if s.hash == h32, Int(s.length) == key.count, Int(s.namespace) == namespace,
               arena[Int(s.offset) ..< Int(s.offset) + key.count].elementsEqual(key) {
                slots[slot].value = Int32(value)
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Slot(offset: Int32(arena.count), length: Int32(key.count), value: Int32(value), hash: h32,
                           namespace: Int32(namespace))
        arena.append(contentsOf: key)
        count += 1
        arenaBase.deallocate()
        arenaBase = .allocate(capacity: max(arena.count, 1))
        arenaBase.initialize(from: arena, count: arena.count)
    }

    /// All (key, value, namespace) entries, in no particular order.
    private var entries: [([UInt8], Int, Int)] {
        (0...mask).compactMap { slot in
            let s = slots[slot]
            return s.length < 0 ? nil : (Array(arena[Int(s.offset) ..< Int(s.offset + s.length)]), Int(s.value), Int(s.namespace))
        }
    }

    private func grow() {
        let old = entries
        let capacity = (mask + 1) * 2
        slots.deallocate()
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot(), count: capacity)
        mask = capacity - 1
        arena = []
        count = 0
        for (key, value, namespace) in old { set(key, value, in: namespace) }
    }
}
