import FindingsCore

/// Severity words of third-party scanners (Trivy UNKNOWN LOW MEDIUM HIGH CRITICAL; Grype
/// Negligible Low Medium High Critical Unknown): case-insensitive, unknown and negligible
/// are INFORMATIONAL.
enum ScannerSeverity {
    static func label(_ text: String) -> SeverityLabel? {
        switch text.uppercased() {
        case "UNKNOWN", "NEGLIGIBLE", "INFO", "INFORMATIONAL": return .informational
        default: return SeverityLabel(rawValue: text.uppercased())
        }
    }

    /// The CVSS version a vector states (`CVSS:3.1/...`), else `fallback`.
    static func cvssVersion(vector: String?, fallback: String) -> String {
        guard let vector, vector.hasPrefix("CVSS:"), let slash = vector.firstIndex(of: "/") else { return fallback }
        return String(vector[vector.index(vector.startIndex, offsetBy: 5)..<slash])
    }
}
