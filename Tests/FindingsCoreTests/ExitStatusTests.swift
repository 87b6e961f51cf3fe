import XCTest
@testable import FindingsCore

final class ExitStatusTests: XCTestCase {
    func testStatusesMatchTheDocumentedContract() {
        XCTAssertEqual(ExitStatus.success.code, 0)
        XCTAssertEqual(ExitStatus.recordsRejected.code, 1)
        XCTAssertEqual(ExitStatus.usage.code, 2)
        XCTAssertEqual(ExitStatus.ioFailure.code, 3)
    }
}
