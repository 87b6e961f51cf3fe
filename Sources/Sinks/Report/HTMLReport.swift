import FindingsCore

/// Renders `ReportData` as one self-contained HTML page: summary, inline SVG charts and
/// sortable tables (a few lines of inline script), no external scripts, styles or fonts.
enum HTMLReport {
    static let severityColors: [SeverityLabel: String] = [
        .critical: "#7b1fa2", .high: "#c62828", .medium: "#ef6c00", .low: "#f9a825", .informational: "#607d8b",
    ]

    static func render(_ data: ReportData) -> String {
        let severities = SeverityLabel.allCases.reversed().map { ($0.rawValue, data.bySeverity[$0] ?? 0) }
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Security findings report</title>
        <style>\(style)</style></head><body>
        <h1>Security findings report</h1>
        <p class="meta">\(data.total) findings\(data.newest.map { ", newest update \($0.description)" } ?? "")</p>
        <div class="cards">
        """
        for (label, count) in severities {
            html += "<div class=\"card\" style=\"border-color:\(severityColors[SeverityLabel(rawValue: label)!]!)\"><b>\(count)</b><span>\(label)</span></div>"
        }
        html += "<div class=\"card\"><b>\(data.remediationsPlanned)</b><span>remediations planned</span></div>"
        html += "<div class=\"card\"><b>\(data.remediationsResolved)</b><span>remediations done</span></div>"
        html += "<div class=\"card\"><b>\(data.remediationsOther)</b><span>remediations failed or refused</span></div></div>\n"
        html += section("By severity", SVGChart.bars(severities.map { ($0.0, $0.1) }, color: { severityColors[SeverityLabel(rawValue: $0)!]! }, id: "chart-severity"))
        html += section("By account", SVGChart.bars(data.byAccount.top(15), id: "chart-account"))
        html += section("By product", SVGChart.bars(data.byProduct.top(15), id: "chart-product"))
        html += section("By type", SVGChart.bars(data.byType.top(15), id: "chart-type"))
        html += section("By workflow status", SVGChart.bars(data.byWorkflow.top(5), id: "chart-workflow"))
        html += section("Findings over time (by day of last update)", SVGChart.columns(data.byDay.ordered, id: "chart-timeline"))
        let bins = data.riskBins.enumerated().map { (label: "\($0.offset)–\($0.offset + 1)", count: $0.element) }
        html += section("Risk score distribution (\(data.scored) scored)",
                        data.scored == 0 ? "<p>No finding carries <code>UserDefinedFields[\"risk.score\"]</code> (run <code>enrich</code>).</p>"
                                         : SVGChart.columns(bins, id: "chart-risk", color: "#c62828"))
        html += section("Top resources", table(id: "table-resources", headers: ["Resource", "Type", "Findings", "Worst severity"],
                                                rows: data.topResources.map { [$0.id, $0.type, String($0.count), $0.worst.rawValue] }))
        html += section("Remediations", data.remediations.isEmpty ? "<p>No remediation planned or executed.</p>"
                        : table(id: "table-remediations", headers: ["Finding", "Resource", "Playbooks", "Status"],
                                rows: data.remediations.map { [$0.finding, $0.resource, $0.action, $0.status] }))
        html += section("Findings (the \(min(data.total, ReportData.tableLimit)) most severe)",
                        table(id: "table-findings", headers: ["Severity", "Title", "Account", "Region", "Resource", "Updated", "Workflow", "Risk"],
                              rows: data.tableRows.map { [$0.severity.rawValue, $0.title, $0.account, $0.region, $0.resource, $0.updated, $0.workflow, $0.risk] }))
        html += "<script>\(script)</script></body></html>\n"
        return html
    }

    private static func section(_ title: String, _ body: String) -> String {
        "<section><h2>\(title.htmlEscaped)</h2>\(body)</section>\n"
    }

    private static func table(id: String, headers: [String], rows: [[String]]) -> String {
        var html = "<table id=\"\(id)\" class=\"sortable\"><thead><tr>"
        for header in headers { html += "<th>\(header.htmlEscaped)</th>" }
        html += "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>" + row.map { "<td>\($0.htmlEscaped)</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table>"
    }

    private static let style = """
    body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{margin:0 0 4px}.meta{color:#666}
    .cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}.card{border-left:6px solid #3b6ea5;background:#f5f5f5;padding:8px 14px}
    .card b{display:block;font-size:22px}section{margin:24px 0}svg.chart text{font-size:12px;fill:#333}
    table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}
    th{background:#eee;cursor:pointer;user-select:none}th.asc::after{content:" ▲"}th.desc::after{content:" ▼"}
    """

    /// Click a header to sort by that column (numbers numerically); click again to reverse.
    private static let script = """
    document.querySelectorAll('table.sortable').forEach(function(table){
      table.querySelectorAll('th').forEach(function(th,column){
        th.addEventListener('click',function(){
          var ascending=!th.classList.contains('asc');
          table.querySelectorAll('th').forEach(function(h){h.classList.remove('asc','desc');});
          th.classList.add(ascending?'asc':'desc');
          var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
          rows.sort(function(a,b){
            var x=a.cells[column].textContent,y=b.cells[column].textContent,nx=parseFloat(x),ny=parseFloat(y);
            var order=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);
            return ascending?order:-order;
          });
          rows.forEach(function(r){body.appendChild(r);});
        });
      });
    });
    document.body.setAttribute('data-ready','true');
    """
}
