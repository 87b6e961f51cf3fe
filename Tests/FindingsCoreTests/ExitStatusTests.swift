import XCTest
@testable import FindingsCore

final class ExitStatusTests: XCTestCase {
    func testStatusesMatchTheDocumentedContract() {
        XCTAssertEqual(ExitStatus.success.rawValue, 0)
        XCTAssertEqual(ExitStatus.recordsRejected.rawValue, 1)
        XCTAssertEqual(ExitStatus.usage.rawValue, 2)
        XCTAssertEqual(ExitStatus.ioFailure.rawValue, 3)
    }
}
