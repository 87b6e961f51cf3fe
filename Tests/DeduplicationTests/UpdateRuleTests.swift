import XCTest
import FindingsCore
@testable import Deduplication

/// Security Hub's update rules on real findings: which versions pass.
final class UpdateRuleTests: XCTestCase {
    private var base: JSONValue!

    override func setUpWithError() throws {
        base = try Fixtures.finding(Fixtures.guardDuty)
    }

    private func later(_ finding: JSONValue, _ time: String = "2021-01-01T00:00:00Z") -> JSONValue {
        finding.with("UpdatedAt", time)
    }

    func testNewIdentityPassesUnchangedExceptForTheCounters() throws {
        var dedupe = memoryDeduplicator()
        let run = try runStage(&dedupe, [base])
        XCTAssertEqual(run.status, .success)
        XCTAssertEqual(run.lines.count, 1)
        let out = run.findings[0]
        XCTAssertEqual(out.at("UserDefinedFields.dedupe.seen")?.stringValue, nil, "keys with dots are not paths")
        XCTAssertEqual(out["UserDefinedFields"]?["dedupe.seen"], .string("1"))
        XCTAssertEqual(out["UserDefinedFields"]?["dedupe.first"], .string(fixedNow))
        XCTAssertEqual(out.with("UserDefinedFields", nil), base, "everything else passes through untouched")
        // Member order and number text kept: the line starts as the compact input does.
        XCTAssertTrue(run.lines[0].hasPrefix(String(compact(base).dropLast())))
    }

    func testSplicedCountersMatchTheGeneralEditPath() throws {
        let withFields = base.with("UserDefinedFields", try parse(#"{"owner":"team-a"}"#))
        let emptyFields = base.with("UserDefinedFields", JSONValue.object(JSONObject()))
        for finding: JSONValue in [base!, withFields, emptyFields, try parse(#"{"ProductArn":"p","Id":"i","UpdatedAt":"2024-01-01T00:00:00Z"}"#)] {
            var text = compact(finding)
            let tape = JSONTape()
            let (spliced, edited) = try text.withUTF8 { bytes -> (String, String) in
                let root = try tape.parse(UnsafeRawBufferPointer(bytes)).root
                XCTAssertTrue(CounterSplice.applies(to: root))
                let splice = ByteBuffer()
                CounterSplice.append(root, seen: 12, first: "2024-06-01T00:00:00Z", to: splice)
                var edits = JSONEdits()
                edits.set(FindingFields.seenPath, to: .string("12"))
                edits.set(FindingFields.firstPath, to: .string("2024-06-01T00:00:00Z"))
                let general = ByteBuffer()
                general.append(root, applying: edits)
                return (String(decoding: splice.bytes, as: UTF8.self), String(decoding: general.bytes, as: UTF8.self))
            }
            XCTAssertEqual(spliced, edited)
        }
    }

    func testFindingsThatAlreadyCarryCountersAreUpdatedInPlace() throws {
        var dedupe = memoryDeduplicator()
        let counted = base.with("UserDefinedFields", try parse(#"{"dedupe.seen":"9","dedupe.first":"2000-01-01T00:00:00Z","x":"y"}"#))
        let out = try XCTUnwrap(try runStage(&dedupe, [counted]).findings.first)
        XCTAssertEqual(out["UserDefinedFields"], try parse(#"{"dedupe.seen":"1","dedupe.first":"2024-06-01T00:00:00Z","x":"y"}"#))
    }

    func testLaterVersionThatChangedPasses() throws {
        var dedupe = memoryDeduplicator()
        let v2 = later(base).with("Severity", try parse(#"{"Product":8,"Label":"HIGH","Normalized":70}"#))
        let run = try runStage(&dedupe, [base, v2])
        XCTAssertEqual(run.lines.count, 2)
        XCTAssertEqual(run.findings[1]["Severity"]?["Label"], .string("HIGH"))
        XCTAssertEqual(run.findings[1]["UserDefinedFields"]?["dedupe.seen"], .string("2"))
        XCTAssertEqual(run.findings[1]["UserDefinedFields"]?["dedupe.first"], .string(fixedNow))
    }

    func testEachFieldThatMattersMakesALaterVersionPass() throws {
        let changes: [(String, JSONValue)] = [
            ("Title", .string("another title")), ("Description", .string("another description")),
            ("Types", .array([.string("Effects/Data Exposure")])), ("Resources", .array([])),
            ("Compliance", try parse(#"{"Status":"FAILED"}"#)), ("RecordState", .string("ARCHIVED")),
            ("Workflow", try parse(#"{"Status":"NOTIFIED"}"#)), ("Vulnerabilities", try parse(#"[{"Id":"CVE-2024-0001"}]"#)),
            ("Network", try parse(#"{"Direction":"IN"}"#)), ("Process", try parse(#"{"Name":"sshd"}"#)),
            ("ProductFields.aws/guardduty/service/action/networkConnectionAction/remotePortDetails/port", .string("1")),
        ]
        for (path, value) in changes {
            var dedupe = memoryDeduplicator()
            let run = try runStage(&dedupe, [base, later(base).with(path, value)])
            XCTAssertEqual(run.lines.count, 2, "a change of \(path) should pass")
        }
    }

    func testLaterVersionWithOnlyVolatileChangesIsDropped() throws {
        var dedupe = memoryDeduplicator()
        let v2 = later(base)
            .with("LastObservedAt", "2021-01-01T00:00:00Z")
            .with("ProcessedAt", "2021-01-01T00:00:01Z")
            .with("ProductFields.aws/guardduty/service/count", "75")
            .with("ProductFields.aws/guardduty/service/eventLastSeen", "2021-01-01T00:00:00Z")
        let v3 = later(v2, "2022-01-01T00:00:00Z")
        let run = try runStage(&dedupe, [base, v2, v3])
        XCTAssertEqual(run.lines.count, 1)
        XCTAssertEqual(dedupe.store.records.first?.record.seen, 3)
        XCTAssertEqual(dedupe.store.records.first?.record.updatedAt, Timestamp("2022-01-01T00:00:00Z"))
    }

    func testItsOwnCountersDoNotMakeAVersionDifferent() throws {
        var first = memoryDeduplicator()
        let passed = try XCTUnwrap(try runStage(&first, [base]).findings.first)
        XCTAssertNotNil(passed["UserDefinedFields"])
        // The output of one dedupe read by another (or learned downstream) is the same content.
        var second = memoryDeduplicator()
        let run = try runStage(&second, [passed, later(base)])
        XCTAssertEqual(run.lines.count, 1)
    }

    func testVolatileOptionExtendsTheList() throws {
        var dedupe = memoryDeduplicator(volatile: try VolatileFields(parsing: ["Title,Severity.Product"]))
        let v2 = later(base).with("Title", "retitled").with("Severity.Product", .number("9"))
        let v3 = later(v2, "2022-01-01T00:00:00Z").with("Description", "changed")
        let run = try runStage(&dedupe, [base, v2, v3])
        XCTAssertEqual(run.lines.count, 2)
        XCTAssertEqual(run.findings[1]["Description"], .string("changed"))
    }

    func testFormattingAndMemberOrderDoNotCountAsChange() throws {
        var dedupe = memoryDeduplicator()
        let pretty = try Fixtures.text(Fixtures.guardDuty)  // as published: indented
        let reordered = JSONValue.object(JSONObject(dictionaryLiteral: ("UpdatedAt", .string("2021-01-01T00:00:00Z"))))
        var members = reordered.objectValue!
        for member in base.objectValue!.members.reversed() where member.key != "UpdatedAt" { members[member.key] = member.value }
        let input = try parse(pretty)
        XCTAssertEqual(input, base)
        let run = try runStage(&dedupe, [input, .object(members)])
        XCTAssertEqual(run.lines.count, 1)
    }

    func testEqualUpdatedAtNeverPassesEvenWhenChanged() throws {
        var dedupe = memoryDeduplicator()
        let run = try runStage(&dedupe, [base, base.with("Title", "changed"), base])
        XCTAssertEqual(run.lines.count, 1)
        XCTAssertEqual(run.findings[0]["Title"], base["Title"])
    }

    func testEarlierUpdatedAtNeverPassesAndLeavesTheLatestInPlace() throws {
        var dedupe = memoryDeduplicator()
        let v2 = later(base).with("Title", "v2")
        let older = base.with("UpdatedAt", "2019-01-01T00:00:00Z").with("Title", "old")
        let v3 = later(base, "2021-06-01T00:00:00Z").with("Title", "v2")  // same content as v2
        let run = try runStage(&dedupe, [base, v2, older, v3])
        XCTAssertEqual(run.lines.count, 2, "the old version is stale; v3 repeats v2")
        XCTAssertEqual(run.findings.map { $0["Title"] }, [base["Title"], .string("v2")])
    }

    func testTimezonesCompareAsInstants() throws {
        var dedupe = memoryDeduplicator()
        // 12:14:00.206Z written with an offset: the same instant, so not later.
        let sameInstant = base.with("UpdatedAt", "2020-09-30T14:14:00.206+02:00").with("Title", "x")
        let run = try runStage(&dedupe, [base, sameInstant])
        XCTAssertEqual(run.lines.count, 1)
    }

    func testEmitEveryUpdatePassesEveryLaterVersion() throws {
        var dedupe = memoryDeduplicator(emit: .everyUpdate)
        let run = try runStage(&dedupe, [base, later(base), base, later(base, "2022-01-01T00:00:00Z")])
        XCTAssertEqual(run.lines.count, 3)
        XCTAssertEqual(run.findings.last?["UserDefinedFields"]?["dedupe.seen"], .string("4"))
    }

    func testEmitFirstPassesOnlyTheFirstSighting() throws {
        var dedupe = memoryDeduplicator(emit: .first)
        let run = try runStage(&dedupe, [base, later(base).with("Title", "changed"), generatedFinding(1)])
        XCTAssertEqual(run.lines.count, 2)
        XCTAssertEqual(run.findings.map { $0["Id"] }, [base["Id"], .string("finding-1")])
    }

    func testFindingWithoutIdentityOrUpdatedAtIsRejectedNotDropped() throws {
        var dedupe = memoryDeduplicator()
        let run = try runStage(&dedupe, [base.with("Id", nil), base.with("UpdatedAt", "yesterday"), base])
        XCTAssertEqual(run.status, .recordsRejected)
        XCTAssertEqual(run.lines.count, 1)
    }

    func testGeneratedSequenceKeepsOnlyNewAndChangedVersions() throws {
        // 200 identities, each sent in 5 versions; versions 2 and 4 change the title.
        var input: [JSONValue] = []
        for version in 1...5 {
            for n in 0..<200 {
                let title = "title \(version >= 4 ? 4 : version >= 2 ? 2 : 1)"
                input.append(generatedFinding(n, updatedAt: "2024-01-0\(version)T00:00:00Z", title: title))
            }
        }
        var dedupe = memoryDeduplicator()
        let run = try runStage(&dedupe, input)
        XCTAssertEqual(run.lines.count, 600)
        let titles = Dictionary(grouping: run.findings, by: { $0["Title"]!.stringValue! }).mapValues(\.count)
        XCTAssertEqual(titles, ["title 1": 200, "title 2": 200, "title 4": 200])
        // Now the same versions newest first: only the first sighting of each passes.
        var reversed = memoryDeduplicator()
        XCTAssertEqual(try runStage(&reversed, input.reversed()).lines.count, 200)
    }
}
