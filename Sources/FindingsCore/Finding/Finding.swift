/// A typed, read-only view of an ASFF finding inside a parsed document.
///
/// Reads the fields every stage needs without copying the finding; like `JSONNode` it is a
/// borrowed view, valid while its document is.
public struct Finding {
    public let node: JSONNode

    public init(_ node: JSONNode) { self.node = node }

    public var id: String? { node["Id"]?.stringValue }
    public var productArn: String? { node["ProductArn"]?.stringValue }
    public var generatorId: String? { node["GeneratorId"]?.stringValue }
    public var awsAccountId: String? { node["AwsAccountId"]?.stringValue }
    public var title: String? { node["Title"]?.stringValue }

    /// Security Hub's identity of a finding: (`ProductArn`, `Id`).
    public var identity: FindingIdentity? {
        guard let productArn, let id else { return nil }
        return FindingIdentity(productArn: productArn, id: id)
    }

    public var createdAt: Timestamp? { node["CreatedAt"]?.stringValue.flatMap(Timestamp.init) }
    public var updatedAt: Timestamp? { node["UpdatedAt"]?.stringValue.flatMap(Timestamp.init) }
    public var firstObservedAt: Timestamp? { node["FirstObservedAt"]?.stringValue.flatMap(Timestamp.init) }
    public var lastObservedAt: Timestamp? { node["LastObservedAt"]?.stringValue.flatMap(Timestamp.init) }

    /// `Severity.Label`, or the label Security Hub derives from `Severity.Normalized`.
    public var severityLabel: SeverityLabel? {
        guard let severity = node["Severity"] else { return nil }
        if let label = severity["Label"]?.stringValue { return SeverityLabel(rawValue: label) }
        return severity["Normalized"]?.intValue.flatMap(SeverityLabel.init(normalized:))
    }

    /// `Severity.Normalized`, or the score Security Hub derives from `Severity.Label`.
    public var severityNormalized: Int? {
        guard let severity = node["Severity"] else { return nil }
        if let normalized = severity["Normalized"]?.intValue { return normalized }
        return severity["Label"]?.stringValue.flatMap(SeverityLabel.init(rawValue:))?.normalized
    }

    /// The finding's Region: `Region`, else the first resource's, else the one in `ProductArn`.
    public var region: String? {
        if let region = node["Region"]?.stringValue { return region }
        if let first = node["Resources"]?.elements.first(where: { _ in true }), let region = first["Region"]?.stringValue {
            return region
        }
        guard let arn = productArn else { return nil }
        let parts = arn.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
        return parts.count > 3 && !parts[3].isEmpty ? String(parts[3]) : nil
    }

    /// `(Type, Id)` of each resource, in order.
    public var resources: [(type: String, id: String)] {
        guard let list = node["Resources"] else { return [] }
        return list.elements.compactMap { resource in
            guard let type = resource["Type"]?.stringValue, let id = resource["Id"]?.stringValue else { return nil }
            return (type, id)
        }
    }

    public var types: [String] { node["Types"]?.elements.compactMap(\.stringValue) ?? [] }

    public var workflowStatus: WorkflowStatus? {
        node[path: FindingPaths.workflowStatus]?.stringValue.flatMap(WorkflowStatus.init(rawValue:))
    }

    public var recordState: RecordState? { node["RecordState"]?.stringValue.flatMap(RecordState.init(rawValue:)) }

    public var complianceStatus: ComplianceStatus? {
        node[path: FindingPaths.complianceStatus]?.stringValue.flatMap(ComplianceStatus.init(rawValue:))
    }

    /// The control a Security Hub control finding is about: `Compliance.SecurityControlId`,
    /// else `ProductFields.ControlId`, else `ProductFields.RuleId`.
    public var controlId: String? {
        node[path: FindingPaths.securityControlId]?.stringValue
            ?? node[path: FindingPaths.productControlId]?.stringValue
            ?? node[path: FindingPaths.productRuleId]?.stringValue
    }

    /// `UserDefinedFields[key]`.
    public func userDefinedField(_ key: String) -> String? { node["UserDefinedFields"]?[key]?.stringValue }
}

/// Paths of fields read often, parsed once.
public enum FindingPaths {
    public static let workflowStatus = JSONPath("Workflow.Status")!
    public static let complianceStatus = JSONPath("Compliance.Status")!
    public static let securityControlId = JSONPath("Compliance.SecurityControlId")!
    public static let productControlId = JSONPath("ProductFields.ControlId")!
    public static let productRuleId = JSONPath("ProductFields.RuleId")!
}

/// Security Hub's identity of a finding.
public struct FindingIdentity: Hashable, Sendable {
    public let productArn: String
    public let id: String

    public init(productArn: String, id: String) {
        self.productArn = productArn
        self.id = id
    }
}
