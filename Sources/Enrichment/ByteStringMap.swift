#if canImport(Glibc)
import Glibc
#endif

/// A hash map from byte strings to values, built once from a large inventory and then only read:
/// keys live in one arena and lookups take borrowed bytes, so neither loading a million keys nor
/// looking one up per finding allocates a `String`. A later insert of the same key replaces the
/// value (the last entry of an inventory wins). Open addressing with linear probing.
struct ByteStringMap<Value> {
    private var arena: [UInt8] = []
    private var keyStart: [Int] = []
    private var keyLength: [Int32] = []
    private var hashes: [UInt64] = []
    private(set) var values: [Value] = []
    /// Per slot: 0 when empty, else the hash's upper 32 bits above (entry index + 1), so that a
    /// probe touches one array until the tags match.
    private var slots: [UInt64]
    private var mask: Int

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { values.count }

    /// Makes room for `count` entries whose keys take about `keyBytes` bytes in all.
    mutating func reserveCapacity(_ count: Int, keyBytes: Int) {
        arena.reserveCapacity(keyBytes)
        keyStart.reserveCapacity(count)
        keyLength.reserveCapacity(count)
        hashes.reserveCapacity(count)
        values.reserveCapacity(count)
        var size = slots.count
        while size < count * 2 { size <<= 1 }
        if size > slots.count { rehash(size) }
    }

    /// Inserts or replaces the value for `key`.
    mutating func insert(_ key: UnsafeRawBufferPointer, _ value: Value) {
        update(key, default: value) { $0 = value }
    }

    mutating func insert(_ key: String, _ value: Value) {
        var key = key
        key.withUTF8 { insert(UnsafeRawBufferPointer($0), value) }
    }

    /// Changes the value for `key` with `change`, starting from `initial` when the key is new;
    /// one probe sequence either way.
    mutating func update(_ key: UnsafeRawBufferPointer, default initial: Value, _ change: (inout Value) -> Void) {
        let hash = Self.hash(key)
        let tag = (hash & 0xFFFF_FFFF_0000_0000)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { break }
            if stored & 0xFFFF_FFFF_0000_0000 == tag {
                let entry = Int(stored & 0xFFFF_FFFF) - 1
                if Int(keyLength[entry]) == key.count, equals(entry, key) {
                    change(&values[entry])
                    return
                }
            }
            slot = (slot + 1) & mask
        }
        var value = initial
        change(&value)
        keyStart.append(arena.count)
        keyLength.append(Int32(key.count))
        arena.append(contentsOf: key)
        hashes.append(hash)
        values.append(value)
        slots[slot] = tag | UInt64(values.count)
        if values.count * 2 > slots.count { rehash(slots.count * 2) }
    }

    subscript(key: UnsafeRawBufferPointer) -> Value? {
        let hash = Self.hash(key)
        let tag = (hash & 0xFFFF_FFFF_0000_0000)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return nil }
            if stored & 0xFFFF_FFFF_0000_0000 == tag {
                let entry = Int(stored & 0xFFFF_FFFF) - 1
                if Int(keyLength[entry]) == key.count, equals(entry, key) { return values[entry] }
            }
            slot = (slot + 1) & mask
        }
    }

    subscript(key: String) -> Value? {
        var key = key
        return key.withUTF8 { self[UnsafeRawBufferPointer($0)] }
    }

    private func equals(_ entry: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        arena.withUnsafeBytes { bytes in
            key.isEmpty || memcmp(bytes.baseAddress! + keyStart[entry], key.baseAddress!, key.count) == 0
        }
    }

    private mutating func rehash(_ size: Int) {
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
        for entry in hashes.indices {
            let hash = hashes[entry]
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(entry + 1)
        }
    }

    /// A 64-bit hash taking eight bytes at a time (multiply-xorshift rounds, murmur3's
    /// finaliser), so long ARNs hash in a few nanoseconds. In-process only, never persisted.
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        var offset = 0
        while offset + 8 <= key.count {
            hash = (hash ^ key.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < key.count {
            tail |= UInt64(key[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        hash = hash &* 0xFF51_AFD7_ED55_8CCD
        return hash ^ (hash >> 33)
    }
}
