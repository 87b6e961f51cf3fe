/// The input formats `normalize` reads, as named by `--from` and `--list-formats`.
public enum InputFormat: String, CaseIterable, Sendable {
    /// Detect the format of each document from its first keys.
    case auto
    /// AWS Security Finding Format, bare or in any of its wrappers.
    case asff

    /// One line for `--list-formats`.
    public var summary: String {
        switch self {
        case .auto: return "detect each document's format from its keys (default)"
        case .asff: return "AWS Security Finding Format: NDJSON, arrays, {\"Findings\":[...]} (get-findings, BatchImportFindings), EventBridge 'Security Hub Findings - Imported' / '- Custom Action'"
        }
    }
}
