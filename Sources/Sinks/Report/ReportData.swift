import FindingsCore

/// What the HTML report shows, gathered finding by finding in bounded memory: counts per
/// dimension, a daily timeline, the risk-score histogram, resources, remediations, and the
/// most severe findings for the table.
struct ReportData {
    /// Findings shown in the table: the most severe (then most recent) ones.
    static let tableLimit = 500
    /// Rows of the resource and remediation tables.
    static let listLimit = 50

    struct Row {
        let severity: SeverityLabel
        let title: String
        let account: String
        let region: String
        let resource: String
        let updated: String
        let workflow: String
        let risk: String
    }

    struct Remediation {
        let finding: String
        let resource: String
        let action: String
        let status: String
    }

    private(set) var total = 0
    private(set) var bySeverity: [SeverityLabel: Int] = [:]
    private(set) var byAccount = Counter()
    private(set) var byProduct = Counter()
    private(set) var byType = Counter()
    private(set) var byWorkflow = Counter()
    private(set) var byDay = Counter()
    private(set) var resources: [String: (type: String, count: Int, worst: SeverityLabel)] = [:]
    /// Risk scores (0–10) in ten bins of one point; the last bin holds 9–10.
    private(set) var riskBins = [Int](repeating: 0, count: 10)
    private(set) var scored = 0
    private(set) var remediations: [Remediation] = []
    private(set) var remediationsPlanned = 0
    private(set) var remediationsResolved = 0
    /// Remediations that failed, did not run or were refused.
    private(set) var remediationsOther = 0
    private(set) var rows: [Row] = []
    private(set) var newest: Timestamp?

    mutating func add(_ node: JSONNode) {
        let finding = Finding(node)
        total += 1
        let severity = finding.severityLabel ?? .informational
        bySeverity[severity, default: 0] += 1
        let accountId = finding.awsAccountId ?? "?"
        let accountName = finding.userDefinedField("account.name")
        byAccount.add(accountName.map { "\($0) (\(accountId))" } ?? accountId)
        byProduct.add(productName(from: finding.productArn))
        byType.add(finding.types.first ?? "(no type)")
        let workflow = finding.workflowStatus?.rawValue ?? "NEW"
        byWorkflow.add(workflow)
        let updated = finding.updatedAt
        if let updated {
            let c = updated.components
            byDay.add(String(format4(c.year)) + "-" + pad2(c.month) + "-" + pad2(c.day))
            if newest.map({ $0 < updated }) ?? true { newest = updated }
        }
        for resource in finding.resources {
            var entry = resources[resource.id] ?? (resource.type, 0, severity)
            entry.count += 1
            if severity > entry.worst { entry.worst = severity }
            resources[resource.id] = entry
        }
        let risk = finding.userDefinedField("risk.score")
        if let score = risk.flatMap(Double.init), score >= 0, score <= 10 {
            riskBins[min(9, Int(score))] += 1
            scored += 1
        }
        noteRemediation(node, finding, workflow: workflow)
        let row = Row(severity: severity, title: finding.title ?? "", account: accountName ?? accountId,
                      region: finding.region ?? "", resource: finding.resources.first?.id ?? "",
                      updated: updated?.description ?? "", workflow: workflow, risk: risk ?? "")
        keep(row)
    }

    /// Records a finding `remediate` handled: it names the playbooks in
    /// `UserDefinedFields["remediate.playbooks"]` and the outcome in `["remediate.status"]`
    /// (`planned`, `awaiting-approval`, `resolved`, `failed`, `not-run`, `refused`).
    private mutating func noteRemediation(_ node: JSONNode, _ finding: Finding, workflow: String) {
        guard let playbooks = finding.userDefinedField("remediate.playbooks") else { return }
        let status = finding.userDefinedField("remediate.status") ?? workflow
        switch status {
        case "resolved": remediationsResolved += 1
        case "planned", "awaiting-approval": remediationsPlanned += 1
        default: remediationsOther += 1
        }
        if remediations.count < ReportData.listLimit {
            remediations.append(Remediation(finding: finding.title ?? finding.id ?? "", resource: finding.resources.first?.id ?? "",
                                            action: playbooks, status: status))
        }
    }

    /// Keeps the table to the most severe findings, most recent first within a severity.
    private mutating func keep(_ row: Row) {
        if rows.count < ReportData.tableLimit {
            rows.append(row)
            if rows.count == ReportData.tableLimit { rows.sort(by: ReportData.ranksHigher) }
            return
        }
        guard ReportData.ranksHigher(row, rows[rows.count - 1]) else { return }
        let position = rows.firstIndex { ReportData.ranksHigher(row, $0) } ?? rows.count - 1
        rows.insert(row, at: position)
        rows.removeLast()
    }

    static func ranksHigher(_ a: Row, _ b: Row) -> Bool {
        a.severity != b.severity ? a.severity > b.severity : a.updated > b.updated
    }

    /// Rows sorted for display.
    var tableRows: [Row] { rows.sorted(by: ReportData.ranksHigher) }

    /// A resource and what the report knows of it.
    struct ResourceSummary {
        let id: String
        let type: String
        let count: Int
        let worst: SeverityLabel
    }

    /// The resources with the most findings.
    var topResources: [ResourceSummary] {
        let all = resources.map { ResourceSummary(id: $0.key, type: $0.value.type, count: $0.value.count, worst: $0.value.worst) }
        let sorted = all.sorted { a, b in a.count != b.count ? a.count > b.count : a.id < b.id }
        return Array(sorted.prefix(ReportData.listLimit))
    }

    /// `company/product` from a product ARN (`…:product/aws/guardduty` → `aws/guardduty`), the
    /// one product name every finding carries the same way.
    private func productName(from arn: String?) -> String {
        guard let arn else { return "?" }
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[5].hasPrefix("product/") else { return arn }
        return String(parts[5].dropFirst("product/".count))
    }
}

/// Occurrences per label, with the most frequent first.
struct Counter {
    private(set) var counts: [String: Int] = [:]

    mutating func add(_ label: String) { counts[label, default: 0] += 1 }

    /// The `limit` most frequent labels; ties by label.
    func top(_ limit: Int) -> [(label: String, count: Int)] {
        let sorted = counts.sorted { a, b in a.value != b.value ? a.value > b.value : a.key < b.key }
        return sorted.prefix(limit).map { (label: $0.key, count: $0.value) }
    }

    /// All labels in label order (for timelines).
    var ordered: [(label: String, count: Int)] {
        counts.sorted { $0.key < $1.key }.map { (label: $0.key, count: $0.value) }
    }
}

private func pad2(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
private func format4(_ value: Int) -> String { String(repeating: "0", count: max(0, 4 - String(value).count)) + String(value) }
