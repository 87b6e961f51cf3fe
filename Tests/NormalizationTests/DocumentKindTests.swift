import XCTest
import FindingsCore
@testable import Normalization

final class DocumentKindTests: XCTestCase {
    private func kind(_ text: String) throws -> DocumentKind {
        let tape = JSONTape()
        var text = text
        return try text.withUTF8 { try DocumentKind.classify(tape.parse(UnsafeRawBufferPointer($0)).root) }
    }

    func testRecognisesFindingsAndWrappers() throws {
        guard case .asffFinding = try kind(#"{"SchemaVersion":"2018-10-08","ProductArn":"arn:x"}"#) else { return XCTFail() }
        guard case .findingsList = try kind(#"{"Findings":[]}"#) else { return XCTFail() }
        guard case .eventBridge = try kind(#"{"detail-type":"x","detail":{}}"#) else { return XCTFail() }
        guard case .notAFinding("cloudtrail-record") = try kind(#"{"eventVersion":"1.08","eventSource":"s3","eventName":"Get"}"#) else { return XCTFail() }
        guard case .unknown = try kind(#"{"hello":1}"#) else { return XCTFail() }
    }
}
