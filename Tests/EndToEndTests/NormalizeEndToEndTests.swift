import XCTest
import Foundation

final class NormalizeEndToEndTests: XCTestCase {
    private var validLine: String {
        get throws {
            let result = try Tools.run("normalize", [Fixtures.path("securityhub/asff-control-afsbp-ec2.1.json")])
            return result.lines[0]
        }
    }

    func testEveryRealSecurityHubFixtureBecomesFindingsBotocoreAccepts() throws {
        var all = ""
        for fixture in try Fixtures.all(in: "securityhub") {
            let result = try Tools.run("normalize", [fixture])
            XCTAssertEqual(result.status, 0, "\(fixture): \(result.stderr)")
            XCTAssertEqual(result.lines.count, 1, fixture)
            all += result.stdout
        }
        try assertBotocoreAccepts(all)
    }

    func testRepairsNumericOriginalSeverityAsSecurityHubStoresIt() throws {
        let result = try Tools.run("normalize", [Fixtures.path("securityhub/get-findings-pci-lambda2.json")])
        XCTAssertEqual(result.status, 0, result.stderr)
        let finding = try JSONSerialization.jsonObject(with: Data(result.lines[0].utf8)) as! [String: Any]
        let severity = finding["Severity"] as! [String: Any]
        XCTAssertEqual(severity["Original"] as? String, "0")
        XCTAssertEqual((finding["FindingProviderFields"] as! [String: Any]).description.contains("Original"), true)
    }

    func testUnchangedFindingsPassThroughByteForByte() throws {
        let line = try validLine
        let result = try Tools.run("normalize", [], stdin: Data((line + "\n" + line + "\n").utf8))
        XCTAssertEqual(result.stdout, line + "\n" + line + "\n")
    }

    func testBadLineInTheMiddleIsReportedAndDeadLetteredWhileNeighboursPass() throws {
        let line = try validLine
        let directory = try makeTemporaryDirectory()
        let input = "\(directory)/mixed.ndjson"
        let bad = #"{"SchemaVersion":"2018-10-08","ProductArn":"arn:x","Id":1,}"#
        try (line + "\n" + bad + "\n" + line + "\n").write(toFile: input, atomically: true, encoding: .utf8)
        let result = try Tools.run("normalize", ["--dead-letter", "\(directory)/dead.ndjson", "--stats", input])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.lines, [line, line])
        XCTAssertTrue(result.stderr.contains("normalize: \(input):2: invalid JSON: trailing comma"), result.stderr)
        XCTAssertTrue(result.stderr.contains("stats: read=3 written=2 rejected=1"), result.stderr)
        let dead = try String(contentsOfFile: "\(directory)/dead.ndjson", encoding: .utf8)
        let record = try JSONSerialization.jsonObject(with: Data(dead.utf8)) as! [String: Any]
        XCTAssertEqual(record["line"] as? Int, 2)
        XCTAssertEqual(record["raw"] as? String, bad)
        XCTAssertEqual(record["file"] as? String, input)
        XCTAssertEqual(record["tool"] as? String, "normalize")
    }

    func testInvalidFindingNamesTheFieldAndRule() throws {
        var object = try JSONSerialization.jsonObject(with: Data(try validLine.utf8)) as! [String: Any]
        object["Severity"] = ["Label": "SEVERE"]
        object.removeValue(forKey: "Title")
        let text = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let result = try Tools.run("normalize", [], stdin: Data((text + "\n").utf8))
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("-:1: invalid ASFF finding: "), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testStrictStopsAtTheFirstBadRecord() throws {
        let line = try validLine
        let result = try Tools.run("normalize", ["--strict"], stdin: Data((line + "\n{oops}\n" + line + "\n").utf8))
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.lines, [line])
    }

    func testDocumentsThatAreNotFindingsAreCountedInOneSummaryLine() throws {
        let result = try Tools.run("normalize", ["--stats", Fixtures.path("cloudtrail/ec2-create-keypair.json"),
                                                 Fixtures.path("cloudtrail/cli-lookup-events.json.gz")])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("normalize: skipped 2 document(s) that are not findings: cloudtrail-log-file 1, cloudtrail-lookup-events 1"), result.stderr)
        let strict = try Tools.run("normalize", ["--strict", Fixtures.path("cloudtrail/ec2-create-keypair.json")])
        XCTAssertEqual(strict.status, 1)
        XCTAssertTrue(strict.stderr.contains("not a finding (cloudtrail-log-file)"), strict.stderr)
    }

    func testTruncatedGzipPassesCompleteLinesThenExitsThree() throws {
        let line = try validLine
        let directory = try makeTemporaryDirectory()
        let text = String(repeating: line + "\n", count: 3000)
        try text.write(toFile: "\(directory)/f.ndjson", atomically: true, encoding: .utf8)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-n", "\(directory)/f.ndjson"]
        try gzip.run(); gzip.waitUntilExit()
        let whole = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/f.ndjson.gz"))
        try whole.prefix(whole.count * 2 / 3).write(to: URL(fileURLWithPath: "\(directory)/cut.gz"))
        let result = try Tools.run("normalize", ["\(directory)/cut.gz"])
        XCTAssertEqual(result.status, 3)
        XCTAssertTrue(result.stderr.contains("\(directory)/cut.gz: truncated gzip stream"), result.stderr)
        XCTAssertGreaterThan(result.lines.count, 100)
        XCTAssertTrue(result.lines.allSatisfy { $0 == line })
        let whole2 = try Tools.run("normalize", ["\(directory)/f.ndjson.gz", "\(directory)/f.ndjson.gz"])
        XCTAssertEqual(whole2.lines.count, 6000)
    }

    func testHostileInputsGetClearErrorsNotCrashes() throws {
        let line = try validLine
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        var invalidUTF8 = Data(#"{"SchemaVersion":"2018-10-08","ProductArn":"arn:aws:x","Title":"bad "#.utf8)
        invalidUTF8 += Data([0xC3, 0x28]) + Data("\"}".utf8)
        let huge = "{\"a\":\"" + String(repeating: "x", count: 17 << 20) + "\"}"
        var input = Data()
        input += Data((line + "\n" + deep + "\n").utf8)
        input += invalidUTF8 + Data("\n".utf8)
        input += Data((#"{"Title":"\ud800"}"# + "\n" + huge + "\n" + line + "\n").utf8)
        let result = try Tools.run("normalize", [], stdin: input)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.lines, [line, line])
        XCTAssertTrue(result.stderr.contains("-:2: JSON nested deeper than 128 levels"), result.stderr)
        XCTAssertTrue(result.stderr.contains("-:3: invalid UTF-8 in string"), result.stderr)
        XCTAssertTrue(result.stderr.contains("-:4: invalid JSON: lone surrogate \\uD800"), result.stderr)
        XCTAssertTrue(result.stderr.contains("-:5: line longer than 16777216 bytes"), result.stderr)
    }

    func testFindingsListsEventBridgeEnvelopesAndArrays() throws {
        let line = try validLine
        let wrapped = "{\"Findings\":[\(line),\(line)]}\n[\(line)]\n{\"version\":\"0\",\"detail-type\":\"Security Hub Findings - Imported\",\"source\":\"aws.securityhub\",\"detail\":{\"findings\":[\(line)]}}\n"
        let result = try Tools.run("normalize", ["--stats"], stdin: Data(wrapped.utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.lines, [line, line, line, line])
    }

    func testUsageErrorsHelpVersionAndFormats() throws {
        let unknown = try Tools.run("normalize", ["--frm", "asff"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(unknown.stderr, "normalize: unknown option '--frm' (did you mean '--from'?); see 'normalize --help'\n")
        let badFormat = try Tools.run("normalize", ["--from", "xml"])
        XCTAssertEqual(badFormat.status, 2)
        let help = try Tools.run("normalize", ["--help"])
        XCTAssertEqual(help.status, 0)
        for option in ["--from FORMAT", "--list-formats", "--dead-letter FILE", "--strict", "--stats", "Examples:"] {
            XCTAssertTrue(help.stdout.contains(option), option)
        }
        XCTAssertTrue(try Tools.run("normalize", ["--version"]).stdout.hasPrefix("normalize (security-tooling) "))
        XCTAssertTrue(try Tools.run("normalize", ["--list-formats"]).stdout.contains("asff\t"))
        let missing = try Tools.run("normalize", ["/nonexistent.json"])
        XCTAssertEqual(missing.status, 3)
        XCTAssertEqual(missing.stderr, "normalize: /nonexistent.json: cannot open: No such file or directory\n")
    }

    func testClosedPipeEndsQuietly() throws {
        let line = try validLine
        let directory = try makeTemporaryDirectory()
        try String(repeating: line + "\n", count: 20_000).write(toFile: "\(directory)/many.ndjson", atomically: true, encoding: .utf8)
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")
        shell.arguments = ["-c", "set -o pipefail; '\(Tools.path("normalize"))' '\(directory)/many.ndjson' 2>'\(directory)/err' | head -n 1 > /dev/null"]
        try shell.run(); shell.waitUntilExit()
        XCTAssertEqual(shell.terminationStatus, 0)
        XCTAssertEqual(try String(contentsOfFile: "\(directory)/err", encoding: .utf8), "")
    }

    func testSigtermFlushesWholeLines() throws {
        let line = try validLine
        let directory = try makeTemporaryDirectory()
        let fifo = "\(directory)/fifo"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Tools.path("normalize"))
        process.arguments = [fifo]
        _ = FileManager.default.createFile(atPath: "\(directory)/out", contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(directory)/out"))
        try process.run()
        let writer = try FileHandle(forWritingTo: URL(fileURLWithPath: fifo))
        writer.write(Data((line + "\n" + line + "\n").utf8))
        Thread.sleep(forTimeInterval: 0.5)
        process.terminate()
        process.waitUntilExit()
        try writer.close()
        XCTAssertEqual(process.terminationStatus, 128 + SIGTERM)
        XCTAssertEqual(try String(contentsOfFile: "\(directory)/out", encoding: .utf8), line + "\n" + line + "\n")
    }
}
