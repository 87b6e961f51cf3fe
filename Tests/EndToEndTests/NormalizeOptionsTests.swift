import Foundation
import XCTest

/// The options of `normalize` that the format work added or extended.
final class NormalizeOptionsTests: XCTestCase {
    func testListFormatsNamesEveryFormat() throws {
        let run = try NormalizeHarness.run(["--list-formats"])
        XCTAssertEqual(run.status, 0)
        let names = run.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
        XCTAssertEqual(names, ["auto", "asff", "guardduty", "inspector", "macie", "access-analyzer", "config", "ocsf", "trivy", "grype"])
    }

    func testFromForcesTheFormat() throws {
        // A GuardDuty finding without `service` is not detected, but --from guardduty reads it.
        let document = #"{"schemaVersion":"2.0","accountId":"111122223333","region":"eu-west-1","id":"abc","type":"Recon:EC2/Portscan","severity":7.5,"createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-02T00:00:00Z","title":"t","description":"d"}"#
        let detected = try NormalizeHarness.run([], input: Data(document.utf8))
        XCTAssertEqual(detected.status, 1)
        let forced = try NormalizeHarness.run(["--from", "guardduty"], input: Data(document.utf8))
        XCTAssertEqual(forced.status, 0, forced.stderr)
        assertFields(try XCTUnwrap(forced.findings.first), [
            "Id": "arn:aws:guardduty:eu-west-1:111122223333:finding/abc", "Severity.Label": "HIGH", "Severity.Original": "7.5",
            "Resources[0].Type": "Other",
        ])
        let wrong = try NormalizeHarness.run(["--from", "macie", NormalizeHarness.fixture("real/guardduty/finding-ec2-canary-stateless.json")])
        XCTAssertEqual(wrong.status, 1)
        XCTAssertTrue(wrong.stderr.contains(":1: Macie finding: missing 'severity.description'"), wrong.stderr)
        let unknown = try NormalizeHarness.run(["--from", "nessus"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown format 'nessus'"), unknown.stderr)
    }

    func testAccountAndRegionAreValidatedAndUsedOnlyAsFallbacks() throws {
        XCTAssertEqual(try NormalizeHarness.run(["--account", "12345"]).status, 2)
        XCTAssertEqual(try NormalizeHarness.run(["--region", "EU West"]).status, 2)
        // The finding's own account and region win over the options.
        let run = try NormalizeHarness.run(["--account", "999999999999", "--region", "ap-south-1",
                                            NormalizeHarness.fixture("real/guardduty/finding-ec2-canary-stateless.json")])
        assertFields(try XCTUnwrap(run.findings.first), ["AwsAccountId": "123456789012", "Region": "us-east-1"])
    }

    func testStrictRejectsNonFindings() throws {
        let run = try NormalizeHarness.run(["--strict", NormalizeHarness.fixture("real/config/rule-invoking-event-periodic.json")])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("not a finding (config-rule-invocation)"), run.stderr)
    }

    func testWrappersAndFramings() throws {
        // Concatenated documents on one line, an SNS notification whose message is an
        // EventBridge event as a JSON string, and a Security Hub list holding GuardDuty CLI output.
        let cli = try String(contentsOfFile: NormalizeHarness.fixture("real/guardduty/get-findings-cli.json"), encoding: .utf8)
        let compact = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(cli.utf8)))
        let event = try String(contentsOfFile: NormalizeHarness.fixture("authored/access-analyzer-eventbridge-external.json"), encoding: .utf8)
        let sns = try JSONSerialization.data(withJSONObject: ["Type": "Notification", "TopicArn": "arn:aws:sns:us-west-2:111122223333:findings",
                                                              "Message": event])
        var input = compact + compact
        input.append(0x0A)
        input.append(sns)
        let run = try NormalizeHarness.run([], input: input)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.findings.count, 3)
        XCTAssertEqual(string(run.findings[2], "ProductArn"), "arn:aws:securityhub:us-west-2::product/aws/access-analyzer")
    }
}
