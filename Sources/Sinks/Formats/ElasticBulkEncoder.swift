import FindingsCore

/// Elasticsearch `_bulk` bodies: per finding an `index` action line and an ECS document line,
/// every line ending with `\n`. The `_id` is the SHA-256 of (ProductArn, Id) in hex, and
/// `version` = UpdatedAt in epoch milliseconds with `version_type: external`, so Elasticsearch
/// keeps the latest version of each finding, as Security Hub does, and a retried or older
/// write is answered 409 (already stored) instead of overwriting a newer one.
public final class ElasticBulkEncoder: RecordEncoder {
    private let index: [UInt8]?

    public init(index: String?) { self.index = index.map { Array($0.utf8) } }

    private static let remediationURL = JSONPath("Remediation.Recommendation.Url")!

    public func encode(_ finding: JSONNode, into out: ByteBuffer) {
        let fields = FindingFields(finding)
        out.append("{\"index\":{")
        if let index {
            out.appendStringMember("_index", index, comma: false)
            out.append(",")
        }
        let id = fields.productArn?.withString { productArn in
            fields.id?.withString { id in SHA256.findingID(productArn: productArn, id: id) }
        } ?? nil
        out.appendStringMember("_id", id ?? [], comma: false)
        if let updated = fields.updatedAt {
            out.append(",\"version\":")
            out.append(integer: Int(updated.epochMilliseconds))
            out.append(",\"version_type\":\"external\"")
        }
        out.append("}}\n")
        appendDocument(fields, into: out)
        out.append(0x0A)
    }

    /// The ECS document: `@timestamp`, `event`, `cloud`, `rule`, `observer`, `vulnerability`,
    /// and the whole ASFF finding under `aws.securityhub.finding` (ECS has no cloud-resource object).
    private func appendDocument(_ fields: FindingFields, into out: ByteBuffer) {
        let finding = fields.node
        out.append("{\"@timestamp\":")
        if let updated = fields.updatedAtText, updated.kind == .string { out.append(updated.rawBytes) } else { out.append("null") }
        out.appendStringMember("message", fields.description)
        out.append(",\"event\":{\"kind\":\"alert\",\"category\":[")
        out.append(category(fields))
        out.append("],\"type\":[\"info\"]")
        if let severity = fields.severityNormalized {
            out.append(",\"severity\":")
            out.append(integer: severity)
        }
        out.appendStringMember("id", fields.id)
        out.appendStringMember("created", fields.createdAtText)
        out.append(",\"dataset\":\"aws.securityhub_findings\"}")
        out.append(",\"cloud\":{\"provider\":\"aws\"")
        if let account = fields.awsAccountId, account.kind == .string {
            out.append(",\"account\":{")
            out.appendStringMember("id", account, comma: false)
            out.append("}")
        }
        out.appendStringMember("region", fields.region)
        out.append("},\"rule\":{")
        let rule = fields.controlId.flatMap { $0.kind == .string ? $0 : nil } ?? fields.generatorId
        if rule?.kind == .string { out.appendStringMember("id", rule, comma: false) } else { out.appendMember("id", literal: "", comma: false) }
        out.appendStringMember("name", fields.title)
        out.appendStringMember("ruleset", standardsId(fields))
        out.appendStringMember("reference", finding[path: ElasticBulkEncoder.remediationURL])
        out.append("},\"observer\":{")
        if fields.companyName?.kind == .string { out.appendStringMember("vendor", fields.companyName, comma: false) } else { out.appendMember("vendor", literal: "AWS", comma: false) }
        out.appendStringMember("product", fields.productName)
        out.append("}")
        appendVulnerability(fields, into: out)
        out.append(",\"aws\":{\"securityhub\":{\"finding\":")
        out.appendCompact(finding)
        out.append("}}}")
    }

    private func category(_ fields: FindingFields) -> StaticString {
        if fields.vulnerabilities != nil || fields.hasType(prefix: "Software and Configuration Checks/Vulnerabilities") {
            return "\"vulnerability\""
        }
        if fields.compliance != nil || fields.hasType(prefix: "Software and Configuration Checks") {
            return "\"configuration\""
        }
        if fields.hasType(prefix: "TTPs") || fields.hasType(prefix: "Unusual Behaviors") || fields.hasType(prefix: "Effects") {
            return "\"intrusion_detection\""
        }
        return "\"threat\""
    }

    private func standardsId(_ fields: FindingFields) -> JSONNode? {
        guard let standards = fields.compliance?.get("AssociatedStandards") else { return nil }
        for standard in standards.elements { if let id = standard.get("StandardsId"), id.kind == .string { return id } }
        return nil
    }

    private func appendVulnerability(_ fields: FindingFields, into out: ByteBuffer) {
        guard let first = fields.vulnerabilities?.elements.first(where: { _ in true }) else { return }
        out.append(",\"vulnerability\":{")
        let id = first.get("Id")
        if id?.kind == .string { out.appendStringMember("id", id, comma: false) } else { out.appendMember("id", literal: "", comma: false) }
        if id?.withString({ $0.starts(with: "CVE-".utf8) }) == true { out.append(",\"enumeration\":\"CVE\"") }
        if let cvss = first.get("Cvss")?.elements.first(where: { _ in true }) {
            out.append(",\"classification\":\"CVSS\"")
            if let score = cvss.get("BaseScore"), score.kind == .number {
                out.append(",\"score\":{\"base\":")
                out.append(score.rawBytes)
                out.appendStringMember("version", cvss.get("Version"))
                out.append("}")
            }
        }
        if let label = fields.severityLabel { out.appendMember("severity", literal: label.staticName) }
        out.appendStringMember("reference", first.get("ReferenceUrls")?.elements.first(where: { _ in true }))
        out.append(",\"scanner\":{")
        if fields.companyName?.kind == .string { out.appendStringMember("vendor", fields.companyName, comma: false) } else { out.appendMember("vendor", literal: "AWS", comma: false) }
        out.append("}}")
    }
}
