import FindingsCore

/// The fast path for the most common output: a compact finding that only gains
/// `UserDefinedFields["dedupe.seen"]` and `["dedupe.first"]`. Splices them into the original
/// bytes (inside an existing `UserDefinedFields`, or as a new last member) exactly where
/// `JSONEdits` would put them, without copying the finding member by member.
enum CounterSplice {
    /// Whether the splice applies: a compact finding whose `UserDefinedFields`, if any, is an
    /// object without either key. Other findings take the general `JSONEdits` path.
    static func applies(to finding: JSONNode) -> Bool {
        guard !finding.document.hasWhitespace, finding.kind == .object else { return false }
        guard let fields = finding[FindingFields.userDefinedFields] else { return true }
        return fields.kind == .object && fields[seenKey] == nil && fields[firstKey] == nil
    }

    /// Appends `finding` with the two counters to `buffer` (only where `applies(to:)`).
    static func append(_ finding: JSONNode, seen: Int, first: String, to buffer: ByteBuffer) {
        let text = finding.rawBytes
        if let fields = finding[FindingFields.userDefinedFields] {
            let raw = fields.rawBytes
            let close = raw.baseAddress! - text.baseAddress! + raw.count - 1
            buffer.append(UnsafeRawBufferPointer(rebasing: text[..<close]))
            if fields.count > 0 { buffer.append(UInt8(ascii: ",")) }
            appendCounters(seen: seen, first: first, to: buffer)
            buffer.append(UnsafeRawBufferPointer(rebasing: text[close...]))
        } else {
            let close = text.count - 1
            buffer.append(UnsafeRawBufferPointer(rebasing: text[..<close]))
            if finding.count > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.append("\"UserDefinedFields\":{")
            appendCounters(seen: seen, first: first, to: buffer)
            buffer.append("}}")
        }
    }

    private static let seenKey = JSONKey(FindingFields.seenKey)
    private static let firstKey = JSONKey(FindingFields.firstKey)

    private static func appendCounters(seen: Int, first: String, to buffer: ByteBuffer) {
        buffer.append("\"dedupe.seen\":\"")
        buffer.append(integer: seen)
        buffer.append("\",\"dedupe.first\":")
        buffer.appendJSONString(first)
    }
}
