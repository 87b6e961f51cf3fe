import XCTest
import FindingsCore
@testable import Normalization

final class MappingHelpersTests: XCTestCase {
    private func stamp(_ text: String) -> String? { SourceTimestamp.parse(text)?.description }

    func testSourceTimestampForms() {
        XCTAssertEqual(stamp("2024-02-26T21:17:50.905000+00:00"), "2024-02-26T21:17:50.905Z")
        XCTAssertEqual(stamp("2024-02-26T23:17:50+02:00"), "2024-02-26T21:17:50Z")
        XCTAssertEqual(stamp("2024-06-20T08:00:00.000000"), nil, "no zone: not guessed")
        XCTAssertEqual(stamp("2024-06-20 08:00:00Z"), "2024-06-20T08:00:00Z")
        XCTAssertEqual(stamp("Wed Sep 04 16:59:44.356 UTC 2024"), "2024-09-04T16:59:44.356Z")
        XCTAssertEqual(stamp("Dec 3, 2021, 6:02:30 PM"), "2021-12-03T18:02:30Z")
        XCTAssertEqual(stamp("Oct 16, 2019, 12:00:00 AM"), "2019-10-16T00:00:00Z")
        XCTAssertEqual(stamp("1450314645.261"), "2015-12-17T01:10:45.261Z")
        XCTAssertEqual(stamp("Feb 30, 2021, 1:00:00 PM"), nil, "impossible date")
        XCTAssertEqual(stamp("Wed Sep 04 16:59:44 PST 2024"), nil, "only UTC/GMT zones")
        XCTAssertEqual(SourceTimestamp.fromEpoch(1_492_735_675_000)?.description, "2017-04-21T00:47:55Z", "milliseconds")
        XCTAssertEqual(SourceTimestamp.fromEpoch(1_492_735_675)?.description, "2017-04-21T00:47:55Z", "seconds")
        XCTAssertNil(SourceTimestamp.fromEpoch(-1))
    }

    func testGuardDutySeverityRangesAndTypes() {
        XCTAssertEqual(GuardDutyFinding.label(forSeverity: 0.5), .informational)
        XCTAssertEqual(GuardDutyFinding.label(forSeverity: 1), .low)
        XCTAssertEqual(GuardDutyFinding.label(forSeverity: 3.9), .low)
        XCTAssertEqual(GuardDutyFinding.label(forSeverity: 4), .medium)
        XCTAssertEqual(GuardDutyFinding.label(forSeverity: 7), .high)
        XCTAssertEqual(GuardDutyFinding.label(forSeverity: 8.9), .high)
        XCTAssertEqual(GuardDutyFinding.label(forSeverity: 9), .critical)
        XCTAssertEqual(GuardDutyFinding.asffType("UnauthorizedAccess:EC2/SSHBruteForce"), "TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce")
        XCTAssertEqual(GuardDutyFinding.asffType("Backdoor:EC2/C&CActivity.B!DNS"), "TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS")
        XCTAssertEqual(GuardDutyFinding.asffType("Behavior:IAMUser/InstanceLaunchUnusual"), "Unusual Behaviors/User/Behavior:IAMUser-InstanceLaunchUnusual")
        XCTAssertEqual(GuardDutyFinding.asffType("Behavior:EC2/NetworkPortUnusual"), "Unusual Behaviors/VM/Behavior:EC2-NetworkPortUnusual")
        XCTAssertEqual(GuardDutyFinding.asffType("Exfiltration:S3/AnomalousBehavior"), "Effects/Data Exfiltration/Exfiltration:S3-AnomalousBehavior")
        XCTAssertEqual(GuardDutyFinding.asffType("Stealth:IAMUser/CloudTrailLoggingDisabled"), "TTPs/Defense Evasion/Stealth:IAMUser-CloudTrailLoggingDisabled")
    }

    func testResourceTypeNames() {
        XCTAssertEqual(ResourceTypeName.asff("AWS::S3::Bucket"), "AwsS3Bucket")
        XCTAssertEqual(ResourceTypeName.asff("AWS::EC2::SecurityGroup"), "AwsEc2SecurityGroup")
        XCTAssertEqual(ResourceTypeName.asff("AWS::IAM::Role"), "AwsIamRole")
        XCTAssertEqual(ResourceTypeName.asff("AWS::Lambda::Function"), "AwsLambdaFunction")
        XCTAssertEqual(ResourceTypeName.asff("AWS::KMS::Key"), "AwsKmsKey")
        XCTAssertEqual(ResourceTypeName.asff("AWS::::Account"), "AwsAccount")
        XCTAssertEqual(ResourceTypeName.asff("AWS::RDS::DBInstance"), "AwsRdsDbInstance")
        XCTAssertEqual(ResourceTypeName.asff("Custom::Thing"), "Other")
    }

    func testStableIdentifiers() {
        XCTAssertEqual(StableIdentifier.fnv1a(""), "cbf29ce484222325")
        XCTAssertEqual(StableIdentifier.fnv1a("a"), "af63dc4c8601ec8c")
        XCTAssertEqual(StableIdentifier.composite(["a", "b"]), "a/b")
        let long = StableIdentifier.composite([String(repeating: "x", count: 600)])
        XCTAssertEqual(long.unicodeScalars.count, 417)
        XCTAssertTrue(long.hasSuffix("/" + StableIdentifier.fnv1a(String(repeating: "x", count: 600))))
    }

    func testFlowLogLines() {
        var flows = FlowLogText()
        func kind(_ line: String, _ file: String = "a") -> String? {
            var line = line
            return line.withUTF8 { flows.classify(UnsafeRawBufferPointer($0), file: file) }
        }
        XCTAssertEqual(kind("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK"), "vpc-flow-log")
        XCTAssertEqual(kind("version vpc-id srcaddr dstaddr"), "vpc-flow-log")
        XCTAssertEqual(kind("3 vpc-1  10.0.0.1 10.0.0.2"), "vpc-flow-log", "runs of spaces separate fields")
        XCTAssertNil(kind("3 vpc-1 10.0.0.1"), "field count differs from the header")
        XCTAssertNil(kind("3 vpc-1 10.0.0.1 10.0.0.2", "b"), "the header belongs to another file")
        XCTAssertNil(kind("hello world"))
    }

    func testDocumentKindOfEachFormat() throws {
        let tape = JSONTape()
        func kind(_ text: String) throws -> DocumentKind {
            var text = text
            return try text.withUTF8 { try DocumentKind.classify(tape.parse(UnsafeRawBufferPointer($0)).root) }
        }
        XCTAssertEqual(try kind(#"{"schemaVersion":"2.0","service":{"serviceName":"guardduty"}}"#), .finding(.guardduty))
        XCTAssertEqual(try kind(#"{"SchemaVersion":"2.0","Service":{"ServiceName":"guardduty"}}"#), .finding(.guardduty))
        XCTAssertEqual(try kind(#"{"findingArn":"arn:aws:inspector2:x","type":"X"}"#), .finding(.inspector))
        XCTAssertEqual(try kind(#"{"category":"CLASSIFICATION","resourcesAffected":{}}"#), .finding(.macie))
        XCTAssertEqual(try kind(#"{"messageType":"ComplianceChangeNotification"}"#), .finding(.config))
        XCTAssertEqual(try kind(#"{"EvaluationResults":[]}"#), .findingCollection(.config))
        XCTAssertEqual(try kind(#"{"findings":[]}"#), .findingCollection(.accessAnalyzer))
        XCTAssertEqual(try kind(#"{"id":"x","resource":"arn","resourceType":"AWS::S3::Bucket","status":"ACTIVE","isPublic":true}"#), .finding(.accessAnalyzer))
        XCTAssertEqual(try kind(#"{"class_uid":2004,"metadata":{}}"#), .finding(.ocsf))
        XCTAssertEqual(try kind(#"{"class_uid":3002,"metadata":{}}"#), .notAFinding("ocsf-event"))
        XCTAssertEqual(try kind(#"{"SchemaVersion":2,"ArtifactName":"x","Results":[]}"#), .findingCollection(.trivy))
        XCTAssertEqual(try kind(#"{"matches":[],"source":{},"descriptor":{}}"#), .findingCollection(.grype))
        XCTAssertEqual(try kind(#"{"Type":"Notification","TopicArn":"arn","Message":"{}"}"#), .snsNotification)
        XCTAssertEqual(try kind(#"{"region":"us-east-1","detail":{}}"#), .partialEvent)
        XCTAssertEqual(DocumentKind.nonFindingEvent("Inspector2 Coverage"), "coverage-event")
        XCTAssertNil(DocumentKind.nonFindingEvent("GuardDuty Finding"))
    }
}
