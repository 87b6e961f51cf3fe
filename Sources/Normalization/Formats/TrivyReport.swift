import FindingsCore

/// Trivy JSON reports (`trivy ... --format json`, schema 2): one finding per vulnerability
/// (per artifact, target, vulnerability and package), misconfiguration and secret, following
/// Trivy's own Security Hub template (product `aquasecurity/aquasecurity`, GeneratorId
/// `Trivy/<ID>`). The account and region are not in the report: `--account`, `--region`.
/// Secrets are described by rule, file and line only; the matched text is never copied.
struct TrivyReport: FindingSource {
    let name = "Trivy report"

    /// What the whole report contributes to each finding.
    private struct Report {
        let artifact: String
        let artifactType: String
        let imageId: String?
        let createdAt: String?
        let account: String
        let region: String
        let partition: String
    }

    func findings(in document: JSONNode, _ source: SourceContext) -> [MappedFinding] {
        let report: Report
        do throws(MappingError) {
            guard let artifact = document.text("ArtifactName") else { throw MappingError("missing 'ArtifactName'") }
            let account = try source.account(nil)
            let region = try source.region(nil)
            report = Report(artifact: artifact, artifactType: document.text("ArtifactType") ?? "filesystem",
                            imageId: document["Metadata"]?.text("ImageID"), createdAt: SourceTimestamp.asff(document["CreatedAt"]),
                            account: account, region: region, partition: FindingDraft.partition(forRegion: region))
        } catch {
            return [.failure(path: "", error)]
        }
        var results: [MappedFinding] = []
        for (index, result) in document.list("Results").enumerated() {
            let target = result.text("Target") ?? report.artifact
            for (kind, list) in [("Vulnerabilities", "vulnerability"), ("Misconfigurations", "misconfiguration"), ("Secrets", "secret")] {
                for (itemIndex, item) in result.list(kind).enumerated() {
                    do throws(MappingError) {
                        let finding: JSONValue
                        switch list {
                        case "vulnerability": finding = try vulnerability(item, result: result, target: target, report)
                        case "misconfiguration": finding = try misconfiguration(item, target: target, report)
                        default: finding = try secret(item, target: target, report)
                        }
                        results.append(.finding(finding))
                    } catch {
                        results.append(.failure(path: "Results[\(index)].\(kind)[\(itemIndex)]", error))
                    }
                }
            }
        }
        return results
    }

    private func draft(id: [String], generator: String, type: String, severity: String?, title: String, description: String,
                       time: String?, target: String, _ report: Report) throws(MappingError) -> FindingDraft {
        guard let severity else { throw MappingError("missing 'Severity'") }
        guard let label = ScannerSeverity.label(severity) else { throw MappingError("unknown Severity '\(severity)'") }
        guard let time = report.createdAt ?? time else {
            throw MappingError("no report time: the report has no 'CreatedAt' (Trivy 0.48 and later write it)")
        }
        let image = report.artifactType == "container_image"
        var resource: JSONObject = ["Type": .string(image ? "Container" : "Other"),
                                    "Id": .string(image ? report.artifact : "\(report.artifact)/\(target)"),
                                    "Partition": .string(report.partition), "Region": .string(report.region)]
        if image {
            var details: JSONObject = ["ImageName": .string(report.artifact)]
            details.setText("ImageId", report.imageId)
            resource["Details"] = .object(["Container": .object(details)])
        } else {
            resource["Details"] = .object(["Other": .object(["Target": .string(FindingDraft.truncated(target, to: 1024)),
                                                            "ArtifactType": .string(report.artifactType)])])
        }
        var draft = FindingDraft(
            id: StableIdentifier.composite(["trivy", report.artifact] + id),
            productArn: FindingDraft.productArn(partition: report.partition, region: report.region, product: "aquasecurity/aquasecurity"),
            generatorId: generator, account: report.account, region: report.region, types: [type],
            createdAt: time, updatedAt: time, severity: label, originalSeverity: severity,
            title: title, description: description, resources: [.object(resource)])
        draft.optional["ProductFields"] = .object(["Product Name": .string("Trivy"), "aquasecurity/trivy/Target": .string(FindingDraft.truncated(target, to: 2048))])
        draft.optional["Workflow"] = .object(["Status": .string("NEW")])
        draft.optional["RecordState"] = .string("ACTIVE")
        return draft
    }

    private func vulnerability(_ item: JSONNode, result: JSONNode, target: String, _ report: Report) throws(MappingError) -> JSONValue {
        guard let id = item.text("VulnerabilityID") else { throw MappingError("missing 'VulnerabilityID'") }
        let package = item.text("PkgName") ?? "unknown"
        let version = item.text("InstalledVersion")
        let packageKey = item.text("PkgID") ?? [package, version].compactMap { $0 }.joined(separator: "@")
        let published = SourceTimestamp.asff(item["LastModifiedDate"]) ?? SourceTimestamp.asff(item["PublishedDate"])
        var draft = try self.draft(id: [target, id, packageKey], generator: "Trivy/\(id)",
                                   type: "Software and Configuration Checks/Vulnerabilities/CVE", severity: item.text("Severity"),
                                   title: "\(id) - \(package)" + (version.map { " \($0)" } ?? ""),
                                   description: item.text("Description") ?? item.text("Title") ?? "", time: published,
                                   target: target, report)
        var vulnerability: JSONObject = ["Id": .string(id)]
        var mapped: JSONObject = ["Name": .string(package)]
        mapped.setText("Version", version)
        mapped.setText("FixedInVersion", item.text("FixedVersion"))
        mapped.setText("PackageManager", result.text("Type"))
        mapped.setText("FilePath", item.text("PkgPath"))
        vulnerability["VulnerablePackages"] = .array([.object(mapped)])
        var cvss: [JSONValue] = []
        if let scores = item["CVSS"], scores.kind == .object {
            for (key, score) in scores.members {
                let source = key.stringValue ?? "unknown"
                for (scoreKey, vectorKey, fallback) in [("V3Score", "V3Vector", "3.0"), ("V2Score", "V2Vector", "2.0")] {
                    guard let base = score[scoreKey]?.lenientDouble else { continue }
                    let vector = score.text(vectorKey)
                    var entry: JSONObject = ["Version": .string(ScannerSeverity.cvssVersion(vector: vector, fallback: fallback)),
                                             "BaseScore": .double(base)]
                    entry.setText("BaseVector", vector)
                    entry["Source"] = .string(source)
                    cvss.append(.object(entry))
                }
            }
        }
        if !cvss.isEmpty { vulnerability["Cvss"] = .array(cvss) }
        var vendor = JSONObject()
        vendor.setText("Name", item.text("SeveritySource") ?? item["DataSource"]?.text("Name"))
        vendor.setText("Url", item.text("PrimaryURL"))
        vendor.setText("VendorSeverity", item.text("Severity"))
        vendor.setText("VendorCreatedAt", SourceTimestamp.asff(item["PublishedDate"]))
        vendor.setText("VendorUpdatedAt", SourceTimestamp.asff(item["LastModifiedDate"]))
        if vendor["Name"] != nil { vulnerability["Vendor"] = .object(vendor) }
        let references = item.list("References").compactMap { $0.stringValue?.nonBlank }.prefix(20).map(JSONValue.string)
        if !references.isEmpty { vulnerability["ReferenceUrls"] = .array(Array(references)) }
        vulnerability["FixAvailable"] = .string(item.text("FixedVersion") == nil ? "NO" : "YES")
        draft.optional["Vulnerabilities"] = .array([.object(vulnerability)])
        if let fixed = item.text("FixedVersion") {
            draft.optional["Remediation"] = .object(["Recommendation": .object([
                "Text": .string(FindingDraft.truncated("Upgrade \(package) to \(fixed)", to: 512))])])
        }
        return draft.json
    }

    private func misconfiguration(_ item: JSONNode, target: String, _ report: Report) throws(MappingError) -> JSONValue {
        guard let id = item.text("ID") ?? item.text("AVDID") else { throw MappingError("missing 'ID'") }
        let cause = item["CauseMetadata"]
        let location = [cause?.text("Resource"), cause?["StartLine"]?.scalarText].compactMap { $0 }
        var draft = try self.draft(id: [target, id] + location, generator: "Trivy/\(id)", type: "Software and Configuration Checks",
                                   severity: item.text("Severity"), title: "\(id): \(item.text("Title") ?? "misconfiguration")",
                                   description: [item.text("Description"), item.text("Message")].compactMap { $0 }.joined(separator: " "),
                                   time: nil, target: target, report)
        let passed = item.text("Status") == "PASS"
        draft.optional["Compliance"] = .object(["Status": .string(passed ? "PASSED" : "FAILED")])
        if passed { draft.optional["Workflow"] = .object(["Status": .string("RESOLVED")]) }
        if let resolution = item.text("Resolution") {
            var recommendation: JSONObject = ["Text": .string(FindingDraft.truncated(resolution, to: 512))]
            recommendation.setText("Url", item.text("PrimaryURL"))
            draft.optional["Remediation"] = .object(["Recommendation": .object(recommendation)])
        }
        return draft.json
    }

    private func secret(_ item: JSONNode, target: String, _ report: Report) throws(MappingError) -> JSONValue {
        guard let rule = item.text("RuleID") else { throw MappingError("missing 'RuleID'") }
        let line = item["StartLine"]?.scalarText ?? "0"
        let title = item.text("Title") ?? rule
        let draft = try self.draft(id: [target, rule, line], generator: "Trivy/\(rule)", type: "Sensitive Data Identifications",
                                   severity: item.text("Severity"), title: "Secret: \(title) in \(target)",
                                   description: "Trivy found a \(item.text("Category") ?? "secret") secret (rule \(rule)) in \(target) at line \(line).",
                                   time: nil, target: target, report)
        return draft.json
    }
}
