import FindingsCore

/// Amazon Macie (v2) findings (`GetFindings` elements, EventBridge `Macie Finding` details).
/// Sensitive data findings become `Sensitive Data Identifications/<category>/<type with "/"
/// as "-">` with the S3 object and its bucket as resources and the classification result in
/// `DataClassification`; policy findings become `Software and Configuration Checks/AWS
/// Security Best Practices/<type>` on the bucket. Id = Macie's finding id; severity from
/// `severity.description`.
struct MacieFinding: FindingSource {
    let name = "Macie finding"

    /// The ASFF category of a sensitive data finding type's last component.
    private static let dataCategories = [
        "Personal": "PII", "Financial": "Financial", "Credentials": "Passwords",
        "CustomIdentifier": "Custom", "Multiple": "PII",
    ]

    func findings(in document: JSONNode, _ source: SourceContext) -> [MappedFinding] {
        MappedFinding.one { () throws(MappingError) in try map(document, source) }
    }

    func map(_ finding: JSONNode, _ source: SourceContext) throws(MappingError) -> JSONValue {
        guard let id = finding.text("id") else { throw MappingError("missing 'id'") }
        guard let type = finding.text("type") else { throw MappingError("missing 'type'") }
        guard let severityText = finding["severity"]?.text("description") else { throw MappingError("missing 'severity.description'") }
        guard let label = SeverityLabel(rawValue: severityText.uppercased()) else {
            throw MappingError("unknown severity '\(severityText)' (expected Low, Medium or High)")
        }
        let account = try source.account(finding.text("accountId"))
        let region = try source.region(finding.text("region"))
        let partition = finding.text("partition") ?? FindingDraft.partition(forRegion: region)
        let created = SourceTimestamp.asff(finding["createdAt"])
        let updated = SourceTimestamp.asff(finding["updatedAt"])
        guard let createdAt = created ?? updated, let updatedAt = updated ?? created else {
            throw MappingError("missing or unreadable 'createdAt'/'updatedAt'")
        }
        let classifier = type.replacingFirst("/", with: "-")
        let asffType: String
        if finding.text("category") == "CLASSIFICATION" || type.hasPrefix("SensitiveData") {
            let detail = type.split(separator: "/").last.map(String.init) ?? type
            asffType = "Sensitive Data Identifications/\(MacieFinding.dataCategories[detail] ?? "PII")/\(classifier)"
        } else {
            asffType = "Software and Configuration Checks/AWS Security Best Practices/\(classifier)"
        }
        var resources: [JSONValue] = []
        let affected = finding["resourcesAffected"]
        let bucket = affected?["s3Bucket"]
        let bucketName = bucket?.text("name")
        let bucketArn = bucket?.text("arn") ?? bucketName.map { "arn:\(partition):s3:::\($0)" }
        if let object = affected?["s3Object"], let key = object.text("key"), let bucketName {
            var details = JSONObject()
            details.setText("ETag", object.text("eTag"))
            details.setText("VersionId", object.text("versionId"))
            details.setText("LastModified", SourceTimestamp.asff(object["lastModified"]))
            details.setText("ServerSideEncryption", object["serverSideEncryption"]?.text("encryptionType"))
            var resource: JSONObject = ["Type": .string("AwsS3Object"), "Id": .string("arn:\(partition):s3:::\(bucketName)/\(key)"),
                                        "Partition": .string(partition), "Region": .string(region)]
            if let classification = dataClassification(finding["classificationDetails"]) { resource["DataClassification"] = .object(classification) }
            if !details.isEmpty { resource["Details"] = .object(["AwsS3Object": .object(details)]) }
            resources.append(.object(resource))
        }
        if let bucketArn {
            var details = JSONObject()
            details.setText("Name", bucketName)
            details.setText("OwnerId", bucket?["owner"]?.text("id"))
            details.setText("OwnerName", bucket?["owner"]?.text("displayName"))
            details.setText("CreatedAt", SourceTimestamp.asff(bucket?["createdAt"]))
            var resource: JSONObject = ["Type": .string("AwsS3Bucket"), "Id": .string(bucketArn),
                                        "Partition": .string(partition), "Region": .string(region)]
            var tags = JSONObject()
            for tag in bucket?.list("tags") ?? [] {
                if let key = tag.text("key"), let value = tag.text("value") { tags[key] = .string(value) }
            }
            resource.setNonEmpty("Tags", tags)
            if !details.isEmpty { resource["Details"] = .object(["AwsS3Bucket": .object(details)]) }
            resources.append(.object(resource))
        }
        guard !resources.isEmpty else { throw MappingError("no S3 bucket in 'resourcesAffected'") }
        var draft = FindingDraft(
            id: id, productArn: FindingDraft.productArn(partition: partition, region: region, product: "aws/macie"),
            generatorId: type, account: account, region: region, types: [asffType],
            createdAt: createdAt, updatedAt: updatedAt, severity: label, originalSeverity: severityText,
            title: finding.text("title") ?? type, description: finding.text("description") ?? "", resources: resources)
        draft.optional["FirstObservedAt"] = .string(createdAt)
        draft.optional["LastObservedAt"] = .string(updatedAt)
        var fields: JSONObject = ["aws/macie/FindingType": .string(type)]
        fields.setText("aws/macie/Category", finding.text("category"))
        fields.setText("aws/macie/Count", finding["count"]?.scalarText)
        fields.setText("aws/macie/JobId", finding["classificationDetails"]?.text("jobId"))
        draft.optional["ProductFields"] = .object(fields)
        draft.optional["Workflow"] = .object(["Status": .string("NEW")])
        draft.optional["RecordState"] = .string(finding["archived"]?.boolValue == true ? "ARCHIVED" : "ACTIVE")
        if let sample = finding["sample"]?.boolValue { draft.optional["Sample"] = .bool(sample) }
        return draft.json
    }

    /// `classificationDetails` as ASFF `DataClassification`.
    private func dataClassification(_ details: JSONNode?) -> JSONObject? {
        guard let details else { return nil }
        var classification = JSONObject()
        classification.setText("DetailedResultsLocation", details.text("detailedResultsLocation"))
        if let result = details["result"] {
            var mapped = JSONObject()
            mapped.setText("MimeType", result.text("mimeType"))
            if let size = result["sizeClassified"]?.lenientInt { mapped["SizeClassified"] = .int(size) }
            if let additional = result["additionalOccurrences"]?.boolValue { mapped["AdditionalOccurrences"] = .bool(additional) }
            if let status = result["status"] {
                var statusObject = JSONObject()
                statusObject.setText("Code", status.text("code"))
                statusObject.setText("Reason", status.text("reason"))
                mapped.setNonEmpty("Status", statusObject)
            }
            let sensitive: [JSONValue] = result.list("sensitiveData").map { category in
                var item = JSONObject()
                item.setText("Category", category.text("category"))
                if let total = category["totalCount"]?.lenientInt { item["TotalCount"] = .int(total) }
                let detections: [JSONValue] = category.list("detections").map { detection in
                    var mappedDetection = JSONObject()
                    mappedDetection.setText("Type", detection.text("type"))
                    if let count = detection["count"]?.lenientInt { mappedDetection["Count"] = .int(count) }
                    return .object(mappedDetection)
                }
                if !detections.isEmpty { item["Detections"] = .array(detections) }
                return .object(item)
            }
            if !sensitive.isEmpty { mapped["SensitiveData"] = .array(sensitive) }
            classification.setNonEmpty("Result", mapped)
        }
        return classification.isEmpty ? nil : classification
    }
}
