/// FNV-1a, 64 bits: a fixed hash that gives the same value for the same bytes on every
/// machine and in every process (unlike Swift's `Hasher`, which is seeded per process).
///
/// `dedupe` keys its state by it, and the scale-out tooling partitions records by it, so a
/// finding identity always lands on the same partition. Parameters (FNV-1a, 64-bit):
/// offset basis `0xcbf29ce484222325`, prime `0x100000001b3`; for each byte:
/// `hash = (hash ^ byte) &* prime`.
public struct StableHash: Hashable, Sendable {
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime: UInt64 = 0x0000_0100_0000_01b3

    @usableFromInline var state: UInt64

    /// The hash of everything combined so far.
    @inlinable public var value: UInt64 { state }

    /// The hash of no bytes (the offset basis).
    @inlinable public init() { state = StableHash.offsetBasis }

    /// Folds `bytes` into the hash.
    @inlinable
    public mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        var h = state
        for byte in bytes { h = (h ^ UInt64(byte)) &* StableHash.prime }
        state = h
    }

    /// Folds one byte into the hash.
    @inlinable
    public mutating func combine(byte: UInt8) {
        state = (state ^ UInt64(byte)) &* StableHash.prime
    }

    /// Folds a 32-bit length (or any count) into the hash as 4 bytes, least significant first.
    @inlinable
    public mutating func combine(uint32 number: UInt32) {
        var n = number
        for _ in 0..<4 { combine(byte: UInt8(truncatingIfNeeded: n)); n >>= 8 }
    }

    /// The FNV-1a 64 hash of `bytes`.
    @inlinable
    public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = StableHash()
        hash.combine(bytes)
        return hash.value
    }

    /// The FNV-1a 64 hash of the UTF-8 of `string`.
    public static func of(_ string: String) -> UInt64 {
        var string = string
        return string.withUTF8 { of(UnsafeRawBufferPointer($0)) }
    }

    /// The partition (0..<count) a hash falls into: `hash % count`, unsigned.
    @inlinable
    public static func partition(of hash: UInt64, count: Int) -> Int {
        precondition(count > 0, "partition count must be positive")
        return Int(hash % UInt64(count))
    }
}
