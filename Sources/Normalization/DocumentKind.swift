import FindingsCore

/// What a document turned out to be, from its keys.
enum DocumentKind {
    /// An ASFF finding.
    case asffFinding
    /// `{"Findings": [...]}`: get-findings output or a BatchImportFindings request body.
    case findingsList
    /// An EventBridge event; the payload is classified by `source` and `detail-type`.
    case eventBridge
    /// A document that holds no finding, of the named kind (counted and skipped).
    case notAFinding(String)
    /// A finding format this build does not read.
    case unsupported(String)
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
        if object.has("class_uid") && object.has("metadata") { return .unsupported("OCSF") }
        if let version = object.get("schemaVersion") ?? object.get("SchemaVersion"), version.stringEquals("2.0") {
            return .unsupported("GuardDuty")
        }
        if object.has("findingArn") { return .unsupported("Inspector2") }
        if object.has("resourcesAffected") { return .unsupported("Macie") }
        if object.get("messageType")?.stringEquals("ComplianceChangeNotification") == true || object.has("EvaluationResults") {
            return .unsupported("Config compliance")
        }
        if object.has("findings") || object.has("finding") || (object.has("resourceType") && object.has("isPublic")) {
            return .unsupported("IAM Access Analyzer")
        }
        if object.has("matches") && object.has("descriptor") { return .unsupported("Grype") }
        if object.has("ArtifactName") && object.has("Results") { return .unsupported("Trivy") }
        return .unknown
    }
}
