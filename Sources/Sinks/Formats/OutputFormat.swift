#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// The output formats of `sink`, by their `--format` names.
public enum OutputFormat: String, CaseIterable, Sendable {
    case asff
    case ocsf
    case splunkHEC = "splunk-hec"
    case elasticBulk = "elastic-bulk"
    case cef
    case syslog
    case csv
    case securityHubBatch = "securityhub-batch"
    case webhook

    /// One line for `--list-formats`.
    public var summary: String {
        switch self {
        case .asff: return "the ASFF finding, one compact JSON line each (NDJSON)"
        case .ocsf: return "OCSF 1.1 Detection, Vulnerability, Compliance or Data Security Finding, one JSON line each"
        case .splunkHEC: return "Splunk HTTP Event Collector envelopes {time,host,source,sourcetype,index,fields,event}"
        case .elasticBulk: return "Elasticsearch _bulk action + ECS document line pairs, deterministic _id, external version"
        case .cef: return "ArcSight CEF:0 lines with escaped header and extension"
        case .syslog: return "RFC 5424 syslog messages with structured data and the finding as JSON"
        case .csv: return "RFC 4180 CSV with a header row, one finding per row"
        case .securityHubBatch: return "BatchImportFindings bodies {\"Findings\":[...]}: at most 100 findings and 6 MB each"
        case .webhook: return "a JSON array of ASFF findings per batch"
        }
    }

    /// The largest finding the format can carry, if it has a limit.
    public var maxFindingBytes: Int? {
        self == .securityHubBatch ? SecurityHubBatchEncoder.maxFindingBytes : nil
    }

    /// The MIME type of a body in this format.
    public var contentType: String {
        switch self {
        case .elasticBulk, .asff, .ocsf: return "application/x-ndjson"
        case .splunkHEC, .securityHubBatch, .webhook: return "application/json"
        case .cef, .syslog: return "text/plain; charset=utf-8"
        case .csv: return "text/csv; charset=utf-8"
        }
    }
}

/// Settings the formats share (`--index`, `--sourcetype`, ...).
public struct FormatOptions: Sendable {
    /// Index name for Splunk (`index`) and Elasticsearch (`_index`); omitted when `nil`.
    public var index: String?
    /// Splunk `sourcetype`.
    public var sourcetype = "aws:securityhub:finding"
    /// Host name written into syslog headers and HEC envelopes.
    public var hostname = FormatOptions.localHostname
    /// Syslog facility (0–23).
    public var facility = 10
    /// Syslog APP-NAME.
    public var appName = "sink"
    /// Payload of syslog messages: CEF when true, else the finding as JSON.
    public var syslogCEF = false

    public init() {}

    /// This machine's host name, or `-` when it has none.
    public static var localHostname: String {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "-" }
        let text = String(cString: name)
        return text.isEmpty ? "-" : text
    }
}


extension OutputFormat {
    /// A new encoder for this format.
    public func makeEncoder(_ options: FormatOptions) -> RecordEncoder {
        switch self {
        case .asff: return ASFFEncoder()
        case .ocsf: return OCSFEncoder()
        case .splunkHEC: return SplunkHECEncoder(options: options)
        case .elasticBulk: return ElasticBulkEncoder(index: options.index)
        case .cef: return CEFLineEncoder()
        case .syslog: return SyslogEncoder(options: options, payload: .json)
        case .csv: return CSVEncoder()
        case .securityHubBatch: return SecurityHubBatchEncoder()
        case .webhook: return JSONArrayEncoder()
        }
    }
}
