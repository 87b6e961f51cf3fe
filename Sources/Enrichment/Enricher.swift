import FindingsCore

/// Enriches ASFF findings (one per input document) with account and asset context, threat
/// intelligence, a contextual severity and automation rules. Changes go through `JSONEdits`, so
/// untouched members are copied byte for byte; a finding nothing applies to is copied whole.
/// `FindingProviderFields` is never changed.
public struct Enricher: RecordProcessor {
    public let sources: EnrichmentSources
    /// Resources of Inspector network-reachability findings loaded or seen so far (rule X4).
    private var reachability: ReachabilityReports
    private let automationTape = JSONTape()
    private let scratch = ByteBuffer()

    public init(sources: EnrichmentSources) {
        self.sources = sources
        reachability = sources.reachability
    }

    public mutating func process(_ document: JSONDocument, _ context: inout RecordContext) throws(RecordRejection) {
        let finding = document.root
        guard Self.looksLikeFinding(finding) else {
            throw RecordRejection("not an ASFF finding (needs SchemaVersion, Id and ProductArn)")
        }
        var changes = FindingChanges(finding: finding)
        addAccount(finding, &changes)
        let (criticality, reach) = assess(finding, &changes)
        addThreatIntel(finding, &changes)
        score(finding, criticality: criticality, reach: reach, &changes)
        try changes.checkUserDefinedFields()

        guard let rules = sources.automation else {
            if changes.isEmpty {
                context.emit { $0.appendCompact(document.root) }
            } else {
                context.emit { changes.write(to: $0) }
            }
            return
        }
        scratch.removeAll()
        if changes.isEmpty { scratch.appendCompact(document.root) } else { changes.write(to: scratch) }
        let enriched: JSONDocument
        do { enriched = try automationTape.parse(scratch.bytes) } catch {
            throw RecordRejection("internal error: enriched finding does not parse: \(error)")
        }
        var ruleChanges = FindingChanges(finding: enriched.root)
        let applied = rules.apply(to: enriched.root, &ruleChanges)
        for name in applied { context.count("rule \(name)") }
        try ruleChanges.checkUserDefinedFields()
        if ruleChanges.isEmpty {
            context.emit { $0.append(enriched.text) }
        } else {
            context.emit { ruleChanges.write(to: $0) }
        }
    }

    /// Whether the document is an object with SchemaVersion, Id and ProductArn (one pass).
    private static func looksLikeFinding(_ node: JSONNode) -> Bool {
        guard node.kind == .object else { return false }
        var found = 0
        for (key, _) in node.members {
            if key.stringEquals("SchemaVersion") { found |= 1 } else if key.stringEquals("Id") { found |= 2 } else if key.stringEquals("ProductArn") { found |= 4 }
        }
        return found == 7
    }

    /// `account.name`, `account.owner`, `account.env`, `account.ou` from the account directory.
    private func addAccount(_ finding: JSONNode, _ changes: inout FindingChanges) {
        guard let accounts = sources.accounts, let id = finding.get("AwsAccountId"), id.kind == .string else { return }
        guard let record = id.withStringBytes({ accounts.record(for: $0) }) ?? nil else { return }
        if let name = record.name { changes.setUserField("account.name", name) }
        if let owner = record.owner { changes.setUserField("account.owner", owner) }
        if let environment = record.environment { changes.setUserField("account.env", environment) }
        if let unit = record.organizationalUnit { changes.setUserField("account.ou", unit) }
    }

    /// Asset criticality (the highest of the finding's resources; sets `Criticality`) and
    /// reachability (the most exposed of inventory, the finding's own evidence and earlier
    /// network-reachability findings).
    private mutating func assess(_ finding: JSONNode, _ changes: inout FindingChanges) -> (AssetCriticality?, Reachability) {
        var criticality: Int?
        var reach = FindingExposure.evidence(in: finding)
        if let reported = reachability.record(finding) { reach = reach.widened(to: reported) }
        if let resources = finding.get("Resources"), resources.kind == .array {
            for resource in resources.elements {
                guard let id = resource.get("Id") else { continue }
                id.withStringBytes { idBytes in
                if let reported = reachability.reported(for: idBytes) { reach = reach.widened(to: reported) }
                if let record = sources.assets?.record(for: idBytes) {
                    if let value = record.criticality { criticality = max(criticality ?? value, value) }
                    if let value = record.reach { reach = reach.widened(to: value) }
                }
                }
            }
        }
        if let criticality {
            changes.set(FindingChanges.criticality, .int(criticality))
        }
        if reach != .unknown { changes.setUserField("asset.reach", reach.rawValue) }
        return (criticality.map(AssetRecord.criticalityClass), reach)
    }
}
