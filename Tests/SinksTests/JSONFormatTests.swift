import XCTest
import FindingsCore
@testable import Sinks

final class JSONFormatTests: XCTestCase {
    func testHECEnvelopesAreConcatenatedObjectsWithEpochSecondsAndStringFields() throws {
        var options = FormatOptions()
        options.index = "security"
        options.hostname = "h1"
        let body = try encode(SplunkHECEncoder(options: options), [try Fixtures.finding(), try Fixtures.text("asff-control-afsbp-ec2.1.json")])
        let lines = body.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        let envelope = try TestDocument(String(lines[0])).value
        XCTAssertEqual(envelope["time"]?.number, "1601468040.206")
        XCTAssertEqual(envelope["host"]?.stringValue, "h1")
        XCTAssertEqual(envelope["index"]?.stringValue, "security")
        XCTAssertEqual(envelope["sourcetype"]?.stringValue, "aws:securityhub:finding")
        XCTAssertEqual(envelope["event"]?["Id"]?.stringValue?.hasSuffix("46ba0ac2845071e23ccdeb2ae03bfdea"), true)
        guard case .object(let fields)? = envelope["fields"] else { return XCTFail("no fields") }
        for (_, value) in fields.members { XCTAssertNotNil(value.stringValue, "HEC fields are strings") }
        XCTAssertEqual(fields["SeverityLabel"]?.stringValue, "MEDIUM")
    }

    func testBulkBodyHasActionAndSourceLinesEndingInNewlineAndStableIds() throws {
        let a = try Fixtures.finding()
        let newer = try Fixtures.finding(["UpdatedAt": .string("2021-01-01T00:00:00Z")])
        let body = try encode(ElasticBulkEncoder(index: "findings"), [a, newer])
        XCTAssertTrue(body.hasSuffix("\n"))
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertEqual(lines.count, 4)
        let action = try TestDocument(String(lines[0])).value["index"]
        let second = try TestDocument(String(lines[2])).value["index"]
        XCTAssertEqual(action?["_index"]?.stringValue, "findings")
        XCTAssertEqual(action?["_id"]?.stringValue?.count, 64)
        XCTAssertEqual(action?["_id"], second?["_id"], "same identity, same _id")
        XCTAssertEqual(action?["version_type"]?.stringValue, "external")
        XCTAssertEqual(action?["version"]?.number, "1601468040206")
        XCTAssertEqual(second?["version"]?.number, "1609459200000")
        let source = try TestDocument(String(lines[1])).value
        XCTAssertEqual(source["@timestamp"]?.stringValue, "2020-09-30T12:14:00.206Z")
        XCTAssertEqual(source["event"]?["kind"]?.stringValue, "alert")
        XCTAssertEqual(source["event"]?["severity"]?.number, "40")
        XCTAssertEqual(source["cloud"]?["account"]?["id"]?.stringValue, "193043430472")
        XCTAssertEqual(source["aws"]?["securityhub"]?["finding"], try TestDocument(a).value, "nothing of the finding is lost")
        let other = try encode(ElasticBulkEncoder(index: nil), [try Fixtures.finding(["Id": .string("other")])])
        XCTAssertNotEqual(try TestDocument(String(other.split(separator: "\n")[0])).value["index"]?["_id"], action?["_id"])
    }

    func testOCSFClassesCarryTheirRequiredAttributes() throws {
        let detection = try TestDocument(try encode(OCSFEncoder(), [try Fixtures.finding()])).value
        let compliance = try TestDocument(try encode(OCSFEncoder(), [try Fixtures.text("asff-control-cis140-cloudtrail2.json")])).value
        let vulnerability = try TestDocument(try encode(OCSFEncoder(), [try Fixtures.finding(["Vulnerabilities": .array([.object(["Id": .string("CVE-2021-44228"), "Cvss": .array([.object(["Version": .string("3.1"), "BaseScore": .number("10.0")])])])])])])).value
        let dataSecurity = try TestDocument(try encode(OCSFEncoder(), [try Fixtures.finding(["Types": .array([.string("Sensitive Data Identifications/PII/Email")]), "RecordState": .string("ARCHIVED")])])).value
        for (event, classUID) in [(detection, "2004"), (compliance, "2003"), (vulnerability, "2002"), (dataSecurity, "2006")] {
            XCTAssertEqual(event["class_uid"]?.number, classUID)
            XCTAssertEqual(event["category_uid"]?.number, "2")
            for key in ["activity_id", "severity_id", "time", "type_uid", "metadata", "finding_info"] {
                XCTAssertNotNil(event[key], "\(classUID) lacks \(key)")
            }
            let activity = Int(event["activity_id"]!.number!)!
            XCTAssertEqual(event["type_uid"]?.number, String(Int(classUID)! * 100 + activity))
            XCTAssertNotNil(event["metadata"]?["version"]?.stringValue)
            XCTAssertNotNil(event["metadata"]?["product"]?["name"]?.stringValue)
            XCTAssertNotNil(event["finding_info"]?["uid"]?.stringValue)
        }
        XCTAssertEqual(detection["severity_id"]?.number, "3")
        XCTAssertEqual(detection["time"]?.number, "1598088874146", "CreatedAt in epoch ms")
        XCTAssertEqual(compliance["compliance"]?["status"]?.stringValue, "Fail")
        XCTAssertNotNil(compliance["compliance"]?["control"]?.stringValue)
        XCTAssertEqual(vulnerability["vulnerabilities"]?.arrayValue?.first?["cve"]?["uid"]?.stringValue, "CVE-2021-44228")
        XCTAssertEqual(dataSecurity["activity_id"]?.number, "3", "archived -> Close")
        XCTAssertEqual(dataSecurity["status_id"]?.number, "5", "archived -> Archived")
    }

    func testSecurityHubBatchBodiesStayWithinCountAndSize() throws {
        let finding = try Fixtures.finding()
        let text = try encode(SecurityHubBatchEncoder(), Array(repeating: finding, count: 250))
        let bodies = text.split(separator: "\n")
        XCTAssertEqual(bodies.map { try! TestDocument(String($0)).value["Findings"]!.arrayValue!.count }, [100, 100, 50])
        let small = try encode(SecurityHubBatchEncoder(maxFindings: 100, maxBodyBytes: 10_000), Array(repeating: finding, count: 7))
        for body in small.split(separator: "\n") {
            XCTAssertLessThanOrEqual(body.utf8.count, 10_000)
            XCTAssertNotNil(try TestDocument(String(body)).value["Findings"])
        }
        XCTAssertEqual(small.split(separator: "\n").count, 4, "two findings of ~4 KB per 10 KB body")
    }

    func testWebhookBodyIsAJSONArrayPerBatch() throws {
        let body = try encode(JSONArrayEncoder(), [try Fixtures.finding(), try Fixtures.finding()])
        XCTAssertEqual(try TestDocument(body).value.arrayValue?.count, 2)
    }

    func testCSVQuotesAndDefusesFormulas() throws {
        let text = try encode(CSVEncoder(), [try Fixtures.finding(["Title": .string("=HYPERLINK(\"x\")"), "Description": .string("a,b\nc")])])
        let rows = text.components(separatedBy: "\r\n")
        XCTAssertEqual(rows[0].split(separator: ",").count, CSVEncoder.columns.count)
        XCTAssertTrue(rows[1].contains(",\"'=HYPERLINK(\"\"x\"\")\",\"a,b\nc\","), rows[1])
    }

    func testASFFLinesAreCompactAndComplete() throws {
        let original = try Fixtures.text("asff-guardduty-ssh-bruteforce.json")
        let line = try encode(ASFFEncoder(), [original])
        XCTAssertEqual(line.filter { $0 == "\n" }.count, 1)
        XCTAssertEqual(try TestDocument(line).value, try TestDocument(original).value)
    }
}

final class SHA256Tests: XCTestCase {
    func hex(_ text: String) -> String {
        var hash = SHA256()
        hash.update(Array(text.utf8))
        return String(decoding: hash.hexDigest(), as: UTF8.self)
    }

    func testKnownVectors() {
        XCTAssertEqual(hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(hex(String(repeating: "a", count: 1000)), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    func testFindingIDSeparatesProductArnAndId() {
        let a = [UInt8]("ab".utf8), b = [UInt8]("c".utf8), c = [UInt8]("a".utf8), d = [UInt8]("bc".utf8)
        let first = a.withUnsafeBytes { x in b.withUnsafeBytes { y in SHA256.findingID(productArn: x, id: y) } }
        let second = c.withUnsafeBytes { x in d.withUnsafeBytes { y in SHA256.findingID(productArn: x, id: y) } }
        XCTAssertNotEqual(first, second)
    }
}

/// Findings whose fields have unexpected kinds and hostile text still give valid records.
final class OddFindingTests: XCTestCase {
    static let oddValues: [JSONValue] = [.null, .number("-5.5e300"), .string(""), .string("x\u{0}y\n\r|=\\]\"\u{2028}"), .array([]),
                                         .object([:]), .array([.number("1"), .null]), .bool(true), .string("2020-13-45T99:99:99Z")]
    static let keys = ["Types", "Resources", "Severity", "Workflow", "RecordState", "Compliance", "Vulnerabilities", "Title",
                       "Description", "CreatedAt", "Region", "AwsAccountId", "ProductName", "CompanyName", "SchemaVersion"]

    func testEveryFormatStaysValidForOddFields() throws {
        var findings: [String] = []
        for key in OddFindingTests.keys {
            for value in OddFindingTests.oddValues { findings.append(try Fixtures.finding([key: value])) }
        }
        let options = FormatOptions()
        for format in [OutputFormat.asff, .ocsf, .splunkHEC, .elasticBulk, .securityHubBatch] {
            let text = try encode(format.makeEncoder(options), findings)
            let lines = text.split(separator: "\n")
            XCTAssertEqual(lines.count, format == .elasticBulk ? 2 * findings.count : format == .securityHubBatch ? 2 : findings.count, "\(format)")
            for line in lines { XCTAssertNoThrow(try TestDocument(String(line)), "\(format): \(line.prefix(200))") }
        }
        for format in [OutputFormat.cef, .syslog] {
            let text = try encode(format.makeEncoder(options), findings)
            XCTAssertEqual(text.split(separator: "\n", omittingEmptySubsequences: false).count, findings.count + 1, "\(format): one line each")
            XCTAssertFalse(text.contains("\r"), "\(format)")
        }
    }
}
