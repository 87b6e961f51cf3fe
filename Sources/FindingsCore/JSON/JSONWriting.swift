/// JSON serialisation into a `ByteBuffer`.
extension ByteBuffer {
    /// Appends `bytes` as a JSON string literal: quotes, backslashes and control characters
    /// are escaped; everything else (U+2028 and U+2029 included) is copied as is.
    public func appendJSONString(_ bytes: UnsafeRawBufferPointer) {
        reserve(bytes.count + 2)
        append(UInt8(ascii: "\""))
        var runStart = 0
        for i in 0..<bytes.count {
            let c = bytes[i]
            guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
            if runStart < i { append(UnsafeRawBufferPointer(rebasing: bytes[runStart..<i])) }
            runStart = i + 1
            switch c {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            default:
                append("\\u00")
                let hex: StaticString = "0123456789abcdef"
                append(hex.utf8Start[Int(c >> 4)])
                append(hex.utf8Start[Int(c & 0xF)])
            }
        }
        if runStart < bytes.count { append(UnsafeRawBufferPointer(rebasing: bytes[runStart...])) }
        append(UInt8(ascii: "\""))
    }

    /// Appends a Swift string as a JSON string literal.
    public func appendJSONString(_ string: String) {
        var string = string
        string.withUTF8 { appendJSONString(UnsafeRawBufferPointer($0)) }
    }

    /// Appends a value without insignificant whitespace; scalars are copied byte for byte.
    public func appendCompact(_ node: JSONNode) {
        if !node.document.hasWhitespace || node.kind != .object && node.kind != .array {
            append(node.rawBytes)
            return
        }
        switch node.kind {
        case .object:
            append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in node.members {
                if !first { append(UInt8(ascii: ",")) }
                first = false
                append(key.rawBytes)
                append(UInt8(ascii: ":"))
                appendCompact(value)
            }
            append(UInt8(ascii: "}"))
        case .array:
            append(UInt8(ascii: "["))
            var first = true
            for element in node.elements {
                if !first { append(UInt8(ascii: ",")) }
                first = false
                appendCompact(element)
            }
            append(UInt8(ascii: "]"))
        default:
            append(node.rawBytes)
        }
    }
}
