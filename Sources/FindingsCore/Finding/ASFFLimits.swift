/// Limits that Security Hub enforces on imported findings beyond botocore's shapes, as the
/// ASFF documentation states them (required top-level attributes, field lengths, formats).
enum ASFFLimits {
    /// Largest finding `BatchImportFindings` accepts.
    static let maxFindingBytes = 240 * 1024
    static let typeNamespaces: Set<String> = ["Software and Configuration Checks", "TTPs", "Effects",
                                              "Unusual Behaviors", "Sensitive Data Identifications"]
    static let timestampFields = ["CreatedAt", "UpdatedAt", "FirstObservedAt", "LastObservedAt", "ProcessedAt"]
    static let maxLengths: [(JSONPath, Int)] = [
        (JSONPath("Id")!, 512), (JSONPath("GeneratorId")!, 512), (JSONPath("ProductArn")!, 2048),
        (JSONPath("Title")!, 256), (JSONPath("Description")!, 1024), (JSONPath("Severity.Original")!, 64),
        (JSONPath("Note.Text")!, 512), (JSONPath("Note.UpdatedBy")!, 512),
        (JSONPath("Remediation.Recommendation.Text")!, 512),
    ]
    static let maxItems: [(JSONPath, Int)] = [
        (JSONPath("Types")!, 50), (JSONPath("Resources")!, 32), (JSONPath("RelatedFindings")!, 10),
        (JSONPath("Malware")!, 5), (JSONPath("ThreatIntelIndicators")!, 5), (JSONPath("Threats")!, 32),
        (JSONPath("Compliance.RelatedRequirements")!, 32),
    ]

    static func violation(in finding: JSONNode) -> ASFFViolation? {
        if finding.rawBytes.count > maxFindingBytes {
            return ASFFViolation("finding is \(finding.rawBytes.count) bytes; Security Hub accepts at most \(maxFindingBytes) (240 KB)")
        }
        if let version = finding["SchemaVersion"], !version.stringEquals("2018-10-08") {
            return ASFFViolation(path: "SchemaVersion", "must be \"2018-10-08\"")
        }
        for required in ["Severity", "Types"] where finding[required] == nil {
            return ASFFViolation(path: required, "required field is missing (BatchImportFindings requires it)")
        }
        if let account = finding["AwsAccountId"]?.stringBytes,
           account.count != 12 || !account.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return ASFFViolation(path: "AwsAccountId", "must be 12 digits")
        }
        if let arn = finding["ProductArn"], arn.characterCount < 12 || !(arn.stringValue ?? "").hasPrefix("arn:") {
            return ASFFViolation(path: "ProductArn", "must be an ARN (arn:partition:securityhub:region:account:product/...)")
        }
        for (path, max) in maxLengths {
            if let node = finding[path: path], node.characterCount > max {
                return ASFFViolation(path: path.description, "longer than \(max) characters")
            }
        }
        for (path, max) in maxItems {
            if let node = finding[path: path], node.count > max {
                return ASFFViolation(path: path.description, "allows at most \(max) item(s), has \(node.count)")
            }
        }
        if let resources = finding["Resources"], resources.count == 0 {
            return ASFFViolation(path: "Resources", "needs at least 1 item")
        }
        for field in timestampFields {
            if let node = finding[field], Timestamp(bytes: node.stringBody) == nil {
                return ASFFViolation(path: field, "'\(node.stringValue!)' is not an ISO 8601 timestamp (YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM))")
            }
        }
        if let note = finding[path: JSONPath("Note.UpdatedAt")!], Timestamp(bytes: note.stringBody) == nil {
            return ASFFViolation(path: "Note.UpdatedAt", "'\(note.stringValue!)' is not an ISO 8601 timestamp")
        }
        for (index, type) in (finding["Types"]?.elements.map { $0 } ?? []).enumerated() {
            let text = type.stringValue ?? ""
            let namespace = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            if !typeNamespaces.contains(namespace) {
                return ASFFViolation(path: "Types[\(index)]", "'\(text)' must be namespace/category/classifier with namespace one of \(typeNamespaces.sorted().joined(separator: ", "))")
            }
        }
        if let severity = finding["Severity"] {
            if severity["Label"] == nil && severity["Normalized"] == nil {
                return ASFFViolation(path: "Severity", "needs Label (or the deprecated Normalized)")
            }
            if let normalized = severity["Normalized"]?.intValue, !(0...100).contains(normalized) {
                return ASFFViolation(path: "Severity.Normalized", "must be 0-100")
            }
        }
        for field in ["Confidence", "Criticality"] {
            if let value = finding[field]?.intValue, !(0...100).contains(value) {
                return ASFFViolation(path: field, "must be 0-100")
            }
        }
        for (field, maxValue) in [("ProductFields", 2048), ("UserDefinedFields", 1024)] {
            guard let map = finding[field] else { continue }
            if map.count > 50 { return ASFFViolation(path: field, "allows at most 50 pairs, has \(map.count)") }
            for (key, value) in map.members {
                if key.characterCount > 128 { return ASFFViolation(path: "\(field).\(key.stringValue!)", "key longer than 128 characters") }
                if value.characterCount > maxValue { return ASFFViolation(path: "\(field).\(key.stringValue!)", "value longer than \(maxValue) characters") }
            }
        }
        return nil
    }
}
