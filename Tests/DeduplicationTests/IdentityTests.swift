import XCTest
import FindingsCore
@testable import Deduplication

/// Identity keys, their stable hash, and custom `--key` identities.
final class IdentityTests: XCTestCase {
    private func hash(_ finding: JSONValue, _ key: IdentityKey = .securityHub) throws -> UInt64 {
        var text = compact(finding)
        let tape = JSONTape()
        return try text.withUTF8 { bytes in
            let root = try tape.parse(UnsafeRawBufferPointer(bytes)).root
            return try key.hash(of: root, scratch: ByteBuffer()).get()
        }
    }

    func testDefaultIdentityHashFollowsTheDocumentedEncoding() throws {
        // Computed independently: fnv1a64(b's' + pack('<I', len(arn)) + arn + b's' + pack('<I', len(id)) + id)
        XCTAssertEqual(try hash(Fixtures.finding(Fixtures.guardDuty)), 0xdce6_ca65_3629_d3f3)
        XCTAssertEqual(try hash(Fixtures.finding(Fixtures.cloudTrailControl)), 0xda7c_a1b6_055f_5900)
        XCTAssertEqual(try hash(Fixtures.finding(Fixtures.ec2Control)), 0x9f93_4e1f_000b_d54b)
    }

    func testEscapedAndPlainStringsHashAlike() throws {
        let plain = try parse(#"{"ProductArn":"arn:p","Id":"A/b"}"#)
        let escaped = try parse(#"{"ProductArn":"arn:p","Id":"\u0041\/b"}"#)
        XCTAssertEqual(try hash(plain), try hash(escaped))
    }

    func testComponentsCannotRunIntoEachOther() throws {
        XCTAssertNotEqual(try hash(parse(#"{"ProductArn":"ab","Id":"c"}"#)), try hash(parse(#"{"ProductArn":"a","Id":"bc"}"#)))
    }

    func testCustomKeyFollowsPathsThroughArrays() throws {
        let key = try IdentityKey(parsing: "GeneratorId,Resources.Id")
        XCTAssertEqual(key.description, "GeneratorId,Resources.Id")
        let one = generatedFinding(1)
        let otherId = one.with("Id", "another-id").with("Title", "other")
        XCTAssertEqual(try hash(one, key), try hash(otherId, key))
        let otherResource = one.with("Resources", try parse(#"[{"Type":"AwsS3Bucket","Id":"arn:aws:s3:::elsewhere"}]"#))
        XCTAssertNotEqual(try hash(one, key), try hash(otherResource, key))
        XCTAssertThrowsError(try IdentityKey(parsing: "GeneratorId,,Id"))
    }

    func testMissingKeyFieldIsNamed() throws {
        var text = #"{"ProductArn":"arn:p"}"#
        let tape = JSONTape()
        let result = try text.withUTF8 { IdentityKey.securityHub.hash(of: try tape.parse(UnsafeRawBufferPointer($0)).root, scratch: ByteBuffer()) }
        guard case .failure(let missing) = result else { return XCTFail("expected a missing field") }
        XCTAssertEqual(missing.description, "no identity: the finding has no 'Id'")
    }

    func testCustomKeysDeduplicateAcrossIds() throws {
        var dedupe = memoryDeduplicator(identity: try IdentityKey(parsing: "GeneratorId,Resources.Id"))
        let first = generatedFinding(1)
        let sameKeyOtherId = first.with("Id", "another-id")
        let sameKeyLaterChanged = sameKeyOtherId.with("UpdatedAt", "2024-02-01T00:00:00Z").with("Title", "new title")
        let otherResource = first.with("Resources", try parse(#"[{"Type":"AwsS3Bucket","Id":"arn:aws:s3:::elsewhere"}]"#))
        let run = try runStage(&dedupe, [first, sameKeyOtherId, sameKeyLaterChanged, otherResource])
        XCTAssertEqual(run.findings.map { $0["Title"]?.stringValue }, ["generated finding", "new title", "generated finding"])
    }

    func testPartitionOfPrintsPartitionAndHash() throws {
        var partitioner = Partitioner(count: 4)
        let run = try runStage(&partitioner, [try Fixtures.finding(Fixtures.guardDuty), generatedFinding(1)])
        XCTAssertEqual(run.lines.first, "3 dce6ca653629d3f3")
        let parts = run.lines[1].split(separator: " ")
        XCTAssertEqual(Int(parts[0]), Int(UInt64(parts[1], radix: 16)! % 4))
    }
}
