import FindingsCore

/// The `Criteria` of an automation rule (`AutomationRulesFindingFilters`): AND across fields.
struct AutomationCriteria {
    enum Kind { case string, number, date, map }

    /// Every criterion field of the Security Hub model, its kind, and where its values are in ASFF.
    static let fields: [String: (kind: Kind, path: [String])] = [
        "ProductArn": (.string, ["ProductArn"]), "AwsAccountId": (.string, ["AwsAccountId"]), "Id": (.string, ["Id"]),
        "GeneratorId": (.string, ["GeneratorId"]), "Type": (.string, ["Types", "*"]),
        "FirstObservedAt": (.date, ["FirstObservedAt"]), "LastObservedAt": (.date, ["LastObservedAt"]),
        "CreatedAt": (.date, ["CreatedAt"]), "UpdatedAt": (.date, ["UpdatedAt"]),
        "Confidence": (.number, ["Confidence"]), "Criticality": (.number, ["Criticality"]),
        "Title": (.string, ["Title"]), "Description": (.string, ["Description"]), "SourceUrl": (.string, ["SourceUrl"]),
        "ProductName": (.string, ["ProductName"]), "CompanyName": (.string, ["CompanyName"]),
        "SeverityLabel": (.string, ["Severity", "Label"]),
        "ResourceType": (.string, ["Resources", "*", "Type"]), "ResourceId": (.string, ["Resources", "*", "Id"]),
        "ResourcePartition": (.string, ["Resources", "*", "Partition"]), "ResourceRegion": (.string, ["Resources", "*", "Region"]),
        "ResourceTags": (.map, ["Resources", "*", "Tags"]), "ResourceDetailsOther": (.map, ["Resources", "*", "Details", "Other"]),
        "ComplianceStatus": (.string, ["Compliance", "Status"]),
        "ComplianceSecurityControlId": (.string, ["Compliance", "SecurityControlId"]),
        "ComplianceAssociatedStandardsId": (.string, ["Compliance", "AssociatedStandards", "*", "StandardsId"]),
        "VerificationState": (.string, ["VerificationState"]), "WorkflowStatus": (.string, ["Workflow", "Status"]),
        "RecordState": (.string, ["RecordState"]),
        "RelatedFindingsProductArn": (.string, ["RelatedFindings", "*", "ProductArn"]),
        "RelatedFindingsId": (.string, ["RelatedFindings", "*", "Id"]),
        "NoteText": (.string, ["Note", "Text"]), "NoteUpdatedAt": (.date, ["Note", "UpdatedAt"]),
        "NoteUpdatedBy": (.string, ["Note", "UpdatedBy"]), "UserDefinedFields": (.map, ["UserDefinedFields"]),
        "ResourceApplicationArn": (.string, ["Resources", "*", "ApplicationArn"]),
        "ResourceApplicationName": (.string, ["Resources", "*", "ApplicationName"]),
        "AwsAccountName": (.string, ["AwsAccountName"]),
    ]

    enum Criterion {
        case string(StringCriterion), number(NumberCriterion), date(DateCriterion), map(MapCriterion)
    }

    let criteria: [(field: String, path: [String], criterion: Criterion)]

    /// Whether the finding matches every criterion. `AwsAccountName` falls back to the
    /// `account.name` user-defined field enrich sets from the account directory.
    func matches(_ finding: JSONNode, now: Timestamp) -> Bool {
        for (field, path, criterion) in criteria {
            var nodes = Self.values(finding, path[...])
            if field == "AwsAccountName", nodes.isEmpty, let name = finding.get("UserDefinedFields")?["account.name"] { nodes = [name] }
            let matched: Bool
            switch criterion {
            case let .string(filter): matched = filter.matches(nodes.compactMap(\.stringValue))
            case let .number(filter): matched = filter.matches(nodes.compactMap(\.doubleValue))
            case let .date(filter):
                matched = filter.matches(nodes.compactMap { $0.stringValue.flatMap(Timestamp.init) }, now: now)
            case let .map(filter):
                matched = filter.matches(nodes.filter { $0.kind == .object }.map { map in
                    map.members.compactMap { member in member.value.stringValue.map { (member.key.stringValue ?? "", $0) } }
                })
            }
            if !matched { return false }
        }
        return true
    }

    /// The nodes at `path`, `*` stepping into every element of an array.
    private static func values(_ node: JSONNode, _ path: ArraySlice<String>) -> [JSONNode] {
        guard let step = path.first else { return [node] }
        if step == "*" {
            guard node.kind == .array else { return [] }
            return node.elements.flatMap { values($0, path.dropFirst()) }
        }
        guard node.kind == .object, let next = node[step] else { return [] }
        return values(next, path.dropFirst())
    }
}
