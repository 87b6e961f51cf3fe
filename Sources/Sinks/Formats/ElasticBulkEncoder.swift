import FindingsCore

/// Elasticsearch `_bulk` bodies: per finding an `index` action line and an ECS document line,
/// every line ending with `\n`. The `_id` is `StableID` of (ProductArn, Id), and
/// `version` = UpdatedAt in epoch milliseconds with `version_type: external`, so Elasticsearch
/// keeps the latest version of each finding, as Security Hub does, and a retried or older
/// write is answered 409 (already stored) instead of overwriting a newer one.
public final class ElasticBulkEncoder: RecordEncoder {
    private let index: [UInt8]?

    public init(index: String?) { self.index = index.map { Array($0.utf8) } }

    private static let remediationURL = JSONPath("Remediation.Recommendation.Url")!
    private static let standardsId = JSONPath("Compliance.AssociatedStandards")!

    public func encode(_ finding: JSONNode, into out: ByteBuffer) {
        let view = Finding(finding)
        let productArn = finding.string("ProductArn") ?? []
        let id = finding.string("Id") ?? []
        out.append("{\"index\":{")
        if let index {
            out.appendStringMember("_index", index, comma: false)
            out.append(",")
        }
        out.appendStringMember("_id", StableID.hex(productArn: productArn, id: id), comma: false)
        if let updated = view.updatedAt {
            out.append(",\"version\":")
            out.append(integer: Int(updated.epochMilliseconds))
            out.append(",\"version_type\":\"external\"")
        }
        out.append("}}\n")
        appendDocument(finding, view, into: out)
        out.append(0x0A)
    }

    /// The ECS document: `@timestamp`, `event`, `cloud`, `rule`, `observer`, `vulnerability`,
    /// and the whole ASFF finding under `aws.securityhub.finding` (ECS has no cloud-resource object).
    private func appendDocument(_ finding: JSONNode, _ view: Finding, into out: ByteBuffer) {
        out.append("{\"@timestamp\":")
        if let updated = finding.get("UpdatedAt") { out.append(updated.rawBytes) } else { out.append("null") }
        out.appendStringMember("message", finding.string("Description"))
        out.append(",\"event\":{\"kind\":\"alert\",\"category\":[")
        out.append(category(view))
        out.append("],\"type\":[\"info\"]")
        if let severity = view.severityNormalized {
            out.append(",\"severity\":")
            out.append(integer: severity)
        }
        out.appendStringMember("id", finding.string("Id"))
        if let created = finding.get("CreatedAt") {
            out.append(",\"created\":")
            out.append(created.rawBytes)
        }
        out.append(",\"dataset\":\"aws.securityhub_findings\"}")
        out.append(",\"cloud\":{\"provider\":\"aws\"")
        if let account = finding.string("AwsAccountId") {
            out.append(",\"account\":{")
            out.appendStringMember("id", account, comma: false)
            out.append("}")
        }
        out.appendStringMember("region", view.region.map { Array($0.utf8) })
        out.append("},\"rule\":{")
        out.appendStringMember("id", (view.controlId.map { Array($0.utf8) }) ?? finding.string("GeneratorId") ?? [], comma: false)
        out.appendStringMember("name", finding.string("Title"))
        out.appendStringMember("ruleset", standardsId(finding))
        out.appendStringMember("reference", finding.string(at: ElasticBulkEncoder.remediationURL))
        out.append("},\"observer\":{")
        out.appendStringMember("vendor", finding.string("CompanyName") ?? Array("AWS".utf8), comma: false)
        out.appendStringMember("product", finding.string("ProductName"))
        out.append("}")
        appendVulnerability(finding, view, into: out)
        out.append(",\"aws\":{\"securityhub\":{\"finding\":")
        out.appendCompact(finding)
        out.append("}}}")
    }

    private func category(_ view: Finding) -> StaticString {
        let types = view.types
        if view.node.get("Vulnerabilities") != nil || types.contains(where: { $0.hasPrefix("Software and Configuration Checks/Vulnerabilities") }) {
            return "\"vulnerability\""
        }
        if view.node.get("Compliance") != nil || types.contains(where: { $0.hasPrefix("Software and Configuration Checks") }) {
            return "\"configuration\""
        }
        if types.contains(where: { $0.hasPrefix("TTPs") || $0.hasPrefix("Unusual Behaviors") || $0.hasPrefix("Effects") }) {
            return "\"intrusion_detection\""
        }
        return "\"threat\""
    }

    private func standardsId(_ finding: JSONNode) -> [UInt8]? {
        guard let standards = finding[path: ElasticBulkEncoder.standardsId] else { return nil }
        for standard in standards.elements { if let id = standard.string("StandardsId") { return id } }
        return nil
    }

    private func appendVulnerability(_ finding: JSONNode, _ view: Finding, into out: ByteBuffer) {
        guard let first = finding.get("Vulnerabilities")?.elements.first(where: { _ in true }) else { return }
        out.append(",\"vulnerability\":{")
        let id = first.string("Id") ?? []
        out.appendStringMember("id", id, comma: false)
        if id.starts(with: Array("CVE-".utf8)) { out.append(",\"enumeration\":\"CVE\"") }
        if let cvss = first.get("Cvss")?.elements.first(where: { _ in true }) {
            out.append(",\"classification\":\"CVSS\"")
            if let score = cvss.get("BaseScore"), score.kind == .number {
                out.append(",\"score\":{\"base\":")
                out.append(score.rawBytes)
                out.appendStringMember("version", cvss.string("Version"))
                out.append("}")
            }
        }
        out.appendStringMember("severity", view.severityLabel.map { Array($0.rawValue.utf8) })
        out.appendStringMember("reference", first.get("ReferenceUrls")?.elements.first(where: { _ in true })?.stringBytes)
        out.append(",\"scanner\":{")
        out.appendStringMember("vendor", finding.string("CompanyName") ?? Array("AWS".utf8), comma: false)
        out.append("}}")
    }
}
