import FindingsCore

/// Amazon GuardDuty findings (API `GetFindings` elements, EventBridge `GuardDuty Finding`
/// details, S3 export lines: camelCase; AWS CLI / SDK output: PascalCase), mapped as Security
/// Hub imports them: Id = finding ARN, GeneratorId = detector ARN, `TTPs/<tactic>/<type with
/// "/" as "-">` types, severity by GuardDuty's ranges, resources by `resource.resourceType`,
/// network and action details, and the `service` block flattened into `ProductFields`.
struct GuardDutyFinding: FindingSource {
    let name = "GuardDuty finding"

    func findings(in document: JSONNode, _ source: SourceContext) -> [MappedFinding] {
        MappedFinding.one { () throws(MappingError) in try map(document, source) }
    }

    /// GuardDuty's severity ranges: below 1 INFORMATIONAL (our choice), 1–3.9 LOW,
    /// 4–6.9 MEDIUM, 7–8.9 HIGH, 9 and above CRITICAL (attack sequences).
    static func label(forSeverity score: Double) -> SeverityLabel {
        switch score {
        case ..<1: return .informational
        case ..<4: return .low
        case ..<7: return .medium
        case ..<9: return .high
        default: return .critical
        }
    }

    /// The ASFF type of a GuardDuty finding type `ThreatPurpose:ResourceType/ThreatFamily.Detail`.
    static func asffType(_ type: String) -> String {
        let classifier = type.replacingFirst("/", with: "-")
        let purpose = type.split(separator: ":", maxSplits: 1).first.map(String.init) ?? type
        let resourceType = type.split(separator: ":", maxSplits: 1).dropFirst().first?
            .split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        switch purpose {
        case "Backdoor", "CryptoCurrency", "Trojan": return "TTPs/Command and Control/\(classifier)"
        case "Behavior":
            return "Unusual Behaviors/\(resourceType == "IAMUser" ? "User" : "VM")/\(classifier)"
        case "UnauthorizedAccess", "InitialAccess": return "TTPs/Initial Access/\(classifier)"
        case "Recon", "Discovery", "PenTest": return "TTPs/Discovery/\(classifier)"
        case "Persistence": return "TTPs/Persistence/\(classifier)"
        case "PrivilegeEscalation": return "TTPs/Privilege Escalation/\(classifier)"
        case "Stealth", "DefenseEvasion": return "TTPs/Defense Evasion/\(classifier)"
        case "CredentialAccess": return "TTPs/Credential Access/\(classifier)"
        case "Execution": return "TTPs/Execution/\(classifier)"
        case "Exfiltration": return "Effects/Data Exfiltration/\(classifier)"
        case "Impact": return "Effects/Resource Consumption/\(classifier)"
        case "Policy": return "Software and Configuration Checks/Policy/\(classifier)"
        default: return "TTPs/\(purpose)/\(classifier)"
        }
    }

    func map(_ finding: JSONNode, _ source: SourceContext) throws(MappingError) -> JSONValue {
        guard let id = finding.fieldText("id") else { throw MappingError("missing 'id'") }
        guard let type = finding.fieldText("type") else { throw MappingError("missing 'type'") }
        let arn = finding.fieldText("arn").flatMap(ARN.init)
        let region = try source.region(finding.fieldText("region") ?? arn?.region)
        let account = try source.account(finding.fieldText("accountId") ?? arn?.account)
        let partition = finding.fieldText("partition") ?? arn?.partition.nonBlank ?? FindingDraft.partition(forRegion: region)
        let service = finding.field("service")
        let detectorArn = service?.fieldText("detectorId").map { "arn:\(partition):guardduty:\(region):\(account):detector/\($0)" }
        let findingArn = finding.fieldText("arn")
            ?? detectorArn.map { "\($0)/finding/\(id)" }
            ?? "arn:\(partition):guardduty:\(region):\(account):finding/\(id)"
        guard let severityNode = finding.field("severity"), let score = severityNode.lenientDouble else {
            throw MappingError("missing or non-numeric 'severity'")
        }
        let created = SourceTimestamp.asff(finding.field("createdAt"))
        let updated = SourceTimestamp.asff(finding.field("updatedAt"))
        guard let createdAt = created ?? updated, let updatedAt = updated ?? created else {
            throw MappingError("missing or unreadable 'createdAt'/'updatedAt'")
        }
        let asffType = GuardDutyFinding.asffType(type)
        var draft = FindingDraft(
            id: findingArn, productArn: FindingDraft.productArn(partition: partition, region: region, product: "aws/guardduty"),
            generatorId: detectorArn ?? "aws/guardduty", account: account, region: region, types: [asffType],
            createdAt: createdAt, updatedAt: updatedAt, severity: GuardDutyFinding.label(forSeverity: score),
            originalSeverity: severityNode.scalarText, title: finding.fieldText("title") ?? type,
            description: finding.fieldText("description") ?? "",
            resources: GuardDutyResources(partition: partition, region: region, account: account, findingId: id)
                .resources(finding.field("resource")))
        if let first = SourceTimestamp.asff(service?.field("eventFirstSeen")) { draft.optional["FirstObservedAt"] = .string(first) }
        if let last = SourceTimestamp.asff(service?.field("eventLastSeen")) { draft.optional["LastObservedAt"] = .string(last) }
        if partition == "aws" {
            draft.optional["SourceUrl"] = .string("https://\(region).console.aws.amazon.com/guardduty/home?region=\(region)#/findings?macros=current&fId=\(id)")
        }
        let action = service?.field("action")
        if let action, let network = GuardDutyAction.network(action) { draft.optional["Network"] = .object(network) }
        if let action, let mapped = GuardDutyAction.action(action) { draft.optional["Action"] = .object(mapped) }
        if let process = service?.field("runtimeDetails")?.field("process").flatMap(GuardDutyFinding.process) {
            draft.optional["Process"] = .object(process)
        }
        draft.optional["ProductFields"] = .object(productFields(type: type, service: service))
        draft.optional["Workflow"] = .object(["Status": .string("NEW")])
        draft.optional["RecordState"] = .string(service?.field("archived")?.boolValue == true ? "ARCHIVED" : "ACTIVE")
        if let sample = service?.field("additionalInfo")?.field("sample"), let flag = sample.boolValue {
            draft.optional["Sample"] = .bool(flag)
        }
        return draft.json
    }

    private static func process(_ node: JSONNode) -> JSONObject? {
        var process = JSONObject()
        process.setText("Name", node.fieldText("name"))
        process.setText("Path", node.fieldText("executablePath"))
        if let pid = node.field("pid")?.lenientInt { process["Pid"] = .int(pid) }
        process.setText("LaunchedAt", SourceTimestamp.asff(node.field("startTime")))
        return process.isEmpty ? nil : process
    }

    /// `aws/guardduty/type` plus the scalars of `service`, flattened to
    /// `aws/guardduty/service/<camelCase path>` as Security Hub does, within ASFF's 50 pairs.
    private func productFields(type: String, service: JSONNode?) -> JSONObject {
        var fields: JSONObject = ["aws/guardduty/type": .string(type)]
        if let service { flatten(service, prefix: "aws/guardduty/service", into: &fields) }
        return fields
    }

    private func flatten(_ node: JSONNode, prefix: String, into fields: inout JSONObject) {
        guard fields.count < 48 else { return }
        switch node.kind {
        case .object:
            for (key, value) in node.members {
                guard let name = key.stringValue, let first = name.first else { continue }
                let camelCase = first.isUppercase ? first.lowercased() + name.dropFirst() : name
                flatten(value, prefix: prefix + "/" + camelCase, into: &fields)
            }
        case .array:
            for (index, element) in node.elements.enumerated() { flatten(element, prefix: "\(prefix)/\(index)", into: &fields) }
        default:
            guard let text = node.scalarText?.nonBlank, prefix.unicodeScalars.count <= 128 else { return }
            fields[prefix] = .string(FindingDraft.truncated(text, to: 2048))
        }
    }
}
