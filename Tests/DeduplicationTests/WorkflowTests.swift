import XCTest
import FindingsCore
@testable import Deduplication

/// Security Hub's workflow resets and the customer-owned fields learned downstream.
final class WorkflowTests: XCTestCase {
    private func status(_ finding: JSONValue) -> String? { finding.at("Workflow.Status")?.stringValue }

    func testArchivedThenActiveResetsNotifiedAndResolvedToNew() throws {
        let base = try Fixtures.finding(Fixtures.guardDuty)
        for workflow in ["NOTIFIED", "RESOLVED"] {
            var dedupe = memoryDeduplicator()
            let archived = base.with("RecordState", "ARCHIVED").with("Workflow.Status", workflow)
            let active = archived.with("RecordState", "ACTIVE").with("UpdatedAt", "2021-01-01T00:00:00Z")
            let run = try runStage(&dedupe, [archived, active])
            XCTAssertEqual(run.lines.count, 2)
            XCTAssertEqual(status(run.findings[0]), workflow)
            XCTAssertEqual(status(run.findings[1]), "NEW", "\(workflow) resets on ARCHIVED→ACTIVE")
        }
    }

    func testPassedThenFailingResetsToNew() throws {
        let control = try Fixtures.finding(Fixtures.cloudTrailControl)
        for failing in ["FAILED", "WARNING", "NOT_AVAILABLE"] {
            var dedupe = memoryDeduplicator()
            let passed = control.with("Compliance.Status", "PASSED").with("Workflow.Status", "RESOLVED")
            let now = passed.with("Compliance.Status", failing).with("UpdatedAt", "2022-01-01T00:00:00Z")
            let run = try runStage(&dedupe, [passed, now])
            XCTAssertEqual(run.lines.count, 2)
            XCTAssertEqual(status(run.findings[1]), "NEW", "RESOLVED resets on PASSED→\(failing)")
        }
    }

    func testSuppressedIsNeverReset() throws {
        let control = try Fixtures.finding(Fixtures.cloudTrailControl)
        var dedupe = memoryDeduplicator()
        let v1 = control.with("Compliance.Status", "PASSED").with("RecordState", "ARCHIVED").with("Workflow.Status", "SUPPRESSED")
        let v2 = v1.with("Compliance.Status", "FAILED").with("RecordState", "ACTIVE").with("UpdatedAt", "2022-01-01T00:00:00Z")
        let run = try runStage(&dedupe, [v1, v2])
        XCTAssertEqual(run.lines.count, 2)
        XCTAssertEqual(status(run.findings[1]), "SUPPRESSED")
    }

    func testNoResetWithoutATransition() throws {
        let control = try Fixtures.finding(Fixtures.ec2Control)
        var dedupe = memoryDeduplicator()
        let v1 = control.with("Compliance.Status", "FAILED").with("Workflow.Status", "NOTIFIED")
        let v2 = v1.with("Compliance.Status", "WARNING").with("UpdatedAt", "2022-01-01T00:00:00Z")
        let run = try runStage(&dedupe, [v1, v2])
        XCTAssertEqual(status(run.findings[1]), "NOTIFIED", "FAILED→WARNING is not a PASSED→failing move")
    }

    func testLearnedCustomerFieldsSurviveProviderUpdates() throws {
        let base = try Fixtures.finding(Fixtures.guardDuty)
        var dedupe = memoryDeduplicator()
        let first = try runStage(&dedupe, [base])
        // Downstream, a customer triaged the finding.
        let triaged = try first.findings[0]
            .with("Workflow.Status", "NOTIFIED")
            .with("Note", parse(#"{"Text":"ticket SEC-1","UpdatedBy":"soc"}"#))
            .with("VerificationState", "TRUE_POSITIVE")
            .with("UserDefinedFields.owner", "team-a")
        var learner = Learner(store: dedupe.store, clock: fixedClock)
        let learned = try runStage(&learner, [triaged])
        XCTAssertEqual(learned.findings, [triaged], "--learn passes findings through unchanged")

        // The provider sends a later version with its own Note and Workflow: the customer's win.
        dedupe = Deduplicator(store: learner.store, clock: fixedClock)
        let update = base.with("UpdatedAt", "2021-01-01T00:00:00Z").with("Title", "changed")
            .with("Note", try parse(#"{"Text":"provider note","UpdatedBy":"provider"}"#))
        let run = try runStage(&dedupe, [update])
        let out = try XCTUnwrap(run.findings.first)
        XCTAssertEqual(out["Title"], .string("changed"))
        XCTAssertEqual(status(out), "NOTIFIED")
        XCTAssertEqual(out.at("Note.Text"), .string("ticket SEC-1"))
        XCTAssertEqual(out["VerificationState"], .string("TRUE_POSITIVE"))
        XCTAssertEqual(out["UserDefinedFields"]?["owner"], .string("team-a"))
        XCTAssertEqual(out["UserDefinedFields"]?["dedupe.seen"], .string("2"))
    }

    func testFieldsTheLearnedSnapshotLacksAreRemoved() throws {
        let base = try Fixtures.finding(Fixtures.guardDuty)
        var learner = Learner(store: MemoryIdentityStore(), clock: fixedClock)
        _ = try runStage(&learner, [base])  // no Note, no VerificationState downstream
        var dedupe = Deduplicator(store: learner.store, clock: fixedClock)
        let update = base.with("UpdatedAt", "2021-01-01T00:00:00Z").with("Title", "changed")
            .with("Note", try parse(#"{"Text":"provider note","UpdatedBy":"provider"}"#)).with("VerificationState", "BENIGN_POSITIVE")
        let out = try XCTUnwrap(try runStage(&dedupe, [update]).findings.first)
        XCTAssertNil(out["Note"])
        XCTAssertNil(out["VerificationState"])
    }

    func testLearnedNotifiedResetsOnReactivation() throws {
        let base = try Fixtures.finding(Fixtures.guardDuty).with("RecordState", "ARCHIVED")
        var learner = Learner(store: MemoryIdentityStore(), clock: fixedClock)
        _ = try runStage(&learner, [base.with("Workflow.Status", "NOTIFIED")])
        var dedupe = Deduplicator(store: learner.store, clock: fixedClock)
        let active = base.with("RecordState", "ACTIVE").with("UpdatedAt", "2021-01-01T00:00:00Z")
        let out = try XCTUnwrap(try runStage(&dedupe, [active]).findings.first)
        XCTAssertEqual(status(out), "NEW")
        XCTAssertEqual(dedupe.store.records.first?.record.customer?.workflowStatus, .new, "the reset is remembered")
    }

    func testWorkflowResetRule() {
        XCTAssertTrue(WorkflowReset.triggered(from: (.archived, nil), to: (.active, nil)))
        XCTAssertFalse(WorkflowReset.triggered(from: (.active, nil), to: (.archived, nil)))
        XCTAssertTrue(WorkflowReset.triggered(from: (nil, .passed), to: (nil, .notAvailable)))
        XCTAssertFalse(WorkflowReset.triggered(from: (nil, .passed), to: (nil, .passed)))
        XCTAssertFalse(WorkflowReset.triggered(from: (nil, .passed), to: (nil, nil)))
        XCTAssertEqual(WorkflowReset.reset(.suppressed), .suppressed)
        XCTAssertEqual(WorkflowReset.reset(.notified), .new)
    }
}
