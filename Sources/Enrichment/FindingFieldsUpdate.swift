import FindingsCore

/// A `FINDING_FIELDS_UPDATE` action (`AutomationRulesFindingFieldsUpdate`): the fields
/// `BatchUpdateFindings` may change.
struct FindingFieldsUpdate {
    var note: (text: String, updatedBy: String)?
    var severityLabel: SeverityLabel?
    var severityNormalized: Int?
    var severityProduct: String?
    var verificationState: String?
    var confidence: Int?
    var criticality: Int?
    var types: [String]?
    var userDefinedFields: [(String, String)] = []
    var workflowStatus: String?
    var relatedFindings: [(productArn: String, id: String)]?

    private static let members: Set<String> = ["Note", "Severity", "VerificationState", "Confidence", "Criticality", "Types",
                                               "UserDefinedFields", "Workflow", "RelatedFindings"]

    init(_ value: JSONValue, at path: [ConfigKey], reader: ConfigReader) throws(ConfigurationError) {
        let object = try reader.object(value, path)
        try reader.onlyKnown(object, Self.members, path)
        guard !object.isEmpty else { throw reader.document.error(at: path, "FindingFieldsUpdate sets no field") }
        if let note = object["Note"] {
            let at = path + [.key("Note")]
            let fields = try reader.object(note, at)
            try reader.onlyKnown(fields, ["Text", "UpdatedBy"], at)
            self.note = (try reader.string(fields["Text"], at + [.key("Text")], required: true)!,
                         try reader.string(fields["UpdatedBy"], at + [.key("UpdatedBy")], required: true)!)
        }
        if let severity = object["Severity"] {
            let at = path + [.key("Severity")]
            let fields = try reader.object(severity, at)
            try reader.onlyKnown(fields, ["Label", "Normalized", "Product"], at)
            severityLabel = try reader.oneOf(fields["Label"], at + [.key("Label")], SeverityLabel.allCases.map(\.rawValue))
                .flatMap(SeverityLabel.init(rawValue:))
            severityNormalized = try reader.ratio(fields["Normalized"], at + [.key("Normalized")])
            if try reader.number(fields["Product"], at + [.key("Product")]) != nil, case .number(let text)? = fields["Product"] {
                severityProduct = text
            }
            guard severityLabel != nil || severityNormalized != nil || severityProduct != nil else {
                throw reader.document.error(at: at, "Severity needs Label, Normalized or Product")
            }
        }
        verificationState = try reader.oneOf(object["VerificationState"], path + [.key("VerificationState")],
                                             ["UNKNOWN", "TRUE_POSITIVE", "FALSE_POSITIVE", "BENIGN_POSITIVE"])
        confidence = try reader.ratio(object["Confidence"], path + [.key("Confidence")])
        criticality = try reader.ratio(object["Criticality"], path + [.key("Criticality")])
        if let types = object["Types"] {
            let at = path + [.key("Types")]
            guard let list = types.arrayValue, (1...50).contains(list.count) else { throw reader.document.error(at: at, "Types is a list of 1 to 50 strings") }
            var parsed: [String] = []
            for (index, type) in list.enumerated() { parsed.append(try reader.string(type, at + [.index(index)], required: true)!) }
            self.types = parsed
        }
        if let fields = object["UserDefinedFields"] {
            let at = path + [.key("UserDefinedFields")]
            for (key, value) in try reader.object(fields, at).members {
                userDefinedFields.append((key, try reader.string(value, at + [.key(key)], required: true)!))
            }
        }
        if let workflow = object["Workflow"] {
            let at = path + [.key("Workflow")]
            let fields = try reader.object(workflow, at)
            try reader.onlyKnown(fields, ["Status"], at)
            workflowStatus = try reader.oneOf(fields["Status"], at + [.key("Status")], WorkflowStatus.allCases.map(\.rawValue))
        }
        if let related = object["RelatedFindings"] {
            let at = path + [.key("RelatedFindings")]
            guard let list = related.arrayValue, list.count <= 10 else { throw reader.document.error(at: at, "RelatedFindings is a list of at most 10") }
            var parsed: [(productArn: String, id: String)] = []
            for (index, entry) in list.enumerated() {
                let fields = try reader.object(entry, at + [.index(index)])
                try reader.onlyKnown(fields, ["ProductArn", "Id"], at + [.index(index)])
                parsed.append((try reader.string(fields["ProductArn"], at + [.index(index), .key("ProductArn")], required: true)!,
                               try reader.string(fields["Id"], at + [.index(index), .key("Id")], required: true)!))
            }
            relatedFindings = parsed
        }
    }

    /// Records the update in `changes`. A label without a normalized value also sets
    /// Normalized (and the reverse), as BatchUpdateFindings keeps the two consistent.
    func apply(to changes: inout FindingChanges, now: Timestamp) {
        if let note {
            changes.set(JSONPath(keys: ["Note"]), .object(["Text": .string(note.text), "UpdatedBy": .string(note.updatedBy),
                                                           "UpdatedAt": .string(now.description)]))
        }
        if let label = severityLabel ?? severityNormalized.flatMap(SeverityLabel.init(normalized:)) {
            changes.set(FindingChanges.severityLabel, .string(label.rawValue))
            changes.set(FindingChanges.severityNormalized, .int(severityNormalized ?? label.normalized))
        }
        if let severityProduct { changes.set(JSONPath(keys: ["Severity", "Product"]), .number(severityProduct)) }
        if let verificationState { changes.set(JSONPath(keys: ["VerificationState"]), .string(verificationState)) }
        if let confidence { changes.set(JSONPath(keys: ["Confidence"]), .int(confidence)) }
        if let criticality { changes.set(FindingChanges.criticality, .int(criticality)) }
        if let types { changes.set(JSONPath(keys: ["Types"]), .array(types.map(JSONValue.string))) }
        for (key, value) in userDefinedFields { changes.setUserField(key, value) }
        if let workflowStatus { changes.set(JSONPath(keys: ["Workflow", "Status"]), .string(workflowStatus)) }
        if let relatedFindings {
            changes.set(JSONPath(keys: ["RelatedFindings"]), .array(relatedFindings.map {
                .object(["ProductArn": .string($0.productArn), "Id": .string($0.id)])
            }))
        }
    }
}
