#if canImport(Glibc)
import Glibc
#endif

/// Conversions of validated JSON number literals to Swift numbers.
enum JSONNumberParsing {
    /// The literal as an `Int`, when it has no fraction or exponent and fits.
    static func integer(_ text: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { i = 1 }
        var value = 0
        while i < text.count {
            let c = text[i]
            guard c >= 0x30 && c <= 0x39 else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = negative ? m.subtractingReportingOverflow(Int(c - 0x30)) : m.addingReportingOverflow(Int(c - 0x30))
            if o1 || o2 { return nil }
            value = a
            i += 1
        }
        return value
    }

    /// The literal as the nearest `Double` (strtod on a NUL-terminated copy).
    static func double(_ text: UnsafeRawBufferPointer) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: text.count + 1) { buffer in
            for k in 0..<text.count { buffer[k] = CChar(bitPattern: text[k]) }
            buffer[text.count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }
}
