import FindingsCore

/// Enriches ASFF findings (one per input document) with account and asset context, threat
/// intelligence, a contextual severity and automation rules. Changes go through `JSONEdits`, so
/// untouched members are copied byte for byte; a finding nothing applies to is copied whole.
/// `FindingProviderFields` is never changed.
public struct Enricher: RecordProcessor {
    public let sources: EnrichmentSources
    /// Resources of Inspector network-reachability findings seen so far (rule X4).
    private var reachableResources = ByteStringMap<Reachability>()
    private let automationTape = JSONTape()
    private let scratch = ByteBuffer()

    public init(sources: EnrichmentSources) {
        self.sources = sources
    }

    public mutating func process(_ document: JSONDocument, _ context: inout RecordContext) throws(RecordRejection) {
        let finding = document.root
        guard finding.kind == .object, finding.has("SchemaVersion"), finding.has("Id"), finding.has("ProductArn") else {
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
                context.emit { $0.append(document.text) }
            } else {
                context.emit { changes.write(to: $0) }
            }
            return
        }
        scratch.removeAll()
        if changes.isEmpty { scratch.append(document.text) } else { changes.write(to: scratch) }
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
        let reported = FindingExposure.networkReachability(of: finding)
        if let reported { reach = reach.widened(to: reported) }
        if let resources = finding.get("Resources"), resources.kind == .array {
            for resource in resources.elements {
                guard let id = resource.get("Id") else { continue }
                id.withStringBytes { idBytes in
                if let reported {
                    reachableResources.insert(idBytes, (reachableResources[idBytes] ?? .unknown).widened(to: reported))
                    if let slash = idBytes.lastIndex(of: UInt8(ascii: "/")) {
                        let bare = UnsafeRawBufferPointer(rebasing: idBytes[(slash + 1)...])
                        reachableResources.insert(bare, (reachableResources[bare] ?? .unknown).widened(to: reported))
                    }
                } else if let earlier = reachableResources[idBytes] {
                    reach = reach.widened(to: earlier)
                }
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
        return (criticality.map { $0 >= 70 ? .high : $0 >= 40 ? .medium : .low }, reach)
    }

    /// IP reputation: each remote address of the finding found in a list becomes a
    /// `ThreatIntelIndicators` entry (up to ASFF's 5) and is named in `intel.ip`.
    private func addThreatIntel(_ finding: JSONNode, _ changes: inout FindingChanges) {
        guard !sources.ipLists.isEmpty else { return }
        var matches: [(address: String, type: String, list: String)] = []
        for node in RemoteAddresses.of(finding) {
            guard let list = node.withStringBytes({ bytes in sources.ipLists.first { $0.contains(bytes: bytes) } }) ?? nil,
                  let address = node.stringValue, !matches.contains(where: { $0.address == address }) else { continue }
            matches.append((address, address.contains(":") ? "IPV6_ADDRESS" : "IPV4_ADDRESS", list.name))
        }
        guard !matches.isEmpty else { return }
        changes.setUserField("intel.ip", matches.map(\.address).joined(separator: ","))
        changes.setUserField("intel.ip.source", matches.map(\.list).joined(separator: ","))
        guard !sources.customerFieldsOnly else { return }
        var indicators = finding.get("ThreatIntelIndicators").map(JSONValue.init)?.arrayValue ?? []
        for match in matches where indicators.count < 5 {
            let known = indicators.contains { $0["Value"]?.stringValue == match.address && $0["Source"]?.stringValue == match.list }
            if known { continue }
            indicators.append(.object(["Type": .string(match.type), "Value": .string(match.address), "Source": .string(match.list)]))
        }
        changes.set(FindingChanges.threatIntelIndicators, .array(indicators))
    }

    /// ctx-score v1 for vulnerability findings; the contextual severity rule for the others.
    private func score(_ finding: JSONNode, criticality: AssetCriticality?, reach: Reachability, _ changes: inout FindingChanges) {
        guard let assessment = VulnerabilityAssessment(finding: finding, reach: reach, criticality: criticality,
                                                       kev: sources.kev, epss: sources.epss) else {
            guard let severity = ContextualSeverity(finding: finding, criticality: criticality, reach: reach) else { return }
            changes.setUserField("risk.label", severity.label.rawValue)
            changes.setUserField("risk.basis", (["PROVIDER_" + severity.provider.rawValue] + severity.reasons).joined(separator: ","))
            if severity.label != severity.provider {
                changes.set(FindingChanges.severityLabel, .string(severity.label.rawValue))
                changes.set(FindingChanges.severityNormalized, .int(severity.label.normalized))
            }
            return
        }
        if let kev = assessment.items.first(where: { $0.kev != nil })?.kev {
            changes.setUserField("intel.kev", "true")
            changes.setUserField("intel.kev.dateAdded", kev.dateAdded)
            changes.setUserField("intel.kev.dueDate", kev.dueDate)
            if kev.ransomware { changes.setUserField("intel.kev.ransomware", "Known") }
        }
        if let epss = assessment.items.compactMap(\.epss).max(by: { $0.score < $1.score }) {
            changes.setUserField("intel.epss", epss.scoreText)
            changes.setUserField("intel.epss.percentile", epss.percentileText)
            if let model = sources.epss?.modelVersion { changes.setUserField("intel.epss.model", model) }
        }
        guard let decisive = assessment.decisive else { return }
        let result = decisive.score
        changes.setUserField("risk.label", result.label.rawValue)
        changes.setUserField("risk.priority", result.priority.rawValue)
        changes.setUserField("risk.actionable", result.actionable ? "true" : "false")
        var contextual: (score: String, vector: String)?
        if let score = result.score, let normalized = result.normalized, let vector = result.scoringVector {
            contextual = (Self.scoreText(score), vector.description)
            changes.setUserField("risk.score", contextual!.score)
            changes.setUserField("risk.vector", contextual!.vector)
            if !result.adjustments.isEmpty {
                changes.setUserField("risk.adjustments", result.adjustments.map { "\($0.metric):\($0.reason.rawValue)" }.joined(separator: ","))
            }
            changes.set(FindingChanges.severityLabel, .string(result.label.rawValue))
            changes.set(FindingChanges.severityNormalized, .int(normalized))
            changes.set(FindingChanges.severityOriginal, .string(contextual!.score))
        }
        if !sources.customerFieldsOnly { rewriteVulnerabilities(assessment, contextual, &changes) }
    }

    /// `Vulnerabilities[].EpssScore` from the EPSS file and the decisive vulnerability's
    /// contextual `Cvss[]` entry (replacing one from an earlier run); other elements are copied.
    private func rewriteVulnerabilities(_ assessment: VulnerabilityAssessment, _ contextual: (score: String, vector: String)?,
                                        _ changes: inout FindingChanges) {
        var elementEdits: [Int: JSONEdits] = [:]
        for item in assessment.items {
            var edits = JSONEdits()
            if let epss = item.epss { edits.set(Self.epssScore, to: .number(epss.scoreText)) }
            if item.index == assessment.decisive?.index, let contextual {
                var entry: JSONObject = ["Version": .string("3.1"), "BaseScore": .number(contextual.score),
                                         "BaseVector": .string(contextual.vector), "Source": .string(VulnerabilityAssessment.source)]
                if !item.score.adjustments.isEmpty {
                    entry["Adjustments"] = .array(item.score.adjustments.map {
                        .object(["Metric": .string($0.metric), "Reason": .string($0.reason.rawValue)])
                    })
                }
                edits.set(Self.cvss, to: .array(item.existingCvss + [.object(entry)]))
            }
            if !edits.isEmpty { elementEdits[item.index] = edits }
        }
        guard !elementEdits.isEmpty else { return }
        changes.rewrite("Vulnerabilities") { current, buffer in
            buffer.append(UInt8(ascii: "["))
            for (index, element) in current.elements.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                if let edits = elementEdits[index] { buffer.append(element, applying: edits) } else { buffer.appendCompact(element) }
            }
            buffer.append(UInt8(ascii: "]"))
        }
    }

    private static let epssScore = JSONPath(keys: ["EpssScore"])
    private static let cvss = JSONPath(keys: ["Cvss"])

    static func scoreText(_ score: Double) -> String {
        let tenths = Int((score * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
