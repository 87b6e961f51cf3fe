import FindingsCore

extension Enricher {
    /// ctx-score v1 for vulnerability findings; the contextual severity rule for the others.
    func score(_ finding: JSONNode, criticality: AssetCriticality?, reach: Reachability, _ changes: inout FindingChanges) {
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
