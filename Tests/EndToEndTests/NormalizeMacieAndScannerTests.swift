import Foundation
import XCTest

/// Macie, OCSF, Trivy and Grype findings mapped field by field.
final class NormalizeMacieAndScannerTests: XCTestCase {
    func testMacieSensitiveDataAndPolicyFindings() throws {
        let run = try NormalizeHarness.run([NormalizeHarness.fixture("authored/macie-eventbridge-sensitive-data.json")])
        XCTAssertEqual(run.status, 0, run.stderr)
        let finding = try XCTUnwrap(run.findings.first)
        assertFields(finding, [
            "Id": "64b917aff3f2e3a0b2f1c3b4d5e6f708",
            "ProductArn": "arn:aws:securityhub:eu-west-1::product/aws/macie",
            "GeneratorId": "SensitiveData:S3Object/Personal",
            "Types[0]": "Sensitive Data Identifications/PII/SensitiveData:S3Object-Personal",
            "Severity.Label": "MEDIUM",
            "Severity.Original": "Medium",
            "Resources[0].Type": "AwsS3Object",
            "Resources[0].Id": "arn:aws:s3:::customer-exports/2024/03/customers.csv",
            "Resources[0].DataClassification.Result.MimeType": "text/csv",
            "Resources[0].DataClassification.Result.Status.Code": "COMPLETE",
            "Resources[0].DataClassification.Result.SensitiveData[0].Category": "PERSONAL_INFORMATION",
            "Resources[1].Type": "AwsS3Bucket",
            "Resources[1].Id": "arn:aws:s3:::customer-exports",
            "Resources[1].Tags.team": "billing",
            "RecordState": "ACTIVE",
        ])
        XCTAssertEqual(number(finding, "Resources[0].DataClassification.Result.SensitiveData[0].TotalCount"), 42)

        let policy = try NormalizeHarness.run([NormalizeHarness.fixture("authored/macie-policy-finding.json")])
        assertFields(try XCTUnwrap(policy.findings.first), [
            "Types[0]": "Software and Configuration Checks/AWS Security Best Practices/Policy:IAMUser-S3BucketPublic",
            "Severity.Label": "HIGH",
            "RecordState": "ARCHIVED",
            "Resources[0].Id": "arn:aws:s3:::public-assets",
        ])
    }

    func testProwlerOCSFDetectionFindings() throws {
        let run = try NormalizeHarness.run([NormalizeHarness.fixture("authored/ocsf-prowler-detection.json")])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.findings.count, 2)
        assertFields(run.findings[0], [
            "Id": "prowler-aws-s3_bucket_default_encryption-111122223333-eu-west-1-audit-logs",
            "ProductArn": "arn:aws:securityhub:eu-west-1::product/prowler/prowler",
            "GeneratorId": "prowler-s3_bucket_default_encryption",
            "AwsAccountId": "111122223333",
            "CreatedAt": "2024-06-20T08:00:00Z",
            "Severity.Label": "MEDIUM",
            "Severity.Original": "Medium",
            "Compliance.Status": "PASSED",
            "Resources[0].Type": "AwsS3Bucket",
            "Resources[0].Id": "arn:aws:s3:::audit-logs",
            "Remediation.Recommendation.Url": "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html",
        ])
        assertFields(run.findings[1], [
            "Severity.Label": "CRITICAL",
            "Compliance.Status": "FAILED",
            "Types[0]": "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark",
        ])
    }

    func testOCSFVulnerabilityComplianceDataSecurityAndActivityClasses() throws {
        let run = try NormalizeHarness.run(["--stats", NormalizeHarness.fixture("authored/ocsf-classes.ndjson")])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.findings.count, 3)
        XCTAssertEqual(run.skipped, ["ocsf-event": 1])
        assertFields(run.findings[0], [
            "ProductArn": "arn:aws:securityhub:ap-southeast-2:111122223333:product/111122223333/default",
            "CreatedAt": "2024-07-01T00:00:00Z",
            "UpdatedAt": "2024-07-02T00:00:00Z",
            "Resources[0].Type": "AwsEc2Instance",
            "Vulnerabilities[0].Id": "CVE-2023-44487",
            "Vulnerabilities[0].FixAvailable": "YES",
            "Vulnerabilities[0].ExploitAvailable": "YES",
            "Vulnerabilities[0].VulnerablePackages[0].FixedInVersion": "1.57.0",
        ])
        XCTAssertEqual(number(run.findings[0], "Vulnerabilities[0].EpssScore"), 0.82)
        assertFields(run.findings[1], ["Compliance.Status": "FAILED", "Severity.Label": "LOW",
                                       "Compliance.RelatedRequirements[0]": "CIS AWS Foundations Benchmark v1.4.0"])
        assertFields(run.findings[2], ["Types[0]": "Sensitive Data Identifications", "RecordState": "ARCHIVED"])
    }

    func testTrivyVulnerabilitiesMisconfigurationsAndSecrets() throws {
        let image = NormalizeHarness.fixture("authored/trivy-image.json")
        let missing = try NormalizeHarness.run([image])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("\(image):1: Trivy report: no AWS account id"), missing.stderr)

        let run = try NormalizeHarness.run(["--account", "111122223333", "--region", "eu-west-1", image])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.findings.count, 3)
        assertFields(run.findings[0], [
            "Id": "trivy/registry.example.com/shop/api:1.4.2/registry.example.com/shop/api:1.4.2 (debian 12.5)/CVE-2024-2961/libc6@2.36-9+deb12u4",
            "ProductArn": "arn:aws:securityhub:eu-west-1::product/aquasecurity/aquasecurity",
            "GeneratorId": "Trivy/CVE-2024-2961",
            "CreatedAt": "2024-09-01T10:20:30.123Z",
            "Severity.Label": "HIGH",
            "Resources[0].Type": "Container",
            "Resources[0].Details.Container.ImageId": "sha256:3f57d9401f8d42f986df300f0c69192fc41da28ccc8d797829467780db3dd741",
            "Vulnerabilities[0].FixAvailable": "YES",
            "Vulnerabilities[0].Cvss[0].Version": "3.1",
            "Vulnerabilities[0].VulnerablePackages[0].PackageManager": "debian",
        ])
        assertFields(run.findings[1], ["Vulnerabilities[0].FixAvailable": "NO", "Severity.Label": "LOW"])
        let secret = run.findings[2]
        assertFields(secret, ["Types[0]": "Sensitive Data Identifications", "Severity.Label": "CRITICAL", "GeneratorId": "Trivy/aws-access-key-id"])
        XCTAssertFalse(run.stdout.contains("AWS_ACCESS_KEY_ID"), "the matched secret text is never copied")

        let config = try NormalizeHarness.run(["--account", "111122223333", "--region", "eu-west-1",
                                               NormalizeHarness.fixture("authored/trivy-config.json")])
        XCTAssertEqual(config.findings.count, 2)
        assertFields(config.findings[0], ["Compliance.Status": "FAILED", "Resources[0].Type": "Other", "Resources[0].Id": "infra/main.tf",
                                          "Remediation.Recommendation.Text": "Enable blocking any PUT calls with a public ACL specified"])
        assertFields(config.findings[1], ["Compliance.Status": "PASSED", "Workflow.Status": "RESOLVED"])
    }

    func testGrypeMatches() throws {
        let run = try NormalizeHarness.run(["--account", "111122223333", "--region", "eu-west-1",
                                            NormalizeHarness.fixture("authored/grype-image.json")])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.findings.count, 2)
        assertFields(run.findings[0], [
            "Id": "grype/nginx:1.25/CVE-2023-5363/pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12",
            "ProductArn": "arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default",
            "GeneratorId": "grype/CVE-2023-5363",
            "CreatedAt": "2024-09-01T10:00:00.123Z",
            "Severity.Label": "HIGH",
            "Severity.Original": "High",
            "Resources[0].Type": "Container",
            "Resources[0].Id": "nginx:1.25",
            "Vulnerabilities[0].FixAvailable": "YES",
            "Vulnerabilities[0].VulnerablePackages[0].FixedInVersion": "3.0.11-1~deb12u2",
            "Vulnerabilities[0].Cvss[0].BaseVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
        ])
        XCTAssertEqual(number(run.findings[0], "Vulnerabilities[0].EpssScore"), 0.0042)
        assertFields(run.findings[1], ["Severity.Label": "INFORMATIONAL", "Severity.Original": "Negligible",
                                       "Vulnerabilities[0].FixAvailable": "NO"])
    }

    func testProwlerASFFPassesThroughUnchanged() throws {
        let path = NormalizeHarness.fixture("authored/prowler-asff.json")
        let run = try NormalizeHarness.run([path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.findings.count, 2)
        let source = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [[String: Any]])
        for (written, original) in zip(run.findings, source) {
            XCTAssertEqual(written as NSDictionary, original as NSDictionary)
        }
        assertFields(run.findings[0], ["ProductArn": "arn:aws:securityhub:us-east-1::product/prowler/prowler", "Severity.Label": "CRITICAL"])
    }
}
