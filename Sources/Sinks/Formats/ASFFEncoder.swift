import FindingsCore

/// The finding itself, as one compact JSON line.
public final class ASFFEncoder: RecordEncoder {
    public init() {}

    public func encode(_ finding: JSONNode, into out: ByteBuffer) {
        out.appendCompact(finding)
        out.append(0x0A)
    }
}
