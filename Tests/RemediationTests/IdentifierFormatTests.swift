import XCTest
@testable import Remediation

final class IdentifierFormatTests: XCTestCase {
    func testAcceptsDocumentedIdentifiers() {
        let valid: [(IdentifierFormat, String)] = [
            (.s3Bucket, "my-bucket.logs-1"), (.securityGroupId, "sg-0123abcd"), (.securityGroupId, "sg-0123456789abcdef0"),
            (.instanceId, "i-0c10c2c7863d1a356"), (.accessKeyId, "AKIAIOSFODNN7EXAMPLE"), (.iamUserName, "alice+ops@corp"),
            (.accountId, "123456789012"), (.region, "us-east-1"), (.region, "us-gov-west-1"),
            (.kmsKeyId, "1234abcd-12ab-34cd-56ef-1234567890ab"), (.trailName, "AWSMacieTrail-DO-NOT-EDIT"),
            (.rdsIdentifier, "prod-db-1"), (.ecrRepositoryName, "team/app"), (.iamRoleArn, "arn:aws:iam::123456789012:role/remediation/Runner"),
            (.ssmDocumentName, "AWS-RunShellScript"), (.iamUserId, "AIDAJQABLZS4A3QDU576Q"),
        ]
        for (format, value) in valid { XCTAssertTrue(format.accepts(value), "\(format) should accept \(value)") }
    }

    func testRejectsShellSyntaxTraversalAndOptionInjection() {
        let hostile = ["bucket;rm -rf /", "a$(id)b", "b`id`", "../etc", "x y", "-bucket", "--endpoint-url=http://evil",
                       "bucket\nname", "bucket'", "bucket\"", "bucket|cat", "a&b", ""]
        for value in hostile {
            for format in IdentifierFormat.allCases { XCTAssertFalse(format.accepts(value), "\(format) accepted \(value.debugDescription)") }
        }
    }

    func testRejectsNearMisses() {
        XCTAssertFalse(IdentifierFormat.s3Bucket.accepts("My-Bucket"))
        XCTAssertFalse(IdentifierFormat.s3Bucket.accepts("192.168.1.1"))
        XCTAssertFalse(IdentifierFormat.s3Bucket.accepts("a..b"))
        XCTAssertFalse(IdentifierFormat.securityGroupId.accepts("sg-0123ABCD"))
        XCTAssertFalse(IdentifierFormat.securityGroupId.accepts("sg-0123abc"))
        XCTAssertFalse(IdentifierFormat.accessKeyId.accepts("ASIAIOSFODNN7EXAMPLE"), "session keys cannot be deactivated")
        XCTAssertFalse(IdentifierFormat.accountId.accepts("12345678901"))
        XCTAssertFalse(IdentifierFormat.region.accepts("us-east"))
        XCTAssertFalse(IdentifierFormat.iamRoleArn.accepts("arn:aws:iam::123456789012:user/alice"))
        XCTAssertFalse(IdentifierFormat.rdsIdentifier.accepts("db--1"))
        XCTAssertFalse(IdentifierFormat.logGroupName.accepts("/aws/../x"))
    }

    func testARNResourceNames() throws {
        XCTAssertEqual(ARN("arn:aws:s3:::my-bucket")?.resourceName, "my-bucket")
        XCTAssertEqual(ARN("arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123abcd")?.resourceName, "sg-0123abcd")
        XCTAssertEqual(ARN("arn:aws:rds:us-east-1:123456789012:db:prod-db")?.resourceName, "prod-db")
        XCTAssertEqual(ARN("arn:aws:lambda:us-east-1:123456789012:function:fn")?.resourceName, "fn")
        XCTAssertNil(ARN("arn:aws:ec2:us-east-1:123456789012:security-group/../sg-0123abcd"))
        XCTAssertNil(ARN("arn:aws:s3:::bucket;reboot"))
        XCTAssertNil(ARN("arn:aws::ec2:us-east-1:193043430472:instance/i-0c10c2c7863d1a356"), "malformed partition/service layout")
        XCTAssertNil(ARN("arn:evil:s3:::bucket"))
    }

    func testSHA256KnownVectors() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
