import FindingsCore

/// A JSON array of ASFF findings per body (the webhook format), followed by a newline.
public final class JSONArrayEncoder: RecordEncoder {
    private var open = false

    public init() {}

    public func encode(_ finding: JSONNode, into out: ByteBuffer) {
        out.append(open ? UInt8(ascii: ",") : UInt8(ascii: "["))
        open = true
        out.appendCompact(finding)
    }

    public func finishBody(into out: ByteBuffer) {
        guard open else { return }
        out.append("]\n")
        open = false
    }
}
