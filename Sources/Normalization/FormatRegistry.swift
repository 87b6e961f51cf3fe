/// The mapping of each input format.
enum FormatRegistry {
    static func source(for format: InputFormat) -> any FindingSource {
        switch format {
        case .guardduty: return GuardDutyFinding()
        case .inspector: return InspectorFinding()
        case .macie: return MacieFinding()
        case .accessAnalyzer: return AccessAnalyzerFinding()
        case .config: return ConfigComplianceFinding()
        case .ocsf: return OCSFFinding()
        case .trivy: return TrivyReport()
        case .grype: return GrypeReport()
        case .auto, .asff: preconditionFailure("ASFF is copied, not mapped")
        }
    }
}
