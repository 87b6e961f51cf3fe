import XCTest
import Foundation

/// `enrich` on findings, run as a program.
final class EnrichEndToEndTests: XCTestCase {
    private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("EnrichmentTests/Fixtures/enrich")
    private func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    private func temporaryFile(_ name: String, _ text: String) throws -> String {
        let path = try makeTemporaryDirectory() + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private let instance = "arn:aws:ec2:us-east-1:444444444444:instance/i-0123456789abcdef0"

    /// An Inspector package-vulnerability finding in ASFF, as Security Hub stores it.
    private func vulnerability(cve: String = "CVE-2021-44228", vector: String = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                               exploit: String = "NO", resource: String? = nil) -> [String: Any] {
        [
            "SchemaVersion": "2018-10-08", "Id": "arn:aws:inspector2:us-east-1:444444444444:finding/\(cve)",
            "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/inspector", "GeneratorId": "AWSInspector",
            "AwsAccountId": "444444444444", "Types": ["Software and Configuration Checks/Vulnerabilities/CVE"],
            "CreatedAt": "2026-05-10T00:00:00Z", "UpdatedAt": "2026-05-10T00:00:00Z",
            "Severity": ["Label": "CRITICAL", "Normalized": 98, "Original": "CRITICAL"],
            "Title": "\(cve) - log4j-core", "Description": "A flaw.",
            "Resources": [["Type": "AwsEc2Instance", "Id": resource ?? instance, "Partition": "aws", "Region": "us-east-1"]],
            "Vulnerabilities": [["Id": cve, "FixAvailable": "YES", "ExploitAvailable": exploit, "EpssScore": 0.5,
                                 "Cvss": [["Version": "3.1", "BaseScore": 9.8, "BaseVector": vector, "Source": "NVD"]]]],
            "FindingProviderFields": ["Severity": ["Label": "CRITICAL", "Original": "CRITICAL"],
                                      "Types": ["Software and Configuration Checks/Vulnerabilities/CVE"]],
        ]
    }

    /// An Inspector network-reachability finding in ASFF: port 22 reachable through an internet gateway.
    private var reachability: [String: Any] {
        [
            "SchemaVersion": "2018-10-08", "Id": "arn:aws:inspector2:us-east-1:444444444444:finding/reach-1",
            "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/inspector", "GeneratorId": "AWSInspector",
            "AwsAccountId": "444444444444",
            "Types": ["Software and Configuration Checks/AWS Security Best Practices/Network Reachability"],
            "CreatedAt": "2026-05-10T00:00:00Z", "UpdatedAt": "2026-05-10T00:00:00Z",
            "Severity": ["Label": "MEDIUM", "Normalized": 40], "Title": "Port 22 is reachable from an Internet Gateway - TCP",
            "Description": "On the instance i-0123456789abcdef0, the port range 22-22 is reachable from the InternetGateway igw-261bab4d.",
            "Resources": [["Type": "AwsEc2Instance", "Id": instance]],
            "NetworkPath": [["ComponentId": "igw-261bab4d", "ComponentType": "AWS::EC2::InternetGateway"],
                            ["ComponentId": "i-0123456789abcdef0", "ComponentType": "AWS::EC2::Instance"]],
            "FindingProviderFields": ["Severity": ["Label": "MEDIUM"]],
        ]
    }

    private func ndjson(_ findings: [[String: Any]]) throws -> Data {
        Data(try findings.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }.joined(separator: "\n").utf8 + [0x0A])
    }

    private func objects(_ result: ToolResult) throws -> [[String: Any]] {
        try result.lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    private func userFields(_ finding: [String: Any]) -> [String: String] { finding["UserDefinedFields"] as? [String: String] ?? [:] }

    func testVulnerabilityFindingGetsIntelligenceAndContextualScore() throws {
        let assets = try temporaryFile("assets.csv", "resource,criticality,reach\n\(instance),high,internal\n")
        let arguments = ["--account-map", fixture("account-map.csv"), "--asset-map", assets, "--kev", fixture("kev.json"), "--epss", fixture("epss.csv.gz")]
        let result = try Tools.run("enrich", arguments, stdin: try ndjson([vulnerability()]))
        XCTAssertEqual(result.status, 0, result.stderr)
        let finding = try objects(result)[0]
        XCTAssertEqual(userFields(finding), [
            "account.name": "Prod Payments", "account.owner": "payments@example.com", "account.env": "prod", "account.ou": "ou-a1b2-prod",
            "asset.reach": "internal", "intel.kev": "true", "intel.kev.dateAdded": "2021-12-10", "intel.kev.dueDate": "2021-12-24",
            "intel.kev.ransomware": "Known", "intel.epss": "0.94358", "intel.epss.percentile": "0.99950", "intel.epss.model": "v2025.03.14",
            "risk.label": "HIGH", "risk.priority": "P1", "risk.actionable": "true", "risk.score": "8.8",
            "risk.vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:H/CR:H/IR:H/AR:H/MAV:A",
            "risk.adjustments": "MAV:NOT_INTERNET_REACHABLE,E:CISA_KEV,CR:ASSET_CRITICALITY_HIGH,IR:ASSET_CRITICALITY_HIGH,AR:ASSET_CRITICALITY_HIGH",
        ])
        XCTAssertEqual(finding["Criticality"] as? Int, 90)
        let severity = finding["Severity"] as! [String: Any]
        XCTAssertEqual(severity["Label"] as? String, "HIGH")
        XCTAssertEqual(severity["Normalized"] as? Int, 88)
        XCTAssertEqual(severity["Original"] as? String, "8.8")
        let enriched = (finding["Vulnerabilities"] as! [[String: Any]])[0]
        XCTAssertEqual(enriched["EpssScore"] as? Double, 0.94358)
        let cvss = enriched["Cvss"] as! [[String: Any]]
        XCTAssertEqual(cvss.count, 2)
        XCTAssertEqual(cvss[1]["Source"] as? String, "enrich ctx-score v1")
        XCTAssertEqual(cvss[1]["BaseScore"] as? Double, 8.8)
        XCTAssertEqual((cvss[1]["Adjustments"] as? [[String: String]])?.first, ["Metric": "MAV", "Reason": "NOT_INTERNET_REACHABLE"])
        XCTAssertEqual(finding["FindingProviderFields"] as? NSDictionary, vulnerability(cve: "x")["FindingProviderFields"] as? NSDictionary)
        try assertBotocoreAccepts(result.stdout)

        // A second run replaces its own Cvss entry instead of adding another: the output is stable.
        let again = try Tools.run("enrich", arguments, stdin: Data(result.stdout.utf8))
        XCTAssertEqual(again.stdout, result.stdout)

        // --customer-fields-only keeps Vulnerabilities as they were.
        let customer = try Tools.run("enrich", arguments + ["--customer-fields-only"], stdin: try ndjson([vulnerability()]))
        let kept = try objects(customer)[0]
        XCTAssertEqual((kept["Vulnerabilities"] as? NSArray), (vulnerability()["Vulnerabilities"] as! NSArray))
        XCTAssertEqual(userFields(kept)["risk.score"], "8.8")
    }

    func testNetworkReachabilityFindingMakesLaterFindingsOnTheResourceInternetReachable() throws {
        let assets = try temporaryFile("assets.json", #"[{"resource": "i-0123456789abcdef0", "reach": "internal"}]"#)
        let result = try Tools.run("enrich", ["--asset-map", assets], stdin: try ndjson([vulnerability(exploit: "YES"), reachability, vulnerability(exploit: "YES")]))
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = try objects(result)
        XCTAssertEqual(userFields(out[0])["risk.vector"], "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F/MAV:A", "before: the inventory says internal")
        XCTAssertEqual(userFields(out[1])["asset.reach"], "internet")
        XCTAssertEqual(userFields(out[1])["risk.label"], "HIGH", "MEDIUM raised one band for internet exposure")
        XCTAssertEqual(userFields(out[2])["asset.reach"], "internet")
        XCTAssertEqual(userFields(out[2])["risk.vector"], "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:F")
        XCTAssertEqual(userFields(out[2])["risk.score"], "9.6")
    }

    func testExposureEvidenceInTheFindingItself() throws {
        var publicIP = vulnerability(resource: "arn:aws:ec2:us-east-1:444444444444:instance/i-0ccccccccccccccc")
        publicIP["Resources"] = [["Type": "AwsEc2Instance", "Id": "arn:aws:ec2:us-east-1:444444444444:instance/i-0ccccccccccccccc",
                                  "Details": ["AwsEc2Instance": ["IpV4Addresses": ["10.0.0.5", "203.0.113.20"]]]]]
        var openGroup = reachability
        openGroup["ProductArn"] = "arn:aws:securityhub:us-east-1::product/aws/securityhub"
        openGroup["Compliance"] = ["Status": "FAILED"]
        openGroup["Resources"] = [["Type": "AwsEc2SecurityGroup", "Id": "arn:aws:ec2:us-east-1:444444444444:security-group/sg-1",
                                   "Details": ["AwsEc2SecurityGroup": ["IpPermissions": [["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                                                                                          "IpRanges": [["CidrIp": "0.0.0.0/0"]]]]]]]]
        var inbound = reachability
        inbound["ProductArn"] = "arn:aws:securityhub:us-east-1::product/aws/guardduty"
        inbound["Resources"] = [["Type": "AwsEc2Instance", "Id": "arn:aws:ec2:us-east-1:444444444444:instance/i-0dddddddddddddddd"]]
        inbound["Network"] = ["Direction": "IN", "SourceIpV4": "198.51.100.5"]
        var privateOnly = publicIP
        privateOnly["Resources"] = [["Type": "AwsEc2Instance", "Id": "i-0eeeeeeeeeeeeeeee", "Details": ["AwsEc2Instance": ["IpV4Addresses": ["10.0.0.5"]]]]]
        let result = try Tools.run("enrich", ["--bad-ips", fixture("bad-ips.txt")], stdin: try ndjson([publicIP, openGroup, inbound, privateOnly]))
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = try objects(result)
        XCTAssertEqual(out.map { userFields($0)["asset.reach"] }, ["internet", "internet", "internet", nil])
        XCTAssertEqual(userFields(out[2])["intel.ip"], "198.51.100.5")
        XCTAssertEqual(out[2]["ThreatIntelIndicators"] as? [[String: String]],
                       [["Type": "IPV4_ADDRESS", "Value": "198.51.100.5", "Source": "bad-ips.txt"]])
        try assertBotocoreAccepts(result.stdout)
    }

    func testRealSecurityHubFindingsChangeOnlyCustomerFields() throws {
        var input = ""
        for path in try Fixtures.all(in: "securityhub") {
            input += try Tools.run("normalize", [path]).stdout
        }
        let accounts = try temporaryFile("accounts.csv", "id,name,environment\n" + Set(input.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["AwsAccountId"] as? String
        }).map { "\($0),acct-\($0),prod" }.joined(separator: "\n") + "\n")
        let rules = try temporaryFile("rules.json", #"{"Rules":[{"RuleName":"note high","RuleOrder":1,"Criteria":{"SeverityLabel":[{"Value":"HIGH","Comparison":"EQUALS"}]},"Actions":[{"Type":"FINDING_FIELDS_UPDATE","FindingFieldsUpdate":{"Note":{"Text":"check","UpdatedBy":"rules"}}}]}]}"#)
        let result = try Tools.run("enrich", ["--account-map", accounts, "--automation", rules, "--now", "2026-05-18T00:00:00Z", "--stats"],
                                   stdin: Data(input.utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        let before = input.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let after = try objects(result)
        XCTAssertEqual(before.count, after.count)
        let customer: Set<String> = ["Note", "Severity", "Workflow", "UserDefinedFields", "Criticality", "Confidence",
                                     "VerificationState", "Types", "RelatedFindings"]
        for (old, new) in zip(before, after) {
            for key in Set(old.keys).union(new.keys) where !customer.contains(key) {
                XCTAssertEqual(old[key] as? NSObject, new[key] as? NSObject, key)
            }
            XCTAssertEqual(userFields(new)["account.env"], "prod")
        }
        XCTAssertTrue(after.contains { ($0["Note"] as? [String: String])?["UpdatedAt"] == "2026-05-18T00:00:00Z" })
        XCTAssertTrue(result.stderr.contains("enrich: loaded \(Set(before.map { $0["AwsAccountId"] as! String }).count) accounts, 1 enabled automation rules in "), result.stderr)
        try assertBotocoreAccepts(result.stdout)
    }

    func testFindingsNothingAppliesToPassThroughByteForByte() throws {
        let line = try Tools.run("normalize", [Fixtures.path("securityhub/asff-control-afsbp-ec2.1.json")]).stdout
        let result = try Tools.run("enrich", ["--account-map", fixture("account-map.json"), "--kev", fixture("kev.json")], stdin: Data((line + line).utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, line + line)
    }

    func testBadInputIsReportedAndBadInventoriesStopTheRun() throws {
        let input = try ndjson([vulnerability()]) + Data("{\"Id\":1}\nnot json\n".utf8)
        let result = try Tools.run("enrich", ["--kev", fixture("kev.json")], stdin: input)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.lines.count, 1)
        XCTAssertTrue(result.stderr.contains("enrich: -:2: not an ASFF finding (needs SchemaVersion, Id and ProductArn)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("enrich: -:3: invalid JSON"), result.stderr)

        let badMap = try temporaryFile("assets.csv", "resource,criticality\ni-1,high\ni-2,extreme\n")
        let stopped = try Tools.run("enrich", ["--asset-map", badMap], stdin: input)
        XCTAssertEqual(stopped.status, 2)
        XCTAssertEqual(stopped.stdout, "")
        XCTAssertTrue(stopped.stderr.hasPrefix("enrich: \(badMap):3: criticality \"extreme\""), stopped.stderr)

        let nothing = try Tools.run("enrich", [], stdin: input)
        XCTAssertEqual(nothing.status, 2)
        XCTAssertTrue(nothing.stderr.contains("nothing to enrich with"), nothing.stderr)
        let badNow = try Tools.run("enrich", ["--automation", fixture("automation-rules.json"), "--now", "soon"], stdin: input)
        XCTAssertEqual(badNow.status, 2)
        XCTAssertTrue(badNow.stderr.contains("--now needs an ISO 8601 timestamp"), badNow.stderr)
    }

    func testTagOptionsAndHelp() throws {
        let resources = try temporaryFile("resources.json", #"{"ResourceTagMappingList":[{"ResourceARN":"\#(instance)","Tags":[{"Key":"tier","Value":"low"},{"Key":"exposure","Value":"none"}]}]}"#)
        let result = try Tools.run("enrich", ["--resources", resources, "--criticality-tag", "Tier", "--reach-tag", "Exposure"],
                                   stdin: try ndjson([vulnerability()]))
        XCTAssertEqual(result.status, 0, result.stderr)
        let finding = try objects(result)[0]
        XCTAssertEqual(finding["Criticality"] as? Int, 20)
        XCTAssertEqual(userFields(finding)["risk.vector"], "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/CR:L/IR:L/AR:L/MAV:L", "EpssScore 0.5 without an exploit: E:P")
        let help = try Tools.run("enrich", ["--help"])
        for option in ["--score", "--accounts", "--account-map", "--resources", "--asset-map", "--criticality-tag", "--reach-tag",
                       "--kev", "--epss", "--bad-ips", "--automation", "--now", "--customer-fields-only"] {
            XCTAssertTrue(help.stdout.contains(option), option)
        }
    }
}
