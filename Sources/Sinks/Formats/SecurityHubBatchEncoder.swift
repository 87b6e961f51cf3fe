import FindingsCore

/// `BatchImportFindings` request bodies, `{"Findings":[...]}` one per line, within the API's
/// limits: at most 100 findings and 6 MB per body, each finding at most 240 KB (checked by
/// the sink before encoding, see `maxFindingBytes`).
public final class SecurityHubBatchEncoder: RecordEncoder {
    /// Findings per `BatchImportFindings` call.
    public static let maxFindings = 100
    /// Bytes per request body (6 MB, counted in decimal to stay on the safe side).
    public static let maxBodyBytes = 6_000_000
    /// Bytes per finding (240 KB, counted in decimal).
    public static let maxFindingBytes = 240_000

    private var findings = 0
    private var bodyBytes = 0
    private let maxFindings: Int
    private let maxBodyBytes: Int

    public init(maxFindings: Int = SecurityHubBatchEncoder.maxFindings, maxBodyBytes: Int = SecurityHubBatchEncoder.maxBodyBytes) {
        self.maxFindings = maxFindings
        self.maxBodyBytes = maxBodyBytes
    }

    private static let opening: StaticString = "{\"Findings\":["
    private static let closing: StaticString = "]}\n"

    public func encode(_ finding: JSONNode, into out: ByteBuffer) {
        let mark = out.count
        let wasOpen = findings > 0
        out.append(wasOpen ? "," : SecurityHubBatchEncoder.opening)
        out.appendCompact(finding)
        let added = out.count - mark
        let closingBytes = SecurityHubBatchEncoder.closing.utf8CodeUnitCount - 1
        if wasOpen && (findings >= maxFindings || bodyBytes + added + closingBytes > maxBodyBytes) {
            out.truncate(to: mark)
            finishBody(into: out)
            encode(finding, into: out)
            return
        }
        findings += 1
        bodyBytes += added
    }

    public func finishBody(into out: ByteBuffer) {
        guard findings > 0 else { return }
        out.append(SecurityHubBatchEncoder.closing)
        findings = 0
        bodyBytes = 0
    }
}
