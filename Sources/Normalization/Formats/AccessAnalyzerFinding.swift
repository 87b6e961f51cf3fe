import FindingsCore

/// IAM Access Analyzer findings: EventBridge details, `list-findings` / `list-findings-v2`
/// (`{"findings":[...]}`), `get-finding` (`{"finding":{...}}`) and `get-finding-v2` output.
///
/// Mapped as Security Hub shows them: Id `<analyzer ARN>/<resource ARN>` (and `/<finding
/// type>` for unused and internal access) when the analyzer is known from the EventBridge
/// envelope, otherwise `arn:<p>:access-analyzer:<region>:<account>:finding/<id>`; GeneratorId
/// `aws/access-analyzer`; public access `Effects/Data Exposure/External Access Granted`,
/// cross-account access `Software and Configuration Checks/AWS Security Best Practices/
/// External Access Granted` (LOW), unused access `.../Unused IAM Role` etc. (MEDIUM); the
/// principal, actions and condition in `Resources[0].Details.Other`.
struct AccessAnalyzerFinding: FindingSource {
    let name = "Access Analyzer finding"

    /// Finding types other than external access: ASFF type suffix, title phrase, severity.
    private static let kinds: [String: (type: String, phrase: String, severity: SeverityLabel)] = [
        "UnusedIAMRole": ("Unused IAM Role", "contains unused iam role", .medium),
        "UnusedIAMUserAccessKey": ("Unused IAM User Access Key", "contains unused iam user access key", .medium),
        "UnusedIAMUserPassword": ("Unused IAM User Password", "contains unused iam user password", .medium),
        "UnusedPermission": ("Unused Permission", "contains unused permissions", .medium),
        "InternalAccess": ("Internal Access Granted", "allows internal access", .low),
    ]
    private static let practices = "Software and Configuration Checks/AWS Security Best Practices/"
    private static let externalRemediation = "If the access isn't intended, it indicates a potential security risk. Use the console for the resource to modify or remove the policy that grants the unintended access. You can use the Rescan button on the Finding details page in the Access Analyzer console to confirm whether the change removed the access. If the access is removed, the status changes to Resolved."

    func findings(in document: JSONNode, _ source: SourceContext) -> [MappedFinding] {
        if let list = document["findings"], list.kind == .array {
            return list.elements.enumerated().map { index, element in
                do throws(MappingError) { return .finding(try map(element, source)) } catch { return .failure(path: "findings[\(index)]", error) }
            }
        }
        if let single = document["finding"], single.kind == .object {
            do throws(MappingError) { return [.finding(try map(single, source))] } catch { return [.failure(path: "finding", error)] }
        }
        return MappedFinding.one { () throws(MappingError) in try map(document, source) }
    }

    func map(_ finding: JSONNode, _ source: SourceContext) throws(MappingError) -> JSONValue {
        guard let id = finding.text("id") else { throw MappingError("missing 'id'") }
        guard let resource = finding.text("resource") ?? finding.text("resourceArn") else { throw MappingError("missing 'resource'") }
        guard let resourceType = finding.text("resourceType") else { throw MappingError("missing 'resourceType'") }
        let analyzer = source.envelopeResources.first { $0.contains(":analyzer/") }
        let analyzerArn = analyzer.flatMap(ARN.init)
        let resourceArn = ARN(resource)
        let account = try source.account(finding.text("accountId") ?? finding.text("resourceOwnerAccount")
                                         ?? analyzerArn?.account.nonBlank)
        let region = try source.region(finding.text("region") ?? analyzerArn?.region.nonBlank ?? resourceArn?.region.nonBlank)
        let partition = analyzerArn?.partition.nonBlank ?? resourceArn?.partition.nonBlank ?? FindingDraft.partition(forRegion: region)
        let created = SourceTimestamp.asff(finding["createdAt"])
        let updated = SourceTimestamp.asff(finding["updatedAt"]) ?? SourceTimestamp.asff(finding["analyzedAt"])
        guard let createdAt = created ?? updated, let updatedAt = updated ?? created else {
            throw MappingError("missing or unreadable 'createdAt'/'updatedAt'")
        }
        let findingType = finding.text("findingType") ?? "ExternalAccess"
        let external = finding.list("findingDetails").lazy.compactMap { $0["externalAccessDetails"] }.first
        let principal = finding["principal"] ?? external?["principal"]
        let actions = (finding["action"] ?? external?["action"]).map { $0.elements.compactMap { $0.stringValue?.nonBlank } } ?? []
        let condition = finding["condition"] ?? external?["condition"]
        let isPublic = (finding["isPublic"] ?? external?["isPublic"])?.boolValue == true
        let asffResourceType = ResourceTypeName.asff(resourceType)
        let subject = "\(asffResourceType)/\(resource)/"

        var other = JSONObject()
        let type: String
        let severity: SeverityLabel
        let title: String
        var description: String
        if let error = finding.text("error") {
            type = AccessAnalyzerFinding.practices + "External Access Granted"
            severity = .informational
            title = "\(subject) could not be analyzed: \(error)"
            description = "\(resourceType)/\(resource)/ could not be analyzed by IAM Access Analyzer: \(error)"
        } else if let kind = AccessAnalyzerFinding.kinds[findingType] {
            type = AccessAnalyzerFinding.practices + kind.type
            severity = kind.severity
            title = "\(subject) \(kind.phrase)"
            description = "\(resourceType)/\(resource)/ \(kind.phrase)"
            other["Finding Type"] = .string(findingType)
        } else {
            var principals = principal?.kind == .object ? principal?.members.makeIterator() : nil
            let first = principals?.next()
            let principalType = first?.key.stringValue ?? "AWS"
            let principalValue = first?.value.scalarText ?? "*"
            type = isPublic ? "Effects/Data Exposure/External Access Granted" : AccessAnalyzerFinding.practices + "External Access Granted"
            severity = isPublic ? .high : .low
            let phrase = isPublic ? "allows public access" : "allows cross-account access"
            title = "\(subject) \(phrase)"
            description = "\(resourceType)/\(resource)/ \(phrase) from \(principalType) \(principalValue)"
            other["External Principal Type"] = .string(principalType)
            other["External Principal"] = .string(FindingDraft.truncated(principalValue, to: 1024))
        }
        if !actions.isEmpty { other["Action Granted"] = .string(FindingDraft.truncated(actions.joined(separator: ","), to: 1024)) }
        if findingType == "ExternalAccess" || findingType == "InternalAccess" {
            var conditions: [String] = []
            if let condition, condition.kind == .object {
                for (key, value) in condition.members { conditions.append("\(key.stringValue ?? "")=\(value.scalarText ?? "")") }
            }
            other["Condition"] = .string(conditions.isEmpty ? "none" : FindingDraft.truncated(conditions.joined(separator: ","), to: 1024))
        }
        if description.isEmpty { description = title }

        let identity: String
        if let analyzer {
            identity = findingType == "ExternalAccess" ? "\(analyzer)/\(resource)" : "\(analyzer)/\(resource)/\(findingType)"
        } else {
            identity = "arn:\(partition):access-analyzer:\(region):\(account):finding/\(id)"
        }
        var resourceObject: JSONObject = ["Type": .string(asffResourceType), "Id": .string(resource),
                                          "Partition": .string(partition), "Region": .string(region)]
        if !other.isEmpty { resourceObject["Details"] = .object(["Other": .object(other)]) }
        var draft = FindingDraft(
            id: StableIdentifier.composite([identity]),
            productArn: FindingDraft.productArn(partition: partition, region: region, product: "aws/access-analyzer"),
            generatorId: "aws/access-analyzer", account: account, region: region, types: [type],
            createdAt: createdAt, updatedAt: updatedAt, severity: severity, originalSeverity: nil,
            title: title, description: description, resources: [.object(resourceObject)])
        if findingType == "ExternalAccess" {
            draft.optional["Remediation"] = .object(["Recommendation": .object(["Text": .string(AccessAnalyzerFinding.externalRemediation)])])
        }
        if partition == "aws" {
            draft.optional["SourceUrl"] = .string("https://console.aws.amazon.com/access-analyzer/home?region=\(region)#/findings/details/\(id)")
        }
        let status = finding.text("status") ?? "ACTIVE"
        var fields: JSONObject = ["aws/access-analyzer/FindingId": .string(id), "aws/access-analyzer/FindingType": .string(findingType),
                                  "aws/access-analyzer/FindingStatus": .string(status)]
        fields.setText("aws/access-analyzer/AnalyzerArn", analyzer)
        draft.optional["ProductFields"] = .object(fields)
        let deleted = finding["isDeleted"]?.boolValue == true
        switch status {
        case "ARCHIVED":
            draft.optional["Workflow"] = .object(["Status": .string("SUPPRESSED")])
            draft.optional["RecordState"] = .string("ARCHIVED")
        case "RESOLVED":
            draft.optional["Workflow"] = .object(["Status": .string("RESOLVED")])
            draft.optional["RecordState"] = .string("ARCHIVED")
        default:
            draft.optional["Workflow"] = .object(["Status": .string("NEW")])
            draft.optional["RecordState"] = .string(deleted ? "ARCHIVED" : "ACTIVE")
        }
        return draft.json
    }
}
