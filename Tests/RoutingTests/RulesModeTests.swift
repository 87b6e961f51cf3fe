import Foundation
import XCTest

/// `route --rules` run as an executable on the real Security Hub fixtures.
final class RulesModeTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try TestSupport.temporaryDirectory()
    }

    private func write(_ name: String, _ text: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    private func read(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    private func route(_ arguments: [String], input: String? = nil) throws -> TestSupport.Result {
        try TestSupport.route(arguments, input: try input ?? TestSupport.findings(), directory: directory)
    }

    private let rules = """
    Rules:
      - Name: critical
        EventPattern: {"Severity": {"Label": ["CRITICAL"]}}
        Targets:
          - {Id: all, Destination: "-"}
          - {Id: pager, Destination: "file:pager.ndjson"}
      - Name: failed
        EventPattern: '{"Compliance": {"Status": ["FAILED"]}}'
        Targets:
          - {Id: failed-out, Destination: "-"}
      - Name: disabled
        State: DISABLED
        EventPattern: {"Id": [{"exists": true}]}
        Targets: [{Id: never, Destination: "-"}]
    """

    func testFanOutToEveryTargetOfEveryMatchingRule() throws {
        try write("rules.yaml", rules)
        let result = try route(["--rules", "rules.yaml", "--stats"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let routed = try result.lines.map { try TestSupport.object($0) }
        let names = routed.map { ($0["UserDefinedFields"] as! [String: String])["route.rule"]! }
        XCTAssertEqual(names, ["critical", "failed", "failed"])
        XCTAssertEqual(try read("pager.ndjson").split(separator: "\n").count, 1)
        XCTAssertTrue(result.stderr.contains("rule critical=1"), result.stderr)
        XCTAssertTrue(result.stderr.contains("unmatched=1"), result.stderr)
        XCTAssertFalse(result.stderr.contains("rule disabled"), result.stderr)
    }

    func testRoutedFindingsChangeOnlyUserDefinedFields() throws {
        try write("rules.yaml", rules)
        let input = try TestSupport.line("asff-control-afsbp-ec2.1.json")
        let output = try route(["--rules", "rules.yaml", "--first-match"], input: input).lines
        XCTAssertEqual(output.count, 1)
        let expected = String(input.dropLast().dropLast()) + #","UserDefinedFields":{"route.rule":"critical"}}"#
        XCTAssertEqual(output[0], expected)
        // Existing UserDefinedFields keep their entries and order.
        let withFields = String(input.dropLast().dropLast()) + #","UserDefinedFields":{"owner":"team-a"}}"# + "\n"
        let second = try route(["--rules", "rules.yaml", "--first-match"], input: withFields).lines
        XCTAssertTrue(second[0].hasSuffix(#""UserDefinedFields":{"owner":"team-a","route.rule":"critical"}}"#), second[0])
    }

    func testFirstMatchAndUnmatched() throws {
        try write("rules.yaml", rules)
        let result = try route(["--rules", "rules.yaml", "--first-match", "--unmatched", "file:rest.ndjson"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.lines.count, 2)
        let rest = try read("rest.ndjson").split(separator: "\n")
        XCTAssertEqual(rest.count, 1)
        XCTAssertTrue(rest[0].contains("guardduty"))
        XCTAssertFalse(rest[0].contains("route.rule"))
        // A second run appends to the file.
        _ = try route(["--rules", "rules.yaml", "--unmatched", "file:rest.ndjson"])
        XCTAssertEqual(try read("rest.ndjson").split(separator: "\n").count, 2)
    }

    func testDestinationsExecAndDescriptors() throws {
        try write("rules.yaml", """
        {"Rules": [{"Name": "all", "EventPattern": {"SchemaVersion": ["2018-10-08"]},
          "Targets": [{"Id": "tee", "Destination": "exec:tee copy.ndjson", "InputPath": "$.Id"},
                      {"Id": "err", "Destination": "fd:2", "Input": "{\\"alert\\": true}"}]}]}
        """)
        let result = try route(["--rules", "rules.yaml"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try read("copy.ndjson").split(separator: "\n").count, 3)
        XCTAssertTrue(try read("copy.ndjson").hasPrefix("\"arn:aws:securityhub:us-east-1:111111111111:subscription/aws-foundational"))
        XCTAssertEqual(result.stderr.components(separatedBy: "{\"alert\":true}\n").count - 1, 3)
    }

    func testDeliveryFailuresExitThree() throws {
        try write("missing.yaml", #"{"Rules":[{"Name":"r","EventPattern":{"Id":[{"exists":true}]},"Targets":[{"Id":"t","Destination":"exec:/nonexistent/program"}]}]}"#)
        let missing = try route(["--rules", "missing.yaml"])
        XCTAssertEqual(missing.status, 3)
        XCTAssertTrue(missing.stderr.contains("cannot start /nonexistent/program"), missing.stderr)
        try write("fails.yaml", #"{"Rules":[{"Name":"r","EventPattern":{"Id":[{"exists":true}]},"Targets":[{"Id":"t","Destination":"exec:false"}]}]}"#)
        let fails = try route(["--rules", "fails.yaml"])
        XCTAssertEqual(fails.status, 3)
        XCTAssertTrue(fails.stderr.contains("false exited with status 1"), fails.stderr)
        try write("dir.yaml", #"{"Rules":[{"Name":"r","EventPattern":{"Id":[{"exists":true}]},"Targets":[{"Id":"t","Destination":"file:/nonexistent/dir/x"}]}]}"#)
        XCTAssertEqual(try route(["--rules", "dir.yaml"]).status, 3)
    }

    func testInputTransformerOutput() throws {
        try write("rules.json", #"""
        {"Rules": [{"Name": "critical", "Arn": "arn:aws:events:us-east-1:111111111111:rule/critical",
          "EventPattern": {"Severity": {"Label": ["CRITICAL"]}},
          "Targets": [{"Id": "t", "Destination": "-", "InputTransformer": {
            "InputPathsMap": {"id": "$.Resources[0].Id", "sev": "$.Severity.Label", "n": "$.Severity.Normalized"},
            "InputTemplate": "{\n  \"text\": \"<sev> on <id>\",\n  \"severity\": <sev>, \"score\": <n>, \"rule\": \"<aws.events.rule-arn>\"\n}"}}]}]}
        """#)
        let result = try route(["--rules", "rules.json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.lines, [#"{"text":"CRITICAL on AWS::::Account:111111111111","severity":"CRITICAL","score":90,"rule":"arn:aws:events:us-east-1:111111111111:rule/critical"}"#])
    }

    func testEnvelopeRulesSeeTheSecurityHubEvent() throws {
        try write("rules.json", #"""
        {"Rules": [{"Name": "imported-failed",
          "EventPattern": {"source": ["aws.securityhub"], "detail-type": ["Security Hub Findings - Imported"],
                           "detail": {"findings": {"Compliance": {"Status": ["FAILED"]}, "RecordState": ["ACTIVE"]}}},
          "Targets": [{"Id": "t", "Destination": "-", "InputTransformer": {
            "InputPathsMap": {"account": "$.account", "title": "$.detail.findings[0].Title", "type": "$.detail-type"},
            "InputTemplate": "\"<type>: <title> (<account>)\""}}]}]}
        """#)
        let result = try route(["--rules", "rules.json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.lines.count, 2)
        XCTAssertTrue(result.lines[0].hasPrefix("\"Security Hub Findings - Imported: "), result.lines[0])
        XCTAssertTrue(result.lines[0].hasSuffix(" (111111111111)\""), result.lines[0])
    }

    func testCloudFormationAndListRulesShapes() throws {
        try write("template.yaml", """
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          Topic:
            Type: AWS::SNS::Topic
          CriticalRule:
            Type: AWS::Events::Rule
            Properties:
              EventPattern:
                source: [aws.securityhub]
                detail:
                  findings:
                    Severity:
                      Label: [CRITICAL]
              Targets:
                - Id: sns
                  Arn: arn:aws:sns:us-east-1:111111111111:topic
        """)
        let unmapped = try route(["--rules", "template.yaml"])
        XCTAssertEqual(unmapped.status, 2)
        XCTAssertTrue(unmapped.stderr.contains("template.yaml:15: Resources.CriticalRule.Properties.Targets[0]: target 'sns' has no Destination"), unmapped.stderr)
        let mapped = try route(["--rules", "template.yaml", "--destination", "sns=-"])
        XCTAssertEqual(mapped.status, 0, mapped.stderr)
        XCTAssertEqual(mapped.lines.count, 1)
        XCTAssertTrue(mapped.lines[0].contains(#""route.rule":"CriticalRule""#))

        try write("listed.json", #"""
        {"Rules": [
          {"Name": "nightly", "Arn": "arn:aws:events:us-east-1:1:rule/nightly", "State": "ENABLED", "ScheduleExpression": "rate(1 day)"},
          {"Name": "gd", "Arn": "arn:aws:events:us-east-1:1:rule/gd", "State": "ENABLED",
           "EventPattern": "{\"ProductArn\":[{\"suffix\":\"/guardduty\"}]}",
           "Targets": {"Targets": [{"Id": "x", "Arn": "arn:aws:sqs:us-east-1:1:q", "Destination": "-"}]}}]}
        """#)
        let listed = try route(["--rules", "listed.json"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertEqual(listed.lines.count, 1)
        XCTAssertTrue(listed.lines[0].contains("guardduty"))
    }

    func testCheckPrintsRulesAndReportsErrorsWithFileLineAndKey() throws {
        try write("rules.yaml", rules)
        let check = try route(["--check", "rules.yaml"], input: "")
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(check.stdout.hasPrefix("rules.yaml: 3 rule(s), 2 enabled, 4 target(s)\n"), check.stdout)
        XCTAssertTrue(check.stdout.contains("critical\tENABLED\tmatches the finding"))
        XCTAssertTrue(check.stdout.contains("  pager\tfile:pager.ndjson\tfinding + route.rule"))

        try write("bad.yaml", """
        Rules:
          - Name: ok
            EventPattern: {"a": ["x"]}
          - Name: bad
            EventPattern:
              detail:
                state: [{"numeric": [">", "5"]}]
        """)
        let bad = try route(["--check", "bad.yaml"], input: "")
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("bad.yaml:6: Rules[1].EventPattern.detail.state: Event pattern is not valid. Reason: Value of > must be a number"), bad.stderr)

        let cases: [(String, String)] = [
            (#"{"Rules":[{"Name":"has space","EventPattern":{"a":["x"]}}]}"#, "rule name 'has space'"),
            (#"{"Rules":[{"Name":"r","EventPattern":{"a":["x"]}},{"Name":"r","EventPattern":{"a":["y"]}}]}"#, "duplicate rule name"),
            (#"{"Rules":[{"Name":"r","State":"PAUSED","EventPattern":{"a":["x"]}}]}"#, "State must be ENABLED or DISABLED"),
            (#"{"Rules":[{"Name":"r","EventPattern":"{not json"}]}"#, "not valid JSON"),
            (#"{"Rules":[{"Name":"r","EventPattern":{"a":["x"]},"Targets":[{"Id":"t","Destination":"-","Input":"{}","InputPath":"$"}]}]}"#, "only one of Input, InputPath and InputTransformer"),
            (#"{"Rules":[{"Name":"r","EventPattern":{"a":["x"]},"Targets":[{"Id":"t","Destination":"smtp:x"}]}]}"#, "must be '-', file:PATH, fd:N or exec:PROGRAM"),
            (#"{"Rules":[{"Name":"r","EventPattern":{"a":["x"]},"Targets":[{"Id":"t","Destination":"-","InputTransformer":{"InputPathsMap":{"a.b":"$.x"},"InputTemplate":"<a.b>"}}]}]}"#, "InputPathsMap.a.b: InputPathsMap keys"),
            (#"{"Rules":[{"Name":"r","EventPattern":{"a":["x"]},"Targets":[{"Id":"t","Destination":"-","Input":"not json"}]}]}"#, "Input must be a string holding valid JSON"),
            (#"{"Other":[]}"#, "expected \"Rules\""),
        ]
        for (text, message) in cases {
            try write("case.json", text)
            let result = try route(["--check", "case.json"], input: "")
            XCTAssertEqual(result.status, 2, text)
            XCTAssertTrue(result.stderr.contains(message), "\(text): \(result.stderr)")
        }
    }

    func testPatternLimitsAreEnforcedAndCanBeRaised() throws {
        // A string EventPattern is measured as given: 2,049 characters with the padding.
        let padded = #"{"k":[""# + String(repeating: "x", count: 2039) + #""]}"#
        let escaped = padded.replacingOccurrences(of: "\"", with: "\\\"")
        try write("long.json", #"{"Rules":[{"Name":"long","EventPattern":"\#(escaped)"}]}"#)
        let refused = try route(["--check", "long.json"], input: "")
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("long.json:1: Rules[0].EventPattern: Event pattern is not valid. Reason: Event pattern is 2049 characters long, more than the limit of 2048"),
                      refused.stderr)
        XCTAssertEqual(try route(["--check", "long.json", "--max-pattern-length", "4096"], input: "").status, 0)

        let stacks = ["A", "B", "C", "D"].map { #"{"wildcard":"*:stack/\#($0)/*"}"# }.joined(separator: ",")
        try write("wild.yaml", """
        Rules:
          - Name: stacks
            EventPattern: {"detail": {"stack-id": [\(stacks)]}}
        """)
        let complex = try route(["--check", "wild.yaml"], input: "")
        XCTAssertEqual(complex.status, 2)
        XCTAssertTrue(complex.stderr.contains("wild.yaml:3: Rules[0].EventPattern.detail.stack-id: Event pattern is not valid. Reason: Rule is too complex"),
                      complex.stderr)
        XCTAssertEqual(try route(["--check", "wild.yaml", "--max-wildcard-complexity", "12"], input: "").status, 0)

        let branches = (0..<3).map { #"{"a":["\#($0)"]}"# }.joined(separator: ",")
        let combined = #"{"$or":[\#(branches)],"b":{"$or":[\#(branches)]}}"#
        let filtered = try route(["-e", combined, "--max-combinations", "8"], input: "")
        XCTAssertEqual(filtered.status, 2)
        XCTAssertTrue(filtered.stderr.contains("-e #1: Event pattern is not valid. Reason: The event pattern expands to more than 8 combinations at b"),
                      filtered.stderr)
        XCTAssertEqual(try route(["-e", combined, "--max-combinations", "9"], input: #"{"a":"1"}"# + "\n").stdout, "")
        XCTAssertEqual(try route(["--max-combinations", "0", "-e", combined], input: "").status, 2)
    }

    func testFindingsThatCannotTakeTheRuleNameAreRejected() throws {
        try write("rules.yaml", rules)
        let input = try TestSupport.line("asff-control-afsbp-ec2.1.json")
        let fields = (0..<50).map { "\"k\($0)\":\"v\"" }.joined(separator: ",")
        let full = String(input.dropLast().dropLast()) + ",\"UserDefinedFields\":{\(fields)}}\n"
        let result = try route(["--rules", "rules.yaml"], input: full)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("-:1: UserDefinedFields already holds 50 entries"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("pager.ndjson").path))
    }
}
