import FindingsCore

/// A 64-bit hash of what a finding says, leaving out its volatile fields: two versions with
/// the same fingerprint differ only in timestamps, counters or formatting.
///
/// It hashes the compact JSON bytes of every non-volatile member (whitespace does not count:
/// pretty-printed input is compacted first) and adds the members' hashes up, so the order of
/// top-level members does not count either. The hash is a multiply-rotate hash over 8-byte
/// little-endian words with a MurmurHash3 finaliser: fixed, so stored fingerprints stay valid
/// from run to run, but no interface of its own (the identity hash is `StableHash`).
public struct ContentFingerprint {
    public let volatile: VolatileFields
    private let scratchTape = JSONTape()
    private let scratchBuffer = ByteBuffer(capacity: 16 * 1024)

    public init(volatile: VolatileFields = VolatileFields()) { self.volatile = volatile }

    /// The fingerprint of the finding `object` (a top-level JSON object).
    public func fingerprint(of object: JSONNode) -> UInt64 {
        guard object.document.hasWhitespace else { return Self.finalise(hashObject(object, volatile.tree)) }
        scratchBuffer.removeAll()
        scratchBuffer.appendCompact(object)
        guard let compact = try? scratchTape.parse(scratchBuffer.bytes) else { return Self.finalise(hashObject(object, volatile.tree)) }
        return Self.finalise(hashObject(compact.root, volatile.tree))
    }

    /// Sum of member hashes (order-independent); `skip` names members to leave out.
    private func hashObject(_ object: JSONNode, _ skip: FieldTree) -> UInt64 {
        var sum: UInt64 = 0
        for (key, value) in object.members {
            let keyBytes = key.rawBytes
            if let index = skip.childIndex(forRawKey: keyBytes) {
                let subtree = skip.children[index].subtree
                if subtree.isLeaf { continue }
                if value.kind == .object {
                    // An object left empty once its volatile members are skipped counts as absent,
                    // so `"UserDefinedFields":{"dedupe.seen":"2"}` matches a finding without them.
                    let inner = hashObject(value, subtree)
                    if inner != 0 { sum &+= Self.finalise(Self.hash(keyBytes, seed: 0x6f62_6a65_6374) ^ inner) }
                    continue
                }
            }
            // Compact text: `"key":value` is one contiguous span.
            let valueBytes = value.rawBytes
            let start = keyBytes.baseAddress!
            let end = valueBytes.baseAddress! + valueBytes.count
            sum &+= Self.finalise(Self.hash(UnsafeRawBufferPointer(start: start, count: end - start), seed: 0))
        }
        return sum
    }

    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Multiply-rotate hash of `bytes`, 8 bytes at a time.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let n = bytes.count
        var h = seed ^ (UInt64(n) &* multiplier)
        guard let base = bytes.baseAddress else { return h }
        var i = 0
        while i + 8 <= n {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            h = ((h ^ word) &* multiplier)
            h = (h << 27) | (h >> 37)
            i += 8
        }
        if i < n {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { word |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift; shift += 8; i += 1 }
            h = ((h ^ word) &* multiplier)
            h = (h << 27) | (h >> 37)
        }
        return h
    }

    /// MurmurHash3's 64-bit finaliser.
    @inline(__always)
    static func finalise(_ value: UInt64) -> UInt64 {
        var k = value
        k ^= k >> 33
        k &*= 0xff51_afd7_ed55_8ccd
        k ^= k >> 33
        k &*= 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }
}
