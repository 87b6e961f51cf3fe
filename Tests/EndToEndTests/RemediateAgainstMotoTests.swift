import XCTest
import Foundation

/// Real AWS CLI commands against moto's server: the fixes must show through the API.
final class RemediateAgainstMotoTests: XCTestCase {
    func testExecutesApprovedFixesOnceAndRefusesHostileIdentifiers() throws {
        let directory = try makeTemporaryDirectory()
        let moto = try MotoServer(home: directory)

        // A public bucket, a security group open to SSH from anywhere, and an access key.
        try moto.aws(["s3api", "create-bucket", "--bucket", "public-data-1"])
        try moto.aws(["s3api", "put-public-access-block", "--bucket", "public-data-1", "--public-access-block-configuration",
                      "BlockPublicAcls=false,IgnorePublicAcls=false,BlockPublicPolicy=false,RestrictPublicBuckets=false"])
        let group = try XCTUnwrap((try moto.aws(["ec2", "create-security-group", "--group-name", "open-ssh", "--description", "open"]) as? [String: Any])?["GroupId"] as? String)
        try moto.aws(["ec2", "authorize-security-group-ingress", "--group-id", group, "--protocol", "tcp", "--port", "22", "--cidr", "0.0.0.0/0"])
        try moto.aws(["iam", "create-user", "--user-name", "alice"])
        let key = try XCTUnwrap(((try moto.aws(["iam", "create-access-key", "--user-name", "alice"]) as? [String: Any])?["AccessKey"] as? [String: Any])?["AccessKeyId"] as? String)

        let findings = [
            RemediateFindings.control("S3.8", type: "AwsS3Bucket", id: "arn:aws:s3:::public-data-1"),
            RemediateFindings.control("EC2.13", type: "AwsEc2SecurityGroup", id: "arn:aws:ec2:us-east-1:123456789012:security-group/\(group)"),
            RemediateFindings.credentialExfiltration(user: "alice", accessKeyId: key),
        ].joined(separator: "\n") + "\n"
        let ledger = directory + "/ledger.db", audit = directory + "/audit.ndjson", plan = directory + "/plan.ndjson"
        let common = ["--endpoint-url", moto.endpoint]

        // Plan, review (approve every record), execute.
        let planned = try Tools.run("remediate", common + ["--plan", plan], stdin: Data(findings.utf8), environment: moto.environment)
        XCTAssertEqual(planned.status, 0, planned.stderr)
        XCTAssertEqual(try String(contentsOfFile: plan, encoding: .utf8).split(separator: "\n").count, 3)
        let executed = try Tools.run("remediate", common + ["--execute", "--approve", plan, "--ledger", ledger, "--audit", audit, "--stats"],
                                     stdin: Data(findings.utf8), environment: moto.environment)
        XCTAssertEqual(executed.status, 0, executed.stderr)
        XCTAssertEqual(try executed.lines.map(RemediateFindings.workflow), ["RESOLVED", "RESOLVED", "RESOLVED"], executed.stdout)
        XCTAssertTrue(executed.stderr.contains("succeeded=3"), executed.stderr)
        try assertBotocoreAccepts(executed.stdout)

        // The API shows the fixes.
        let block = try XCTUnwrap((try moto.aws(["s3api", "get-public-access-block", "--bucket", "public-data-1"]) as? [String: Any])?["PublicAccessBlockConfiguration"] as? [String: Bool])
        XCTAssertEqual(block, ["BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true])
        let groups = try XCTUnwrap((try moto.aws(["ec2", "describe-security-groups", "--group-ids", group]) as? [String: Any])?["SecurityGroups"] as? [[String: Any]])
        XCTAssertEqual((groups.first?["IpPermissions"] as? [Any])?.count, 0, "\(groups)")
        let keys = try XCTUnwrap((try moto.aws(["iam", "list-access-keys", "--user-name", "alice"]) as? [String: Any])?["AccessKeyMetadata"] as? [[String: Any]])
        XCTAssertEqual(keys.first?["Status"] as? String, "Inactive")

        // A rerun repeats nothing: the ledger says all three succeeded for these finding versions.
        let auditBefore = try String(contentsOfFile: audit, encoding: .utf8)
        XCTAssertEqual(auditBefore.split(separator: "\n").count, 3)
        let rerun = try Tools.run("remediate", common + ["--execute", "--approve", plan, "--ledger", ledger, "--audit", audit, "--stats"],
                                  stdin: Data(findings.utf8), environment: moto.environment)
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertTrue(rerun.stderr.contains("already-done=3"), rerun.stderr)
        XCTAssertEqual(try String(contentsOfFile: audit, encoding: .utf8), auditBefore)
        XCTAssertEqual(try rerun.lines.map(RemediateFindings.workflow), ["RESOLVED", "RESOLVED", "RESOLVED"])

        // Hostile identifiers never reach a command line.
        let marker = directory + "/pwned"
        let hostile = [
            RemediateFindings.control("S3.8", type: "AwsS3Bucket", id: "arn:aws:s3:::x;touch \(marker)"),
            RemediateFindings.control("S3.8", type: "AwsS3Bucket", id: "arn:aws:s3:::$(touch \(marker))"),
            RemediateFindings.control("EC2.13", type: "AwsEc2SecurityGroup", id: "arn:aws:ec2:us-east-1:123456789012:security-group/../\(group)"),
            RemediateFindings.control("S3.8", type: "AwsS3Bucket", id: "arn:aws:s3:::../../etc/passwd"),
        ].joined(separator: "\n") + "\n"
        let refused = try Tools.run("remediate", common + ["--execute", "--ledger", ledger, "--audit", audit, "--stats", "--plan", directory + "/hostile-plan.ndjson"],
                                    stdin: Data(hostile.utf8), environment: moto.environment)
        XCTAssertEqual(refused.status, 0, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("refused=4"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: marker))
        XCTAssertEqual(try String(contentsOfFile: audit, encoding: .utf8), auditBefore, "nothing was executed")
        XCTAssertEqual(try String(contentsOfFile: directory + "/hostile-plan.ndjson", encoding: .utf8), "")
        for line in refused.lines {
            XCTAssertEqual(try RemediateFindings.workflow(line), "NEW")
            XCTAssertTrue(try RemediateFindings.note(line).contains("refused"), line)
        }
        let verified = try Tools.run("remediate", ["--verify-audit", audit])
        XCTAssertEqual(verified.status, 0, verified.stderr)
        XCTAssertTrue(verified.stdout.contains("intact: 3 record(s)"), verified.stdout)
    }
}
