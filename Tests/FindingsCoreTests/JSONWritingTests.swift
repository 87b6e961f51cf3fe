import XCTest
@testable import FindingsCore

final class JSONWritingTests: XCTestCase {
    private func encoded(_ string: String) -> String {
        let buffer = ByteBuffer()
        buffer.appendJSONString(string)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    func testEscapesQuotesBackslashesAndControlCharacters() {
        XCTAssertEqual(encoded("a\"b\\c"), #""a\"b\\c""#)
        XCTAssertEqual(encoded("\n\r\t\u{08}\u{0C}"), #""\n\r\t\b\f""#)
        XCTAssertEqual(encoded("\u{01}\u{1F}"), #""\u0001\u001f""#)
        XCTAssertEqual(encoded("\u{2028}\u{2029}é"), "\"\u{2028}\u{2029}é\"")
    }

    func testEscapedStringsReadBackIdentically() throws {
        let original = "x\"\\/\n\u{00}\u{7F}🚨 \u{2028}"
        try withParsed(encoded(original)) { XCTAssertEqual($0.stringValue, original) }
    }

    func testEditsSpliceWithoutDisturbingOtherMembers() throws {
        var edits = JSONEdits()
        edits.set(JSONPath("Workflow.Status")!, to: .string("NOTIFIED"))
        edits.set(JSONPath("UserDefinedFields.risk\\.score")!, to: .string("7.5"))
        edits.remove(JSONPath("Gone")!)
        edits.set(JSONPath("N")!, to: .int(5))
        let text = #"{"A":1.50,"Gone":true,"Workflow":{"Status":"NEW","Other":"x"},"N":1}"#
        let result = try withParsed(text) { root -> String in
            let buffer = ByteBuffer()
            buffer.append(root, applying: edits)
            return String(decoding: buffer.bytes, as: UTF8.self)
        }
        XCTAssertEqual(result, #"{"A":1.50,"Workflow":{"Status":"NOTIFIED","Other":"x"},"N":5,"UserDefinedFields":{"risk.score":"7.5"}}"#)
    }

    func testOwnedValuesRoundTrip() throws {
        let text = #"{"b":[1.0,"é",false,null],"a":{"c":"\u0001"}}"#
        let value = try withParsed(text) { JSONValue($0) }
        XCTAssertEqual(value.jsonText, #"{"b":[1.0,"é",false,null],"a":{"c":"\u0001"}}"#)
        var object = value.objectValue!
        object["b"] = nil
        object["z"] = .double(0.25)
        XCTAssertEqual(JSONValue.object(object).jsonText, #"{"a":{"c":"\u0001"},"z":0.25}"#)
        XCTAssertEqual(JSONValue.double(3).jsonText, "3")
        XCTAssertEqual(JSONValue.double(.nan).jsonText, "null")
    }

    func testPathsEscapeDots() {
        XCTAssertEqual(JSONPath("a.b\\.c")!.keys.map(\.description), ["a", "b.c"])
        XCTAssertNil(JSONPath(""))
        XCTAssertNil(JSONPath("a..b"))
        XCTAssertEqual(JSONPath("a.b\\.c")!.description, "a.b\\.c")
    }

    func testIntegersAndBase64() {
        let buffer = ByteBuffer(capacity: 16)
        buffer.append(integer: -1234567890123)
        buffer.append(integer: 0)
        XCTAssertEqual(String(decoding: buffer.bytes, as: UTF8.self), "-12345678901230")
        let out = ByteBuffer()
        Array("any carnal pleas".utf8).withUnsafeBytes { Base64.append($0, to: out) }
        XCTAssertEqual(String(decoding: out.bytes, as: UTF8.self), "YW55IGNhcm5hbCBwbGVhcw==")
    }
}
