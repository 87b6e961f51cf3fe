import Foundation
import XCTest
import FindingsCore
@testable import Routing

/// The envelope `route` builds around a finding agrees with the event Security Hub published
/// for it (fixture eventbridge-imported-cis14.json).
final class SecurityHubEnvelopeTests: XCTestCase {
    private func withFinding(_ body: (JSONNode, JSONNode) throws -> Void) throws {
        var bytes = Array(try Data(contentsOf: TestSupport.fixtures.appendingPathComponent("eventbridge-imported-cis14.json")))
        let tape = JSONTape()
        try bytes.withUnsafeMutableBytes { raw in
            let event = try tape.parse(UnsafeRawBufferPointer(raw)).root
            let finding = event["detail"]!["findings"]!.elements.first(where: { _ in true })!
            try body(event, finding)
        }
    }

    func testContextFieldsMatchThePublishedEvent() throws {
        try withFinding { event, finding in
            let context = Dictionary(uniqueKeysWithValues: SecurityHubEnvelope.context(for: finding).map { ($0.path, $0.value) })
            for field in ["version", "detail-type", "source", "account", "region", "resources"] {
                XCTAssertEqual(context[field], JSONValue(event[field]!), field)
            }
            XCTAssertEqual(context["time"], .string("2020-05-27T03:38:28.102Z"))  // UpdatedAt: the import time is not in the finding
            let id = context["id"]!.stringValue!
            XCTAssertEqual(id.count, 36)
            XCTAssertEqual(SecurityHubEnvelope.context(for: finding).first { $0.path == "id" }!.value.stringValue, id)
        }
    }

    func testPatternsMatchTheEnvelopeAsTheyMatchThePublishedEvent() throws {
        let patterns = [
            #"{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"]}"#,
            #"{"detail":{"findings":{"Compliance":{"Status":["WARNING"]}}}}"#,
            #"{"detail":{"findings":{"Compliance":{"Status":["FAILED"]}}}}"#,
            #"{"account":["111111111111"],"region":[{"prefix":"us-"}],"detail":{"findings":{"Severity":{"Label":[{"anything-but":"INFORMATIONAL"}]}}}}"#,
            #"{"resources":[{"wildcard":"*/cis-aws-foundations-benchmark/*"}]}"#,
            #"{"detail":{"findings":{"ProductFields":{"StandardsControlArn":[{"exists":true}]}}}}"#,
            #"{"detail":{"findings":{"Resources":{"Type":["AwsAccount"]}}},"source":[{"anything-but":"aws.securityhub"}]}"#,
            #"{"detail":{"findings":{"Id":[{"exists":false}]}}}"#,
        ]
        let set = PatternSet(try patterns.map { try EventPattern(text: $0) })
        try withFinding { event, finding in
            let published = set.matches(event)
            var enveloped: [Int] = []
            set.matches(finding, at: SecurityHubEnvelope.findingPath, context: SecurityHubEnvelope.context(for: finding), into: &enveloped)
            XCTAssertEqual(enveloped, published)
            XCTAssertEqual(published, [0, 1, 3, 4, 5])
        }
    }

    func testWrittenEventIsTheFindingInItsEnvelope() throws {
        try withFinding { event, finding in
            let buffer = ByteBuffer()
            SecurityHubEnvelope.write(finding: finding, to: buffer)
            let written = try JSONSerialization.jsonObject(with: Data(buffer.bytes)) as! [String: Any]
            XCTAssertEqual(written["source"] as? String, "aws.securityhub")
            let findings = (written["detail"] as! [String: Any])["findings"] as! [[String: Any]]
            XCTAssertEqual(findings.count, 1)
            XCTAssertEqual(findings[0]["Id"] as? String, finding["Id"]!.stringValue)
            XCTAssertEqual(JSONValue(event["resources"]!), .array((written["resources"] as! [String]).map { .string($0) }))
        }
    }

    func testEnvelopeModeDecision() throws {
        XCTAssertTrue(EnvelopeMode.auto.usesEnvelope(try EventPattern(text: #"{"detail-type":["x"]}"#)))
        XCTAssertTrue(EnvelopeMode.auto.usesEnvelope(try EventPattern(text: #"{"$or":[{"Id":["x"]},{"source":["y"]}]}"#)))
        XCTAssertFalse(EnvelopeMode.auto.usesEnvelope(try EventPattern(text: #"{"Severity":{"Label":["LOW"]}}"#)))
        XCTAssertTrue(EnvelopeMode.always.usesEnvelope(try EventPattern(text: #"{"Id":["x"]}"#)))
        XCTAssertFalse(EnvelopeMode.never.usesEnvelope(try EventPattern(text: #"{"source":["x"]}"#)))
    }

    func testDestinationParsing() throws {
        XCTAssertEqual(try Destination(parsing: "-"), .stdout)
        XCTAssertEqual(try Destination(parsing: "fd:1"), .stdout)
        XCTAssertEqual(try Destination(parsing: "fd:7"), .descriptor(7))
        XCTAssertEqual(try Destination(parsing: "file:out/x.ndjson"), .file("out/x.ndjson"))
        XCTAssertEqual(try Destination(parsing: "exec:jq  -c ."), .exec(["jq", "-c", "."]))
        for bad in ["", "file:", "fd:x", "fd:-1", "exec:", "exec:   ", "http://x"] {
            XCTAssertThrowsError(try Destination(parsing: bad), bad)
        }
    }
}
