import FindingsCore

/// AWS Config rule evaluations: `ComplianceChangeNotification` (EventBridge `Config Rules
/// Compliance Change` detail, SNS message) and the `EvaluationResults[]` of
/// `get-compliance-details-by-config-rule` / `-by-resource` (PascalCase, no account or region:
/// those come from `--account` / `--region`).
///
/// One finding per (account, region, rule, resource): the Id is built from those, so the same
/// evaluation read from SNS, EventBridge or the CLI is the same finding. Compliance:
/// NON_COMPLIANT → FAILED, COMPLIANT → PASSED (with Workflow RESOLVED, as Security Hub sets it
/// for passed checks), NOT_APPLICABLE → NOT_AVAILABLE (archived, as Security Hub archives
/// such findings), INSUFFICIENT_DATA → WARNING. Config has no severity: FAILED is MEDIUM,
/// anything else INFORMATIONAL.
struct ConfigComplianceFinding: FindingSource {
    let name = "Config evaluation"

    /// One evaluation, in whichever casing it arrived.
    private struct Evaluation {
        var account: String?
        var region: String?
        var ruleName: String?
        var ruleArn: String?
        var resourceType: String?
        var resourceId: String?
        var complianceType: String?
        var recorded: String?
        var invoked: String?
        var annotation: String?
    }

    func findings(in document: JSONNode, _ source: SourceContext) -> [MappedFinding] {
        guard let results = document["EvaluationResults"], results.kind == .array else {
            return MappedFinding.one { () throws(MappingError) in try map(notification(document), source) }
        }
        return results.elements.enumerated().map { index, result in
            do throws(MappingError) { return .finding(try map(evaluationResult(result), source)) } catch {
                return .failure(path: "EvaluationResults[\(index)]", error)
            }
        }
    }

    private func notification(_ message: JSONNode) -> Evaluation {
        let result = message["newEvaluationResult"]
        let qualifier = result?["evaluationResultIdentifier"]?["evaluationResultQualifier"]
        return Evaluation(
            account: message.text("awsAccountId"), region: message.text("awsRegion"),
            ruleName: message.text("configRuleName") ?? qualifier?.text("configRuleName"),
            ruleArn: message.text("configRuleARN") ?? message.text("configRuleArn"),
            resourceType: message.text("resourceType") ?? qualifier?.text("resourceType"),
            resourceId: message.text("resourceId") ?? qualifier?.text("resourceId"),
            complianceType: result?.text("complianceType"),
            recorded: SourceTimestamp.asff(result?["resultRecordedTime"]) ?? SourceTimestamp.asff(message["notificationCreationTime"]),
            invoked: SourceTimestamp.asff(result?["configRuleInvokedTime"]),
            annotation: result?.text("annotation"))
    }

    private func evaluationResult(_ result: JSONNode) -> Evaluation {
        let qualifier = result["EvaluationResultIdentifier"]?["EvaluationResultQualifier"]
        return Evaluation(
            account: nil, region: nil, ruleName: qualifier?.text("ConfigRuleName"), ruleArn: nil,
            resourceType: qualifier?.text("ResourceType"), resourceId: qualifier?.text("ResourceId"),
            complianceType: result.text("ComplianceType"),
            recorded: SourceTimestamp.asff(result["ResultRecordedTime"]),
            invoked: SourceTimestamp.asff(result["ConfigRuleInvokedTime"]),
            annotation: result.text("Annotation"))
    }

    private func map(_ evaluation: Evaluation, _ source: SourceContext) throws(MappingError) -> JSONValue {
        guard let ruleName = evaluation.ruleName else { throw MappingError("missing the config rule name") }
        guard let resourceType = evaluation.resourceType, let resourceId = evaluation.resourceId else {
            throw MappingError("missing the evaluated resource type or id")
        }
        guard let complianceType = evaluation.complianceType else { throw MappingError("missing 'complianceType'") }
        let ruleArn = evaluation.ruleArn.flatMap(ARN.init)
        let account = try source.account(evaluation.account ?? ruleArn?.account.nonBlank)
        let region = try source.region(evaluation.region ?? ruleArn?.region.nonBlank)
        let partition = ruleArn?.partition.nonBlank ?? FindingDraft.partition(forRegion: region)
        guard let updatedAt = evaluation.recorded ?? evaluation.invoked else {
            throw MappingError("missing or unreadable 'resultRecordedTime'")
        }
        let status: String
        var workflow = "NEW"
        var recordState = "ACTIVE"
        switch complianceType {
        case "NON_COMPLIANT": status = "FAILED"
        case "COMPLIANT": status = "PASSED"; workflow = "RESOLVED"
        case "NOT_APPLICABLE": status = "NOT_AVAILABLE"; recordState = "ARCHIVED"
        case "INSUFFICIENT_DATA": status = "WARNING"
        default: throw MappingError("unknown complianceType '\(complianceType)'")
        }
        var draft = FindingDraft(
            id: StableIdentifier.composite(["config", account, region, ruleName, resourceType, resourceId]),
            productArn: FindingDraft.productArn(partition: partition, region: region, product: "aws/config"),
            generatorId: "config-rule/\(ruleName)", account: account, region: region,
            types: ["Software and Configuration Checks/AWS Config Analysis"],
            createdAt: evaluation.invoked ?? updatedAt, updatedAt: updatedAt,
            severity: status == "FAILED" ? .medium : .informational, originalSeverity: nil,
            title: "\(ruleName): \(resourceType) \(resourceId) is \(complianceType)",
            description: "AWS Config rule \(ruleName) evaluated \(resourceType) \(resourceId) as \(complianceType)."
                + (evaluation.annotation.map { " \($0)" } ?? ""),
            resources: [.object(ConfigComplianceFinding.resource(type: resourceType, id: resourceId, partition: partition,
                                                                 region: region, account: account))])
        var compliance: JSONObject = ["Status": .string(status)]
        if let annotation = evaluation.annotation {
            compliance["StatusReasons"] = .array([.object(["ReasonCode": .string("CONFIG_EVALUATIONS_ANNOTATION"),
                                                           "Description": .string(FindingDraft.truncated(annotation, to: 1024))])])
        }
        draft.optional["Compliance"] = .object(compliance)
        var fields: JSONObject = ["aws/config/ConfigRuleName": .string(ruleName), "aws/config/ComplianceType": .string(complianceType)]
        fields.setText("aws/config/ConfigRuleArn", evaluation.ruleArn)
        draft.optional["ProductFields"] = .object(fields)
        draft.optional["Workflow"] = .object(["Status": .string(workflow)])
        draft.optional["RecordState"] = .string(recordState)
        return draft.json
    }

    /// ARN resource paths of the EC2 types Config names by id.
    private static let ec2Paths = ["AWS::EC2::Instance": "instance", "AWS::EC2::SecurityGroup": "security-group",
                                   "AWS::EC2::Volume": "volume", "AWS::EC2::VPC": "vpc", "AWS::EC2::Subnet": "subnet"]

    /// The evaluated resource: ASFF type from the Config type; Id the ARN when Config gives one
    /// or it follows from the id (EC2 resources, S3 buckets), the account pseudo-resource in
    /// Security Hub's form, else the id as Config states it.
    private static func resource(type: String, id: String, partition: String, region: String, account: String) -> JSONObject {
        let asffType = ResourceTypeName.asff(type)
        let resourceId: String
        if id.hasPrefix("arn:") {
            resourceId = id
        } else if asffType == "AwsAccount" {
            resourceId = "AWS::::Account:\(id)"
        } else if let path = ec2Paths[type] {
            resourceId = "arn:\(partition):ec2:\(region):\(account):\(path)/\(id)"
        } else if type == "AWS::S3::Bucket" {
            resourceId = "arn:\(partition):s3:::\(id)"
        } else {
            resourceId = id
        }
        var object: JSONObject = ["Type": .string(asffType), "Id": .string(resourceId),
                                  "Partition": .string(partition), "Region": .string(region)]
        if asffType == "Other" { object["Details"] = .object(["Other": .object(["ConfigResourceType": .string(type)])]) }
        return object
    }
}
