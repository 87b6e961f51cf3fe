import XCTest
import FindingsCore
@testable import Sinks

final class HTMLReportTests: XCTestCase {
    private func report(_ findings: [String]) throws -> (data: ReportData, html: String) {
        var data = ReportData()
        for text in findings {
            let document = try TestDocument(text)
            withExtendedLifetime(document) { data.add(document.root) }
        }
        return (data, HTMLReport.render(data))
    }

    func testCountsChartsAndTables() throws {
        let critical = try Fixtures.finding(["Id": .string("a"), "Severity": .object(["Label": .string("CRITICAL")]),
                                             "UserDefinedFields": .object(["risk.score": .string("9.1"), "account.name": .string("prod")])])
        let low = try Fixtures.finding(["Id": .string("b"), "Severity": .object(["Label": .string("LOW")])])
        let (data, html) = try report([critical, low, low])
        XCTAssertEqual(data.total, 3)
        XCTAssertEqual(data.bySeverity[.low], 2)
        XCTAssertEqual(data.bySeverity[.critical], 1)
        XCTAssertEqual(data.scored, 1)
        XCTAssertEqual(data.riskBins[9], 1)
        XCTAssertEqual(data.tableRows.first?.severity, .critical)
        for id in ["chart-severity", "chart-account", "chart-product", "chart-type", "chart-timeline", "chart-risk",
                   "table-resources", "table-findings"] {
            XCTAssertTrue(html.contains("id=\"\(id)\""), id)
        }
        XCTAssertTrue(html.contains("prod (123456789012)") || html.contains("prod ("), "account names label the account chart")
        XCTAssertFalse(html.contains("<script src"), "no external scripts")
        XCTAssertFalse(html.contains("http://") && html.contains("<link"), "no external styles")
    }

    func testHostileValuesAreEscaped() throws {
        let hostile = try Fixtures.finding(["Title": .string("<script>alert('x')</script> & \"quotes\""),
                                            "AwsAccountId": .string("123456789012")])
        let (_, html) = try report([hostile])
        XCTAssertFalse(html.contains("<script>alert"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"))
    }

    func testRemediationsAreListedAndCounted() throws {
        let planned = try Fixtures.finding(["Id": .string("p"), "Workflow": .object(["Status": .string("NOTIFIED")]),
                                            "UserDefinedFields": .object(["remediate.playbooks": .string("s3-block-public-access"),
                                                                          "remediate.status": .string("planned")])])
        let done = try Fixtures.finding(["Id": .string("d"), "Workflow": .object(["Status": .string("RESOLVED")]),
                                         "UserDefinedFields": .object(["remediate.playbooks": .string("ec2-revoke-open-ingress"),
                                                                       "remediate.status": .string("resolved")])])
        let refused = try Fixtures.finding(["Id": .string("r"),
                                            "UserDefinedFields": .object(["remediate.playbooks": .string("iam-deactivate-key"),
                                                                          "remediate.status": .string("refused")])])
        let (data, html) = try report([planned, done, refused])
        XCTAssertEqual(data.remediationsPlanned, 1)
        XCTAssertEqual(data.remediationsResolved, 1)
        XCTAssertEqual(data.remediationsOther, 1)
        XCTAssertTrue(html.contains("id=\"table-remediations\""))
        XCTAssertTrue(html.contains("ec2-revoke-open-ingress</td><td>resolved"))
    }

    func testTableKeepsTheMostSevereFindings() throws {
        var findings = (0..<(ReportData.tableLimit + 20)).map { n in
            try! Fixtures.finding(["Id": .string("low-\(n)"), "Severity": .object(["Label": .string("LOW")])])
        }
        findings.append(try Fixtures.finding(["Id": .string("last"), "Severity": .object(["Label": .string("HIGH")])]))
        let (data, _) = try report(findings)
        XCTAssertEqual(data.tableRows.count, ReportData.tableLimit)
        XCTAssertEqual(data.tableRows.first?.severity, .high)
    }
}

extension SinkCommandTests {
    /// Renders the report of a real run in headless Chromium: the page loads without script
    /// errors, its script runs (it marks the body ready) and the charts are there.
    func testHTMLReportRendersInHeadlessChromium() throws {
        let candidates: [String] = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        guard let chromium = candidates.first(where: { access($0, X_OK) == 0 }) else {
            return XCTFail("chromium is not installed: run 'make setup' (it installs the Debian package)")
        }
        let report = directory + "/report.html"
        let run = try sink(["html:\(report)"], input: try findings(30))
        XCTAssertEqual(run.status, 0, run.stderr)
        let dom = directory + "/dom.html", log = directory + "/chromium.log"
        let shell = "'\(chromium)' --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 --user-data-dir='\(directory)/profile' --dump-dom 'file://\(report)' > '\(dom)' 2> '\(log)'"
        XCTAssertEqual(system2("/bin/sh", "-c", shell), 0)
        let page = try String(contentsOfFile: dom, encoding: .utf8)
        XCTAssertTrue(page.contains("data-ready=\"true\""), "the report's script did not run")
        XCTAssertGreaterThanOrEqual(page.components(separatedBy: "<svg").count - 1, 6)
        let console = try String(contentsOfFile: log, encoding: .utf8)
        XCTAssertFalse(console.contains("Uncaught"), console)
    }
}
