import XCTest
@testable import FindingsCore

final class CommandLineTests: XCTestCase {
    let spec = ToolSpec(name: "tool", summary: "does things", usage: ["[OPTIONS] [FILE...]"],
                        options: [OptionSpec("rules", short: "r", value: "FILE", help: "rules file"),
                                  OptionSpec("invert", short: "v", help: "invert"),
                                  OptionSpec("count", short: "c", help: "count")],
                        examples: [("tool -r x.json in.ndjson", "route with x.json")])

    func testAcceptsEveryOptionForm() throws {
        let parsed = try ParsedArguments(["--rules", "a", "--rules=b", "-rc", "-vc", "in1", "--", "-not-an-option", "-"], spec: spec)
        XCTAssertEqual(parsed.values("rules"), ["a", "b", "c"])
        XCTAssertEqual(parsed.value("rules"), "c")
        XCTAssertTrue(parsed.flag("invert"))
        XCTAssertTrue(parsed.flag("count"))
        XCTAssertEqual(parsed.operands, ["in1", "-not-an-option", "-"])
    }

    func testUnknownOptionsGetAHint() {
        XCTAssertThrowsError(try ParsedArguments(["--rule", "x"], spec: spec)) { error in
            XCTAssertEqual("\(error)", "unknown option '--rule' (did you mean '--rules'?)")
        }
        XCTAssertThrowsError(try ParsedArguments(["-z"], spec: spec)) { XCTAssertEqual("\($0)", "unknown option '-z'") }
        XCTAssertThrowsError(try ParsedArguments(["--rules"], spec: spec)) { XCTAssertEqual("\($0)", "option '--rules' needs a value (FILE)") }
        XCTAssertThrowsError(try ParsedArguments(["--invert=yes"], spec: spec)) { XCTAssertEqual("\($0)", "option '--invert' takes no value") }
    }

    func testNumbersAreValidated() throws {
        XCTAssertEqual(try ParsedArguments(["--max-depth", "64"], spec: spec).positiveInteger("max-depth"), 64)
        XCTAssertThrowsError(try ParsedArguments(["--max-depth", "-3"], spec: spec).positiveInteger("max-depth")) {
            XCTAssertEqual("\($0)", "option '--max-depth' needs a positive whole number, not '-3'")
        }
    }

    func testHelpListsOptionsCommonOptionsAndExamples() {
        let help = spec.helpText
        for expected in ["tool — does things", "Usage:", "tool [OPTIONS] [FILE...]", "-r, --rules FILE", "--dead-letter FILE",
                         "--strict", "--stats", "--max-line BYTES", "--version", "Examples:", "tool -r x.json in.ndjson", "Exit status"] {
            XCTAssertTrue(help.contains(expected), "help lacks \(expected)")
        }
    }

    func testStatisticsLine() {
        var statistics = RunStatistics()
        statistics.read = 3
        statistics.written = 1
        statistics.skip("cloudtrail-record")
        statistics.count("target.a", by: 2)
        XCTAssertEqual(statistics.line, "read=3 written=1 rejected=0 skipped=1 skipped.cloudtrail-record=1 target.a=2")
    }
}
