#if canImport(Glibc)
import Glibc
#endif

/// Appends rejected records to a file as NDJSON: `{"tool","file","line","reason","raw"}`.
///
/// `raw` holds the record's text when it is UTF-8; otherwise `rawBase64` holds its bytes.
/// `truncated: true` marks a record cut to its first bytes (an overlong line).
public final class DeadLetterFile {
    private let output: OutputStream
    private let fd: Int32
    private let tool: String

    public init(path: String, tool: String) throws(IOError) {
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IOError(file: path, "cannot open dead-letter file: \(errnoText())") }
        output = OutputStream(fd: fd, name: path)
        self.tool = tool
    }

    deinit { close(fd) }

    public func write(file: String, line: Int, reason: String, raw: UnsafeRawBufferPointer, truncated: Bool) throws {
        let b = output.buffer
        b.append("{\"tool\":")
        b.appendJSONString(tool)
        b.append(",\"file\":")
        b.appendJSONString(file)
        b.append(",\"line\":")
        b.append(integer: line)
        b.append(",\"reason\":")
        b.appendJSONString(reason)
        if JSONSyntax.isValidUTF8(raw) {
            b.append(",\"raw\":")
            b.appendJSONString(raw)
        } else {
            b.append(",\"rawBase64\":\"")
            Base64.append(raw, to: b)
            b.append(UInt8(ascii: "\""))
        }
        if truncated { b.append(",\"truncated\":true") }
        b.append("}\n")
        try output.endRecord()
    }

    public func flush() throws { try output.flush() }
}

/// Standard base64 (RFC 4648 §4) encoding.
public enum Base64 {
    public static func append(_ bytes: UnsafeRawBufferPointer, to buffer: ByteBuffer) {
        let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        let table = alphabet.utf8Start
        var i = 0
        while i + 3 <= bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            buffer.append(table[Int(v >> 18 & 63)]); buffer.append(table[Int(v >> 12 & 63)])
            buffer.append(table[Int(v >> 6 & 63)]); buffer.append(table[Int(v & 63)])
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            let v = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            buffer.append(table[Int(v >> 18 & 63)]); buffer.append(table[Int(v >> 12 & 63)])
            buffer.append(rest == 2 ? table[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            buffer.append(UInt8(ascii: "="))
        }
    }
}
