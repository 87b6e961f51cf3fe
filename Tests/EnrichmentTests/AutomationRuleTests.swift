import XCTest
import FindingsCore
@testable import Enrichment

final class AutomationRuleTests: XCTestCase {
    private let now = Timestamp("2026-05-18T12:00:00Z")!

    private func finding(_ overrides: [String: Any] = [:]) -> [String: Any] {
        var finding: [String: Any] = [
            "SchemaVersion": "2018-10-08", "Id": "f-1", "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/securityhub",
            "GeneratorId": "g", "AwsAccountId": "111111111111", "Types": ["Software and Configuration Checks/Vulnerabilities/CVE"],
            "CreatedAt": "2026-05-10T00:00:00Z", "UpdatedAt": "2026-05-10T00:00:00Z",
            "Severity": ["Label": "HIGH", "Normalized": 70], "Title": "Example CloudFront finding", "Description": "d",
            "Resources": [["Type": "AwsEc2Instance", "Id": "arn:aws:ec2:us-east-1:111111111111:instance/i-1", "Tags": ["Environment": "prod"]]],
            "Compliance": ["Status": "PASSED"], "Criticality": 40,
            "FindingProviderFields": ["Severity": ["Label": "HIGH"]],
        ]
        for (key, value) in overrides { finding[key] = value }
        return finding
    }

    /// Applies `rules` to `finding`; returns the rules applied and the resulting finding.
    private func apply(_ rules: AutomationRuleSet, _ finding: [String: Any]) throws -> ([String], [String: Any]) {
        let bytes = try JSONSerialization.data(withJSONObject: finding)
        let tape = JSONTape()
        return try bytes.withUnsafeBytes { raw in
            let document = try tape.parse(raw)
            defer { withExtendedLifetime(tape) {} }
            var changes = FindingChanges(finding: document.root)
            let applied = rules.apply(to: document.root, &changes)
            let buffer = ByteBuffer()
            changes.write(to: buffer)
            return (applied, try JSONSerialization.jsonObject(with: Data(buffer.array)) as! [String: Any])
        }
    }

    private func severity(_ finding: [String: Any]) -> String {
        let severity = finding["Severity"] as? [String: Any] ?? [:]
        return "\(severity["Label"] as? String ?? "-") \(severity["Normalized"] as? Int ?? -1)"
    }

    private func rules(_ json: String) throws -> AutomationRuleSet {
        try AutomationRuleSet(path: try temporaryFile("rules.json", json), now: now)
    }

    private func rule(_ name: String, order: Int, terminal: Bool = false, criteria: String, update: String) -> String {
        #"{"RuleName":"\#(name)","RuleOrder":\#(order),"IsTerminal":\#(terminal),"Description":"d","Criteria":\#(criteria),"Actions":[{"Type":"FINDING_FIELDS_UPDATE","FindingFieldsUpdate":\#(update)}]}"#
    }

    func testBatchGetOutputAppliesInOrderUntilTheTerminalRule() throws {
        let set = try AutomationRuleSet(path: EnrichFixtures.path("automation-rules.json"), now: now)
        XCTAssertEqual(set.count, 3, "the disabled rule is dropped")
        var (applied, result) = try apply(set, finding())
        XCTAssertEqual(applied, ["Elevate critical accounts", "Tag reviewed"])
        XCTAssertEqual(severity(result), "CRITICAL 90")
        XCTAssertEqual(result["Note"] as? [String: String], ["Text": "Known issue that is a risk. Updated by automation rule.",
                                                             "UpdatedBy": "sechub-automation", "UpdatedAt": "2026-05-18T12:00:00Z"])
        XCTAssertEqual(result["UserDefinedFields"] as? [String: String], ["rule.elevated": "true", "rule.reviewed": "yes"])
        XCTAssertEqual(result["VerificationState"] as? String, "TRUE_POSITIVE")
        XCTAssertEqual(result["FindingProviderFields"] as? [String: [String: String]], ["Severity": ["Label": "HIGH"]])

        (applied, result) = try apply(set, finding(["Resources": [["Type": "AwsS3Bucket", "Id": "arn:aws:s3:::b", "Tags": ["Environment": "sandbox"]]]]))
        XCTAssertEqual(applied, ["Elevate critical accounts", "Suppress sandbox"], "the terminal rule stops rule 3")
        XCTAssertEqual(result["Workflow"] as? [String: String], ["Status": "SUPPRESSED"])
        XCTAssertNil(result["VerificationState"])

        (applied, _) = try apply(set, finding(["AwsAccountId": "999999999999"]))
        XCTAssertEqual(applied, ["Tag reviewed"])
    }

    func testLaterRulesOverwriteEarlierOnesAndEqualOrdersFollowUpdatedAt() throws {
        let json = "[" + [
            rule("third", order: 5, criteria: "{}", update: #"{"Criticality": 30, "UserDefinedFields": {"a": "3"}}"#)
                .replacingOccurrences(of: "\"Criteria\"", with: "\"UpdatedAt\":\"2024-01-02T00:00:00Z\",\"Criteria\""),
            rule("second", order: 5, criteria: "{}", update: #"{"Criticality": 20, "UserDefinedFields": {"a": "2", "b": "2"}}"#)
                .replacingOccurrences(of: "\"Criteria\"", with: "\"UpdatedAt\":\"2024-01-01T00:00:00Z\",\"Criteria\""),
            rule("first", order: 1, criteria: "{}", update: #"{"Criticality": 10, "Severity": {"Normalized": 45}}"#),
        ].joined(separator: ",") + "]"
        let (applied, result) = try apply(try rules(json), finding())
        XCTAssertEqual(applied, ["first", "second", "third"])
        XCTAssertEqual(result["Criticality"] as? Int, 30)
        XCTAssertEqual(result["UserDefinedFields"] as? [String: String], ["a": "3", "b": "2"])
        XCTAssertEqual(severity(result), "MEDIUM 45")
    }

    func testStringFilterLogic() throws {
        func matches(_ criteria: String, _ finding: [String: Any]) throws -> Bool {
            try !apply(try rules(rule("r", order: 1, criteria: criteria, update: #"{"Confidence": 1}"#)), finding).0.isEmpty
        }
        let f = finding()
        // Positive filters on one field are OR-ed.
        XCTAssertTrue(try matches(#"{"Title":[{"Value":"CloudWatch","Comparison":"CONTAINS"},{"Value":"CloudFront","Comparison":"CONTAINS"}]}"#, f))
        // Negative filters are AND-ed.
        XCTAssertFalse(try matches(#"{"Title":[{"Value":"CloudWatch","Comparison":"NOT_CONTAINS"},{"Value":"CloudFront","Comparison":"NOT_CONTAINS"}]}"#, f))
        // PREFIX first, then the exclusions.
        let prefixes = #"{"ResourceType":[{"Value":"AwsIam","Comparison":"PREFIX"},{"Value":"AwsEc2","Comparison":"PREFIX"},{"Value":"AwsEc2NetworkInterface","Comparison":"NOT_EQUALS"}]}"#
        XCTAssertTrue(try matches(prefixes, f))
        XCTAssertFalse(try matches(prefixes, finding(["Resources": [["Type": "AwsEc2NetworkInterface", "Id": "x"]]])))
        XCTAssertFalse(try matches(prefixes, finding(["Resources": [["Type": "AwsS3Bucket", "Id": "x"]]])))
        // AND across fields; values are case-sensitive.
        XCTAssertFalse(try matches(#"{"Title":[{"Value":"Example","Comparison":"PREFIX"}],"SeverityLabel":[{"Value":"high","Comparison":"EQUALS"}]}"#, f))
        XCTAssertTrue(try matches(#"{"Title":[{"Value":"CloudFront","Comparison":"CONTAINS_WORD"}],"Type":[{"Value":"Software","Comparison":"PREFIX"}]}"#, f))
        // A missing field fails a positive filter and passes a negative one.
        XCTAssertFalse(try matches(#"{"NoteText":[{"Value":"x","Comparison":"PREFIX"}]}"#, f))
        XCTAssertTrue(try matches(#"{"NoteText":[{"Value":"x","Comparison":"NOT_EQUALS"}]}"#, f))
        // Map, number and date filters.
        XCTAssertTrue(try matches(#"{"ResourceTags":[{"Key":"Environment","Value":"pro","Comparison":"CONTAINS"}]}"#, f))
        XCTAssertFalse(try matches(#"{"ResourceTags":[{"Key":"Environment","Value":"prod","Comparison":"NOT_EQUALS"}]}"#, f))
        XCTAssertTrue(try matches(#"{"Criticality":[{"Gte":10,"Lt":41}],"Confidence":[{"Eq":5}]}"#, finding(["Confidence": 5])))
        XCTAssertFalse(try matches(#"{"Criticality":[{"Gt":40}]}"#, f))
        XCTAssertTrue(try matches(#"{"UpdatedAt":[{"DateRange":{"Value":10,"Unit":"DAYS"}}]}"#, f))
        XCTAssertFalse(try matches(#"{"UpdatedAt":[{"DateRange":{"Value":7,"Unit":"DAYS"}}]}"#, f))
        XCTAssertTrue(try matches(#"{"UpdatedAt":[{"DateRange":{"Value":7,"Unit":"DAYS","Comparison":"OLDER_THAN"}}]}"#, f))
        XCTAssertTrue(try matches(#"{"CreatedAt":[{"Start":"2026-05-01T00:00:00Z","End":"2026-05-10T00:00:00Z"}]}"#, f))
        XCTAssertFalse(try matches(#"{"CreatedAt":[{"End":"2026-05-09T23:59:59Z"}]}"#, f))
        // AwsAccountName falls back to the account.name enrich sets.
        XCTAssertTrue(try matches(#"{"AwsAccountName":[{"Value":"Prod","Comparison":"PREFIX"}]}"#, finding(["UserDefinedFields": ["account.name": "Prod Payments"]])))
    }

    func testCreateAutomationRuleYAML() throws {
        let set = try AutomationRuleSet(path: EnrichFixtures.path("automation-rule.yaml"), now: now)
        var (applied, result) = try apply(set, finding())
        XCTAssertEqual(applied, ["Resolve passed controls in dev"])
        XCTAssertEqual(result["Workflow"] as? [String: String], ["Status": "RESOLVED"])
        (applied, result) = try apply(set, finding(["Criticality": 90]))
        XCTAssertEqual(applied, [])
    }

    func testFilterCombinationErrorsAndBadRulesNameFileLineAndKey() throws {
        func error(_ criteria: String, update: String = #"{"Confidence": 1}"#) throws -> String {
            let path = try temporaryFile("rules.json", "[\n" + rule("r", order: 1, criteria: criteria, update: update) + "\n]")
            return configurationError { _ = try AutomationRuleSet(path: path, now: now) }
                .replacingOccurrences(of: path, with: "FILE")
        }
        XCTAssertEqual(try error(#"{"Title":[{"Value":"a","Comparison":"CONTAINS"},{"Value":"b","Comparison":"NOT_CONTAINS"}]}"#),
                       "FILE:2: [0].Criteria.Title: CONTAINS filters can only be combined with other CONTAINS filters on the same field (found CONTAINS, NOT_CONTAINS)")
        XCTAssertEqual(try error(#"{"Title":[{"Value":"a","Comparison":"EQUALS"},{"Value":"b","Comparison":"CONTAINS"}]}"#),
                       "FILE:2: [0].Criteria.Title: CONTAINS filters can only be combined with other CONTAINS filters on the same field (found EQUALS, CONTAINS)")
        XCTAssertEqual(try error(#"{"Id":[{"Value":"a","Comparison":"EQUALS"},{"Value":"b","Comparison":"PREFIX_NOT_EQUALS"}]}"#),
                       "FILE:2: [0].Criteria.Id: an EQUALS filter cannot be combined with NOT_EQUALS or PREFIX_NOT_EQUALS on the same field (found EQUALS, PREFIX_NOT_EQUALS)")
        XCTAssertEqual(try error(#"{"ResourceTags":[{"Key":"k","Value":"a","Comparison":"EQUALS"},{"Key":"k","Value":"b","Comparison":"NOT_EQUALS"}]}"#),
                       "FILE:2: [0].Criteria.ResourceTags: key \"k\": an EQUALS filter cannot be combined with NOT_EQUALS or PREFIX_NOT_EQUALS on the same field (found EQUALS, NOT_EQUALS)")
        XCTAssertTrue(try error(#"{"ResourceTags":[{"Key":"k","Value":"a","Comparison":"PREFIX"}]}"#).contains("\"PREFIX\" is not one of EQUALS, NOT_EQUALS, CONTAINS, NOT_CONTAINS"))
        XCTAssertTrue(try error(#"{"Severity":[{"Value":"HIGH","Comparison":"EQUALS"}]}"#).contains("unknown criterion \"Severity\""))
        XCTAssertTrue(try error(#"{"Title":[]}"#).contains("a criterion is a list of 1 to 20 filters"))
        XCTAssertTrue(try error(#"{"Criticality":[{}]}"#).contains("a NumberFilter needs Eq, Gte, Lte, Gt or Lt"))
        XCTAssertTrue(try error(#"{"UpdatedAt":[{"DateRange":{"Value":3,"Unit":"WEEKS"}}]}"#).contains("DateRange Unit must be DAYS"))
        XCTAssertTrue(try error(#"{"UpdatedAt":[{"Start":"yesterday"}]}"#).contains("\"yesterday\" is not an ISO 8601 timestamp"))
        XCTAssertTrue(try error("{}", update: #"{"Workflow":{"Status":"CLOSED"}}"#).contains("\"CLOSED\" is not one of NEW, NOTIFIED, RESOLVED, SUPPRESSED"))
        XCTAssertTrue(try error("{}", update: #"{"Confidence": 101}"#).contains("expected an integer from 0 to 100"))
        XCTAssertTrue(try error("{}", update: #"{"Note":{"Text":"x"}}"#).contains("Note.UpdatedBy: missing required string"))
        XCTAssertTrue(try error("{}", update: #"{"RecordState":"ARCHIVED"}"#).contains("unknown member \"RecordState\""))
        XCTAssertTrue(try error("{}", update: "{}").contains("FindingFieldsUpdate sets no field"))

        let badOrder = try temporaryFile("rules.yaml", "RuleName: r\nRuleOrder: 0\nActions: []\n")
        XCTAssertEqual(configurationError { _ = try AutomationRuleSet(path: badOrder, now: now) },
                       "\(badOrder):2: RuleOrder: RuleOrder must be an integer from 1 to 1000")
        let twoActions = try temporaryFile("rules.yaml", "RuleName: r\nRuleOrder: 3\nActions:\n  - Type: FINDING_FIELDS_UPDATE\n  - Type: FINDING_FIELDS_UPDATE\n")
        XCTAssertEqual(configurationError { _ = try AutomationRuleSet(path: twoActions, now: now) },
                       "\(twoActions):4: Actions: Actions must hold exactly one action")
        let tooMany = try temporaryFile("rules.json", "[" + (1...101).map { rule("r\($0)", order: $0 % 1000 + 1, criteria: "{}", update: #"{"Confidence":1}"#) }.joined(separator: ",") + "]")
        XCTAssertTrue(configurationError { _ = try AutomationRuleSet(path: tooMany, now: now) }.contains("101 rules; Security Hub allows at most 100"))
    }
}
