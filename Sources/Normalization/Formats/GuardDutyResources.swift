import FindingsCore

/// The ASFF resources of a GuardDuty `resource` block, by `resourceType`.
struct GuardDutyResources {
    let partition: String
    let region: String
    let account: String
    let findingId: String

    func resources(_ resource: JSONNode?) -> [JSONValue] {
        guard let resource else { return [other("Unknown")] }
        let type = resource.fieldText("resourceType") ?? "Unknown"
        var list: [JSONValue] = []
        switch type {
        case "Instance":
            if let instance = resource.field("instanceDetails") { list.append(ec2Instance(instance)) }
        case "AccessKey":
            if let key = resource.field("accessKeyDetails") { list.append(accessKey(key)) }
        case "S3Bucket", "S3Object":
            for bucket in resource.list("s3BucketDetails") { list.append(s3Bucket(bucket)) }
            if let key = resource.field("accessKeyDetails") { list.append(accessKey(key)) }
        case "EKSCluster":
            if let cluster = resource.field("eksClusterDetails") { list.append(eksCluster(cluster)) }
        case "Container":
            if let container = resource.field("containerDetails") { list.append(self.container(container)) }
            if let instance = resource.field("instanceDetails") { list.append(ec2Instance(instance)) }
        case "ECSCluster":
            if let cluster = resource.field("ecsClusterDetails"), let arn = cluster.fieldText("arn") {
                list.append(make("AwsEcsCluster", id: arn, tags: cluster.field("tags")))
            }
        case "Lambda":
            if let lambda = resource.field("lambdaDetails"), let arn = lambda.fieldText("functionArn") {
                var details = JSONObject()
                details.setText("FunctionName", lambda.fieldText("functionName"))
                details.setText("Role", lambda.fieldText("role"))
                list.append(make("AwsLambdaFunction", id: arn, tags: lambda.field("tags"), details: ("AwsLambdaFunction", details)))
            }
        case "RDSDBInstance":
            if let db = resource.field("rdsDbInstanceDetails"), let arn = db.fieldText("dbInstanceArn") {
                list.append(make("AwsRdsDbInstance", id: arn, tags: db.field("tags")))
            }
        default:
            break
        }
        if list.isEmpty { list.append(other(type)) }
        return Array(list.prefix(32))
    }

    private func make(_ type: String, id: String, tags: JSONNode?, details: (String, JSONObject)? = nil) -> JSONValue {
        var object: JSONObject = ["Type": .string(type), "Id": .string(id), "Partition": .string(partition), "Region": .string(region)]
        if let tags = GuardDutyResources.tags(tags) { object["Tags"] = .object(tags) }
        if let (name, fields) = details, !fields.isEmpty { object["Details"] = .object([name: .object(fields)]) }
        return .object(object)
    }

    /// A resource GuardDuty names but ASFF has no type for: `Other`, identified by the finding.
    private func other(_ type: String) -> JSONValue {
        make("Other", id: "arn:\(partition):guardduty:\(region):\(account):resource/\(type)/\(findingId)", tags: nil)
    }

    private func ec2Instance(_ instance: JSONNode) -> JSONValue {
        let instanceId = instance.fieldText("instanceId") ?? "unknown"
        var details = JSONObject()
        details.setText("Type", instance.fieldText("instanceType"))
        details.setText("ImageId", instance.fieldText("imageId"))
        var v4: [JSONValue] = []
        var v6: [JSONValue] = []
        var vpc: String?
        var subnet: String?
        for interface in instance.list("networkInterfaces") {
            if let ip = interface.fieldText("publicIp") { v4.append(.string(ip)) }
            if let ip = interface.fieldText("privateIpAddress") { v4.append(.string(ip)) }
            for ip in interface.list("ipv6Addresses") {
                if let text = ip.stringValue?.nonBlank { v6.append(.string(text)) }
            }
            vpc = vpc ?? interface.fieldText("vpcId")
            subnet = subnet ?? interface.fieldText("subnetId")
        }
        if !v4.isEmpty { details["IpV4Addresses"] = .array(v4) }
        if !v6.isEmpty { details["IpV6Addresses"] = .array(v6) }
        details.setText("IamInstanceProfileArn", instance.field("iamInstanceProfile")?.fieldText("arn"))
        details.setText("VpcId", vpc)
        details.setText("SubnetId", subnet)
        details.setText("LaunchedAt", SourceTimestamp.asff(instance.field("launchTime")))
        return make("AwsEc2Instance", id: "arn:\(partition):ec2:\(region):\(account):instance/\(instanceId)",
                    tags: instance.field("tags"), details: ("AwsEc2Instance", details))
    }

    private func accessKey(_ key: JSONNode) -> JSONValue {
        var details = JSONObject()
        details.setText("AccessKeyId", key.fieldText("accessKeyId"))
        details.setText("PrincipalId", key.fieldText("principalId"))
        details.setText("PrincipalType", key.fieldText("userType"))
        details.setText("PrincipalName", key.fieldText("userName"))
        details.setText("UserName", key.fieldText("userName"))
        let id = key.fieldText("accessKeyId") ?? key.fieldText("principalId") ?? "unknown"
        return make("AwsIamAccessKey", id: id, tags: nil, details: ("AwsIamAccessKey", details))
    }

    private func s3Bucket(_ bucket: JSONNode) -> JSONValue {
        let name = bucket.fieldText("name")
        var details = JSONObject()
        details.setText("Name", name)
        details.setText("OwnerId", bucket.field("owner")?.fieldText("id"))
        details.setText("CreatedAt", SourceTimestamp.asff(bucket.field("createdAt")))
        let id = bucket.fieldText("arn") ?? "arn:\(partition):s3:::\(name ?? "unknown")"
        return make("AwsS3Bucket", id: id, tags: bucket.field("tags"), details: ("AwsS3Bucket", details))
    }

    private func eksCluster(_ cluster: JSONNode) -> JSONValue {
        var details = JSONObject()
        details.setText("Name", cluster.fieldText("name"))
        details.setText("Arn", cluster.fieldText("arn"))
        details.setText("ClusterStatus", cluster.fieldText("status"))
        let id = cluster.fieldText("arn") ?? "arn:\(partition):eks:\(region):\(account):cluster/\(cluster.fieldText("name") ?? "unknown")"
        return make("AwsEksCluster", id: id, tags: cluster.field("tags"), details: ("AwsEksCluster", details))
    }

    private func container(_ container: JSONNode) -> JSONValue {
        var details = JSONObject()
        details.setText("Name", container.fieldText("name"))
        details.setText("ImageName", container.fieldText("image"))
        details.setText("ImageId", container.fieldText("imagePrefix"))
        details.setText("ContainerRuntime", container.fieldText("containerRuntime"))
        let id = container.fieldText("id") ?? container.fieldText("name") ?? "unknown"
        return make("Container", id: id, tags: nil, details: ("Container", details))
    }

    /// GuardDuty tags (`[{key, value}]`) as an ASFF tag map; `nil` when there are none.
    static func tags(_ tags: JSONNode?) -> JSONObject? {
        guard let tags, tags.kind == .array else { return nil }
        var map = JSONObject()
        for tag in tags.elements {
            guard let key = tag.fieldText("key"), key.unicodeScalars.count <= 128 else { continue }
            guard let value = tag.field("value")?.scalarText?.nonBlank else { continue }
            map[key] = .string(FindingDraft.truncated(value, to: 256))
        }
        return map.isEmpty ? nil : map
    }
}

