import FindingsCore

/// Grype JSON reports (`grype -o json`): one finding per match, identified by the scanned
/// target, the vulnerability and the package. The account's default product ARN; the account
/// and region come from `--account` / `--region`; the time from `descriptor.timestamp`.
struct GrypeReport: FindingSource {
    let name = "Grype report"

    func findings(in document: JSONNode, _ source: SourceContext) -> [MappedFinding] {
        let account: String
        let region: String
        let time: String
        let target: String
        do throws(MappingError) {
            account = try source.account(nil)
            region = try source.region(nil)
            guard let timestamp = SourceTimestamp.asff(document["descriptor"]?["timestamp"]) else {
                throw MappingError("missing or unreadable 'descriptor.timestamp'")
            }
            time = timestamp
            let sourceTarget = document["source"]?["target"]
            guard let name = sourceTarget?.stringValue?.nonBlank ?? sourceTarget?.text("userInput") ?? sourceTarget?.text("path") else {
                throw MappingError("missing 'source.target'")
            }
            target = name
        } catch {
            return [.failure(path: "", error)]
        }
        let partition = FindingDraft.partition(forRegion: region)
        let image = document["source"]?.text("type") == "image"
        let imageId = document["source"]?["target"]?.text("imageID")
        return document.list("matches").enumerated().map { index, match in
            do throws(MappingError) {
                return .finding(try map(match, target: target, image: image, imageId: imageId, account: account,
                                        region: region, partition: partition, time: time))
            } catch {
                return .failure(path: "matches[\(index)]", error)
            }
        }
    }

    private func map(_ match: JSONNode, target: String, image: Bool, imageId: String?, account: String, region: String,
                     partition: String, time: String) throws(MappingError) -> JSONValue {
        guard let vulnerability = match["vulnerability"], let id = vulnerability.text("id") else {
            throw MappingError("missing 'vulnerability.id'")
        }
        guard let severity = vulnerability.text("severity") else { throw MappingError("missing 'vulnerability.severity'") }
        guard let label = ScannerSeverity.label(severity) else { throw MappingError("unknown severity '\(severity)'") }
        let artifact = match["artifact"]
        let package = artifact?.text("name") ?? "unknown"
        let version = artifact?.text("version")
        let packageKey = artifact?.text("purl") ?? artifact?.text("id") ?? [package, version].compactMap { $0 }.joined(separator: "@")
        var resource: JSONObject = ["Type": .string(image ? "Container" : "Other"), "Id": .string(target),
                                    "Partition": .string(partition), "Region": .string(region)]
        if image {
            var details: JSONObject = ["ImageName": .string(target)]
            details.setText("ImageId", imageId)
            resource["Details"] = .object(["Container": .object(details)])
        }
        var draft = FindingDraft(
            id: StableIdentifier.composite(["grype", target, id, packageKey]),
            productArn: FindingDraft.defaultProductArn(partition: partition, region: region, account: account),
            generatorId: "grype/\(id)", account: account, region: region,
            types: ["Software and Configuration Checks/Vulnerabilities/CVE"], createdAt: time, updatedAt: time,
            severity: label, originalSeverity: severity, title: "\(id) - \(package)" + (version.map { " \($0)" } ?? ""),
            description: vulnerability.text("description") ?? "", resources: [.object(resource)])
        var entry: JSONObject = ["Id": .string(id)]
        var mapped: JSONObject = ["Name": .string(package)]
        mapped.setText("Version", version)
        mapped.setText("PackageManager", artifact?.text("type"))
        mapped.setText("FilePath", artifact?.list("locations").first?.text("path"))
        let fix = vulnerability["fix"]
        mapped.setText("FixedInVersion", fix?.list("versions").first?.stringValue?.nonBlank)
        entry["VulnerablePackages"] = .array([.object(mapped)])
        let cvss: [JSONValue] = vulnerability.list("cvss").compactMap { score in
            guard let base = score["metrics"]?["baseScore"]?.lenientDouble else { return nil }
            let vector = score.text("vector")
            var item: JSONObject = ["Version": .string(score.text("version") ?? ScannerSeverity.cvssVersion(vector: vector, fallback: "3.1")),
                                    "BaseScore": .double(base)]
            item.setText("BaseVector", vector)
            item.setText("Source", score.text("source"))
            return .object(item)
        }
        if !cvss.isEmpty { entry["Cvss"] = .array(cvss) }
        switch fix?.text("state") {
        case "fixed": entry["FixAvailable"] = .string("YES")
        case "not-fixed", "wont-fix": entry["FixAvailable"] = .string("NO")
        default: break
        }
        if let epss = vulnerability.list("epss").first?["epss"]?.lenientDouble { entry["EpssScore"] = .double(epss) }
        let urls = vulnerability.list("urls").compactMap { $0.stringValue?.nonBlank }.prefix(20).map(JSONValue.string)
        if !urls.isEmpty { entry["ReferenceUrls"] = .array(Array(urls)) }
        let related = match.list("relatedVulnerabilities").compactMap { $0.text("id") }.filter { $0 != id }.map(JSONValue.string)
        if !related.isEmpty { entry["RelatedVulnerabilities"] = .array(related) }
        var vendor = JSONObject()
        vendor.setText("Name", vulnerability.text("namespace"))
        vendor.setText("Url", vulnerability.text("dataSource"))
        vendor.setText("VendorSeverity", severity)
        if vendor["Name"] != nil { entry["Vendor"] = .object(vendor) }
        draft.optional["Vulnerabilities"] = .array([.object(entry)])
        if let fixed = fix?.list("versions").first?.stringValue?.nonBlank {
            draft.optional["Remediation"] = .object(["Recommendation": .object([
                "Text": .string(FindingDraft.truncated("Upgrade \(package) to \(fixed)", to: 512))])])
        }
        draft.optional["ProductFields"] = .object(["Product Name": .string("Grype")])
        draft.optional["Workflow"] = .object(["Status": .string("NEW")])
        draft.optional["RecordState"] = .string("ACTIVE")
        return draft.json
    }
}
