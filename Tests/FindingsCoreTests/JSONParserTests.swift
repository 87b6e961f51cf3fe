import XCTest
@testable import FindingsCore

final class JSONParserTests: XCTestCase {
    func testReadsValuesLazilyByKeyAndPath() throws {
        try withParsed(#"{"a":{"b":[1,"x",true,null,{"c":-2.5e3}]},"s":"h\u00e9\n","n":12}"#) { root in
            XCTAssertEqual(root.kind, .object)
            XCTAssertEqual(root["n"]?.intValue, 12)
            XCTAssertEqual(root["s"]?.stringValue, "hé\n")
            let list = root[path: JSONPath("a.b")!]!
            XCTAssertEqual(list.count, 5)
            let elements = Array(list.elements)
            XCTAssertEqual(elements[1].stringValue, "x")
            XCTAssertEqual(elements[2].boolValue, true)
            XCTAssertTrue(elements[3].isNull)
            XCTAssertEqual(elements[4]["c"]?.numberText, "-2.5e3")
            XCTAssertEqual(elements[4]["c"]?.doubleValue, -2500)
            XCTAssertNil(root["missing"])
            XCTAssertNil(root[path: JSONPath("a.b.c")!])
        }
    }

    func testDuplicateKeysResolveToTheLastOne() throws {
        try withParsed(#"{"k":1,"k":2,"other":0,"k":3}"#) { XCTAssertEqual($0["k"]?.intValue, 3) }
    }

    func testCompactCopyKeepsKeyOrderAndNumberText() throws {
        let text = "{ \"z\" : 1.50 , \"a\" : [ 1E+2 , -0 , \"\\u00e9 \\n\" ] ,\n \"m\" : { } }"
        XCTAssertEqual(try compact(text), #"{"z":1.50,"a":[1E+2,-0,"\u00e9 \n"],"m":{}}"#)
        XCTAssertEqual(try compact(#"{"a":[]}"#), #"{"a":[]}"#)
    }

    func testRejectsTrailingCommas() {
        XCTAssertEqual(parseError(#"{"a":1,}"#)?.reason, .trailingComma)
        XCTAssertEqual(parseError("[1,2,]")?.reason, .trailingComma)
    }

    func testRejectsMalformedJSON() {
        XCTAssertEqual(parseError(#"{"a" 1}"#)?.reason, .unexpectedCharacter(UInt8(ascii: "1")))
        XCTAssertEqual(parseError(#"{"a":1"#)?.reason, .unexpectedEnd)
        XCTAssertEqual(parseError("")?.reason, .unexpectedEnd)
        XCTAssertEqual(parseError("{'a':1}")?.reason, .unexpectedCharacter(UInt8(ascii: "'")))
        XCTAssertEqual(parseError("[tru]")?.reason, .unexpectedCharacter(UInt8(ascii: "t")))
        XCTAssertEqual(parseError("{} x")?.reason, .trailingContent)
        XCTAssertEqual(parseError("[1 2]")?.reason, .unexpectedCharacter(UInt8(ascii: "2")))
    }

    func testRejectsMalformedNumbers() {
        for bad in ["01", "1.", ".5", "-", "1e", "1e+", "+1", "0x10", "--1"] {
            XCTAssertNotNil(parseError("[\(bad)]"), bad)
        }
        for good in ["0", "-0", "1.5", "1e10", "1E-3", "-12.5e+7"] {
            XCTAssertNil(parseError("[\(good)]"), good)
        }
    }

    func testRejectsInvalidUTF8() {
        let cases: [[UInt8]] = [
            [0x22, 0xC3, 0x22],             // truncated 2-byte sequence
            [0x22, 0xC0, 0xAF, 0x22],       // overlong '/'
            [0x22, 0xED, 0xA0, 0x80, 0x22], // UTF-8 encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], // above U+10FFFF
            [0x22, 0xFF, 0x22],
            [0x22, 0x80, 0x22],             // lone continuation byte
        ]
        for bytes in cases { XCTAssertEqual(parseError(bytes)?.reason, .invalidUTF8, "\(bytes)") }
        XCTAssertNil(parseError(Array("\"é 日本 🚨\"".utf8)))
    }

    func testRejectsLoneSurrogatesAndBadEscapes() {
        XCTAssertEqual(parseError(#""\ud800""#)?.reason, .loneSurrogate(0xD800))
        XCTAssertEqual(parseError(#""\udc00""#)?.reason, .loneSurrogate(0xDC00))
        XCTAssertEqual(parseError(#""\ud800\u0041""#)?.reason, .loneSurrogate(0xD800))
        XCTAssertEqual(parseError(#""\x41""#)?.reason, .invalidEscape)
        XCTAssertEqual(parseError(#""\u12G4""#)?.reason, .invalidEscape)
        XCTAssertNoThrow(try withParsed(#""\ud83d\udea8""#) { XCTAssertEqual($0.stringValue, "🚨") })
    }

    func testRejectsRawControlCharactersInStrings() {
        XCTAssertEqual(parseError("\"a\nb\"")?.reason, .controlCharacterInString(0x0A))
        XCTAssertEqual(parseError([0x22, 0x01, 0x22])?.reason, .controlCharacterInString(0x01))
    }

    func testEnforcesNestingDepthWithoutRecursion() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertEqual(parseError(deep)?.reason, .nestingTooDeep(limit: 128))
        let ok = String(repeating: "[", count: 128) + String(repeating: "]", count: 128)
        XCTAssertNil(parseError(ok))
        let deepObjects = String(repeating: "{\"a\":", count: 129) + "1" + String(repeating: "}", count: 129)
        XCTAssertEqual(parseError(deepObjects)?.reason, .nestingTooDeep(limit: 128))
    }

    func testEnforcesStringLength() {
        let limits = JSONLimits(maxDepth: 128, maxStringLength: 10)
        XCTAssertEqual(parseError(Array("\"\(String(repeating: "x", count: 11))\"".utf8), limits: limits)?.reason, .stringTooLong(limit: 10))
        XCTAssertNil(parseError(Array("\"\(String(repeating: "x", count: 10))\"".utf8), limits: limits))
    }

    func testErrorMessagesNameTheProblemAndPosition() {
        XCTAssertEqual(parseError(#"{"a":1,}"#)?.description, "invalid JSON: trailing comma at byte 8")
        XCTAssertEqual(parseError(#""\ud800""#)?.description, "invalid JSON: lone surrogate \\uD800 at byte 2")
        XCTAssertEqual(parseError([0x22, 0xFF, 0x22])?.description, "invalid UTF-8 in string at byte 2")
    }

    func testLongStringsWithEscapesAcrossWordBoundaries() throws {
        let body = String(repeating: "abcdefg\\\"", count: 50) + "\\u00e9" + String(repeating: "z", count: 17)
        try withParsed("\"\(body)\"") { node in
            XCTAssertEqual(node.stringValue, String(repeating: "abcdefg\"", count: 50) + "é" + String(repeating: "z", count: 17))
        }
    }
}
