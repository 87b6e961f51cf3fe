import Foundation
import XCTest

/// Every fixture at once: what each real sample becomes, botocore's verdict on the output,
/// determinism, and bad input.
final class NormalizeCorpusTests: XCTestCase {
    /// Real samples that are not findings, by the kind they are counted as (first matching prefix).
    private let skippedKinds: KeyValuePairs<String, String> = [
        "cloudtrail/cli-lookup-events": "cloudtrail-lookup-events",
        "cloudtrail/": "cloudtrail-log-file",
        "config/eventbridge-configuration-item-change": "config-configuration-item",
        "config/sns-configuration-item-change": "config-configuration-item",
        "config/rule-invoking-event": "config-rule-invocation",
        "route53resolver/": "route53-resolver-query-log",
        "vpcflow/": "vpc-flow-log",
    ]

    func testEveryRealFixtureIsNormalisedOrSkippedAsItsKind() throws {
        let root = NormalizeHarness.fixture("real") + "/"
        let files = try NormalizeHarness.files(in: "real")
        XCTAssertGreaterThan(files.count, 50)
        for path in files {
            let name = String(path.dropFirst(root.count))
            let run = try NormalizeHarness.run(["--stats", "--account", "123456789012", "--region", "us-east-1", path])
            XCTAssertEqual(run.status, 0, "\(name): \(run.stderr)")
            if let kind = skippedKinds.first(where: { name.hasPrefix($0.key) })?.value {
                XCTAssertTrue(run.findings.isEmpty, name)
                XCTAssertEqual(Array(run.skipped.keys), [kind], "\(name): \(run.stderr)")
                XCTAssertTrue(run.stderr.contains("skipped "), name)
            } else {
                XCTAssertFalse(run.findings.isEmpty, "\(name) gave no finding: \(run.stderr)")
                XCTAssertTrue(run.skipped.isEmpty, name)
            }
        }
    }

    func testFlowLogTextLinesAreCountedNotRejectedAsJSON() throws {
        let run = try NormalizeHarness.run(["--stats", NormalizeHarness.fixture("real/vpcflow/default-v2.log"),
                                            NormalizeHarness.fixture("real/vpcflow/custom-v3-tcp-flags.log.gz")])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.skipped, ["vpc-flow-log": 17])
        XCTAssertFalse(run.stderr.contains("invalid JSON"))
        let strict = try NormalizeHarness.run(["--strict", NormalizeHarness.fixture("real/vpcflow/default-v2.log")])
        XCTAssertEqual(strict.status, 1)
        XCTAssertTrue(strict.stderr.contains("default-v2.log:1: not a finding (vpc-flow-log); --strict rejects documents that are not findings"),
                      strict.stderr)
        let text = try NormalizeHarness.run([], input: Data("hello world\n{\"hello\":1}\n".utf8))
        XCTAssertEqual(text.status, 1)
        XCTAssertTrue(text.stderr.contains("-:1: not JSON and not a VPC flow log record"), text.stderr)
        XCTAssertTrue(text.stderr.contains("-:2: not a recognised finding format"), text.stderr)
    }

    func testAllOutputPassesBotocoreBatchImportFindingsValidation() throws {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import botocore"]
        try check.run()
        check.waitUntilExit()
        try XCTSkipIf(check.terminationStatus != 0, "python3 with botocore is not installed")

        let files = try NormalizeHarness.files(in: "real") + NormalizeHarness.files(in: "authored").filter { !$0.hasSuffix("bad-input.ndjson") }
        let run = try NormalizeHarness.run(["--account", "123456789012", "--region", "us-east-1"] + files)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertGreaterThan(run.findings.count, 40)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("normalize-botocore-\(getpid()).ndjson")
        try Data(run.stdout.utf8).write(to: output)
        defer { try? FileManager.default.removeItem(at: output) }

        let validate = Process()
        validate.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        validate.arguments = ["python3", NormalizeHarness.fixture("validate_asff.py"), output.path]
        let pipe = Pipe()
        validate.standardOutput = pipe
        try validate.run()
        let report = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        validate.waitUntilExit()
        XCTAssertEqual(validate.terminationStatus, 0, report)
        XCTAssertTrue(report.contains("asff: \(run.findings.count) passed, 0 failed"), report)
    }

    func testOutputIsDeterministic() throws {
        let files = try NormalizeHarness.files(in: "authored") + NormalizeHarness.files(in: "real/guardduty")
        let first = try NormalizeHarness.run(["--account", "123456789012", "--region", "us-east-1"] + files)
        let second = try NormalizeHarness.run(["--account", "123456789012", "--region", "us-east-1"] + files)
        XCTAssertEqual(first.stdout, second.stdout)
        let ids = first.findings.compactMap { $0["Id"] as? String }
        XCTAssertEqual(Set(ids).count, ids.count, "every finding has its own Id")
    }

    func testBadInputIsReportedWithFileAndLineAndTheRestGoesThrough() throws {
        let path = NormalizeHarness.fixture("authored/bad-input.ndjson")
        let run = try NormalizeHarness.run([path])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.findings.compactMap { $0["Title"] as? String }, ["valid", "valid inspector"])
        for expected in [
            "normalize: \(path):1: GuardDuty finding: missing 'id'",
            "normalize: \(path):3: Inspector finding: unknown type 'MALWARE' (expected PACKAGE_VULNERABILITY, NETWORK_REACHABILITY or CODE_VULNERABILITY)",
            "normalize: \(path):4: OCSF finding: 'severity_id' must be an integer (0-6 or 99), got string",
            "normalize: \(path):5: not a recognised finding format (see --list-formats)",
        ] {
            XCTAssertTrue(run.stderr.contains(expected), "missing: \(expected)\n\(run.stderr)")
        }
    }

    func testNonFindingEventsAreSkippedByKind() throws {
        let run = try NormalizeHarness.run(["--stats", NormalizeHarness.fixture("authored/inspector2-scan-and-coverage-events.ndjson")])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.skipped, ["scan-event": 1, "coverage-event": 1])
        XCTAssertTrue(run.stderr.contains("normalize: skipped 2 document(s) that are not findings: "), run.stderr)
    }
}
