import FindingsCore

/// The contextual severity of a finding that has no vulnerability to score (docs/enrich.md):
/// the provider's label (`FindingProviderFields.Severity.Label`, else `Severity.Label`, else the
/// label of `Severity.Normalized`) moves one band at most:
/// - asset criticality high +1, low −1; reachability internet +1, none −1;
/// - the sum is clamped to −1…+1, the result to LOW…CRITICAL;
/// - INFORMATIONAL findings and findings whose `Compliance.Status` is PASSED never move.
/// `Normalized` becomes the new label's Security Hub value (1, 40, 70, 90) when the label changes.
struct ContextualSeverity: Equatable {
    let provider: SeverityLabel
    let label: SeverityLabel
    /// Why, in rule order: ASSET_CRITICALITY_HIGH/LOW, INTERNET_REACHABLE, NO_NETWORK_PATH.
    let reasons: [String]

    /// nil when the finding has no provider severity, is not eligible, or nothing applies.
    init?(finding: JSONNode, criticality: AssetCriticality?, reach: Reachability) {
        guard let provider = Self.providerLabel(finding), provider != .informational,
              finding.get("Compliance")?.get("Status")?.stringEquals("PASSED") != true else { return nil }
        var steps = 0
        var reasons: [String] = []
        switch criticality {
        case .high?: steps += 1; reasons.append("ASSET_CRITICALITY_HIGH")
        case .low?: steps -= 1; reasons.append("ASSET_CRITICALITY_LOW")
        case .medium?, nil: break
        }
        switch reach {
        case .internet: steps += 1; reasons.append("INTERNET_REACHABLE")
        case .none: steps -= 1; reasons.append("NO_NETWORK_PATH")
        case .internal, .unknown: break
        }
        guard !reasons.isEmpty else { return nil }
        let bands: [SeverityLabel] = [.low, .medium, .high, .critical]
        let position = bands.firstIndex(of: provider)! + max(-1, min(1, steps))
        self.provider = provider
        label = bands[max(0, min(bands.count - 1, position))]
        self.reasons = reasons
    }

    private static func label(_ node: JSONNode) -> SeverityLabel? {
        if node.stringEquals("INFORMATIONAL") { return .informational }
        if node.stringEquals("LOW") { return .low }
        if node.stringEquals("MEDIUM") { return .medium }
        if node.stringEquals("HIGH") { return .high }
        if node.stringEquals("CRITICAL") { return .critical }
        return nil
    }

    static func providerLabel(_ finding: JSONNode) -> SeverityLabel? {
        for severity in [finding.get("FindingProviderFields")?.get("Severity"), finding.get("Severity")] {
            guard let severity else { continue }
            if let label = severity.get("Label"), let known = Self.label(label) { return known }
            if let normalized = severity.get("Normalized")?.intValue, let label = SeverityLabel(normalized: normalized) { return label }
        }
        return nil
    }
}
