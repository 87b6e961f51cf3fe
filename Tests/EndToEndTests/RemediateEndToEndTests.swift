import XCTest
import Foundation

/// `remediate` as a filter: plan output, approvals, the blast-radius guard, timeouts, failures,
/// retries and the audit chain, with a scripted stand-in for the AWS CLI.
final class RemediateEndToEndTests: XCTestCase {
    let bucketFinding = RemediateFindings.control("S3.8", type: "AwsS3Bucket", id: "arn:aws:s3:::logs-bucket-1")
    let sshFinding = RemediateFindings.control("EC2.13", type: "AwsEc2SecurityGroup", id: "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123abcd")
    let publicBucketFinding = RemediateFindings.control("S3.2", type: "AwsS3Bucket", id: "arn:aws:s3:::public-site-1")

    func input(_ lines: String...) -> Data { Data((lines.joined(separator: "\n") + "\n").utf8) }

    func execute(_ cli: FakeAWSCLI, _ directory: String, _ extra: [String], stdin: Data) throws -> ToolResult {
        try Tools.run("remediate", ["--execute", "--aws-cli", cli.path, "--ledger", directory + "/ledger.db", "--audit", directory + "/audit.ndjson", "--stats"] + extra, stdin: stdin)
    }

    func testPlanModeAnnotatesMatchedFindingsAndPassesOthersThroughUntouched() throws {
        let directory = try makeTemporaryDirectory()
        let passed = RemediateFindings.control("S3.8", type: "AwsS3Bucket", id: "arn:aws:s3:::b-2", status: "PASSED", workflow: "RESOLVED")
        let suppressed = RemediateFindings.control("S3.8", type: "AwsS3Bucket", id: "arn:aws:s3:::b-3", workflow: "SUPPRESSED")
        let unmatched = RemediateFindings.control("Athena.1", type: "AwsAthenaWorkGroup", id: "arn:aws:athena:us-east-1:123456789012:workgroup/w")
        let result = try Tools.run("remediate", ["--plan", directory + "/plan.ndjson", "--stats"], stdin: input(bucketFinding, passed, suppressed, unmatched, publicBucketFinding))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.lines.count, 5)
        XCTAssertEqual(try RemediateFindings.workflow(result.lines[0]), "NOTIFIED")
        XCTAssertEqual(try RemediateFindings.note(result.lines[0]),
                       "remediate: planned s3-bucket-block-public-access (low): aws s3api put-public-access-block --bucket logs-bucket-1 --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true --region us-east-1")
        let fields = try XCTUnwrap(try RemediateFindings.object(result.lines[0])["UserDefinedFields"] as? [String: String])
        XCTAssertEqual(fields["remediate.status"], "planned")
        XCTAssertEqual(fields["remediate.playbooks"], "s3-bucket-block-public-access")
        XCTAssertEqual(result.lines[1], passed, "not FAILED: byte for byte")
        XCTAssertEqual(result.lines[2], suppressed)
        XCTAssertEqual(result.lines[3], unmatched)
        XCTAssertTrue(result.stderr.contains("planned=2"), result.stderr)
        XCTAssertTrue(result.stderr.contains("pass.resolved=1") && result.stderr.contains("pass.suppressed=1") && result.stderr.contains("pass.no-playbook=1"), result.stderr)
        try assertBotocoreAccepts(result.stdout)

        let plan = try String(contentsOfFile: directory + "/plan.ndjson", encoding: .utf8).split(separator: "\n").map { try RemediateFindings.object(String($0)) }
        XCTAssertEqual(plan.count, 2)
        XCTAssertEqual(plan[0]["playbook"] as? String, "s3-bucket-block-public-access")
        XCTAssertEqual(plan[0]["argv"] as? [String], ["aws", "s3api", "put-public-access-block", "--bucket", "logs-bucket-1", "--public-access-block-configuration",
                                                     "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true", "--region", "us-east-1"])
        XCTAssertEqual(plan[0]["risk"] as? String, "low")
        XCTAssertEqual(plan[0]["approvalRequired"] as? Bool, false)
        XCTAssertEqual((plan[0]["key"] as? String)?.count, 64)
        XCTAssertEqual((plan[0]["finding"] as? [String: String])?["UpdatedAt"], "2026-01-02T00:00:00.000Z")
        XCTAssertEqual(plan[1]["approvalRequired"] as? Bool, true)
        XCTAssertEqual(fields["remediate.key"], plan[0]["key"] as? String)

        let again = try Tools.run("remediate", ["--plan", directory + "/plan2.ndjson"], stdin: input(bucketFinding, passed, suppressed, unmatched, publicBucketFinding))
        XCTAssertEqual(try String(contentsOfFile: directory + "/plan2.ndjson", encoding: .utf8), try String(contentsOfFile: directory + "/plan.ndjson", encoding: .utf8), "plans are deterministic")
        XCTAssertEqual(again.status, 0)
    }

    func testRealSecurityHubFindings() throws {
        let directory = try makeTemporaryDirectory()
        let normalized = try Tools.run("normalize", [Fixtures.path("securityhub/asff-control-afsbp-ec2.1.json"),
                                                     Fixtures.path("securityhub/asff-control-fsbp-cloudtrail2.json"),
                                                     Fixtures.path("securityhub/asff-guardduty-ssh-bruteforce.json")])
        XCTAssertEqual(normalized.status, 0, normalized.stderr)
        let result = try Tools.run("remediate", ["--plan", directory + "/plan.ndjson", "--stats", "--var", "cloudtrail-kms-key=1234abcd-12ab-34cd-56ef-1234567890ab"],
                                   stdin: Data(normalized.stdout.utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try result.lines.map(RemediateFindings.workflow), ["NOTIFIED", "NOTIFIED", "NEW"])
        XCTAssertEqual(result.lines[2], normalized.lines[2], "SSH brute force has no playbook: untouched")
        let argv = try String(contentsOfFile: directory + "/plan.ndjson", encoding: .utf8).split(separator: "\n").map { try RemediateFindings.object(String($0))["argv"] as? [String] }
        XCTAssertEqual(argv, [["aws", "ec2", "enable-snapshot-block-public-access", "--state", "block-all-sharing", "--region", "us-east-1"],
                              ["aws", "cloudtrail", "update-trail", "--name", "AWSMacieTrail-DO-NOT-EDIT", "--kms-key-id", "1234abcd-12ab-34cd-56ef-1234567890ab", "--region", "us-east-2"]])
        try assertBotocoreAccepts(result.stdout)
    }

    func testUserDefinedFieldsStayWithinASFFsFiftyPairs() throws {
        let pairs = (1...49).map { "\"k\($0)\":\"v\"" }.joined(separator: ",")
        let crowded = bucketFinding.replacingOccurrences(of: #""RecordState":"ACTIVE"}"#, with: #""RecordState":"ACTIVE","UserDefinedFields":{"# + pairs + "}}")
        let result = try Tools.run("remediate", [], stdin: input(crowded))
        XCTAssertEqual(result.status, 0, result.stderr)
        let fields = try XCTUnwrap(try RemediateFindings.object(result.lines[0])["UserDefinedFields"] as? [String: String])
        XCTAssertEqual(fields.count, 50)
        XCTAssertEqual(fields["remediate.status"], "planned")
        XCTAssertEqual(try RemediateFindings.workflow(result.lines[0]), "NOTIFIED")
        try assertBotocoreAccepts(result.stdout)
        let validated = try Tools.run("normalize", ["--from", "asff"], stdin: Data(result.stdout.utf8))
        XCTAssertEqual(validated.status, 0, "the suite's ASFF validator accepts it: \(validated.stderr)")
    }

    func testListPrintsTheBuiltInLibraryAndPlaybookFilesReplaceIt() throws {
        let list = try Tools.run("remediate", ["--list"])
        XCTAssertEqual(list.status, 0)
        XCTAssertGreaterThanOrEqual(list.lines.count, 31)
        XCTAssertTrue(list.stdout.contains("guardduty-iam-deactivate-access-key\tdisruptive\tapproval\tiam update-access-key"))
        let directory = try makeTemporaryDirectory()
        let file = directory + "/mine.yaml"
        try """
        - name: only-ssh
          match: {Compliance: {SecurityControlId: [EC2.13]}}
          action:
            cli: ec2 revoke-security-group-ingress
            parameters:
              --group-id: {from: "Resources[0].Id", take: arn-name, as: security-group-id}
              --ip-permissions: '[{"IpProtocol":"tcp","FromPort":22,"ToPort":22,"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}]'
          risk: low
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let mine = try Tools.run("remediate", ["--list", "--playbook", file])
        XCTAssertEqual(mine.lines.count, 2)
        let planned = try Tools.run("remediate", ["--playbook", file, "--stats"], stdin: input(bucketFinding, sshFinding))
        XCTAssertEqual(try planned.lines.map(RemediateFindings.workflow), ["NEW", "NOTIFIED"])
        try "- name: bad\n  match: {}\n".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try Tools.run("remediate", ["--playbook", file], stdin: input(bucketFinding))
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("\(file):2: [0].match:"), bad.stderr)
        XCTAssertEqual(bad.stdout, "")
    }

    func testVariablesFillRunbookParametersAndAreChecked() throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Samples/playbooks/remediate-example.yaml").standardized.path
        let miner = #"{"SchemaVersion":"2018-10-08","Id":"gd-1","ProductArn":"arn:aws:securityhub:eu-west-1::product/aws/guardduty","GeneratorId":"g","AwsAccountId":"123456789012","Types":["TTPs/Impact/CryptoCurrency:EC2-BitcoinTool.B!DNS"],"CreatedAt":"2026-01-01T00:00:00Z","UpdatedAt":"2026-01-01T00:00:00Z","Severity":{"Label":"HIGH"},"Title":"t","Description":"d","Resources":[{"Type":"AwsEc2Instance","Id":"arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0","Region":"eu-west-1"}]}"#
        let directory = try makeTemporaryDirectory()
        let missing = try Tools.run("remediate", ["--playbook", sample, "--stats"], stdin: input(miner))
        XCTAssertEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("playbook quarantine-crypto-miner needs --var automation-role=IAM-ROLE-ARN"), missing.stderr)
        XCTAssertTrue(missing.stderr.contains("refused.missing-var=1"), missing.stderr)
        let malformed = try Tools.run("remediate", ["--playbook", sample, "--var", "automation-role=arn:aws:iam::123456789012:role/x;reboot"], stdin: input(miner))
        XCTAssertTrue(try RemediateFindings.note(malformed.lines[0]).contains("is not a valid iam-role-arn"), malformed.stdout)
        let planned = try Tools.run("remediate", ["--playbook", sample, "--var", "automation-role=arn:aws:iam::123456789012:role/Remediation",
                                                  "--plan", directory + "/plan.ndjson"], stdin: input(miner, sshFinding))
        XCTAssertEqual(planned.status, 0, planned.stderr)
        let plan = try String(contentsOfFile: directory + "/plan.ndjson", encoding: .utf8).split(separator: "\n").map { try RemediateFindings.object(String($0)) }
        XCTAssertEqual(plan.map { $0["playbook"] as? String }, ["quarantine-crypto-miner", "close-public-ssh"])
        XCTAssertEqual(plan[0]["argv"] as? [String], ["aws", "ssm", "start-automation-execution", "--document-name", "AWS-StopEC2Instance", "--parameters",
                                                     #"{"InstanceId":["i-0123456789abcdef0"],"AutomationAssumeRole":["arn:aws:iam::123456789012:role/Remediation"]}"#,
                                                     "--region", "eu-west-1"])
    }

    func testDisruptiveActionsRunOnlyWhenApproved() throws {
        let directory = try makeTemporaryDirectory()
        let cli = try FakeAWSCLI(in: directory)
        let findings = input(bucketFinding, publicBucketFinding)
        let unapproved = try execute(cli, directory, [], stdin: findings)
        XCTAssertEqual(unapproved.status, 0, unapproved.stderr)
        XCTAssertEqual(cli.calls.count, 1, "only the low-risk action ran")
        XCTAssertTrue(cli.calls[0].hasPrefix("s3api put-public-access-block --bucket logs-bucket-1 "), cli.calls[0])
        XCTAssertEqual(try unapproved.lines.map(RemediateFindings.workflow), ["RESOLVED", "NOTIFIED"])
        XCTAssertTrue(try RemediateFindings.note(unapproved.lines[1]).hasPrefix("remediate: awaiting approval s3-bucket-public-read-write"))

        // Plan, approve the disruptive record only, execute exactly that.
        let plan = directory + "/plan.ndjson", approved = directory + "/approved.ndjson"
        XCTAssertEqual(try Tools.run("remediate", ["--plan", plan], stdin: findings).status, 0)
        let records = try String(contentsOfFile: plan, encoding: .utf8).split(separator: "\n")
        try (records.filter { $0.contains("s3-bucket-public-read-write") }.joined(separator: "\n") + "\n").write(toFile: approved, atomically: true, encoding: .utf8)
        let run = try execute(cli, directory, ["--approve", approved], stdin: findings)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(cli.calls.count, 2)
        XCTAssertTrue(cli.calls[1].contains("--bucket public-site-1"), cli.calls[1])
        XCTAssertEqual(try run.lines.map(RemediateFindings.workflow), ["RESOLVED", "RESOLVED"], "the first was done in the earlier run")

        // An approval record whose argv was edited is refused before anything runs.
        let tampered = try String(contentsOfFile: approved, encoding: .utf8).replacingOccurrences(of: "public-site-1", with: "other-bucket")
        try tampered.write(toFile: approved, atomically: true, encoding: .utf8)
        let refused = try execute(cli, directory, ["--approve", approved], stdin: findings)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("\(approved):1: the record was changed after planning"), refused.stderr)
        XCTAssertEqual(cli.calls.count, 2)
    }

    func testActionsRunOnlyInTheAccountOfTheCredentials() throws {
        let directory = try makeTemporaryDirectory()
        let cli = try FakeAWSCLI(in: directory)
        let elsewhere = bucketFinding.replacingOccurrences(of: "123456789012", with: "999999999999")
        let result = try execute(cli, directory, [], stdin: input(elsewhere, sshFinding))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(cli.calls.count, 1)
        XCTAssertTrue(cli.calls[0].hasPrefix("ec2 revoke-security-group-ingress"), cli.calls[0])
        XCTAssertEqual(try result.lines.map(RemediateFindings.workflow), ["NOTIFIED", "RESOLVED"])
        XCTAssertTrue(try RemediateFindings.note(result.lines[0]).contains("the finding is in account 999999999999; the credentials are for 123456789012"), result.stdout)

        let declared = try execute(cli, directory, ["--account", "999999999999"], stdin: input(elsewhere))
        XCTAssertEqual(declared.status, 0, declared.stderr)
        XCTAssertEqual(cli.calls.count, 2, "--account names the credentials' account without asking STS")

        let anonymous = try makeTemporaryDirectory()
        try "#!/bin/sh\necho 'Unable to locate credentials' >&2\nexit 255\n".write(toFile: anonymous + "/aws", atomically: true, encoding: .utf8)
        chmod(anonymous + "/aws", 0o755)
        let unknown = try Tools.run("remediate", ["--execute", "--aws-cli", anonymous + "/aws", "--ledger", anonymous + "/l.db", "--audit", anonymous + "/a.ndjson"], stdin: input(bucketFinding))
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("cannot tell which account the credentials belong to (aws sts get-caller-identity: exit 255: Unable to locate credentials); give --account ID"), unknown.stderr)
        XCTAssertEqual(unknown.stdout, "")
    }

    func testMaxActionsAbortsBeforeActing() throws {
        let directory = try makeTemporaryDirectory()
        let cli = try FakeAWSCLI(in: directory)
        let other = RemediateFindings.control("S3.8", type: "AwsS3Bucket", id: "arn:aws:s3:::logs-bucket-2")
        let result = try execute(cli, directory, ["--max-actions", "2"], stdin: input(bucketFinding, sshFinding, other))
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stderr.contains("3 actions to run exceed --max-actions 2; nothing was executed"), result.stderr)
        XCTAssertEqual(cli.calls, [])
        XCTAssertEqual(result.lines.count, 3, "every finding is still written")
        for line in result.lines {
            XCTAssertEqual(try RemediateFindings.workflow(line), "NOTIFIED")
            XCTAssertTrue(try RemediateFindings.note(line).contains("not run"), line)
        }
        let audit = try String(contentsOfFile: directory + "/audit.ndjson", encoding: .utf8)
        XCTAssertTrue(audit.contains("\"event\":\"abort\""), audit)
        XCTAssertEqual(try execute(cli, directory, ["--max-actions", "3"], stdin: input(bucketFinding, sshFinding, other)).status, 0)
        XCTAssertEqual(cli.calls.count, 3)
    }

    func testAStopSignalDuringTheInputRunsNothingAndWritesEveryFinding() throws {
        let directory = try makeTemporaryDirectory()
        let cli = try FakeAWSCLI(in: directory)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tools.path("remediate"))
        process.arguments = ["--execute", "--aws-cli", cli.path, "--ledger", directory + "/ledger.db", "--audit", directory + "/audit.ndjson"]
        let input = Pipe()
        let output = directory + "/out.ndjson"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        process.standardInput = input
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data((bucketFinding + "\n" + sshFinding + "\n").utf8))
        usleep(500_000)  // both findings read and held; the input is still open
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 128 + SIGINT)
        XCTAssertEqual(cli.calls, [], "nothing runs after a stop signal")
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, "every finding read is written")
        for line in lines {
            XCTAssertEqual(try RemediateFindings.workflow(line), "NOTIFIED")
            XCTAssertTrue(try RemediateFindings.note(line).contains("not run"), line)
        }
        let audit = try String(contentsOfFile: directory + "/audit.ndjson", encoding: .utf8)
        XCTAssertTrue(audit.contains("interrupted by a signal before any action ran"), audit)
    }

    func testTimedOutCommandIsKilledAndTheFindingStaysNotified() throws {
        let directory = try makeTemporaryDirectory()
        let cli = try FakeAWSCLI(in: directory, behaviour: "sleep 30")
        let started = Date()
        let result = try execute(cli, directory, ["--timeout", "1"], stdin: input(bucketFinding))
        XCTAssertLessThan(Date().timeIntervalSince(started), 15)
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertEqual(try RemediateFindings.workflow(result.lines[0]), "NOTIFIED")
        XCTAssertTrue(try RemediateFindings.note(result.lines[0]).contains("timed out after 1 s"), result.stdout)
        let audit = try String(contentsOfFile: directory + "/audit.ndjson", encoding: .utf8)
        XCTAssertTrue(audit.contains("\"timedOut\":true"), audit)
    }

    func testFailingCommandKeepsTheFindingNotifiedAndIsRetriedOnTheNextRun() throws {
        let directory = try makeTemporaryDirectory()
        let failing = try FakeAWSCLI(in: directory, behaviour: "echo 'An error occurred (AccessDenied) when calling the PutPublicAccessBlock operation: Access Denied' >&2; exit 254")
        let result = try execute(failing, directory, [], stdin: input(bucketFinding, sshFinding))
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stderr.contains("2 of 2 action(s) failed"), result.stderr)
        XCTAssertEqual(try RemediateFindings.workflow(result.lines[0]), "NOTIFIED")
        XCTAssertTrue(try RemediateFindings.note(result.lines[0]).contains("failed s3-bucket-block-public-access: s3api put-public-access-block: exit 254: An error occurred (AccessDenied)"), result.stdout)
        let audit = try String(contentsOfFile: directory + "/audit.ndjson", encoding: .utf8)
        XCTAssertTrue(audit.contains("\"exit\":254") && audit.contains("AccessDenied"), audit)
        XCTAssertEqual(failing.calls.count, 2, "no retry for errors that are not throttling")

        let fixed = try FakeAWSCLI(in: directory)
        let rerun = try execute(fixed, directory, [], stdin: input(bucketFinding, sshFinding))
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertEqual(fixed.calls.count, 4, "failed actions run again")
        XCTAssertEqual(try rerun.lines.map(RemediateFindings.workflow), ["RESOLVED", "RESOLVED"])
    }

    func testThrottlingIsRetriedWithBackoff() throws {
        let directory = try makeTemporaryDirectory()
        let cli = try FakeAWSCLI(in: directory, behaviour: """
        if [ ! -e '\(directory)/throttled' ]; then touch '\(directory)/throttled'; echo 'An error occurred (Throttling) when calling the PutPublicAccessBlock operation: Rate exceeded' >&2; exit 254; fi
        """)
        let result = try execute(cli, directory, ["--retries", "2"], stdin: input(bucketFinding))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(cli.calls.count, 2)
        XCTAssertTrue(try String(contentsOfFile: directory + "/audit.ndjson", encoding: .utf8).contains("\"attempts\":2"))
        let noRetries = try FakeAWSCLI(in: try makeTemporaryDirectory(), behaviour: "echo 'An error occurred (Throttling): Rate exceeded' >&2; exit 254")
        let failed = try execute(noRetries, noRetries.directory, ["--retries", "0"], stdin: input(bucketFinding))
        XCTAssertEqual(failed.status, 3)
        XCTAssertEqual(noRetries.calls.count, 1)
    }

    func testConcurrencyAndRateLimitsBoundHowCommandsStart() throws {
        let directory = try makeTemporaryDirectory()
        let cli = try FakeAWSCLI(in: directory, behaviour: "sleep 0.3")
        let findings = (1...4).map { RemediateFindings.control("S3.8", type: "AwsS3Bucket", id: "arn:aws:s3:::bucket-\($0)x") }
        let started = Date()
        let result = try Tools.run("remediate", ["--execute", "--aws-cli", cli.path, "--ledger", directory + "/l.db", "--audit", directory + "/a.ndjson",
                                                 "--concurrency", "1", "--rate", "100"], stdin: Data((findings.joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 1.2, "one at a time")
        let limited = try makeTemporaryDirectory()
        let quick = try FakeAWSCLI(in: limited)
        let start2 = Date()
        let paced = try Tools.run("remediate", ["--execute", "--aws-cli", quick.path, "--ledger", limited + "/l.db", "--audit", limited + "/a.ndjson",
                                                "--rate", "2"], stdin: Data((findings.joined(separator: "\n") + "\n").utf8))
        XCTAssertEqual(paced.status, 0, paced.stderr)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(start2), 0.9, "2 per second for one account: the 3rd and 4th wait")
    }

    func testVerifyAuditDetectsAnEditedRecord() throws {
        let directory = try makeTemporaryDirectory()
        let cli = try FakeAWSCLI(in: directory)
        XCTAssertEqual(try execute(cli, directory, [], stdin: input(bucketFinding, sshFinding)).status, 0)
        let audit = directory + "/audit.ndjson"
        let intact = try Tools.run("remediate", ["--verify-audit", audit])
        XCTAssertEqual(intact.status, 0, intact.stderr)
        XCTAssertTrue(intact.stdout.contains("intact: 2 record(s)"), intact.stdout)
        let text = try String(contentsOfFile: audit, encoding: .utf8)
        try text.replacingOccurrences(of: "\"exit\":0", with: "\"exit\":1").write(toFile: audit, atomically: true, encoding: .utf8)
        let broken = try Tools.run("remediate", ["--verify-audit", audit])
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stderr.contains("\(audit):1: record hash mismatch"), broken.stderr)
        let refused = try execute(cli, directory, [], stdin: input(bucketFinding))
        XCTAssertEqual(refused.status, 2, "no appending to a broken chain")
    }

    func testUsageErrors() throws {
        XCTAssertEqual(try Tools.run("remediate", ["--execute"]).status, 2)
        XCTAssertEqual(try Tools.run("remediate", ["--approve", "x.ndjson"]).status, 2)
        XCTAssertEqual(try Tools.run("remediate", ["--endpoint-url", "http://x;rm"]).status, 2)
        let directory = try makeTemporaryDirectory()
        let missing = try Tools.run("remediate", ["--execute", "--aws-cli", directory + "/none", "--ledger", directory + "/l", "--audit", directory + "/a"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("cannot find the AWS CLI"), missing.stderr)
        let help = try Tools.run("remediate", ["--help"])
        XCTAssertTrue(help.stdout.contains("--max-actions N"))
    }
}
