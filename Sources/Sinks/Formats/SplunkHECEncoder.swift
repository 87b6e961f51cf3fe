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
        let fields = FindingFields(finding)
        out.append("{")
        if let updated = fields.updatedAt {
            out.appendKey("time")
            out.appendEpochSeconds(updated)
            out.append(",")
        }
        out.appendStringMember("host", host, comma: false)
        out.appendStringMember("source", fields.productArn)
        out.appendStringMember("sourcetype", sourcetype)
        out.appendStringMember("index", index)
        out.append(",\"fields\":{\"SeverityLabel\":\"")
        out.append(fields.severityLabel?.staticName ?? "UNKNOWN")
        out.append("\"")
        out.appendStringMember("AwsAccountId", fields.awsAccountId)
        out.appendStringMember("Region", fields.region)
        out.appendStringMember("ProductName", fields.productName)
        if let workflow = fields.workflowStatus { out.appendMember("WorkflowStatus", literal: workflow.staticName) }
        if let state = fields.recordState { out.appendMember("RecordState", literal: state.staticName) }
        out.append("},\"event\":")
        out.appendCompact(finding)
        out.append("}\n")
    }
}
