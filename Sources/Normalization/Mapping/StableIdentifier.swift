/// Deterministic identifiers built from a source's own identity, never from time or chance.
enum StableIdentifier {
    /// 64-bit FNV-1a of the UTF-8 bytes, as 16 lower-case hex digits. Fixed and documented, so
    /// the same input gives the same id on every machine and every run.
    static func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Joins the parts of a composite identity with `/`; when the result exceeds ASFF's 512
    /// characters, keeps a readable prefix and appends the hash of the whole.
    static func composite(_ parts: [String]) -> String {
        let joined = parts.joined(separator: "/")
        guard joined.unicodeScalars.count > 512 else { return joined }
        return String(String.UnicodeScalarView(joined.unicodeScalars.prefix(400))) + "/" + fnv1a(joined)
    }
}
