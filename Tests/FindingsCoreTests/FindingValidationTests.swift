import XCTest
@testable import FindingsCore

final class FindingValidationTests: XCTestCase {
    private func violation(_ object: JSONObject) throws -> ASFFViolation? {
        try withParsed(JSONValue.object(object).jsonText) { ASFFValidator().violation(in: $0) }
    }

    private func violation(changing path: [String], to value: JSONValue?) throws -> ASFFViolation? {
        var finding = try minimalFinding()
        finding = set(finding, path[...], value)
        return try violation(finding)
    }

    private func set(_ object: JSONObject, _ path: ArraySlice<String>, _ value: JSONValue?) -> JSONObject {
        var object = object
        let key = path.first!
        if path.count == 1 { object[key] = value; return object }
        object[key] = .object(set(object[key]?.objectValue ?? JSONObject(), path.dropFirst(), value))
        return object
    }

    func testTheMinimalFindingIsValid() throws {
        XCTAssertNil(try violation(try minimalFinding()))
    }

    func testEachRequiredFieldIsRequired() throws {
        for field in ["SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "CreatedAt", "UpdatedAt",
                      "Title", "Description", "Resources", "Severity", "Types"] {
            let found = try violation(changing: [field], to: nil)
            XCTAssertEqual(found?.path, field, field)
            XCTAssertTrue(found?.rule.contains("required field is missing") ?? false, "\(field): \(String(describing: found))")
        }
        let resource = try violation(changing: ["Resources"], to: .array([.object(["Id": .string("x")])]))
        XCTAssertEqual(resource?.description, "invalid ASFF finding: Resources[0].Type: required field is missing")
    }

    func testEnumsTypesAndUnknownFields() throws {
        XCTAssertEqual(try violation(changing: ["Severity", "Label"], to: .string("SEVERE"))?.description,
                       "invalid ASFF finding: Severity.Label: 'SEVERE' is not one of INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL")
        XCTAssertEqual(try violation(changing: ["Workflow", "Status"], to: .string("DONE"))?.path, "Workflow.Status")
        XCTAssertEqual(try violation(changing: ["RecordState"], to: .string("DELETED"))?.path, "RecordState")
        XCTAssertEqual(try violation(changing: ["Compliance", "Status"], to: .string("OK"))?.path, "Compliance.Status")
        XCTAssertEqual(try violation(changing: ["Confidence"], to: .string("5"))?.rule, "must be an integer, not a string")
        XCTAssertEqual(try violation(changing: ["Sample"], to: .int(1))?.rule, "must be true or false, not a number (1)")
        XCTAssertEqual(try violation(changing: ["Bogus"], to: .string("x"))?.description,
                       "invalid ASFF finding: Bogus: unknown field (not in the AwsSecurityFinding shape of the Security Hub model)")
        XCTAssertEqual(try violation(changing: ["Title"], to: .string("   "))?.rule, "must not be empty or blank")
        XCTAssertEqual(try violation(changing: ["Note"], to: .null)?.rule, "null is not accepted; leave the field out instead")
    }

    func testDocumentedLimits() throws {
        XCTAssertEqual(try violation(changing: ["Title"], to: .string(String(repeating: "é", count: 257)))?.rule, "longer than 256 characters")
        XCTAssertNil(try violation(changing: ["Title"], to: .string(String(repeating: "é", count: 256))))
        XCTAssertEqual(try violation(changing: ["AwsAccountId"], to: .string("12345678901"))?.rule, "must be 12 digits")
        XCTAssertEqual(try violation(changing: ["SchemaVersion"], to: .string("2019-01-01"))?.path, "SchemaVersion")
        XCTAssertEqual(try violation(changing: ["CreatedAt"], to: .string("2026-01-02 03:04:05"))?.path, "CreatedAt")
        XCTAssertEqual(try violation(changing: ["Types"], to: .array([.string("Bogus/Thing")]))?.path, "Types[0]")
        XCTAssertEqual(try violation(changing: ["Criticality"], to: .int(101))?.rule, "must be 0-100")
        XCTAssertEqual(try violation(changing: ["Resources"], to: .array([]))?.path, "Resources")
        let fields = JSONObject(dictionaryLiteral: ("k", .string(String(repeating: "v", count: 1025))))
        XCTAssertEqual(try violation(changing: ["UserDefinedFields"], to: .object(fields))?.rule, "value longer than 1024 characters")
        XCTAssertTrue(try violation(changing: ["Description"], to: .string(String(repeating: "d", count: 1024)))  == nil)
        var huge = try minimalFinding()
        huge["ProductFields"] = .object(JSONObject(dictionaryLiteral: ("a", .string(String(repeating: "x", count: 2000)))))
        XCTAssertNil(try violation(huge))
        let vulnerabilities = (0..<300).map { n in JSONValue.object(["Id": .string("CVE-\(n)-" + String(repeating: "x", count: 1000))]) }
        let found = try violation(changing: ["Vulnerabilities"], to: .array(vulnerabilities))
        XCTAssertTrue(found?.rule.contains("240 KB") ?? false, "\(String(describing: found))")
    }

    func testTypedViewReadsTheCommonFields() throws {
        var finding = try minimalFinding()
        finding["Workflow"] = .object(["Status": .string("NOTIFIED")])
        finding["Compliance"] = .object(["Status": .string("FAILED"), "SecurityControlId": .string("S3.1")])
        try withParsed(JSONValue.object(finding).jsonText) { node in
            let view = Finding(node)
            XCTAssertEqual(view.identity, FindingIdentity(productArn: "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default", id: "finding-1"))
            XCTAssertEqual(view.severityLabel, .high)
            XCTAssertEqual(view.severityNormalized, 70)
            XCTAssertEqual(view.workflowStatus, .notified)
            XCTAssertEqual(view.complianceStatus, .failed)
            XCTAssertEqual(view.controlId, "S3.1")
            XCTAssertEqual(view.region, "us-east-1")
            XCTAssertEqual(view.resources.first?.id, "i-0123456789abcdef0")
            XCTAssertEqual(view.updatedAt, Timestamp("2026-01-02T03:04:05.678Z"))
        }
    }
}

final class SeverityAndTimestampTests: XCTestCase {
    func testLabelsFromNormalizedScoresAndBack() {
        XCTAssertEqual(SeverityLabel(normalized: 0), .informational)
        XCTAssertEqual(SeverityLabel(normalized: 1), .low)
        XCTAssertEqual(SeverityLabel(normalized: 39), .low)
        XCTAssertEqual(SeverityLabel(normalized: 40), .medium)
        XCTAssertEqual(SeverityLabel(normalized: 69), .medium)
        XCTAssertEqual(SeverityLabel(normalized: 70), .high)
        XCTAssertEqual(SeverityLabel(normalized: 89), .high)
        XCTAssertEqual(SeverityLabel(normalized: 90), .critical)
        XCTAssertEqual(SeverityLabel(normalized: 100), .critical)
        XCTAssertNil(SeverityLabel(normalized: 101))
        XCTAssertNil(SeverityLabel(normalized: -1))
        XCTAssertEqual(SeverityLabel.allCases.map(\.normalized), [0, 1, 40, 70, 90])
        XCTAssertLessThan(SeverityLabel.medium, SeverityLabel.high)
    }

    func testTimestampsParseEveryAcceptedFormAndOrderAcrossOffsets() {
        let z = Timestamp("2020-02-29T12:00:00Z")!
        XCTAssertEqual(z.seconds, 1_582_977_600)
        XCTAssertEqual(Timestamp("2020-02-29T13:30:00+01:30"), z)
        XCTAssertEqual(Timestamp("2020-02-29T10:00:00.000-02:00"), z)
        XCTAssertEqual(Timestamp("2020-02-29T12:00:00.123456789Z")?.nanoseconds, 123_456_789)
        XCTAssertLessThan(z, Timestamp("2020-02-29T12:00:00.001Z")!)
        XCTAssertEqual(Timestamp("1969-12-31T23:59:59Z")?.seconds, -1)
        XCTAssertEqual(z.description, "2020-02-29T12:00:00Z")
        XCTAssertEqual(Timestamp("2026-01-02T03:04:05.678Z")?.description, "2026-01-02T03:04:05.678Z")
        for bad in ["2021-02-29T00:00:00Z", "2020-13-01T00:00:00Z", "2020-01-01T24:00:00Z", "2020-01-01T00:00:00",
                    "2020-01-01 00:00:00Z", "2020-01-01T00:00:00.Z", "2020-01-01T00:00:00.1234567890Z", "2020-01-01T00:00:00+0100"] {
            XCTAssertNil(Timestamp(bad), bad)
        }
    }
}
