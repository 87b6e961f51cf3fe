#if canImport(Glibc)
import Glibc
#endif

/// A hash map from byte strings to values, built once from a large inventory and then only read:
/// keys live in one arena and lookups take borrowed bytes, so neither loading a million keys nor
/// looking one up per finding allocates a `String`. A later insert of the same key replaces the
/// value (the last entry of an inventory wins). FNV-1a hashing, open addressing.
struct ByteStringMap<Value> {
    private var arena: [UInt8] = []
    private var keyStart: [Int] = []
    private var keyLength: [Int32] = []
    private var hashes: [UInt64] = []
    private(set) var values: [Value] = []
    /// Entry index + 1 per slot; 0 is empty.
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { values.count }

    /// Inserts or replaces the value for `key`.
    mutating func insert(_ key: UnsafeRawBufferPointer, _ value: Value) {
        let hash = Self.hash(key)
        if let entry = find(key, hash) {
            values[entry] = value
            return
        }
        if (values.count + 1) * 2 > slots.count { grow() }
        keyStart.append(arena.count)
        keyLength.append(Int32(key.count))
        arena.append(contentsOf: key)
        hashes.append(hash)
        values.append(value)
        place(values.count - 1, hash)
    }

    mutating func insert(_ key: String, _ value: Value) {
        var key = key
        key.withUTF8 { insert(UnsafeRawBufferPointer($0), value) }
    }

    subscript(key: UnsafeRawBufferPointer) -> Value? {
        find(key, Self.hash(key)).map { values[$0] }
    }

    subscript(key: String) -> Value? {
        var key = key
        return key.withUTF8 { self[UnsafeRawBufferPointer($0)] }
    }

    private func find(_ key: UnsafeRawBufferPointer, _ hash: UInt64) -> Int? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = Int(slots[slot])
            if stored == 0 { return nil }
            let entry = stored - 1
            if hashes[entry] == hash, Int(keyLength[entry]) == key.count, equals(entry, key) { return entry }
            slot = (slot + 1) & mask
        }
    }

    private func equals(_ entry: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        arena.withUnsafeBytes { bytes in
            key.isEmpty || memcmp(bytes.baseAddress! + keyStart[entry], key.baseAddress!, key.count) == 0
        }
    }

    private mutating func place(_ entry: Int, _ hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry + 1)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for entry in hashes.indices { place(entry, hashes[entry]) }
    }

    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }
}
