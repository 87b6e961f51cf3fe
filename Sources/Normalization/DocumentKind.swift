import FindingsCore

/// What a document turned out to be, from its keys.
enum DocumentKind: Equatable {
    /// An ASFF finding.
    case asffFinding
    /// `{"Findings": [...]}`: Security Hub get-findings output, a BatchImportFindings request
    /// body, or GuardDuty get-findings output (PascalCase); each element is classified.
    case findingsList
    /// An EventBridge event; the payload is classified by `source` and `detail-type`.
    case eventBridge
    /// A test event that has only `detail` and perhaps a few envelope keys.
    case partialEvent
    /// An SNS notification; `Message` is an object or a JSON string.
    case snsNotification
    /// A native finding of one source format.
    case finding(InputFormat)
    /// A document that holds several findings of one format (Config `EvaluationResults`,
    /// Access Analyzer `findings`/`finding`, Trivy and Grype reports).
    case findingCollection(InputFormat)
    /// A document that holds no finding, of the named kind (counted and skipped).
    case notAFinding(String)
    /// Nothing recognisable.
    case unknown

    /// Classifies an object by the decision table of the format reference: first match wins,
    /// and only the keys named there are looked at.
    static func classify(_ object: JSONNode) -> DocumentKind {
        if object.get("SchemaVersion")?.stringEquals("2018-10-08") == true && object.has("ProductArn") {
            return .asffFinding
        }
        if object.get("Findings")?.kind == .array { return .findingsList }
        if object.has("detail-type") && object.has("detail") { return .eventBridge }
        if object.get("Type")?.stringEquals("Notification") == true && object.has("Message") { return .snsNotification }
        if object.has("insightResults") || object.has("InsightResults") { return .notAFinding("securityhub-insight-results") }
        if object.get("Records")?.kind == .array { return .notAFinding("cloudtrail-log-file") }
        if object.get("Events")?.kind == .array { return .notAFinding("cloudtrail-lookup-events") }
        if object.has("eventVersion") && object.has("eventSource") && object.has("eventName") {
            return .notAFinding("cloudtrail-record")
        }
        if object.has("configurationItem") || object.get("messageType")?.stringEquals("ConfigurationItemChangeNotification") == true
            || object.get("messageType")?.stringEquals("OversizedConfigurationItemChangeNotification") == true {
            return .notAFinding("config-configuration-item")
        }
        if object.has("invokingEvent") && object.has("resultToken") { return .notAFinding("config-rule-invocation") }
        if object.has("query_name") && object.has("query_timestamp") { return .notAFinding("route53-resolver-query-log") }
        if let classUID = object.get("class_uid"), object.has("metadata") {
            // OCSF category 2 (Findings) holds classes 2001-2099; everything else is activity.
            if let uid = classUID.intValue, uid / 100 != 20 { return .notAFinding("ocsf-event") }
            return .finding(.ocsf)
        }
        if isGuardDuty(object) { return .finding(.guardduty) }
        if object.has("findingArn") { return .finding(.inspector) }
        if object.has("resourcesAffected") && object.has("category") { return .finding(.macie) }
        if object.get("messageType")?.stringEquals("ComplianceChangeNotification") == true
            || (object.has("newEvaluationResult") && object.has("configRuleName")) {
            return .finding(.config)
        }
        if object.get("EvaluationResults")?.kind == .array { return .findingCollection(.config) }
        if object.get("findings")?.kind == .array || object.get("finding")?.kind == .object {
            return .findingCollection(.accessAnalyzer)
        }
        if object.has("resourceType") && object.has("status") && (object.has("resource") || object.has("resourceArn"))
            && (object.has("principal") || object.has("findingDetails") || object.has("findingType")
                || object.has("isPublic") || object.has("error")) {
            return .finding(.accessAnalyzer)
        }
        if object.has("matches") && object.has("descriptor") { return .findingCollection(.grype) }
        if object.has("ArtifactName") && object.has("Results") { return .findingCollection(.trivy) }
        if object.get("detail")?.kind == .object && !object.has("source") { return .partialEvent }
        return .unknown
    }

    /// GuardDuty: `service.serviceName` (any casing) is `guardduty`, or schema 2.0 with a
    /// GuardDuty finding ARN.
    private static func isGuardDuty(_ object: JSONNode) -> Bool {
        if let service = object.get("service") ?? object.get("Service"), service.kind == .object,
           (service.get("serviceName") ?? service.get("ServiceName"))?.stringEquals("guardduty") == true {
            return true
        }
        guard let version = object.get("schemaVersion") ?? object.get("SchemaVersion"), version.stringEquals("2.0"),
              let arn = (object.get("arn") ?? object.get("Arn"))?.stringValue else { return false }
        return arn.contains(":guardduty:")
    }

    /// EventBridge detail types that carry no finding, by the kind they are counted as.
    static func nonFindingEvent(_ detailType: String) -> String? {
        switch detailType {
        case "Security Hub Insight Results": return "securityhub-insight-results"
        case "Config Configuration Item Change": return "config-configuration-item"
        case "AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail", "AWS Service Event via CloudTrail":
            return "cloudtrail-record"
        case "Access Preview State Change": return "access-analyzer-access-preview"
        default:
            if detailType.contains("Scan") { return "scan-event" }
            if detailType.contains("Coverage") { return "coverage-event" }
            return nil
        }
    }
}
