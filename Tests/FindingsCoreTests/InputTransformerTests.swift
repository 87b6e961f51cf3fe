import XCTest
@testable import FindingsCore

/// Input transformers and input paths, as EventBridge documents them.
final class InputTransformerTests: XCTestCase {
    private let event = #"{"id":"e-1","detail-type":"T","detail":{"instance":"i-0123","state":"running","count":3,"ok":true,"none":null,"tags":["a","b"],"obj":{"k":"v"},"quote":"say \"hi\""}}"#
    private let reserved = InputTransformer.Reserved(ruleName: "r1", ruleArn: "arn:aws:events:us-east-1:1:rule/r1", ingestionTime: "2024-01-01T00:00:00Z")

    private func render(_ map: [(String, String)], _ template: String) throws -> String {
        let transformer = try InputTransformer(pathsMap: map.map { (name: $0.0, path: $0.1) }, template: template)
        var bytes = Array(event.utf8)
        let tape = JSONTape()
        let buffer = ByteBuffer()
        try bytes.withUnsafeMutableBytes { raw in
            transformer.render(try tape.parse(UnsafeRawBufferPointer(raw)).root, reserved: reserved, to: buffer)
        }
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    func testBareStringsAreQuotedAndQuotedOnesInsertedRaw() throws {
        let map = [("instance", "$.detail.instance"), ("state", "$.detail.state")]
        XCTAssertEqual(try render(map, #"{"instance": <instance>, "state": <state>}"#), #"{"instance": "i-0123", "state": "running"}"#)
        XCTAssertEqual(try render(map, #""<instance> is in state <state>""#), #""i-0123 is in state running""#)
        XCTAssertEqual(try render(map, #"{"text": "Instance <instance> is <state>"}"#), #"{"text": "Instance i-0123 is running"}"#)
    }

    func testWhitespaceIsPreservedAndValuesAreNotEscapedInsideQuotes() throws {
        XCTAssertEqual(try render([("q", "$.detail.quote")], "{ \"m\" :  \"<q>\" }"), #"{ "m" :  "say "hi"" }"#)
        XCTAssertEqual(try render([("q", "$.detail.quote")], #"{"m": <q>}"#), #"{"m": "say \"hi\""}"#)
    }

    func testNonStringValues() throws {
        let map = [("n", "$.detail.count"), ("b", "$.detail.ok"), ("z", "$.detail.none"), ("t", "$.detail.tags"), ("o", "$.detail.obj"), ("first", "$.detail.tags[0]"), ("all", "$.detail.tags[*]")]
        XCTAssertEqual(try render(map, #"{"n":<n>,"b":<b>,"z":<z>,"t":<t>,"o":<o>,"f":<first>,"a":<all>}"#),
                       #"{"n":3,"b":true,"z":null,"t":["a","b"],"o":{"k":"v"},"f":"a","a":["a","b"]}"#)
        XCTAssertEqual(try render(map, #""<n> <b>""#), #""3 true""#)
    }

    func testMissingPathsAndUnknownPlaceholders() throws {
        let map = [("gone", "$.detail.missing")]
        XCTAssertEqual(try render(map, #"{"g": <gone>, "s": "<gone>", "x": "<other> a<b"}"#), #"{"g": null, "s": "", "x": "<other> a<b"}"#)
    }

    func testReservedVariables() throws {
        XCTAssertEqual(try render([], #"{"r": <aws.events.rule-name>, "a": "<aws.events.rule-arn>", "t": <aws.events.event.ingestion-time>}"#),
                       #"{"r": "r1", "a": "arn:aws:events:us-east-1:1:rule/r1", "t": "2024-01-01T00:00:00Z"}"#)
        XCTAssertEqual(try render([], #"{"e": <aws.events.event>}"#), #"{"e": {"id":"e-1","detail-type":"T"}}"#)
        XCTAssertEqual(try render([], "<aws.events.event.json>"), event)
    }

    func testValidation() {
        func reason(_ map: [(String, String)], _ template: String) -> String? {
            do { _ = try InputTransformer(pathsMap: map.map { (name: $0.0, path: $0.1) }, template: template); return nil } catch { return error.reason }
        }
        XCTAssertNil(reason([("a-b_9", "$.x")], "<a-b_9>"))
        XCTAssertTrue(reason([("a.b", "$.x")], "x")!.contains("A-Z a-z 0-9"))
        XCTAssertTrue(reason([("AWS.x", "$.x")], "x")!.contains("A-Z a-z 0-9"))
        XCTAssertTrue(reason([(String(repeating: "k", count: 257), "$.x")], "x")!.contains("1-256"))
        XCTAssertTrue(reason([("p", "detail.x")], "x")!.contains("must start with '$'"))
        XCTAssertTrue(reason([("p", "$.a[x]")], "x")!.contains("bad subscript"))
        XCTAssertTrue(reason([], "")!.contains("1-8192"))
        XCTAssertTrue(reason([], String(repeating: "x", count: 8193))!.contains("1-8192"))
        XCTAssertTrue(reason((0...100).map { ("k\($0)", "$.x") }, "x")!.contains("at most 100"))
        XCTAssertNil(reason((0..<100).map { ("k\($0)", "$.x") }, "x"))
        XCTAssertTrue(reason([("k", "$.x")], #"{<k>: 1}"#)!.contains("cannot be used as an object key"))
        XCTAssertTrue(reason([], #""<aws.events.event>""#)!.contains("only be used as a JSON value"))
    }

    func testEventPathSelection() throws {
        var bytes = Array(#"{"a":{"b":[{"c":1},{"c":2}],"d e":"x"}}"#.utf8)
        let tape = JSONTape()
        try bytes.withUnsafeMutableBytes { raw in
            let root = try tape.parse(UnsafeRawBufferPointer(raw)).root
            func text(_ path: String) throws -> String {
                let buffer = ByteBuffer()
                XCTAssertTrue(try EventPath(path).write(root, to: buffer))
                return String(decoding: buffer.bytes, as: UTF8.self)
            }
            XCTAssertEqual(try text("$.a.b[1].c"), "2")
            XCTAssertEqual(try text("$.a.b[*].c"), "[1,2]")
            XCTAssertEqual(try text("$.a['d e']"), #""x""#)
            XCTAssertEqual(try text("$"), #"{"a":{"b":[{"c":1},{"c":2}],"d e":"x"}}"#)
            XCTAssertFalse(try EventPath("$.a.zz").write(root, to: ByteBuffer()))
        }
    }
}
