import XCTest
import FindingsCore
@testable import Enrichment

final class FindingExposureTests: XCTestCase {
    private func reach(_ json: String) throws -> (Reachability, Reachability?) {
        let tape = JSONTape()
        return try Array(json.utf8).withUnsafeBytes { bytes in
            let document = try tape.parse(bytes)
            return withExtendedLifetime(tape) {
                (FindingExposure.evidence(in: document.root), FindingExposure.networkReachability(of: document.root))
            }
        }
    }

    func testInspectorNetworkReachabilityFindings() throws {
        let base = #""ProductArn":"arn:aws:securityhub:us-east-1::product\/aws\/inspector","Types":["Software and Configuration Checks\/AWS Security Best Practices\/Network Reachability"]"#
        XCTAssertEqual(try reach(#"{\#(base),"NetworkPath":[{"ComponentId":"igw-1","ComponentType":"AWS::EC2::InternetGateway"}]}"#).1, .internet)
        XCTAssertEqual(try reach(#"{\#(base),"NetworkPath":[{"ComponentId":"vgw-1","ComponentType":"AWS::EC2::VPNGateway"}]}"#).1, .internal)
        XCTAssertEqual(try reach(#"{\#(base),"Title":"Port 22 is reachable from an Internet Gateway - TCP"}"#).1, .internet)
        XCTAssertEqual(try reach(#"{\#(base),"Title":"Port 22 is reachable from a peered VPC"}"#).1, .internal)
        XCTAssertNil(try reach(#"{"ProductArn":"arn:aws:securityhub:us-east-1::product/prowler/prowler","Types":["Software and Configuration Checks/AWS Security Best Practices/Network Reachability"]}"#).1)
    }

    func testEvidenceInResourceDetails() throws {
        XCTAssertEqual(try reach(#"{"Resources":[{"Details":{"AwsEc2Instance":{"IpV4Addresses":["10.0.0.1","52.1.2.3"]}}}]}"#).0, .internet)
        XCTAssertEqual(try reach(#"{"Resources":[{"Details":{"AwsEc2Instance":{"IpV4Addresses":["10.0.0.1"]}}}]}"#).0, .unknown)
        XCTAssertEqual(try reach(#"{"Resources":[{"Details":{"AwsEc2NetworkInterface":{"PublicIp":"52.1.2.3"}}}]}"#).0, .internet)
        XCTAssertEqual(try reach(#"{"Resources":[{"Details":{"AwsEc2SecurityGroup":{"IpPermissions":[{"Ipv6Ranges":[{"CidrIpv6":"::/0"}]}]}}}]}"#).0, .internet)
        XCTAssertEqual(try reach(#"{"Resources":[{"Details":{"AwsEc2SecurityGroup":{"IpPermissions":[{"IpRanges":[{"CidrIp":"10.0.0.0/8"}]}]}}}]}"#).0, .unknown)
        XCTAssertEqual(try reach(#"{"Network":{"Direction":"IN","SourceIpV4":"52.1.2.3"}}"#).0, .internet)
        XCTAssertEqual(try reach(#"{"Network":{"Direction":"OUT","SourceIpV4":"52.1.2.3"}}"#).0, .unknown)
    }

    func testContextualSeverityRule() throws {
        func label(_ json: String, _ criticality: AssetCriticality?, _ reach: Reachability) throws -> String? {
            try Array(json.utf8).withUnsafeBytes { bytes in
                let tape = JSONTape()
                let document = try tape.parse(bytes)
                defer { withExtendedLifetime(tape) {} }
                return ContextualSeverity(finding: document.root, criticality: criticality, reach: reach).map { "\($0.label.rawValue) \($0.reasons)" }
            }
        }
        let high = #"{"Severity":{"Label":"LOW"},"FindingProviderFields":{"Severity":{"Label":"HIGH"}}}"#
        XCTAssertEqual(try label(high, .high, .internet), #"CRITICAL ["ASSET_CRITICALITY_HIGH", "INTERNET_REACHABLE"]"#)
        XCTAssertEqual(try label(high, .low, .none), #"MEDIUM ["ASSET_CRITICALITY_LOW", "NO_NETWORK_PATH"]"#)
        XCTAssertEqual(try label(high, .high, .none), #"HIGH ["ASSET_CRITICALITY_HIGH", "NO_NETWORK_PATH"]"#)
        XCTAssertEqual(try label(#"{"Severity":{"Normalized":10}}"#, .low, .unknown), #"LOW ["ASSET_CRITICALITY_LOW"]"#)
        XCTAssertNil(try label(high, .medium, .internal))
        XCTAssertNil(try label(#"{"Severity":{"Label":"INFORMATIONAL"}}"#, .high, .internet))
        XCTAssertNil(try label(#"{"Severity":{"Label":"HIGH"},"Compliance":{"Status":"PASSED"}}"#, .high, .internet))
    }
}
