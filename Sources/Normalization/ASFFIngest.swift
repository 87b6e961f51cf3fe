import FindingsCore

/// Takes an ASFF finding as it arrived and writes it as one valid line: repairs the two
/// defects real exports carry (a numeric `Severity.Original`, as in AWS CLI examples; a
/// severity with only the deprecated `Normalized`, which gets the `Label` Security Hub would
/// derive), in `Severity` and `FindingProviderFields.Severity`, then validates the result.
struct ASFFIngest {
    let validator: ASFFValidator

    /// The repairs a finding needs; empty for most findings, which are then copied as they are.
    func repairs(for finding: JSONNode) -> JSONEdits {
        var edits = JSONEdits()
        if let severity = finding.get("Severity") {
            repair(severity, at: ASFFIngest.severity, into: &edits)
        }
        if let provider = finding.get("FindingProviderFields")?.get("Severity") {
            repair(provider, at: ASFFIngest.providerSeverity, into: &edits)
        }
        return edits
    }

    private static let severity: [JSONKey] = ["Severity"]
    private static let providerSeverity: [JSONKey] = ["FindingProviderFields", "Severity"]

    private func repair(_ severity: JSONNode, at path: [JSONKey], into edits: inout JSONEdits) {
        if let original = severity.get("Original"), original.kind == .number {
            edits.set(JSONPath(keys: path + ["Original"]), to: .string(original.numberText!))
        }
        if severity.get("Label") == nil, let normalized = severity.get("Normalized")?.intValue,
           let label = SeverityLabel(normalized: normalized) {
            edits.set(JSONPath(keys: path + ["Label"]), to: .string(label.rawValue))
        }
    }

    /// Validates and writes one finding, or returns why it is not valid.
    func ingest(_ finding: JSONNode, into context: inout RecordContext, scratch: JSONTape) -> ASFFViolation? {
        let edits = repairs(for: finding)
        if edits.isEmpty {
            if let violation = validator.violation(in: finding) { return violation }
            context.emit { $0.appendCompact(finding) }
            return nil
        }
        // Validate the repaired text, not the original.
        let repaired = ByteBuffer(capacity: finding.rawBytes.count + 64)
        repaired.append(finding, applying: edits)
        do {
            let document = try scratch.parse(repaired.bytes)
            if let violation = validator.violation(in: document.root) { return violation }
        } catch {
            return ASFFViolation("repaired finding is not valid JSON: \(error)")
        }
        context.emit { $0.append(repaired.bytes) }
        return nil
    }
}
