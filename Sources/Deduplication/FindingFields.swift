#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// The fields `dedupe` reads from every finding, read without building strings where possible.
struct FindingFields {
    static let userDefinedFields: JSONKey = "UserDefinedFields"
    static let seenPath = JSONPath("UserDefinedFields.dedupe\\.seen")!
    static let firstPath = JSONPath("UserDefinedFields.dedupe\\.first")!
    static let workflowStatusPath = JSONPath("Workflow.Status")!
    static let seenKey = "dedupe.seen"
    static let firstKey = "dedupe.first"

    /// `UpdatedAt` as a `Timestamp`, or `nil` when missing or malformed.
    static func updatedAt(of finding: JSONNode) -> Timestamp? {
        guard let node = finding.get("UpdatedAt"), node.kind == .string else { return nil }
        let raw = node.rawBytes
        let body = UnsafeRawBufferPointer(rebasing: raw[1 ..< raw.count - 1])
        if !hasEscapes(body) { return Timestamp(bytes: body) }
        return node.stringValue.flatMap(Timestamp.init)
    }

    /// Whether the body of a JSON string holds escape sequences (a backslash).
    @inline(__always)
    static func hasEscapes(_ body: UnsafeRawBufferPointer) -> Bool {
        guard let base = body.baseAddress, body.count > 0 else { return false }
        return memchr(base, Int32(UInt8(ascii: "\\")), body.count) != nil
    }
}
