import XCTest
import FindingsCore
@testable import Remediation

final class AuditChainTests: XCTestCase {
    func makeLog(records: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).ndjson").path
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        let log = try AuditLog(path: path)
        for n in 0..<records {
            try log.append { record in
                record.append(",\"event\":\"action\",\"n\":" as StaticString)
                record.append(integer: n)
            }
        }
        return path
    }

    func testIntactChainVerifiesAndReopensForAppending() throws {
        let path = try makeLog(records: 3)
        guard case .intact(3, let last) = AuditChain.verify(try InputStream.readAll(path)) else { return XCTFail("not intact") }
        do {
            let reopened = try AuditLog(path: path)
            XCTAssertEqual(reopened.lastHash, last)
            try reopened.append { $0.append(",\"event\":\"more\"" as StaticString) }
        }
        guard case .intact(4, _) = AuditChain.verify(try InputStream.readAll(path)) else { return XCTFail("append broke the chain") }
    }

    func testEditedRemovedAndReorderedRecordsAreDetected() throws {
        let path = try makeLog(records: 3)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let edited = [lines[0], lines[1].replacingOccurrences(of: "\"n\":1", with: "\"n\":7"), lines[2]]
        XCTAssertEqual(AuditChain.verify(Array((edited.joined(separator: "\n") + "\n").utf8)), .broken(line: 2, reason: "record hash mismatch (the record was edited)"))
        guard case .broken(2, _) = AuditChain.verify(Array(([lines[0], lines[2]].joined(separator: "\n") + "\n").utf8)) else { return XCTFail("removal not detected") }
        guard case .broken(1, _) = AuditChain.verify(Array(([lines[1], lines[0], lines[2]].joined(separator: "\n") + "\n").utf8)) else { return XCTFail("reordering not detected") }
        try (edited.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try AuditLog(path: path), "appending to a broken chain must be refused")
    }
}
