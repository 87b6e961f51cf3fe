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

        init(_ view: Finding) {
            let types = view.types
            if view.node.get("Compliance") != nil {
                self = .compliance
            } else if view.node.get("Vulnerabilities") != nil
                        || types.contains(where: { $0.hasPrefix("Software and Configuration Checks/Vulnerabilities") }) {
                self = .vulnerability
            } else if types.contains(where: { $0.hasPrefix("Sensitive Data Identifications") }) {
                self = .dataSecurity
            } else {
                self = .detection
            }
        }
    }

    private static let remediationText = JSONPath("Remediation.Recommendation.Text")!
    private static let remediationURL = JSONPath("Remediation.Recommendation.Url")!

    public func encode(_ finding: JSONNode, into out: ByteBuffer) {
        let view = Finding(finding)
        let findingClass = FindingClass(view)
        let created = view.createdAt, updated = view.updatedAt
        let archived = view.recordState == .archived
        let activity = archived ? 3 : (created != nil && created == updated ? 1 : 2)
        let activityName: StaticString = activity == 3 ? "Close" : activity == 1 ? "Create" : "Update"

        out.append("{\"activity_id\":"); out.append(integer: activity)
        out.append(",\"activity_name\":\""); out.append(activityName)
        out.append("\",\"category_uid\":2,\"category_name\":\"Findings\",\"class_uid\":"); out.append(integer: findingClass.rawValue)
        out.append(",\"class_name\":\""); out.append(findingClass.name)
        out.append("\",\"type_uid\":"); out.append(integer: findingClass.rawValue * 100 + activity)
        out.append(",\"type_name\":\""); out.append(findingClass.name); out.append(": "); out.append(activityName)
        let (severityId, severityName) = OCSFEncoder.severity(view.severityLabel)
        out.append("\",\"severity_id\":"); out.append(integer: severityId)
        out.append(",\"severity\":\""); out.append(severityName)
        let (statusId, statusName) = OCSFEncoder.status(view.workflowStatus, archived: archived)
        out.append("\",\"status_id\":"); out.append(integer: statusId)
        out.append(",\"status\":\""); out.append(statusName); out.append("\"")
        out.append(",\"time\":"); out.append(integer: Int(created?.epochMilliseconds ?? updated?.epochMilliseconds ?? 0))
        out.appendStringMember("message", finding.string("Title"))

        out.append(",\"metadata\":{\"version\":\""); out.append(OCSFEncoder.schemaVersion)
        out.append("\",\"product\":{")
        out.appendStringMember("name", finding.string("ProductName") ?? Array("Security Hub".utf8), comma: false)
        out.appendStringMember("vendor_name", finding.string("CompanyName") ?? Array("AWS".utf8))
        out.appendStringMember("uid", finding.string("ProductArn"))
        out.append("}")
        out.appendStringMember("uid", finding.string("Id"))
        out.appendStringMember("original_time", finding.string("UpdatedAt"))
        out.append("}")

        out.append(",\"finding_info\":{")
        out.appendStringMember("uid", finding.string("Id") ?? [], comma: false)
        out.appendStringMember("title", finding.string("Title"))
        out.appendStringMember("desc", finding.string("Description"))
        if let types = finding.get("Types") { out.append(",\"types\":"); out.appendCompact(types) }
        out.appendStringMember("product_uid", finding.string("ProductArn"))
        out.appendStringMember("src_url", finding.string("SourceUrl"))
        func time(_ key: StaticString, _ value: Timestamp?) {
            guard let value else { return }
            out.append(","); out.appendKey(key); out.append(integer: Int(value.epochMilliseconds))
        }
        time("created_time", created)
        time("modified_time", updated)
        time("first_seen_time", view.firstObservedAt)
        time("last_seen_time", view.lastObservedAt)
        out.append("}")

        out.append(",\"cloud\":{\"provider\":\"AWS\"")
        if let account = finding.string("AwsAccountId") {
            out.append(",\"account\":{\"type\":\"AWS Account\",\"type_id\":10")
            out.appendStringMember("uid", account)
            out.append("}")
        }
        out.appendStringMember("region", view.region.map { Array($0.utf8) })
        out.append("}")
        appendResources(finding, into: out)
        appendRemediation(finding, into: out)
        switch findingClass {
        case .compliance: appendCompliance(finding, view, into: out)
        case .vulnerability: appendVulnerabilities(finding, into: out)
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

    private func appendResources(_ finding: JSONNode, into out: ByteBuffer) {
        guard let resources = finding.get("Resources"), resources.kind == .array else { return }
        out.append(",\"resources\":[")
        var first = true
        for resource in resources.elements {
            if !first { out.append(",") }
            first = false
            out.append("{")
            out.appendStringMember("uid", resource.string("Id") ?? [], comma: false)
            out.appendStringMember("type", resource.string("Type"))
            out.appendStringMember("region", resource.string("Region"))
            out.appendStringMember("cloud_partition", resource.string("Partition"))
            if let details = resource.get("Details") { out.append(",\"data\":"); out.appendCompact(details) }
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
        let text = finding.string(at: OCSFEncoder.remediationText)
        let url = finding.string(at: OCSFEncoder.remediationURL)
        guard text != nil || url != nil else { return }
        out.append(",\"remediation\":{")
        out.appendStringMember("desc", text ?? [], comma: false)
        if let url {
            out.append(",\"references\":[")
            url.withUnsafeBytes { out.appendJSONString($0) }
            out.append("]")
        }
        out.append("}")
    }

    private func appendCompliance(_ finding: JSONNode, _ view: Finding, into out: ByteBuffer) {
        let compliance = finding.get("Compliance")
        let status: (Int, StaticString)
        switch view.complianceStatus {
        case .passed: status = (1, "Pass")
        case .warning: status = (2, "Warning")
        case .failed: status = (3, "Fail")
        case .notAvailable, nil: status = (99, "Other")
        }
        out.append(",\"compliance\":{\"status_id\":"); out.append(integer: status.0)
        out.append(",\"status\":\""); out.append(status.1); out.append("\"")
        out.appendStringMember("control", view.controlId.map { Array($0.utf8) })
        var standards: [[UInt8]] = []
        if let associated = compliance?.get("AssociatedStandards") {
            for standard in associated.elements { if let id = standard.string("StandardsId") { standards.append(id) } }
        }
        if standards.isEmpty, let generator = finding.string("GeneratorId") { standards.append(generator) }
        out.append(",\"standards\":[")
        for (index, standard) in standards.enumerated() {
            if index > 0 { out.append(",") }
            standard.withUnsafeBytes { out.appendJSONString($0) }
        }
        out.append("]}")
    }

    private func appendVulnerabilities(_ finding: JSONNode, into out: ByteBuffer) {
        out.append(",\"vulnerabilities\":[")
        var first = true
        let vulnerabilities = finding.get("Vulnerabilities")
        for vulnerability in vulnerabilities?.elements ?? finding.elements {
            if !first { out.append(",") }
            first = false
            out.append("{\"cve\":{")
            out.appendStringMember("uid", vulnerability.string("Id") ?? [], comma: false)
            if let cvssList = vulnerability.get("Cvss"), cvssList.kind == .array {
                out.append(",\"cvss\":[")
                var firstScore = true
                for cvss in cvssList.elements {
                    if !firstScore { out.append(",") }
                    firstScore = false
                    out.append("{")
                    out.appendStringMember("version", cvss.string("Version") ?? [], comma: false)
                    if let score = cvss.get("BaseScore"), score.kind == .number { out.append(",\"base_score\":"); out.append(score.rawBytes) }
                    out.appendStringMember("vector_string", cvss.string("BaseVector"))
                    out.append("}")
                }
                out.append("]")
            }
            out.append("}")
            out.appendStringMember("vendor_name", vulnerability.string("VendorName") ?? vulnerability.get("Vendor")?.string("Name"))
            if let references = vulnerability.get("ReferenceUrls") { out.append(",\"references\":"); out.appendCompact(references) }
            out.append("}")
        }
        if first {
            // A vulnerability type without details: one entry naming the finding, as the class requires.
            out.append("{")
            out.appendStringMember("title", finding.string("Title") ?? [], comma: false)
            out.append("}")
        }
        out.append("]")
    }
}
