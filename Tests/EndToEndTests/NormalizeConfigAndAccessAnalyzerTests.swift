import Foundation
import XCTest

/// AWS Config evaluations and IAM Access Analyzer findings mapped field by field.
final class NormalizeConfigAndAccessAnalyzerTests: XCTestCase {
    func testSNSComplianceChangeCompliantIsPassedAndResolved() throws {
        let run = try NormalizeHarness.run([NormalizeHarness.fixture("real/config/sns-compliance-change-cloudtrail-enabled.json")])
        XCTAssertEqual(run.status, 0, run.stderr)
        assertFields(try XCTUnwrap(run.findings.first), [
            "Id": "config/123456789012/us-east-2/cloudtrail-enabled/AWS::::Account/123456789012",
            "ProductArn": "arn:aws:securityhub:us-east-2::product/aws/config",
            "GeneratorId": "config-rule/cloudtrail-enabled",
            "AwsAccountId": "123456789012",
            "Region": "us-east-2",
            "Types[0]": "Software and Configuration Checks/AWS Config Analysis",
            "CreatedAt": "2016-09-27T19:48:40.914Z",
            "UpdatedAt": "2016-09-27T19:48:41.405Z",
            "Severity.Label": "INFORMATIONAL",
            "Compliance.Status": "PASSED",
            "Workflow.Status": "RESOLVED",
            "RecordState": "ACTIVE",
            "Resources[0].Type": "AwsAccount",
            "Resources[0].Id": "AWS::::Account:123456789012",
            "ProductFields.aws/config/ConfigRuleArn": "arn:aws:config:us-east-2:123456789012:config-rule/config-rule-9rpvxc",
        ])
    }

    func testEventBridgeNonCompliantIsFailedWithAnnotation() throws {
        let run = try NormalizeHarness.run([NormalizeHarness.fixture("authored/config-eventbridge-compliance-change.json")])
        let finding = try XCTUnwrap(run.findings.first)
        assertFields(finding, [
            "Compliance.Status": "FAILED",
            "Compliance.StatusReasons[0].Description": "Instance metadata service allows IMDSv1.",
            "Severity.Label": "MEDIUM",
            "Workflow.Status": "NEW",
            "Resources[0].Type": "AwsEc2Instance",
            "Resources[0].Id": "arn:aws:ec2:eu-central-1:111122223333:instance/i-0abc123def4567890",
        ])
    }

    func testSNSMessageAsJSONStringNotApplicableIsArchived() throws {
        let run = try NormalizeHarness.run([NormalizeHarness.fixture("authored/config-sns-message-string.json")])
        assertFields(try XCTUnwrap(run.findings.first), [
            "Region": "us-east-2",
            "Compliance.Status": "NOT_AVAILABLE",
            "RecordState": "ARCHIVED",
            "Resources[0].Type": "AwsS3Bucket",
            "Resources[0].Id": "arn:aws:s3:::audit-logs",
        ])
    }

    func testCLIEvaluationResultsNeedAccountAndRegion() throws {
        let path = NormalizeHarness.fixture("real/config/cli-get-compliance-details-by-config-rule.json")
        let rejected = try NormalizeHarness.run([path])
        XCTAssertEqual(rejected.status, 1)
        XCTAssertTrue(rejected.stderr.contains("\(path):1: EvaluationResults[0]: Config evaluation: no AWS account id"), rejected.stderr)

        let run = try NormalizeHarness.run(["--account", "123456789012", "--region", "eu-west-1", path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.findings.count, 3)
        assertFields(run.findings[0], [
            "Id": "config/123456789012/eu-west-1/InstanceTypesAreT2micro/AWS::EC2::Instance/i-1a2b3c4d",
            "UpdatedAt": "2015-12-17T01:10:45.261Z",
            "CreatedAt": "2015-12-17T01:10:42.948Z",
            "Compliance.Status": "FAILED",
            "Resources[0].Id": "arn:aws:ec2:eu-west-1:123456789012:instance/i-1a2b3c4d",
        ])
    }

    func testEventBridgeCrossAccountFindingAsSecurityHubShowsIt() throws {
        let run = try NormalizeHarness.run([NormalizeHarness.fixture("authored/access-analyzer-eventbridge-external.json")])
        XCTAssertEqual(run.status, 0, run.stderr)
        assertFields(try XCTUnwrap(run.findings.first), [
            "Id": "arn:aws:access-analyzer:us-west-2:111122223333:analyzer/MyAnalyzer/arn:aws:s3:::my-bucket",
            "ProductArn": "arn:aws:securityhub:us-west-2::product/aws/access-analyzer",
            "GeneratorId": "aws/access-analyzer",
            "Types[0]": "Software and Configuration Checks/AWS Security Best Practices/External Access Granted",
            "Severity.Label": "LOW",
            "Title": "AwsS3Bucket/arn:aws:s3:::my-bucket/ allows cross-account access",
            "Description": "AWS::S3::Bucket/arn:aws:s3:::my-bucket/ allows cross-account access from AWS 444455556666",
            "Resources[0].Type": "AwsS3Bucket",
            "Resources[0].Id": "arn:aws:s3:::my-bucket",
            "Resources[0].Details.Other.External Principal": "444455556666",
            "Resources[0].Details.Other.External Principal Type": "AWS",
            "Resources[0].Details.Other.Action Granted": "s3:GetObject,s3:GetObjectVersion",
            "Resources[0].Details.Other.Condition": "none",
            "CreatedAt": "2024-05-02T14:20:30.521Z",
            "Workflow.Status": "NEW",
            "RecordState": "ACTIVE",
        ])
    }

    func testCLIListingsPublicArchivedUnusedAndV2Details() throws {
        let list = try NormalizeHarness.run(["--region", "us-west-2", NormalizeHarness.fixture("authored/access-analyzer-list-findings.json")])
        XCTAssertEqual(list.findings.count, 2)
        assertFields(list.findings[0], [
            "Id": "arn:aws:access-analyzer:us-west-2:111122223333:finding/0910eedb-381e-4e95-adda-0d25c19e6e90",
            "Types[0]": "Effects/Data Exposure/External Access Granted",
            "Severity.Label": "HIGH",
            "Title": "AwsS3Bucket/arn:aws:s3:::public-website/ allows public access",
            "Resources[0].Details.Other.Condition": "aws:SourceIp=203.0.113.0/24",
            "CreatedAt": "2024-02-26T21:17:50.905Z",
        ])
        assertFields(list.findings[1], ["Workflow.Status": "SUPPRESSED", "RecordState": "ARCHIVED",
                                        "Resources[0].Details.Other.External Principal Type": "Federated"])

        let unused = try NormalizeHarness.run(["--region", "us-west-2", NormalizeHarness.fixture("authored/access-analyzer-list-findings-v2.json")])
        assertFields(unused.findings[0], [
            "Types[0]": "Software and Configuration Checks/AWS Security Best Practices/Unused IAM Role",
            "Title": "AwsIamRole/arn:aws:iam::111122223333:role/example-scheduler-role/ contains unused iam role",
            "Severity.Label": "MEDIUM",
            "Resources[0].Details.Other.Finding Type": "UnusedIAMRole",
        ])
        assertFields(unused.findings[1], ["Types[0]": "Software and Configuration Checks/AWS Security Best Practices/Unused IAM User Access Key",
                                          "Workflow.Status": "RESOLVED", "RecordState": "ARCHIVED", "Resources[0].Type": "AwsIamUser"])

        let v2 = try NormalizeHarness.run(["--region", "us-west-2", NormalizeHarness.fixture("authored/access-analyzer-get-finding-v2.json")])
        assertFields(try XCTUnwrap(v2.findings.first), [
            "Resources[0].Details.Other.External Principal": "arn:aws:iam::444455556666:root",
            "Resources[0].Details.Other.Action Granted": "sts:AssumeRole",
            "UpdatedAt": "2024-04-02T10:00:00Z",
        ])
    }

    func testGetFindingWrapperAndErrorFinding() throws {
        let document = #"{"finding":{"id":"f1","resource":"arn:aws:kms:eu-west-1:111122223333:key/abcd","resourceType":"AWS::KMS::Key","status":"ACTIVE","error":"ACCESS_DENIED","createdAt":"2024-01-01T00:00:00Z","analyzedAt":"2024-01-02T00:00:00Z","resourceOwnerAccount":"111122223333"}}"#
        let run = try NormalizeHarness.run([], input: Data(document.utf8))
        XCTAssertEqual(run.status, 0, run.stderr)
        assertFields(try XCTUnwrap(run.findings.first), [
            "Id": "arn:aws:access-analyzer:eu-west-1:111122223333:finding/f1",
            "Region": "eu-west-1",
            "UpdatedAt": "2024-01-02T00:00:00Z",
            "Severity.Label": "INFORMATIONAL",
            "Resources[0].Type": "AwsKmsKey",
            "Title": "AwsKmsKey/arn:aws:kms:eu-west-1:111122223333:key/abcd/ could not be analyzed: ACCESS_DENIED",
        ])
        let broken = try NormalizeHarness.run([], input: Data(#"{"findings":[{"id":"x","resourceType":"AWS::S3::Bucket","status":"ACTIVE","isPublic":true}]}"#.utf8))
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stderr.contains("-:1: findings[0]: Access Analyzer finding: missing 'resource'"), broken.stderr)
    }
}
