import FindingsCore

/// Splunk HTTP Event Collector envelopes for `/services/collector/event`, one per line
/// (HEC accepts envelopes concatenated in one body):
/// `{"time":<UpdatedAt s.mmm>,"host":…,"source":<ProductArn>,"sourcetype":…,"index":…,"fields":{…},"event":<finding>}`.
/// `fields` holds index-time fields as strings: account, region, severity, product, workflow, record state.
public final class SplunkHECEncoder: RecordEncoder {
    private let host: [UInt8]
    private let sourcetype: [UInt8]
    private let index: [UInt8]?

    public init(options: FormatOptions) {
        host = Array(options.hostname.utf8)
        sourcetype = Array(options.sourcetype.utf8)
        index = options.index.map { Array($0.utf8) }
    }

    public func encode(_ finding: JSONNode, into out: ByteBuffer) {
        let view = Finding(finding)
        out.append("{")
        if let updated = view.updatedAt {
            out.appendKey("time")
            out.appendEpochSeconds(updated)
            out.append(",")
        }
        out.appendStringMember("host", host, comma: false)
        out.appendStringMember("source", finding.string("ProductArn"))
        out.appendStringMember("sourcetype", sourcetype)
        out.appendStringMember("index", index)
        out.append(",\"fields\":{")
        var first = true
        func field(_ key: StaticString, _ value: [UInt8]?) {
            guard let value else { return }
            out.appendStringMember(key, value, comma: !first)
            first = false
        }
        field("AwsAccountId", finding.string("AwsAccountId"))
        field("Region", view.region.map { Array($0.utf8) })
        field("SeverityLabel", view.severityLabel.map { Array($0.rawValue.utf8) })
        field("ProductName", finding.string("ProductName"))
        field("WorkflowStatus", view.workflowStatus.map { Array($0.rawValue.utf8) })
        field("RecordState", finding.string("RecordState"))
        out.append("},\"event\":")
        out.appendCompact(finding)
        out.append("}\n")
    }
}
