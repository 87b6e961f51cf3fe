/// Recognises VPC flow log text records: a header line of field names (as S3 delivery
/// writes it), then records with that many space-separated fields; or, without a header,
/// default-format (version 2, 14 fields) records. Flow records are telemetry, not findings:
/// they are counted as skipped. The header is remembered per input file.
struct FlowLogText {
    /// The kind flow log lines are counted as.
    static let kind = "vpc-flow-log"

    private var file = ""
    private var headerFieldCount: Int?

    /// `kind` when the line is a flow log header or record, else `nil`.
    mutating func classify(_ line: UnsafeRawBufferPointer, file: String) -> String? {
        if file != self.file {
            self.file = file
            headerFieldCount = nil
        }
        let fields = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
        guard let first = fields.first else { return nil }
        if FlowLogText.isHeader(fields) {
            headerFieldCount = fields.count
            return FlowLogText.kind
        }
        let version = first.count == 1 && first[first.startIndex] >= UInt8(ascii: "2") && first[first.startIndex] <= UInt8(ascii: "9")
        guard version else { return nil }
        if let count = headerFieldCount { return fields.count == count ? FlowLogText.kind : nil }
        return fields.count == 14 && first[first.startIndex] == UInt8(ascii: "2") ? FlowLogText.kind : nil
    }

    /// Field names only (`[a-z0-9-]+`), among them one every flow log format has.
    private static func isHeader(_ fields: [UnsafeRawBufferPointer.SubSequence]) -> Bool {
        guard fields.count >= 2 else { return false }
        var hasAddressField = false
        for field in fields {
            for byte in field {
                let lower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
                let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
                guard lower || digit || byte == UInt8(ascii: "-") else { return false }
            }
            if field.elementsEqual("srcaddr".utf8) || field.elementsEqual("interface-id".utf8) { hasAddressField = true }
        }
        return hasAddressField
    }
}
