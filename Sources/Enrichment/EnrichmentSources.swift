import FindingsCore

/// Everything `enrich` loaded at start-up: inventories, intelligence, rules and switches.
public struct EnrichmentSources {
    public var accounts: AccountDirectory?
    public var assets: AssetInventory?
    public var kev: KEVCatalog?
    public var epss: EPSSTable?
    public var ipLists: [IPReputationList] = []
    public var automation: AutomationRuleSet?
    /// Change only fields `BatchUpdateFindings` may change: no `Vulnerabilities[].EpssScore`, no
    /// `Vulnerabilities[].Cvss[]` entry, no `ThreatIntelIndicators` (their values still go into
    /// `UserDefinedFields`).
    public var customerFieldsOnly = false

    public init() {}

    /// Whether anything would change a finding.
    public var isEmpty: Bool {
        accounts == nil && assets == nil && kev == nil && epss == nil && ipLists.isEmpty && automation == nil
    }
}
