/// Limits that Security Hub enforces on imported findings beyond botocore's shapes, as the
/// ASFF documentation states them (required top-level attributes, field lengths, formats).
enum ASFFLimits {
    typealias Field = TopLevelFields.Field

    /// Largest finding `BatchImportFindings` accepts.
    static let maxFindingBytes = 240 * 1024
    static let typeNamespaces: [[UInt8]] = ["Software and Configuration Checks", "TTPs", "Effects",
                                            "Unusual Behaviors", "Sensitive Data Identifications"].map { Array($0.utf8) }
    static let schemaVersion = Field("SchemaVersion"), severity = Field("Severity"), types = Field("Types")
    static let account = Field("AwsAccountId"), productArn = Field("ProductArn"), resources = Field("Resources")
    static let note = Field("Note")
    static let timestamps = ["CreatedAt", "UpdatedAt", "FirstObservedAt", "LastObservedAt", "ProcessedAt"].map(Field.init)
    static let scores = ["Confidence", "Criticality"].map(Field.init)
    static let fieldMaps = [(Field("ProductFields"), 2048), (Field("UserDefinedFields"), 1024)]
    /// (field, path below it or nil, most characters)
    static let maxLengths: [(Field, JSONPath?, Int)] = [
        (Field("Id"), nil, 512), (Field("GeneratorId"), nil, 512), (Field("ProductArn"), nil, 2048),
        (Field("Title"), nil, 256), (Field("Description"), nil, 1024), (Field("Severity"), JSONPath("Original"), 64),
        (Field("Note"), JSONPath("Text"), 512), (Field("Note"), JSONPath("UpdatedBy"), 512),
        (Field("Remediation"), JSONPath("Recommendation.Text"), 512),
    ]
    static let maxItems: [(Field, JSONPath?, Int)] = [
        (Field("Types"), nil, 50), (Field("Resources"), nil, 32), (Field("RelatedFindings"), nil, 10),
        (Field("Malware"), nil, 5), (Field("ThreatIntelIndicators"), nil, 5), (Field("Threats"), nil, 32),
        (Field("Compliance"), JSONPath("RelatedRequirements"), 32),
    ]

    static func violation(in fields: TopLevelFields) -> ASFFViolation? {
        let size = fields.finding.rawBytes.count
        if size > maxFindingBytes {
            return ASFFViolation("finding is \(size) bytes; Security Hub accepts at most \(maxFindingBytes) (240 KB)")
        }
        if let version = fields[schemaVersion], !version.stringEquals("2018-10-08") {
            return ASFFViolation(path: "SchemaVersion", "must be \"2018-10-08\"")
        }
        for required in [severity, types] where fields[required] == nil {
            return ASFFViolation(path: required.name, "required field is missing (BatchImportFindings requires it)")
        }
        if let id = fields[account] {
            let body = id.stringBody
            if body.count != 12 || !body.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                return ASFFViolation(path: "AwsAccountId", "must be 12 digits")
            }
        }
        if let arn = fields[productArn], arn.characterCount < 12 || !arn.stringBody.starts(with: "arn:".utf8) {
            return ASFFViolation(path: "ProductArn", "must be an ARN (arn:partition:securityhub:region:account:product/...)")
        }
        for (field, path, max) in maxLengths {
            guard let top = fields[field], let node = path.map({ top[path: $0] }) ?? top else { continue }
            if node.hasMoreCharacters(than: max) {
                return ASFFViolation(path: [field.name, path?.description].compactMap { $0 }.joined(separator: "."), "longer than \(max) characters")
            }
        }
        for (field, path, max) in maxItems {
            guard let top = fields[field], let node = path.map({ top[path: $0] }) ?? top else { continue }
            let count = node.count
            if count > max {
                return ASFFViolation(path: [field.name, path?.description].compactMap { $0 }.joined(separator: "."), "allows at most \(max) item(s), has \(count)")
            }
        }
        if let list = fields[resources], list.count == 0 {
            return ASFFViolation(path: "Resources", "needs at least 1 item")
        }
        for field in timestamps {
            if let node = fields[field], Timestamp(bytes: node.stringBody) == nil {
                return ASFFViolation(path: field.name, "'\(node.stringValue!)' is not an ISO 8601 timestamp (YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM))")
            }
        }
        if let updated = fields[note]?.get("UpdatedAt"), Timestamp(bytes: updated.stringBody) == nil {
            return ASFFViolation(path: "Note.UpdatedAt", "'\(updated.stringValue!)' is not an ISO 8601 timestamp")
        }
        if let list = fields[types] {
            for (index, type) in list.elements.enumerated() where !hasKnownNamespace(type) {
                let names = typeNamespaces.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", ")
                return ASFFViolation(path: "Types[\(index)]", "'\(type.stringValue ?? "")' must be namespace/category/classifier with namespace one of \(names)")
            }
        }
        if let severity = fields[severity] {
            if severity.get("Label") == nil && severity.get("Normalized") == nil {
                return ASFFViolation(path: "Severity", "needs Label (or the deprecated Normalized)")
            }
            if let normalized = severity.get("Normalized")?.intValue, !(0...100).contains(normalized) {
                return ASFFViolation(path: "Severity.Normalized", "must be 0-100")
            }
        }
        for field in scores {
            if let value = fields[field]?.intValue, !(0...100).contains(value) {
                return ASFFViolation(path: field.name, "must be 0-100")
            }
        }
        for (field, maxValue) in fieldMaps {
            guard let map = fields[field] else { continue }
            var pairs = 0
            for (key, value) in map.members {
                pairs += 1
                if key.hasMoreCharacters(than: 128) { return ASFFViolation(path: "\(field.name).\(key.stringValue!)", "key longer than 128 characters") }
                if value.hasMoreCharacters(than: maxValue) { return ASFFViolation(path: "\(field.name).\(key.stringValue!)", "value longer than \(maxValue) characters") }
            }
            if pairs > 50 { return ASFFViolation(path: field.name, "allows at most 50 pairs, has \(pairs)") }
        }
        return nil
    }

    /// Whether a type's first path segment is one of the ASFF namespaces.
    private static func hasKnownNamespace(_ type: JSONNode) -> Bool {
        guard type.kind == .string else { return false }
        if type.documentRawIsEscaped, let text = type.stringBytes {
            return text.withUnsafeBytes { hasKnownNamespace($0) }
        }
        return hasKnownNamespace(type.stringBody)
    }

    private static func hasKnownNamespace(_ text: UnsafeRawBufferPointer) -> Bool {
        let namespace = text.firstIndex(of: UInt8(ascii: "/")).map { UnsafeRawBufferPointer(rebasing: text[..<$0]) } ?? text
        return typeNamespaces.contains { $0.elementsEqual(namespace) }
    }
}
