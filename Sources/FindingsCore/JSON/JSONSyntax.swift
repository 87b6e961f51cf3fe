/// Byte-level scanners for JSON tokens, shared by the parser and the document framer.
@usableFromInline
enum JSONSyntax {
    @inline(__always) @usableFromInline
    static func isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
    }

    @inline(__always)
    static func skipWhitespace(_ p: UnsafePointer<UInt8>, _ n: Int, _ from: Int) -> Int {
        var i = from
        while i < n, isWhitespace(p[i]) { i += 1 }
        return i
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// A mask with the high bit set in the first byte of `w` (lowest address) that is a quote,
    /// a backslash, a control character or non-ASCII; zero when there is none. Bits above the
    /// first marked byte may be spurious (borrows), so only the lowest one is meaningful.
    @inline(__always)
    static func attentionMask(_ w: UInt64) -> UInt64 {
        let quote = w ^ (ones &* 0x22)
        let backslash = w ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let control = (w &- ones &* 0x20) & ~w
        return (zeroQuote | zeroBackslash | control | w) & highs
    }

    /// Scans a string body starting just after its opening quote; returns the offset of the
    /// closing quote and whether the body holds escapes. Validates UTF-8 and escapes.
    static func scanString(_ p: UnsafePointer<UInt8>, _ n: Int, _ from: Int,
                           maxLength: Int) throws(JSONError) -> (close: Int, escaped: Bool) {
        var j = from
        var escaped = false
        let raw = UnsafeRawPointer(p)
        while true {
            // Eight bytes at a time up to the first byte that needs a look.
            while j &+ 8 <= n {
                let mask = attentionMask(raw.loadUnaligned(fromByteOffset: j, as: UInt64.self))
                if mask != 0 { j &+= mask.trailingZeroBitCount >> 3; break }
                j &+= 8
            }
            guard j < n else { throw JSONError(.unexpectedEnd, at: j) }
            let c = p[j]
            if c == UInt8(ascii: "\"") {
                if j - from > maxLength { throw JSONError(.stringTooLong(limit: maxLength), at: from) }
                return (j, escaped)
            } else if c == UInt8(ascii: "\\") {
                escaped = true
                j = try scanEscape(p, n, j)
            } else if c < 0x20 {
                throw JSONError(.controlCharacterInString(c), at: j)
            } else if c >= 0x80 {
                j = try scanUTF8Sequence(p, n, j)
            } else {
                j &+= 1
            }
        }
    }

    /// Validates one escape sequence at `p[at] == '\\'`; returns the offset after it.
    private static func scanEscape(_ p: UnsafePointer<UInt8>, _ n: Int, _ at: Int) throws(JSONError) -> Int {
        guard at + 1 < n else { throw JSONError(.unexpectedEnd, at: at) }
        switch p[at + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return at + 2
        case UInt8(ascii: "u"):
            let unit = try hexUnit(p, n, at + 2)
            if unit >= 0xDC00 && unit <= 0xDFFF { throw JSONError(.loneSurrogate(unit), at: at) }
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard at + 11 < n, p[at + 6] == UInt8(ascii: "\\"), p[at + 7] == UInt8(ascii: "u") else {
                    throw JSONError(.loneSurrogate(unit), at: at)
                }
                let low = try hexUnit(p, n, at + 8)
                guard low >= 0xDC00 && low <= 0xDFFF else { throw JSONError(.loneSurrogate(unit), at: at) }
                return at + 12
            }
            return at + 6
        default:
            throw JSONError(.invalidEscape, at: at)
        }
    }

    static func hexUnit(_ p: UnsafePointer<UInt8>, _ n: Int, _ at: Int) throws(JSONError) -> UInt16 {
        guard at + 4 <= n else { throw JSONError(.unexpectedEnd, at: at) }
        var value: UInt16 = 0
        for k in 0..<4 {
            let c = p[at + k]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw JSONError(.invalidEscape, at: at - 2)
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence (Unicode Table 3-7: no overlong forms, no
    /// surrogates, nothing above U+10FFFF); returns the offset after it.
    @inline(__always)
    static func scanUTF8Sequence(_ p: UnsafePointer<UInt8>, _ n: Int, _ at: Int) throws(JSONError) -> Int {
        let lead = p[at]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw JSONError(.invalidUTF8, at: at)
        }
        guard at + length <= n else { throw JSONError(.invalidUTF8, at: at) }
        let second = p[at + 1]
        guard second >= low && second <= high else { throw JSONError(.invalidUTF8, at: at) }
        var k = 2
        while k < length {
            guard p[at + k] & 0xC0 == 0x80 else { throw JSONError(.invalidUTF8, at: at) }
            k += 1
        }
        return at + length
    }

    /// Validates that a whole byte range is UTF-8 (for text that did not come through the parser).
    public static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let p = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
        let n = bytes.count
        var i = 0
        while i < n {
            if p[i] < 0x80 { i += 1; continue }
            do { i = try scanUTF8Sequence(p, n, i) } catch { return false }
        }
        return true
    }

    /// Scans a number literal per RFC 8259 §6; returns the offset after it.
    static func scanNumber(_ p: UnsafePointer<UInt8>, _ n: Int, _ from: Int) throws(JSONError) -> Int {
        var i = from
        @inline(__always) func isDigit(_ i: Int) -> Bool { i < n && p[i] >= 0x30 && p[i] <= 0x39 }
        if p[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { throw JSONError(.invalidNumber, at: from) }
        if p[i] == UInt8(ascii: "0") {
            i += 1
            if isDigit(i) { throw JSONError(.invalidNumber, at: from) }
        } else {
            while isDigit(i) { i += 1 }
        }
        if i < n && p[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i) else { throw JSONError(.invalidNumber, at: from) }
            while isDigit(i) { i += 1 }
        }
        if i < n && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            i += 1
            if i < n && (p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-")) { i += 1 }
            guard isDigit(i) else { throw JSONError(.invalidNumber, at: from) }
            while isDigit(i) { i += 1 }
        }
        return i
    }

    static func scanLiteral(_ p: UnsafePointer<UInt8>, _ n: Int, _ from: Int) throws(JSONError) -> (JSONKind, Int) {
        func matches(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard from + count <= n else { return false }
            for k in 0..<count where p[from + k] != word.utf8Start[k] { return false }
            return true
        }
        if matches("true") { return (.true, from + 4) }
        if matches("false") { return (.false, from + 5) }
        if matches("null") { return (.null, from + 4) }
        throw JSONError(.unexpectedCharacter(p[from]), at: from)
    }
}
