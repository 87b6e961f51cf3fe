import FindingsCore

/// OCSF 1.3 findings (category 2), one JSON line each.
///
/// The class follows the finding: `Compliance` present → Compliance Finding (2003);
/// `Vulnerabilities` present or a `…/Vulnerabilities` type → Vulnerability Finding (2002);
/// a `Sensitive Data Identifications` type → Data Security Finding (2006); else Detection
/// Finding (2004). `activity_id`: RecordState ARCHIVED → 3 Close, CreatedAt = UpdatedAt →
/// 1 Create, else 2 Update; `type_uid` = class_uid × 100 + activity_id. `severity_id` from the
/// label (INFORMATIONAL 1 … CRITICAL 5); `status_id` from Workflow.Status (NEW 1, NOTIFIED 2,
/// SUPPRESSED 3, RESOLVED 4) and 5 Archived for archived records; `time` = CreatedAt in epoch ms.
public final class OCSFEncoder: RecordEncoder {
    public init() {}

    public static let schemaVersion: StaticString = "1.3.0"

    /// An OCSF finding class.
    enum FindingClass: Int {
        case vulnerability = 2002, compliance = 2003, detection = 2004, dataSecurity = 2006

        var name: StaticString {
            switch self {
            case .vulnerability: return "Vulnerability Finding"
            case .compliance: return "Compliance Finding"
            case .detection: return "Detection Finding"
            case .dataSecurity: return "Data Security Finding"
            }
        }

        init(_ fields: FindingFields) {
            if fields.compliance != nil {
                self = .compliance
            } else if fields.vulnerabilities != nil || fields.hasType(prefix: "Software and Configuration Checks/Vulnerabilities") {
                self = .vulnerability
            } else if fields.hasType(prefix: "Sensitive Data Identifications") {
                self = .dataSecurity
            } else {
                self = .detection
            }
        }
    }

    private static let remediationText = JSONPath("Remediation.Recommendation.Text")!
    private static let remediationURL = JSONPath("Remediation.Recommendation.Url")!

    public func encode(_ finding: JSONNode, into out: ByteBuffer) {
        let fields = FindingFields(finding)
        let findingClass = FindingClass(fields)
        let created = fields.createdAt, updated = fields.updatedAt
        let archived = fields.recordState == .archived
        let activity = archived ? 3 : (created != nil && created == updated ? 1 : 2)
        let activityName: StaticString = activity == 3 ? "Close" : activity == 1 ? "Create" : "Update"

        out.append("{\"activity_id\":"); out.append(integer: activity)
        out.append(",\"activity_name\":\""); out.append(activityName)
        out.append("\",\"category_uid\":2,\"category_name\":\"Findings\",\"class_uid\":"); out.append(integer: findingClass.rawValue)
        out.append(",\"class_name\":\""); out.append(findingClass.name)
        out.append("\",\"type_uid\":"); out.append(integer: findingClass.rawValue * 100 + activity)
        out.append(",\"type_name\":\""); out.append(findingClass.name); out.append(": "); out.append(activityName)
        let (severityId, severityName) = OCSFEncoder.severity(fields.severityLabel)
        out.append("\",\"severity_id\":"); out.append(integer: severityId)
        out.append(",\"severity\":\""); out.append(severityName)
        let (statusId, statusName) = OCSFEncoder.status(fields.workflowStatus, archived: archived)
        out.append("\",\"status_id\":"); out.append(integer: statusId)
        out.append(",\"status\":\""); out.append(statusName); out.append("\"")
        out.append(",\"time\":"); out.append(integer: Int(created?.epochMilliseconds ?? updated?.epochMilliseconds ?? 0))
        out.appendStringMember("message", fields.title)

        out.append(",\"metadata\":{\"version\":\""); out.append(OCSFEncoder.schemaVersion)
        out.append("\",\"product\":{")
        if fields.productName?.kind == .string { out.appendStringMember("name", fields.productName, comma: false) } else { out.appendMember("name", literal: "Security Hub", comma: false) }
        if fields.companyName?.kind == .string { out.appendStringMember("vendor_name", fields.companyName) } else { out.appendMember("vendor_name", literal: "AWS") }
        out.appendStringMember("uid", fields.productArn)
        out.append("}")
        out.appendStringMember("uid", fields.id)
        out.appendStringMember("original_time", fields.updatedAtText)
        out.append("}")

        out.append(",\"finding_info\":{")
        if fields.id?.kind == .string { out.appendStringMember("uid", fields.id, comma: false) } else { out.appendMember("uid", literal: "", comma: false) }
        out.appendStringMember("title", fields.title)
        out.appendStringMember("desc", fields.description)
        if let types = fields.types, types.kind == .array { out.appendMember("types", types) }
        out.appendStringMember("product_uid", fields.productArn)
        out.appendStringMember("src_url", finding.get("SourceUrl"))
        func time(_ key: StaticString, _ value: Timestamp?) {
            guard let value else { return }
            out.append(","); out.appendKey(key); out.append(integer: Int(value.epochMilliseconds))
        }
        time("created_time", created)
        time("modified_time", updated)
        time("first_seen_time", finding.get("FirstObservedAt")?.timestamp)
        time("last_seen_time", finding.get("LastObservedAt")?.timestamp)
        out.append("}")

        out.append(",\"cloud\":{\"provider\":\"AWS\"")
        if let account = fields.awsAccountId, account.kind == .string {
            out.append(",\"account\":{\"type\":\"AWS Account\",\"type_id\":10")
            out.appendStringMember("uid", account)
            out.append("}")
        }
        out.appendStringMember("region", fields.region)
        out.append("}")
        appendResources(fields.resources, into: out)
        appendRemediation(finding, into: out)
        switch findingClass {
        case .compliance: appendCompliance(fields, into: out)
        case .vulnerability: appendVulnerabilities(fields, into: out)
        case .detection, .dataSecurity: break
        }
        out.append("}\n")
    }

    static func severity(_ label: SeverityLabel?) -> (Int, StaticString) {
        switch label {
        case .informational: return (1, "Informational")
        case .low: return (2, "Low")
        case .medium: return (3, "Medium")
        case .high: return (4, "High")
        case .critical: return (5, "Critical")
        case nil: return (0, "Unknown")
        }
    }

    static func status(_ workflow: WorkflowStatus?, archived: Bool) -> (Int, StaticString) {
        if archived { return (5, "Archived") }
        switch workflow {
        case .new, nil: return (1, "New")
        case .notified: return (2, "In Progress")
        case .suppressed: return (3, "Suppressed")
        case .resolved: return (4, "Resolved")
        }
    }

    private func appendResources(_ resources: JSONNode?, into out: ByteBuffer) {
        guard let resources, resources.kind == .array else { return }
        out.append(",\"resources\":[")
        var first = true
        for resource in resources.elements {
            if !first { out.append(",") }
            first = false
            out.append("{")
            if resource.get("Id")?.kind == .string { out.appendStringMember("uid", resource.get("Id"), comma: false) } else { out.appendMember("uid", literal: "", comma: false) }
            out.appendStringMember("type", resource.get("Type"))
            out.appendStringMember("region", resource.get("Region"))
            out.appendStringMember("cloud_partition", resource.get("Partition"))
            out.appendMember("data", resource.get("Details"))
            if let tags = resource.get("Tags"), tags.kind == .object {
                out.append(",\"labels\":[")
                var firstTag = true
                for (key, value) in tags.members {
                    if !firstTag { out.append(",") }
                    firstTag = false
                    let text = (key.stringBytes ?? []) + Array(":".utf8) + (value.stringBytes ?? [])
                    text.withUnsafeBytes { out.appendJSONString($0) }
                }
                out.append("]")
            }
            out.append("}")
        }
        out.append("]")
    }

    private func appendRemediation(_ finding: JSONNode, into out: ByteBuffer) {
        let text = finding[path: OCSFEncoder.remediationText], url = finding[path: OCSFEncoder.remediationURL]
        guard text?.kind == .string || url?.kind == .string else { return }
        out.append(",\"remediation\":{")
        if text?.kind == .string { out.appendStringMember("desc", text, comma: false) } else { out.appendMember("desc", literal: "", comma: false) }
        if let url, url.kind == .string {
            out.append(",\"references\":[")
            out.append(url.rawBytes)
            out.append("]")
        }
        out.append("}")
    }

    private func appendCompliance(_ fields: FindingFields, into out: ByteBuffer) {
        let compliance = fields.compliance
        let statusNode = compliance?.get("Status")
        let status: (Int, StaticString)
        if statusNode?.stringEquals("PASSED") == true {
            status = (1, "Pass")
        } else if statusNode?.stringEquals("WARNING") == true {
            status = (2, "Warning")
        } else if statusNode?.stringEquals("FAILED") == true {
            status = (3, "Fail")
        } else {
            status = (99, "Other")
        }
        out.append(",\"compliance\":{\"status_id\":"); out.append(integer: status.0)
        out.append(",\"status\":\""); out.append(status.1); out.append("\"")
        out.appendStringMember("control", fields.controlId)
        out.append(",\"standards\":[")
        var first = true
        for standard in compliance?.get("AssociatedStandards")?.elements ?? fields.node.elements {
            guard let id = standard.get("StandardsId"), id.kind == .string else { continue }
            if !first { out.append(",") }
            first = false
            out.append(id.rawBytes)
        }
        if first, let generator = fields.generatorId, generator.kind == .string { out.append(generator.rawBytes) }
        out.append("]}")
    }

    private func appendVulnerabilities(_ fields: FindingFields, into out: ByteBuffer) {
        out.append(",\"vulnerabilities\":[")
        var first = true
        for vulnerability in fields.vulnerabilities?.elements ?? fields.node.elements {
            if !first { out.append(",") }
            first = false
            out.append("{\"cve\":{")
            if vulnerability.get("Id")?.kind == .string { out.appendStringMember("uid", vulnerability.get("Id"), comma: false) } else { out.appendMember("uid", literal: "", comma: false) }
            if let cvssList = vulnerability.get("Cvss"), cvssList.kind == .array {
                out.append(",\"cvss\":[")
                var firstScore = true
                for cvss in cvssList.elements {
                    if !firstScore { out.append(",") }
                    firstScore = false
                    out.append("{")
                    if cvss.get("Version")?.kind == .string { out.appendStringMember("version", cvss.get("Version"), comma: false) } else { out.appendMember("version", literal: "", comma: false) }
                    if let score = cvss.get("BaseScore"), score.kind == .number { out.append(",\"base_score\":"); out.append(score.rawBytes) }
                    out.appendStringMember("vector_string", cvss.get("BaseVector"))
                    out.append("}")
                }
                out.append("]")
            }
            out.append("}")
            out.appendStringMember("vendor_name", vulnerability.get("Vendor")?.get("Name"))
            if let references = vulnerability.get("ReferenceUrls"), references.kind == .array { out.appendMember("references", references) }
            out.append("}")
        }
        if first {
            // A vulnerability type without details: one entry naming the finding, as the class requires.
            out.append("{")
            if fields.title?.kind == .string { out.appendStringMember("title", fields.title, comma: false) } else { out.appendMember("title", literal: "", comma: false) }
            out.append("}")
        }
        out.append("]")
    }
}
