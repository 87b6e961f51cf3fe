/// Makes untrusted text safe as one path component.
///
/// Keeps ASCII letters, digits, `.`, `_` and `-`; every other byte (a `/`, NUL, a space, a
/// shell metacharacter, a non-ASCII byte) becomes `_`. A result that is empty, `.` or `..`
/// becomes `_`, and one starting with `.` or `-` gets a `_` in front, so a component can never
/// name a parent directory, a hidden file or an option. At most `limit` bytes.
public enum PathSanitizer {
    public static func component(_ text: String, limit: Int = 128) -> String {
        component(bytes: Array(text.utf8), limit: limit)
    }

    public static func component(bytes: [UInt8], limit: Int = 128) -> String {
        var safe = bytes.prefix(limit).map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return byte
            default:
                return UInt8(ascii: "_")
            }
        }
        if safe.isEmpty || safe.allSatisfy({ $0 == UInt8(ascii: ".") }) { return "_" }
        if safe[0] == UInt8(ascii: ".") || safe[0] == UInt8(ascii: "-") { safe.insert(UInt8(ascii: "_"), at: 0) }
        return String(decoding: safe, as: UTF8.self)
    }
}
