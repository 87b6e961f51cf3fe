import FindingsCore

/// The findings of the batch in progress, as compact ASFF lines: what is spooled when a
/// destination cannot take them.
public final class PendingBatch {
    /// The batch's findings, one per line (empty when `keepsLines` is false).
    public let lines = ByteBuffer(capacity: 1 << 20)
    public private(set) var count = 0
    /// Where the batch's first finding came from (`FILE:LINE`), for messages.
    public private(set) var origin = ""
    /// Whether the lines are kept (only needed when there is a spool to write them to).
    public let keepsLines: Bool

    public init(keepsLines: Bool) { self.keepsLines = keepsLines }

    public func append(_ finding: JSONNode, file: String, line: Int) {
        if count == 0 { origin = "\(file):\(line)" }
        if keepsLines {
            lines.appendCompact(finding)
            lines.append(0x0A)
        }
        count += 1
    }

    public func removeAll() {
        lines.removeAll()
        count = 0
    }
}
