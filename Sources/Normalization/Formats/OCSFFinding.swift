import FindingsCore

/// OCSF findings of category 2: Vulnerability (2002), Compliance (2003), Detection (2004),
/// Data Security (2006), and the deprecated Security Finding (2001), as Prowler (`json-ocsf`)
/// and Security Lake write them. Id = `finding_info.uid`; severity from the integer
/// `severity_id`; account and region from `cloud`; Prowler findings get Prowler's Security Hub
/// product ARN, others the account's default product.
struct OCSFFinding: FindingSource {
    let name = "OCSF finding"

    private static let namespaces = ["Software and Configuration Checks", "TTPs", "Effects", "Unusual Behaviors",
                                     "Sensitive Data Identifications"]
    private static let partitions: Set<String> = ["aws", "aws-cn", "aws-us-gov"]

    func findings(in document: JSONNode, _ source: SourceContext) -> [MappedFinding] {
        MappedFinding.one { () throws(MappingError) in try map(document, source) }
    }

    /// `severity_id` → label: 0 Unknown and 1 Informational → INFORMATIONAL, 2 LOW, 3 MEDIUM,
    /// 4 HIGH, 5 Critical and 6 Fatal → CRITICAL, 99 Other → INFORMATIONAL.
    static func label(forSeverityID id: Int) -> SeverityLabel? {
        switch id {
        case 0, 1, 99: return .informational
        case 2: return .low
        case 3: return .medium
        case 4: return .high
        case 5, 6: return .critical
        default: return nil
        }
    }

    func map(_ finding: JSONNode, _ source: SourceContext) throws(MappingError) -> JSONValue {
        guard let classNode = finding["class_uid"], let classUID = classNode.intValue else {
            throw MappingError("'class_uid' must be an integer")
        }
        guard [2001, 2002, 2003, 2004, 2006].contains(classUID) else {
            throw MappingError("class_uid \(classUID) is not a finding class this build maps (2001-2004, 2006)")
        }
        guard let severityNode = finding["severity_id"] else { throw MappingError("missing 'severity_id'") }
        guard severityNode.kind == .number, let severityID = severityNode.intValue else {
            throw MappingError("'severity_id' must be an integer (0-6 or 99), got \(severityNode.kind)")
        }
        guard let label = OCSFFinding.label(forSeverityID: severityID) else {
            throw MappingError("'severity_id' \(severityID) is not an OCSF severity (0-6 or 99)")
        }
        let info = finding["finding_info"]
        guard let uid = info?.text("uid") else { throw MappingError("missing 'finding_info.uid'") }
        let cloud = finding["cloud"]
        let resources = finding.list("resources")
        let account = try source.account(cloud?["account"]?.text("uid"))
        let region = try source.region(cloud?.text("region") ?? resources.first?.text("region"))
        let partition = resources.first?.text("cloud_partition").flatMap { OCSFFinding.partitions.contains($0) ? $0 : nil }
            ?? FindingDraft.partition(forRegion: region)
        let product = finding["metadata"]?["product"]
        let isProwler = (product?.text("vendor_name") ?? product?.text("name"))?.lowercased() == "prowler"
        let eventCode = finding["metadata"]?.text("event_code")
        let created = SourceTimestamp.asff(info?["created_time"]) ?? SourceTimestamp.asff(info?["created_time_dt"])
        let modified = SourceTimestamp.asff(info?["modified_time"]) ?? SourceTimestamp.asff(info?["modified_time_dt"])
        let time = SourceTimestamp.asff(finding["time"]) ?? SourceTimestamp.asff(finding["time_dt"])
        guard let createdAt = created ?? time ?? modified, let updatedAt = modified ?? time ?? created else {
            throw MappingError("missing or unreadable 'time' and 'finding_info.created_time'")
        }
        let declaredTypes = info?.list("types").compactMap { $0.stringValue?.nonBlank }
            .filter { type in OCSFFinding.namespaces.contains { type.hasPrefix($0) } } ?? []
        let types = declaredTypes.isEmpty ? [defaultType(classUID, prowler: isProwler)] : Array(declaredTypes.prefix(50))
        let generator = isProwler ? eventCode.map { "prowler-\($0)" } : nil
        var draft = FindingDraft(
            id: StableIdentifier.composite([uid]),
            productArn: isProwler ? FindingDraft.productArn(partition: partition, region: region, product: "prowler/prowler")
                : FindingDraft.defaultProductArn(partition: partition, region: region, account: account),
            generatorId: generator ?? info?["analytic"]?.text("uid") ?? eventCode ?? info?.text("product_uid") ?? "ocsf-\(classUID)",
            account: account, region: region, types: types, createdAt: createdAt, updatedAt: updatedAt,
            severity: label, originalSeverity: finding.text("severity") ?? String(severityID),
            title: info?.text("title") ?? finding.text("message") ?? uid,
            description: info?.text("desc") ?? finding.text("message") ?? "",
            resources: resources.prefix(32).map { resource($0, partition: partition, region: region) })
        if draft.resources.isEmpty {
            draft.resources = [.object(["Type": .string("AwsAccount"), "Id": .string("AWS::::Account:\(account)"),
                                        "Partition": .string(partition), "Region": .string(region)])]
        }
        draft.optional.setText("FirstObservedAt", SourceTimestamp.asff(info?["first_seen_time"]))
        draft.optional.setText("LastObservedAt", SourceTimestamp.asff(info?["last_seen_time"]))
        if let status = complianceStatus(finding) {
            var compliance: JSONObject = ["Status": .string(status)]
            let requirements = finding["compliance"]?.list("standards").compactMap { $0.stringValue?.nonBlank } ?? []
            if !requirements.isEmpty { compliance["RelatedRequirements"] = .array(requirements.prefix(32).map(JSONValue.string)) }
            draft.optional["Compliance"] = .object(compliance)
        }
        let vulnerabilities = finding.list("vulnerabilities").prefix(50).compactMap(vulnerability)
        if !vulnerabilities.isEmpty { draft.optional["Vulnerabilities"] = .array(vulnerabilities) }
        if let remediation = finding["remediation"], let text = remediation.text("desc") {
            var recommendation: JSONObject = ["Text": .string(FindingDraft.truncated(text, to: 512))]
            recommendation.setText("Url", remediation.list("references").lazy.compactMap(\.stringValue).first { $0.hasPrefix("http") })
            draft.optional["Remediation"] = .object(["Recommendation": .object(recommendation)])
        }
        var fields: JSONObject = ["ocsf/class_uid": .string(String(classUID))]
        fields.setText("ocsf/metadata/event_code", eventCode)
        fields.setText("ocsf/metadata/product/name", product?.text("name"))
        fields.setText("ocsf/metadata/version", finding["metadata"]?.text("version"))
        fields.setText("ocsf/status_code", finding.text("status_code"))
        if isProwler { fields["ProviderName"] = .string("Prowler") }
        draft.optional["ProductFields"] = .object(fields)
        let statusID = finding["status_id"]?.intValue
        let workflow = [1: "NEW", 2: "NOTIFIED", 3: "SUPPRESSED", 4: "RESOLVED"][statusID ?? 1] ?? "NEW"
        draft.optional["Workflow"] = .object(["Status": .string(workflow)])
        draft.optional["RecordState"] = .string(statusID == 5 || statusID == 6 ? "ARCHIVED" : "ACTIVE")
        return draft.json
    }

    private func defaultType(_ classUID: Int, prowler: Bool) -> String {
        switch classUID {
        case 2002: return "Software and Configuration Checks/Vulnerabilities/CVE"
        case 2003: return "Software and Configuration Checks/Industry and Regulatory Standards"
        case 2006: return "Sensitive Data Identifications"
        default: return prowler ? "Software and Configuration Checks" : "Unusual Behaviors"
        }
    }

    /// PASS/FAIL/MANUAL (`status_code`, Prowler) or `compliance.status_id` (1 Pass, 2 Warning, 3 Fail).
    private func complianceStatus(_ finding: JSONNode) -> String? {
        switch finding.text("status_code") {
        case "PASS": return "PASSED"
        case "FAIL": return "FAILED"
        case "MANUAL": return "WARNING"
        default: break
        }
        switch finding["compliance"]?["status_id"]?.intValue {
        case 1: return "PASSED"
        case 2: return "WARNING"
        case 3: return "FAILED"
        default: return nil
        }
    }

    private func resource(_ node: JSONNode, partition: String, region: String) -> JSONValue {
        let declared = node.text("type") ?? "Other"
        let type = declared.hasPrefix("AWS::") ? ResourceTypeName.asff(declared)
            : (declared.hasPrefix("Aws") || declared == "Container" || declared == "Other") ? declared : "Other"
        var object: JSONObject = ["Type": .string(type), "Id": .string(node.text("uid") ?? node.text("name") ?? "unknown"),
                                  "Partition": .string(node.text("cloud_partition").flatMap { OCSFFinding.partitions.contains($0) ? $0 : nil } ?? partition),
                                  "Region": .string(node.text("region") ?? region)]
        if type == "Other" && declared != "Other" { object["Details"] = .object(["Other": .object(["Type": .string(declared)])]) }
        return .object(object)
    }

    private func vulnerability(_ node: JSONNode) -> JSONValue? {
        let cve = node["cve"]
        guard let id = cve?.text("uid") ?? node["cwe"]?.text("uid") ?? node["advisory"]?.text("uid") else { return nil }
        var vulnerability: JSONObject = ["Id": .string(id)]
        let cvss: [JSONValue] = cve?.list("cvss").compactMap { score in
            guard let version = score.text("version"), let base = score["base_score"]?.lenientDouble else { return nil }
            var mapped: JSONObject = ["Version": .string(version), "BaseScore": .double(base)]
            mapped.setText("BaseVector", score.text("vector_string"))
            return .object(mapped)
        } ?? []
        if !cvss.isEmpty { vulnerability["Cvss"] = .array(cvss) }
        let packages: [JSONValue] = node.list("affected_packages").map { package in
            var mapped = JSONObject()
            for (from, to) in [("name", "Name"), ("version", "Version"), ("epoch", "Epoch"), ("release", "Release"),
                               ("architecture", "Architecture"), ("package_manager", "PackageManager"), ("path", "FilePath"),
                               ("fixed_in_version", "FixedInVersion"), ("remediation", "Remediation")] {
                mapped.setText(to, package[from]?.scalarText)
            }
            return .object(mapped)
        }
        if !packages.isEmpty { vulnerability["VulnerablePackages"] = .array(packages) }
        if let fix = node["fix_available"]?.boolValue { vulnerability["FixAvailable"] = .string(fix ? "YES" : "NO") }
        if let exploit = node["is_exploit_available"]?.boolValue { vulnerability["ExploitAvailable"] = .string(exploit ? "YES" : "NO") }
        if let epss = cve?["epss"]?["score"]?.lenientDouble { vulnerability["EpssScore"] = .double(epss) }
        let references = node.list("references").compactMap { $0.stringValue?.nonBlank }.map(JSONValue.string)
        if !references.isEmpty { vulnerability["ReferenceUrls"] = .array(references) }
        return .object(vulnerability)
    }
}
