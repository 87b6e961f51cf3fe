/// The case folding `equals-ignore-case` compares with: every Unicode scalar replaced by its
/// lowercase mapping (ASCII fast path). Strings are equal ignoring case when their foldings are
/// byte-equal. Folding is per scalar, so the folding of a prefix is a prefix of the folding.
enum CaseFolding {
    /// Folds UTF-8 bytes into `out` (cleared first).
    static func fold(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var ascii = true
        for byte in bytes where byte >= 0x80 { ascii = false; break }
        if ascii {
            for byte in bytes {
                out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            }
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            }
        }
    }

    static func fold(_ string: String) -> [UInt8] {
        var out: [UInt8] = []
        var bytes = Array(string.utf8)
        bytes.withUnsafeMutableBytes { fold(UnsafeRawBufferPointer($0), into: &out) }
        return out
    }
}
