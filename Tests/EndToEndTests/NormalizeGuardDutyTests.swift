import Foundation
import XCTest

/// GuardDuty findings mapped field by field.
final class NormalizeGuardDutyTests: XCTestCase {
    func testAPIFindingWithInstanceAndOutboundConnection() throws {
        let run = try NormalizeHarness.run([NormalizeHarness.fixture("real/guardduty/finding-ec2-canary-stateless.json")])
        XCTAssertEqual(run.status, 0, run.stderr)
        let finding = try XCTUnwrap(run.findings.first)
        assertFields(finding, [
            "SchemaVersion": "2018-10-08",
            "Id": "arn:aws:guardduty:us-east-1:123456789012:detector/123456789012/finding/16afba5c5c43e07c9e3e5e2e544e95df",
            "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/guardduty",
            "GeneratorId": "arn:aws:guardduty:us-east-1:123456789012:detector/3caf4e0aaa46ce4ccbcef949a8785353",
            "AwsAccountId": "123456789012",
            "Region": "us-east-1",
            "Types[0]": "TTPs/Canary/Canary:EC2-Stateless.IntegTest",
            "CreatedAt": "2017-10-31T23:16:23.824Z",
            "UpdatedAt": "2017-10-31T23:16:23.824Z",
            "FirstObservedAt": "2017-10-31T23:16:23Z",
            "Severity.Label": "MEDIUM",
            "Severity.Original": "5",
            "FindingProviderFields.Severity.Label": "MEDIUM",
            "FindingProviderFields.Severity.Original": "5",
            "FindingProviderFields.Types[0]": "TTPs/Canary/Canary:EC2-Stateless.IntegTest",
            "Resources[0].Type": "AwsEc2Instance",
            "Resources[0].Id": "arn:aws:ec2:us-east-1:123456789012:instance/i-05746eb48123455e0",
            "Resources[0].Tags.Name": "ssh-22-open",
            "Resources[0].Details.AwsEc2Instance.LaunchedAt": "2017-04-21T00:47:55Z",
            "Resources[0].Details.AwsEc2Instance.VpcId": "vpc-34865123",
            "Network.Direction": "OUT",
            "Network.Protocol": "TCP",
            "Action.ActionType": "NETWORK_CONNECTION",
            "Action.NetworkConnectionAction.ConnectionDirection": "OUTBOUND",
            "Workflow.Status": "NEW",
            "RecordState": "ACTIVE",
            "ProductFields.aws/guardduty/type": "Canary:EC2/Stateless.IntegTest",
            "ProductFields.aws/guardduty/service/count": "1",
        ])
        XCTAssertEqual(number(finding, "Severity.Normalized"), 40)
        XCTAssertEqual(number(finding, "Network.DestinationPort"), 22)
        XCTAssertEqual(number(finding, "Network.SourcePort"), 2000)
        XCTAssertEqual(number(finding, "Action.NetworkConnectionAction.RemoteIpDetails.Organization.Asn"), -1)
    }

    func testCLIOutputIsPascalCase() throws {
        let run = try NormalizeHarness.run([NormalizeHarness.fixture("real/guardduty/get-findings-cli.json")])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.findings.count, 1)
        assertFields(run.findings[0], [
            "Id": "arn:aws:guardduty:us-east-1:111122223333:detector/d4b040365221be2b54a6264dcexample/finding/1ab92989eaf0e742df4a014d5example",
            "AwsAccountId": "111122223333",
            "Types[0]": "TTPs/Discovery/Recon:IAMUser-UserPermissions",
            "UpdatedAt": "2020-05-26T22:55:21.703Z",
            "Resources[0].Type": "AwsIamAccessKey",
            "Resources[0].Id": "ASIASZ4SI7REEEXAMPLE",
            "Resources[0].Details.AwsIamAccessKey.PrincipalName": "testuser",
            "Action.AwsApiCallAction.Api": "ListPolicyVersions",
            "Action.AwsApiCallAction.RemoteIpDetails.City.CityName": "London",
            "LastObservedAt": "2020-05-26T22:33:55Z",
        ])
        XCTAssertEqual(number(run.findings[0], "Action.AwsApiCallAction.RemoteIpDetails.Organization.Asn"), 16509)
    }

    func testS3FindingHasBucketAndAccessKeyAndArchivedSample() throws {
        let s3 = try NormalizeHarness.run([NormalizeHarness.fixture("real/guardduty/finding-s3-pentest-parrotlinux.json")])
        assertFields(try XCTUnwrap(s3.findings.first), [
            "Types[0]": "TTPs/Discovery/PenTest:S3-ParrotLinux",
            "Resources[0].Type": "AwsS3Bucket",
            "Resources[0].Id": "arn:aws:s3:::bucketName",
            "Resources[0].Tags.foo": "bar",
            "Resources[0].Details.AwsS3Bucket.CreatedAt": "2017-12-18T15:58:11.551Z",
            "Resources[1].Type": "AwsIamAccessKey",
        ])
        let recon = try NormalizeHarness.run([NormalizeHarness.fixture("real/guardduty/finding-iam-recon-maliciousipcaller-custom.json")])
        let finding = try XCTUnwrap(recon.findings.first)
        XCTAssertEqual(string(finding, "RecordState"), "ARCHIVED")
        XCTAssertEqual(value(finding, "Sample") as? Bool, true)
        XCTAssertEqual(string(finding, "Action.AwsApiCallAction.CallerType"), "Remote IP")
    }

    func testPartialEventTakesRegionFromEnvelopeAndAccountFromOption() throws {
        let path = NormalizeHarness.fixture("real/guardduty/eventbridge-detail-only-ssh-bruteforce.json")
        let rejected = try NormalizeHarness.run([path])
        XCTAssertEqual(rejected.status, 1)
        XCTAssertTrue(rejected.findings.isEmpty)
        XCTAssertTrue(rejected.stderr.contains("\(path):1: detail: GuardDuty finding: no AWS account id in the finding or its envelope; pass --account ACCOUNT"),
                      rejected.stderr)

        let run = try NormalizeHarness.run(["--account", "210987654321", path])
        XCTAssertEqual(run.status, 0, run.stderr)
        assertFields(try XCTUnwrap(run.findings.first), [
            "Id": "arn:aws:guardduty:us-east-1:210987654321:finding/02be5693b63eea1d67e6f321c6aee4f3",
            "GeneratorId": "aws/guardduty",
            "AwsAccountId": "210987654321",
            "Region": "us-east-1",
            "Types[0]": "TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce",
            "Severity.Label": "LOW",
            "Severity.Original": "2",
            "Network.Direction": "IN",
            "Network.SourceIpV4": "198.51.100.0",
            "Resources[0].Id": "arn:aws:ec2:us-east-1:210987654321:instance/i-99999999",
        ])
        XCTAssertEqual(number(run.findings[0], "Network.DestinationPort"), 22)
    }

    func testGzipExportWithEKSRuntimeAndPortProbeFindings() throws {
        let run = try NormalizeHarness.run([NormalizeHarness.fixture("authored/guardduty-export.jsonl.gz")])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.findings.count, 3)
        assertFields(run.findings[0], [
            "Types[0]": "TTPs/Discovery/Discovery:Kubernetes-SuccessfulAnonymousAccess",
            "Resources[0].Type": "AwsEksCluster",
            "Resources[0].Id": "arn:aws:eks:eu-west-1:111122223333:cluster/prod-cluster",
            "Resources[0].Tags.env": "prod",
        ])
        XCTAssertNil(value(run.findings[0], "Action"), "Kubernetes API calls have no ASFF action structure")
        assertFields(run.findings[1], [
            "Types[0]": "TTPs/Command and Control/CryptoCurrency:Runtime-BitcoinTool.B",
            "Severity.Label": "HIGH",
            "Process.Name": "xmrig",
            "Process.Path": "/tmp/.cache/xmrig",
            "Process.LaunchedAt": "2024-01-16T03:04:05Z",
            "Network.DestinationDomain": "pool.example-mining.net",
            "Action.DnsRequestAction.Domain": "pool.example-mining.net",
        ])
        XCTAssertEqual(number(run.findings[1], "Process.Pid"), 4242)
        assertFields(run.findings[2], [
            "Severity.Label": "LOW",
            "RecordState": "ARCHIVED",
            "Network.Direction": "IN",
            "Network.SourceIpV4": "192.0.2.200",
            "Action.PortProbeAction.PortProbeDetails[0].LocalIpDetails.IpAddressV4": "10.1.0.9",
        ])
        XCTAssertEqual(number(run.findings[2], "Network.DestinationPort"), 3389)
    }

    func testEventBridgeEnvelopeSuppliesTheAccount() throws {
        let finding = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath:
            NormalizeHarness.fixture("real/guardduty/eventbridge-detail-only-ssh-bruteforce.json")))) as? [String: Any]
        let event: [String: Any] = ["version": "0", "id": "e1", "detail-type": "GuardDuty Finding", "source": "aws.guardduty",
                                    "account": "123456789012", "time": "2018-05-11T14:56:40Z", "region": "eu-north-1",
                                    "resources": [], "detail": try XCTUnwrap(finding?["detail"])]
        let run = try NormalizeHarness.run([], input: try JSONSerialization.data(withJSONObject: event))
        XCTAssertEqual(run.status, 0, run.stderr)
        assertFields(try XCTUnwrap(run.findings.first), [
            "AwsAccountId": "123456789012",
            "Region": "eu-north-1",
            "ProductArn": "arn:aws:securityhub:eu-north-1::product/aws/guardduty",
        ])
    }
}
