/// The input formats `normalize` reads, as named by `--from` and `--list-formats`.
public enum InputFormat: String, CaseIterable, Sendable {
    /// Detect the format of each document from its first keys.
    case auto
    /// AWS Security Finding Format, bare or in any of its wrappers.
    case asff
    /// Amazon GuardDuty findings, camelCase (API, EventBridge, S3 export) or PascalCase (CLI).
    case guardduty
    /// Amazon Inspector (v2) findings.
    case inspector
    /// Amazon Macie (v2) findings.
    case macie
    /// IAM Access Analyzer findings (external, internal and unused access).
    case accessAnalyzer = "access-analyzer"
    /// AWS Config rule compliance changes and evaluation results.
    case config
    /// OCSF findings (classes 2002, 2003, 2004, 2006), as Prowler and Security Lake write them.
    case ocsf
    /// Trivy JSON reports.
    case trivy
    /// Grype JSON reports.
    case grype

    /// One line for `--list-formats`.
    public var summary: String {
        switch self {
        case .auto: return "detect each document's format from its keys (default)"
        case .asff: return "AWS Security Finding Format: NDJSON, arrays, {\"Findings\":[...]} (get-findings, BatchImportFindings), EventBridge 'Security Hub Findings - Imported' / '- Custom Action', Prowler json-asff"
        case .guardduty: return "Amazon GuardDuty findings: API/S3 export (camelCase), EventBridge 'GuardDuty Finding', CLI get-findings (PascalCase)"
        case .inspector: return "Amazon Inspector findings: package vulnerability, network reachability, code vulnerability (API, EventBridge 'Inspector2 Finding')"
        case .macie: return "Amazon Macie findings: sensitive data (classification) and policy (API, EventBridge 'Macie Finding')"
        case .accessAnalyzer: return "IAM Access Analyzer findings: external, internal, unused access (EventBridge, list-findings, list-findings-v2, get-finding, get-finding-v2)"
        case .config: return "AWS Config compliance: EventBridge 'Config Rules Compliance Change', SNS ComplianceChangeNotification, get-compliance-details-by-config-rule/-by-resource"
        case .ocsf: return "OCSF findings: Vulnerability 2002, Compliance 2003, Detection 2004, Data Security 2006 (Prowler json-ocsf, Security Lake)"
        case .trivy: return "Trivy --format json reports: vulnerabilities, misconfigurations, secrets"
        case .grype: return "Grype -o json reports: matches"
        }
    }
}
