#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// RFC 5424 syslog messages:
/// `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [finding@32473 …] BOM MSG`.
///
/// PRI = facility × 8 + a severity derived from the finding's label (CRITICAL 2, HIGH 3,
/// MEDIUM 4, LOW 5, INFORMATIONAL 6); TIMESTAMP is UpdatedAt in UTC with microseconds;
/// header fields are printable US-ASCII within their lengths (HOSTNAME 255, APP-NAME 48,
/// PROCID 128, MSGID 32); the structured-data element escapes `"`, `\` and `]` in values and
/// turns control characters into spaces (the exact text is in MSG), so a message is one line;
/// MSG is the finding as JSON or a CEF message, after a UTF-8 BOM. 32473 is the private
/// enterprise number RFC 5612 reserves for documentation; use your own via the SD-ID if needed.
public final class SyslogEncoder: RecordEncoder {
    /// What the MSG part holds.
    public enum Payload: Sendable { case json, cef }

    private let payload: Payload
    private let facility: Int
    private let header: [UInt8]

    /// Line end appended after each message (a newline for files and stdout; none where the
    /// transport frames messages itself).
    private let terminator: UInt8?

    public init(options: FormatOptions, payload: Payload, terminated: Bool = true) {
        self.payload = payload
        facility = min(23, max(0, options.facility))
        var header = [UInt8]()
        header += SyslogEncoder.headerField(options.hostname, limit: 255)
        header.append(UInt8(ascii: " "))
        header += SyslogEncoder.headerField(options.appName, limit: 48)
        header.append(UInt8(ascii: " "))
        header += SyslogEncoder.headerField(String(getpid()), limit: 128)
        header.append(UInt8(ascii: " "))
        self.header = header
        terminator = terminated ? 0x0A : nil
    }

    public func encode(_ finding: JSONNode, into out: ByteBuffer) {
        appendMessage(finding, into: out)
        if let terminator { out.append(terminator) }
    }

    /// Appends one SYSLOG-MSG without any framing.
    public func appendMessage(_ finding: JSONNode, into out: ByteBuffer) {
        let fields = FindingFields(finding)
        out.append(UInt8(ascii: "<"))
        out.append(integer: facility * 8 + SyslogEncoder.severity(fields.severityLabel))
        out.append(">1 ")
        if let updated = fields.updatedAt { out.appendRFC3339Micros(updated) } else { out.append(UInt8(ascii: "-")) }
        out.append(UInt8(ascii: " "))
        out.append(header)
        out.append(fields.compliance != nil ? "compliance " : "finding ")
        out.append("[finding@32473")
        func param(_ name: StaticString, _ value: JSONNode?) {
            guard let value, value.kind == .string else { return }
            out.append(UInt8(ascii: " "))
            out.append(name)
            out.append("=\"")
            _ = value.withString { text in
                for byte in text {
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "]") { out.append(UInt8(ascii: "\\")) }
                    out.append(byte < 0x20 || byte == 0x7F ? UInt8(ascii: " ") : byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        param("account", fields.awsAccountId)
        param("region", fields.region)
        if let label = fields.severityLabel {
            out.append(" severity=\"")
            out.append(label.staticName)
            out.append(UInt8(ascii: "\""))
        }
        param("productArn", fields.productArn)
        param("id", fields.id)
        out.append("] ")
        out.append(0xEF); out.append(0xBB); out.append(0xBF)
        switch payload {
        case .json: out.appendCompact(finding)
        case .cef: CEFMessage.append(finding, into: out)
        }
    }

    /// Syslog severity of a finding label.
    static func severity(_ label: SeverityLabel?) -> Int {
        switch label {
        case .critical: return 2
        case .high: return 3
        case .medium: return 4
        case .low: return 5
        case .informational, nil: return 6
        }
    }

    /// A header field as printable US-ASCII (33–126, others become `_`), at most `limit`
    /// bytes, `-` when empty.
    static func headerField(_ text: String, limit: Int) -> [UInt8] {
        let bytes = text.utf8.prefix(limit).map { $0 >= 33 && $0 <= 126 ? $0 : UInt8(ascii: "_") }
        return bytes.isEmpty ? [UInt8(ascii: "-")] : bytes
    }
}
