#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Where the quotes, brackets and string-unsafe bytes are in 64 bytes of JSON text, one bit per
/// byte (bit k for byte k). On x86-64 with SSE2 compares and `pmovmskb`, elsewhere eight bytes
/// at a time with exact zero-byte tests.
struct StructuralBlock {
    static let size = 64

    /// `"` bytes.
    let quotes: UInt64
    /// `[ ] { }`, and `Y _ y` DEL (the other bytes whose value masked with 0xD9 is 0x59; they
    /// cannot stand outside a string).
    let brackets: UInt64
    /// Bytes a string may not hold unescaped or that need the full UTF-8 check: `\`, control
    /// characters, non-ASCII.
    let special: UInt64

    init(quotes: UInt64, brackets: UInt64, special: UInt64) {
        self.quotes = quotes
        self.brackets = brackets
        self.special = special
    }

    /// The block at `p` (64 readable bytes).
    @inline(__always)
    init(_ p: UnsafeRawPointer) {
        #if arch(x86_64)
        self = StructuralBlock.vector(p)
        #else
        self = StructuralBlock.portable(p)
        #endif
    }

    #if arch(x86_64)
    @inline(__always)
    static func vector(_ p: UnsafeRawPointer) -> StructuralBlock {
        let quote = _mm_set1_epi8(0x22), bracketMask = _mm_set1_epi8(Int8(bitPattern: 0xD9)), bracket = _mm_set1_epi8(0x59)
        let backslash = _mm_set1_epi8(0x5C), controlMask = _mm_set1_epi8(Int8(bitPattern: 0xE0)), zero = _mm_setzero_si128()
        var quotes: UInt64 = 0, brackets: UInt64 = 0, special: UInt64 = 0
        for lane in 0..<4 {
            let v = _mm_loadu_si128((p + lane &* 16).assumingMemoryBound(to: __m128i.self))
            let shift = UInt64(lane &* 16)
            quotes |= StructuralBlock.bits(_mm_cmpeq_epi8(v, quote)) << shift
            brackets |= StructuralBlock.bits(_mm_cmpeq_epi8(_mm_and_si128(v, bracketMask), bracket)) << shift
            // The high bit of `v` itself flags non-ASCII bytes.
            let unsafe = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, backslash),
                                                   _mm_cmpeq_epi8(_mm_and_si128(v, controlMask), zero)), v)
            special |= StructuralBlock.bits(unsafe) << shift
        }
        return StructuralBlock(quotes: quotes, brackets: brackets, special: special)
    }

    @inline(__always)
    private static func bits(_ v: __m128i) -> UInt64 {
        UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(v)))
    }
    #endif

    @inline(__always)
    static func portable(_ p: UnsafeRawPointer) -> StructuralBlock {
        var quotes: UInt64 = 0, brackets: UInt64 = 0, special: UInt64 = 0
        for word in 0..<8 {
            let w = p.loadUnaligned(fromByteOffset: word &* 8, as: UInt64.self)
            let shift = UInt64(word &* 8)
            quotes |= StructuralBlock.zeroBytes(w ^ 0x2222_2222_2222_2222) << shift
            brackets |= StructuralBlock.zeroBytes((w & 0xD9D9_D9D9_D9D9_D9D9) ^ 0x5959_5959_5959_5959) << shift
            let unsafe = StructuralBlock.zeroBytes(w ^ 0x5C5C_5C5C_5C5C_5C5C) | StructuralBlock.zeroBytes(w & 0xE0E0_E0E0_E0E0_E0E0)
                | StructuralBlock.gather(w & 0x8080_8080_8080_8080)
            special |= unsafe << shift
        }
        return StructuralBlock(quotes: quotes, brackets: brackets, special: special)
    }

    /// One bit per zero byte of `x` (exact: no borrow between bytes).
    @inline(__always)
    private static func zeroBytes(_ x: UInt64) -> UInt64 {
        gather(~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & 0x8080_8080_8080_8080)
    }

    /// The high bits of the eight bytes, gathered into the low eight bits.
    @inline(__always)
    private static func gather(_ highs: UInt64) -> UInt64 {
        (highs &* 0x0002_0408_1020_4081) >> 56
    }
}
