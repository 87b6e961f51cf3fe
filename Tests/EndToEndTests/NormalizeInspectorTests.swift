import XCTest

/// Amazon Inspector findings mapped field by field.
final class NormalizeInspectorTests: XCTestCase {
    func testPackageVulnerabilityOnEC2() throws {
        let run = try NormalizeHarness.run([NormalizeHarness.fixture("real/inspector2/eventbridge-ec2-package-vulnerability.json")])
        XCTAssertEqual(run.status, 0, run.stderr)
        let finding = try XCTUnwrap(run.findings.first)
        assertFields(finding, [
            "Id": "arn:aws:inspector2:eu-central-1:123456789012:finding/{{FINDING_ID}}",
            "ProductArn": "arn:aws:securityhub:eu-central-1::product/aws/inspector",
            "GeneratorId": "AWSInspector",
            "AwsAccountId": "123456789012",
            "Region": "eu-central-1",
            "Types[0]": "Software and Configuration Checks/Vulnerabilities/CVE",
            "CreatedAt": "2024-09-04T16:59:44.356Z",
            "UpdatedAt": "2024-09-04T17:00:36.951Z",
            "LastObservedAt": "2024-09-04T16:59:44.476Z",
            "Severity.Label": "MEDIUM",
            "Severity.Original": "MEDIUM",
            "FindingProviderFields.Severity.Original": "MEDIUM",
            "Title": "CVE-2024-29069 - snapd",
            "Resources[0].Type": "AwsEc2Instance",
            "Resources[0].Id": "arn:aws:ec2:eu-central-1:123456789012:instance/i-12345678901234567",
            "Resources[0].Details.AwsEc2Instance.ImageId": "ami-02ff980600c693b38",
            "Resources[0].Details.AwsEc2Instance.LaunchedAt": "2024-09-04T16:57:40Z",
            "Vulnerabilities[0].Id": "CVE-2024-29069",
            "Vulnerabilities[0].FixAvailable": "YES",
            "Vulnerabilities[0].ExploitAvailable": "NO",
            "Vulnerabilities[0].VulnerablePackages[0].Name": "snapd",
            "Vulnerabilities[0].VulnerablePackages[0].Epoch": "0",
            "Vulnerabilities[0].VulnerablePackages[0].FixedInVersion": "0:2.63+22.04ubuntu0.1",
            "Vulnerabilities[0].Cvss[1].Source": "NVD",
            "Vulnerabilities[0].Cvss[1].BaseVector": "CVSS:3.1/AV:L/AC:L/PR:L/UI:R/S:U/C:H/I:H/A:H",
            "Vulnerabilities[0].Vendor.Name": "UBUNTU_CVE",
            "Vulnerabilities[0].Vendor.VendorCreatedAt": "2024-07-25T20:15:00Z",
            "Vulnerabilities[0].RelatedVulnerabilities[0]": "USN-6940-1",
            "Workflow.Status": "RESOLVED",
            "RecordState": "ARCHIVED",
            "ProductFields.aws/inspector/FindingStatus": "CLOSED",
            "ProductFields.aws/inspector/inspectorScore": "4.8",
        ])
        XCTAssertEqual(number(finding, "Vulnerabilities[0].EpssScore"), 0.00043)
        XCTAssertEqual(number(finding, "Vulnerabilities[0].Cvss[1].BaseScore"), 7.3)
        XCTAssertEqual(number(finding, "Severity.Normalized"), 40)
    }

    func testECRImageWithHumanTimestampsAndUnknownPartition() throws {
        let run = try NormalizeHarness.run([NormalizeHarness.fixture("real/inspector2/eventbridge-ecr-package-vulnerability.json")])
        let finding = try XCTUnwrap(run.findings.first)
        assertFields(finding, [
            "Region": "us-east-2",
            "CreatedAt": "2021-12-03T18:02:30Z",
            "Resources[0].Type": "AwsEcrContainerImage",
            "Resources[0].Partition": "aws",
            "Resources[0].Region": "us-east-2",
            "Resources[0].Details.AwsEcrContainerImage.RepositoryName": "amazon/amazon-ecs-sample",
            "Resources[0].Details.AwsEcrContainerImage.ImagePublishedAt": "2021-12-03T18:02:13Z",
            "Vulnerabilities[0].Vendor.VendorCreatedAt": "2019-10-16T00:00:00Z",
            "Workflow.Status": "NEW",
        ])
    }

    func testNetworkReachabilityAndCodeVulnerability() throws {
        let network = try NormalizeHarness.run([NormalizeHarness.fixture("real/inspector2/eventbridge-ec2-network-reachability.json")])
        let reach = try XCTUnwrap(network.findings.first)
        assertFields(reach, [
            "Types[0]": "Software and Configuration Checks/AWS Security Best Practices/Network Reachability",
            "Network.Protocol": "TCP",
            "NetworkPath[0].ComponentId": "igw-261bab4d",
            "NetworkPath[4].ComponentType": "AWS::EC2::Instance",
        ])
        XCTAssertEqual(number(reach, "Network.OpenPortRange.Begin"), 22)
        XCTAssertNil(value(reach, "Vulnerabilities"))

        let code = try NormalizeHarness.run([NormalizeHarness.fixture("real/inspector2/eventbridge-lambda-code-vulnerability.json")])
        let finding = try XCTUnwrap(code.findings.first)
        assertFields(finding, [
            "Types[0]": "Software and Configuration Checks/Vulnerabilities/CWE",
            "Severity.Label": "CRITICAL",
            "Resources[0].Type": "AwsLambdaFunction",
            "Resources[0].Details.AwsLambdaFunction.Runtime": "PYTHON_3_11",
            "Vulnerabilities[0].Id": "CWE-798",
            "Vulnerabilities[0].CodeVulnerabilities[0].Cwes[0]": "CWE-798",
            "Vulnerabilities[0].CodeVulnerabilities[0].FilePath.FileName": "lambda_function.py",
        ])
        XCTAssertEqual(number(finding, "Vulnerabilities[0].CodeVulnerabilities[0].FilePath.StartLine"), 6)
    }
}
