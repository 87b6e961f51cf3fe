import FindingsCore

/// Amazon Inspector (v2) findings (API `ListFindings` elements, EventBridge `Inspector2
/// Finding` details), mapped as Security Hub imports them: Id = `findingArn`, GeneratorId
/// `AWSInspector`, types by finding type, severity label as Inspector states it, the
/// vulnerability (CVSS, EPSS, exploit and fix availability, packages) in `Vulnerabilities[]`,
/// the reachability path in `NetworkPath`, the resources with their details.
struct InspectorFinding: FindingSource {
    let name = "Inspector finding"

    static let types = [
        "PACKAGE_VULNERABILITY": "Software and Configuration Checks/Vulnerabilities/CVE",
        "NETWORK_REACHABILITY": "Software and Configuration Checks/AWS Security Best Practices/Network Reachability",
        "CODE_VULNERABILITY": "Software and Configuration Checks/Vulnerabilities/CWE",
    ]

    func findings(in document: JSONNode, _ source: SourceContext) -> [MappedFinding] {
        MappedFinding.one { () throws(MappingError) in try map(document, source) }
    }

    func map(_ finding: JSONNode, _ source: SourceContext) throws(MappingError) -> JSONValue {
        guard let findingArn = finding.text("findingArn") else { throw MappingError("missing 'findingArn'") }
        guard let type = finding.text("type") else { throw MappingError("missing 'type'") }
        guard let asffType = InspectorFinding.types[type] else {
            throw MappingError("unknown type '\(type)' (expected PACKAGE_VULNERABILITY, NETWORK_REACHABILITY or CODE_VULNERABILITY)")
        }
        guard let severityText = finding.text("severity") else { throw MappingError("missing 'severity'") }
        let label: SeverityLabel
        if severityText == "UNTRIAGED" { label = .informational } else if let known = SeverityLabel(rawValue: severityText) { label = known } else {
            throw MappingError("unknown severity '\(severityText)'")
        }
        let arn = ARN(findingArn)
        let resources = finding.list("resources")
        let region = try source.region(arn?.region.nonBlank ?? resources.first?.text("region"))
        let account = try source.account(finding.text("awsAccountId") ?? arn?.account.nonBlank)
        let partition = arn?.partition.nonBlank ?? FindingDraft.partition(forRegion: region)
        let first = SourceTimestamp.asff(finding["firstObservedAt"])
        let updated = SourceTimestamp.asff(finding["updatedAt"]) ?? SourceTimestamp.asff(finding["lastObservedAt"])
        guard let createdAt = first ?? updated, let updatedAt = updated ?? first else {
            throw MappingError("missing or unreadable 'firstObservedAt'/'updatedAt'")
        }
        let status = finding.text("status") ?? "ACTIVE"
        var draft = FindingDraft(
            id: findingArn, productArn: FindingDraft.productArn(partition: partition, region: region, product: "aws/inspector"),
            generatorId: "AWSInspector", account: account, region: region, types: [asffType],
            createdAt: createdAt, updatedAt: updatedAt, severity: label, originalSeverity: severityText,
            title: finding.text("title") ?? type, description: finding.text("description") ?? "",
            resources: resources.prefix(32).map { resource($0, partition: partition, region: region, account: account) })
        if draft.resources.isEmpty { throw MappingError("no 'resources'") }
        draft.optional.setText("FirstObservedAt", first)
        draft.optional.setText("LastObservedAt", SourceTimestamp.asff(finding["lastObservedAt"]))
        if let vulnerability = vulnerability(finding, type: type) { draft.optional["Vulnerabilities"] = .array([.object(vulnerability)]) }
        if let reachability = finding["networkReachabilityDetails"] {
            var network = JSONObject()
            network.setText("Protocol", reachability.text("protocol"))
            if let range = reachability["openPortRange"], let begin = range["begin"]?.lenientInt, let end = range["end"]?.lenientInt {
                network["OpenPortRange"] = .object(["Begin": .int(begin), "End": .int(end)])
            }
            draft.optional.setNonEmpty("Network", network)
            let path: [JSONValue] = reachability["networkPath"]?.list("steps").compactMap { step in
                var component = JSONObject()
                component.setText("ComponentId", step.text("componentId"))
                component.setText("ComponentType", step.text("componentType"))
                return component.isEmpty ? nil : .object(component)
            } ?? []
            if !path.isEmpty { draft.optional["NetworkPath"] = .array(path) }
        }
        if let recommendation = finding["remediation"]?["recommendation"] {
            var mapped = JSONObject()
            mapped.setText("Text", recommendation.text("text").map { FindingDraft.truncated($0, to: 512) })
            mapped.setText("Url", recommendation.text("Url") ?? recommendation.text("url"))
            if !mapped.isEmpty { draft.optional["Remediation"] = .object(["Recommendation": .object(mapped)]) }
        }
        var fields: JSONObject = ["aws/inspector/FindingStatus": .string(status), "aws/inspector/ProductVersion": .string("2")]
        fields.setText("aws/inspector/inspectorScore", finding["inspectorScore"]?.scalarText)
        draft.optional["ProductFields"] = .object(fields)
        switch status {
        case "SUPPRESSED":
            draft.optional["Workflow"] = .object(["Status": .string("SUPPRESSED")])
            draft.optional["RecordState"] = .string("ACTIVE")
        case "CLOSED":
            draft.optional["Workflow"] = .object(["Status": .string("RESOLVED")])
            draft.optional["RecordState"] = .string("ARCHIVED")
        default:
            draft.optional["Workflow"] = .object(["Status": .string("NEW")])
            draft.optional["RecordState"] = .string("ACTIVE")
        }
        return draft.json
    }

    /// The `Vulnerabilities[]` entry: package CVE or code CWE, with scores and availability.
    private func vulnerability(_ finding: JSONNode, type: String) -> JSONObject? {
        var vulnerability = JSONObject()
        if let package = finding["packageVulnerabilityDetails"] {
            guard let id = package.text("vulnerabilityId") else { return nil }
            vulnerability["Id"] = .string(id)
            let packages: [JSONValue] = package.list("vulnerablePackages").map { item in
                var mapped = JSONObject()
                for (from, to) in [("name", "Name"), ("version", "Version"), ("epoch", "Epoch"), ("release", "Release"),
                                   ("arch", "Architecture"), ("packageManager", "PackageManager"), ("filePath", "FilePath"),
                                   ("fixedInVersion", "FixedInVersion"), ("remediation", "Remediation"),
                                   ("sourceLayerHash", "SourceLayerHash"), ("sourceLambdaLayerArn", "SourceLayerArn")] {
                    mapped.setText(to, item[from]?.scalarText)
                }
                return .object(mapped)
            }
            if !packages.isEmpty { vulnerability["VulnerablePackages"] = .array(packages) }
            let adjusted = finding["inspectorScoreDetails"]?["adjustedCvss"]
            let cvss: [JSONValue] = package.list("cvss").compactMap { score in
                guard let version = score["version"]?.scalarText, let base = score["baseScore"]?.lenientDouble else { return nil }
                var mapped: JSONObject = ["Version": .string(version), "BaseScore": .double(base)]
                mapped.setText("BaseVector", score.text("scoringVector"))
                mapped.setText("Source", score.text("source"))
                if let adjusted, adjusted.text("cvssSource") == score.text("source"), adjusted["version"]?.scalarText == version {
                    let adjustments: [JSONValue] = adjusted.list("adjustments").compactMap { item in
                        guard let metric = item.text("metric"), let reason = item.text("reason") else { return nil }
                        return .object(["Metric": .string(metric), "Reason": .string(reason)])
                    }
                    if !adjustments.isEmpty { mapped["Adjustments"] = .array(adjustments) }
                }
                return .object(mapped)
            }
            if !cvss.isEmpty { vulnerability["Cvss"] = .array(cvss) }
            let related = package.list("relatedVulnerabilities").compactMap { $0.stringValue?.nonBlank }.map(JSONValue.string)
            if !related.isEmpty { vulnerability["RelatedVulnerabilities"] = .array(related) }
            var vendor = JSONObject()
            vendor.setText("Name", package.text("source"))
            vendor.setText("Url", package.text("sourceUrl"))
            vendor.setText("VendorSeverity", package.text("vendorSeverity"))
            vendor.setText("VendorCreatedAt", SourceTimestamp.asff(package["vendorCreatedAt"]))
            vendor.setText("VendorUpdatedAt", SourceTimestamp.asff(package["vendorUpdatedAt"]))
            if vendor["Name"] != nil { vulnerability["Vendor"] = .object(vendor) }
            let references = package.list("referenceUrls").compactMap { $0.stringValue?.nonBlank }.map(JSONValue.string)
            if !references.isEmpty { vulnerability["ReferenceUrls"] = .array(references) }
        } else if let code = finding["codeVulnerabilityDetails"] {
            let cwes = code.list("cwes").compactMap { $0.stringValue?.nonBlank }
            guard let id = cwes.first ?? code.text("ruleId") else { return nil }
            vulnerability["Id"] = .string(id)
            var entry = JSONObject()
            if !cwes.isEmpty { entry["Cwes"] = .array(cwes.map(JSONValue.string)) }
            if let path = code["filePath"] {
                var mapped = JSONObject()
                mapped.setText("FileName", path.text("fileName"))
                mapped.setText("FilePath", path.text("filePath"))
                if let line = path["startLine"]?.lenientInt { mapped["StartLine"] = .int(line) }
                if let line = path["endLine"]?.lenientInt { mapped["EndLine"] = .int(line) }
                entry.setNonEmpty("FilePath", mapped)
            }
            entry.setText("SourceArn", finding.list("resources").first?.text("id"))
            if !entry.isEmpty { vulnerability["CodeVulnerabilities"] = .array([.object(entry)]) }
        } else {
            return nil
        }
        for key in ["fixAvailable", "exploitAvailable"] {
            if let value = finding.text(key), ["YES", "NO", "PARTIAL"].contains(value) {
                vulnerability[key == "fixAvailable" ? "FixAvailable" : "ExploitAvailable"] = .string(value)
            }
        }
        if let epss = finding["epss"]?["score"]?.lenientDouble { vulnerability["EpssScore"] = .double(epss) }
        vulnerability.setText("LastKnownExploitAt", SourceTimestamp.asff(finding["exploitabilityDetails"]?["lastKnownExploitAt"]))
        return vulnerability
    }

    /// One Inspector resource; EC2 ids are bare instance ids and become instance ARNs.
    private func resource(_ node: JSONNode, partition: String, region: String, account: String) -> JSONValue {
        let type = node.text("type") ?? "OTHER"
        let id = node.text("id") ?? "unknown"
        let ownRegion = node.text("region").flatMap { $0 == "N/A" ? nil : $0 } ?? region
        let ownPartition = node.text("partition").flatMap { $0 == "N/A" ? nil : $0 } ?? partition
        var object: JSONObject = ["Type": .string("Other"), "Id": .string(id), "Partition": .string(ownPartition), "Region": .string(ownRegion)]
        var details = JSONObject()
        let source = node["details"]
        switch type {
        case "AWS_EC2_INSTANCE":
            object["Type"] = .string("AwsEc2Instance")
            if !id.hasPrefix("arn:") { object["Id"] = .string("arn:\(ownPartition):ec2:\(ownRegion):\(account):instance/\(id)") }
            if let ec2 = source?["awsEc2Instance"] {
                details.setText("Type", ec2.text("type"))
                details.setText("ImageId", ec2.text("imageId"))
                for (from, to) in [("ipV4Addresses", "IpV4Addresses"), ("ipV6Addresses", "IpV6Addresses")] {
                    let addresses = ec2.list(from).compactMap { $0.stringValue?.nonBlank }.map(JSONValue.string)
                    if !addresses.isEmpty { details[to] = .array(addresses) }
                }
                details.setText("KeyName", ec2.text("keyName"))
                details.setText("IamInstanceProfileArn", ec2.text("iamInstanceProfileArn"))
                details.setText("VpcId", ec2.text("vpcId"))
                details.setText("SubnetId", ec2.text("subnetId"))
                details.setText("LaunchedAt", SourceTimestamp.asff(ec2["launchedAt"]))
                if !details.isEmpty { object["Details"] = .object(["AwsEc2Instance": .object(details)]) }
            }
        case "AWS_ECR_CONTAINER_IMAGE":
            object["Type"] = .string("AwsEcrContainerImage")
            if let image = source?["awsEcrContainerImage"] {
                details.setText("RegistryId", image.text("registry"))
                details.setText("RepositoryName", image.text("repositoryName"))
                details.setText("Architecture", image.text("architecture"))
                details.setText("ImageDigest", image.text("imageHash"))
                let tags = image.list("imageTags").compactMap { $0.stringValue?.nonBlank }.map(JSONValue.string)
                if !tags.isEmpty { details["ImageTags"] = .array(tags) }
                details.setText("ImagePublishedAt", SourceTimestamp.asff(image["pushedAt"]))
                if !details.isEmpty { object["Details"] = .object(["AwsEcrContainerImage": .object(details)]) }
            }
        case "AWS_ECR_REPOSITORY":
            object["Type"] = .string("AwsEcrRepository")
        case "AWS_LAMBDA_FUNCTION":
            object["Type"] = .string("AwsLambdaFunction")
            if let function = source?["awsLambdaFunction"] {
                details.setText("FunctionName", function.text("functionName"))
                details.setText("Runtime", function.text("runtime"))
                details.setText("Version", function.text("version"))
                details.setText("CodeSha256", function.text("codeSha256"))
                details.setText("Role", function.text("executionRoleArn"))
                details.setText("LastModified", SourceTimestamp.asff(function["lastModifiedAt"]))
                details.setText("PackageType", function.text("packageType"))
                let architectures = function.list("architectures").compactMap { $0.stringValue?.nonBlank }.map(JSONValue.string)
                if !architectures.isEmpty { details["Architectures"] = .array(architectures) }
                if !details.isEmpty { object["Details"] = .object(["AwsLambdaFunction": .object(details)]) }
            }
        default:
            break
        }
        if let tags = node["tags"], tags.kind == .object {
            var map = JSONObject()
            for (key, value) in tags.members {
                if let name = key.stringValue?.nonBlank, let text = value.scalarText?.nonBlank { map[name] = .string(text) }
            }
            if !map.isEmpty { object["Tags"] = .object(map) }
        }
        return .object(object)
    }
}
