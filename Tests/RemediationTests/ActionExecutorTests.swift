import XCTest
@testable import Remediation

final class ActionExecutorTests: XCTestCase {
    func executor(concurrency: Int = 1) -> ActionExecutor {
        var settings = ExecutorSettings()
        settings.concurrency = concurrency
        settings.ratePerAccount = 1000
        return ActionExecutor(settings: settings, programs: ["aws": "/bin/echo"])
    }

    func testRunsArgvWithoutAShellAndCapturesOutput() {
        var results: [Int: ActionExecutor.Result] = [:]
        executor().run([ActionExecutor.Job(argv: ["aws", "a;b", "$(id)", "*"], account: "1")], halt: { nil }) { results[$0] = $1 }
        XCTAssertEqual(results[0]?.succeeded, true)
        XCTAssertEqual(results[0]?.stdout, "a;b $(id) *\n", "metacharacters reach the program as plain argument bytes")
    }

    func testProgramsOffTheAllowListDoNotStart() {
        var results: [Int: ActionExecutor.Result] = [:]
        executor().run([ActionExecutor.Job(argv: ["sh", "-c", "true"], account: "1")], halt: { nil }) { results[$0] = $1 }
        XCTAssertEqual(results[0]?.failureToStart, "program 'sh' is not on the allow-list")
    }

    func testHaltStopsFurtherStarts() {
        var results: [Int: ActionExecutor.Result] = [:]
        let jobs = (0..<3).map { ActionExecutor.Job(argv: ["aws", "\($0)"], account: "1") }
        executor().run(jobs, halt: { results.isEmpty ? nil : "the audit log cannot be written" }) { results[$0] = $1 }
        XCTAssertEqual(results.count, 3)
        XCTAssertEqual(results.values.filter(\.succeeded).count, 1)
        XCTAssertEqual(results.values.compactMap(\.failureToStart), Array(repeating: "not started: the audit log cannot be written", count: 2))
    }
}
