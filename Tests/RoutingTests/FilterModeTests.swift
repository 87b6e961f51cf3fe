import XCTest
import FindingsCore

/// `route` in filter mode, run as an executable.
final class FilterModeTests: XCTestCase {
    let events = """
    {"n":1,"kind":"aws.ec2","info":{"state":"running"}}
    {"n":2, "kind" : "aws.s3" ,"info":{"state":"stopped"}}
    {"n":3,"kind":"aws.ec2","info":{"state":"stopped","size":300.0}}

    """

    func testMatchingLinesPassUnchangedByteForByte() throws {
        let result = try TestSupport.route(["-e", #"{"info":{"state":["stopped"]}}"#], input: events)
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.lines, [#"{"n":2, "kind" : "aws.s3" ,"info":{"state":"stopped"}}"#,
                                      #"{"n":3,"kind":"aws.ec2","info":{"state":"stopped","size":300.0}}"#])
    }

    func testRepeatedPatternsAreORed() throws {
        let result = try TestSupport.route(["-e", #"{"kind":["aws.s3"]}"#, "-e", #"{"info":{"size":[300]}}"#], input: events)
        XCTAssertEqual(result.lines.map { try! TestSupport.object($0)["n"] as! Int }, [2, 3])
    }

    func testInvertAndCount() throws {
        let inverted = try TestSupport.route(["-v", "-e", #"{"kind":["aws.ec2"]}"#], input: events)
        XCTAssertEqual(inverted.lines.count, 1)
        XCTAssertTrue(inverted.stdout.contains(#""n":2"#))
        let counted = try TestSupport.route(["-c", "-e", #"{"kind":["aws.ec2"]}"#, "-e", #"{"kind":[{"prefix":"aws."}]}"#], input: events)
        XCTAssertEqual(counted.lines, ["2\t{\"kind\":[\"aws.ec2\"]}", "3\t{\"kind\":[{\"prefix\":\"aws.\"}]}"])
        let unmatched = try TestSupport.route(["-c", "-v", "-e", #"{"kind":["aws.ec2"]}"#], input: events)
        XCTAssertEqual(unmatched.lines, ["1"])
    }

    func testPatternFiles() throws {
        let directory = try TestSupport.temporaryDirectory()
        try "# one per line\n{\"kind\":[\"aws.s3\"]}\n\n{\"n\":[3]}\n".write(to: directory.appendingPathComponent("lines.txt"), atomically: true, encoding: .utf8)
        try #"[{"kind":["aws.s3"]}, {"n":[1]}]"#.write(to: directory.appendingPathComponent("plain.json"), atomically: true, encoding: .utf8)
        try #"[{"name":"s3","pattern":{"kind":["aws.s3"]}},{"name":"big","pattern":{"info":{"size":[{"numeric":[">",100]}]}}}]"#
            .write(to: directory.appendingPathComponent("named.json"), atomically: true, encoding: .utf8)
        let lines = try TestSupport.route(["-f", "lines.txt"], input: events, directory: directory)
        XCTAssertEqual(lines.lines.count, 2)
        let plain = try TestSupport.route(["-f", "plain.json"], input: events, directory: directory)
        XCTAssertEqual(plain.lines.count, 2)
        let named = try TestSupport.route(["-c", "-f", "named.json"], input: events, directory: directory)
        XCTAssertEqual(named.lines, ["1\ts3", "1\tbig"])
    }

    func testInvalidPatternsAreConfigurationErrors() throws {
        let bad = try TestSupport.route(["-e", #"{"info":{"state":[{"prefix":5}]}}"#], input: events)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("Event pattern is not valid. Reason: prefix match pattern must be a string at info.state"), bad.stderr)
        XCTAssertEqual(bad.stdout, "")
        let directory = try TestSupport.temporaryDirectory()
        try "{\"a\":[\"x\"]}\n{\"b\":[]}\n".write(to: directory.appendingPathComponent("p.txt"), atomically: true, encoding: .utf8)
        let inFile = try TestSupport.route(["-f", "p.txt"], input: events, directory: directory)
        XCTAssertEqual(inFile.status, 2)
        XCTAssertTrue(inFile.stderr.contains("p.txt:2: Event pattern is not valid. Reason: Empty arrays are not allowed at b"), inFile.stderr)
        try #"[{"name":"x","pattern":{"a":[{"numeric":["<",1,">",0]}]}}]"#.write(to: directory.appendingPathComponent("n.json"), atomically: true, encoding: .utf8)
        let named = try TestSupport.route(["-f", "n.json"], input: events, directory: directory)
        XCTAssertEqual(named.status, 2)
        XCTAssertTrue(named.stderr.contains("n.json:1: [0].pattern"), named.stderr)
        XCTAssertTrue(named.stderr.contains("lower bound"), named.stderr)
    }

    func testBadRecordsAreReportedAndTheRestGoesThrough() throws {
        let input = "{\"kind\":\"aws.s3\"}\n{\"kind\":\"aws.s3\",}\n{\"kind\":\"aws.s3\"}\n{\"a\":[1 2]}\n"
        let result = try TestSupport.route(["-e", #"{"kind":["aws.s3"]}"#], input: input)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.lines.count, 2)
        XCTAssertTrue(result.stderr.contains("route: -:2: invalid JSON"), result.stderr)
        let strict = try TestSupport.route(["--strict", "-e", #"{"kind":["aws.s3"]}"#], input: input)
        XCTAssertEqual(strict.status, 1)
        XCTAssertEqual(strict.lines.count, 1)
    }

    func testNamedFieldsAreValidatedWhileSkippedOnesAreCheckedForStructure() throws {
        let input = "{\"skip\":[1,{\"x\":\"y\"}],\"kind\":\"aws.s3\"}\n{\"skip\":[1,{\"x\":\"y\"]],\"kind\":\"aws.s3\"}\n{\"skip\":\"\\u00zz\",\"kind\":\"aws.s3\"}\n{\"kind\":01}\n"
        let result = try TestSupport.route(["-e", #"{"kind":["aws.s3"]}"#], input: input)
        XCTAssertEqual(result.lines.count, 1)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 3, result.stderr)
    }

    func testLimitsApplyToScannedLines() throws {
        let pattern = #"{"kind":["a"]}"#
        let first = "{\"kind\":\"a\"}\n"  // the first line decides the framing; the others are scanned
        let longString = first + "{\"kind\":\"a\",\"s\":\"0123456789\"}\n"
        let strings = try TestSupport.route(["--max-string", "8", "-e", pattern], input: longString)
        XCTAssertEqual(strings.status, 1)
        XCTAssertTrue(strings.stderr.contains("-:2: JSON string longer than 8 bytes"), strings.stderr)
        let nested = first + "{\"kind\":\"a\",\"d\":[[[1]]]}\n"
        let depth = try TestSupport.route(["--max-depth", "3", "-e", pattern], input: nested)
        XCTAssertEqual(depth.status, 1)
        XCTAssertTrue(depth.stderr.contains("-:2: JSON nested deeper than 3 levels"), depth.stderr)
        func deep(_ levels: Int) -> String {
            first + "{\"kind\":\"a\",\"d\":" + String(repeating: "[", count: levels) + String(repeating: "]", count: levels) + "}\n"
        }
        XCTAssertEqual(try TestSupport.route(["-e", pattern], input: deep(127)).lines.count, 2)
        let tooDeep = try TestSupport.route(["-e", pattern], input: deep(128))
        XCTAssertEqual(tooDeep.status, 1)
        XCTAssertTrue(tooDeep.stderr.contains("nested deeper than 128 levels"), tooDeep.stderr)
        XCTAssertEqual(try TestSupport.route(["--max-depth", "400", "-e", pattern], input: deep(300)).lines.count, 2)
    }

    func testArraysAndPrettyPrintedInputAreReadAsDocuments() throws {
        let array = "[{\"kind\":\"a\"},\n {\"kind\":\"b\"},\n {\"kind\":\"a\"}]\n"
        XCTAssertEqual(try TestSupport.route(["-e", #"{"kind":["a"]}"#], input: array).lines, [#"{"kind":"a"}"#, #"{"kind":"a"}"#])
        let pretty = "{\n  \"kind\": \"a\"\n}\n{\n  \"kind\": \"b\"\n}\n{\"kind\":\"a\",\"n\":2}\n"
        let result = try TestSupport.route(["-e", #"{"kind":["a"]}"#], input: pretty)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.lines, ["{", #"  "kind": "a""#, "}", #"{"kind":"a","n":2}"#])
    }

    func testEnvelopeModes() throws {
        let findings = try TestSupport.findings()
        let enveloped = #"{"source":["aws.securityhub"],"detail-type":["Security Hub Findings - Imported"],"detail":{"findings":{"Compliance":{"Status":["FAILED"]}}}}"#
        XCTAssertEqual(try TestSupport.route(["-e", enveloped], input: findings).lines.count, 2)
        XCTAssertEqual(try TestSupport.route(["--envelope", "never", "-e", enveloped], input: findings).lines.count, 0)
        let direct = #"{"Compliance":{"Status":["FAILED"]}}"#
        XCTAssertEqual(try TestSupport.route(["-e", direct], input: findings).lines.count, 2)
        XCTAssertEqual(try TestSupport.route(["--envelope", "always", "-e", direct], input: findings).lines.count, 0)
        XCTAssertEqual(try TestSupport.route(["--envelope", "sometimes", "-e", direct], input: findings).status, 2)
    }

    func testUsageErrors() throws {
        XCTAssertEqual(try TestSupport.route([], input: events).status, 2)
        XCTAssertEqual(try TestSupport.route(["-e", "{\"a\":[1]}", "--first-match"], input: events).status, 2)
        XCTAssertEqual(try TestSupport.route(["-e", "{\"a\":[1]}", "--unmatched", "-"], input: events).status, 2)
        let help = try TestSupport.route(["--help"])
        XCTAssertEqual(help.status, 0)
        for option in ["--pattern", "--file", "--invert-match", "--count", "--rules", "--first-match", "--unmatched", "--destination", "--envelope", "--check"] {
            XCTAssertTrue(help.stdout.contains(option), option)
        }
    }
}
