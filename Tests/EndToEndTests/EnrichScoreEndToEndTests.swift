import XCTest
import Foundation

/// `enrich --score` run as a program: published examples, an independent implementation, errors.
final class EnrichScoreEndToEndTests: XCTestCase {
    private func score(_ lines: [String], _ extra: [String] = []) throws -> ToolResult {
        try Tools.run("enrich", ["--score"] + extra, stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    private func objects(_ result: ToolResult) throws -> [[String: Any]] {
        try result.lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    func testFIRSTPublishedExamplesGiveExactLines() throws {
        let result = try score([
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",                      // CVE-2014-0160
            "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H",                      // CVE-2012-1516
            "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",                      // CVE-2013-1937
            "AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H",  // v2 guide §3.3.1
            "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U",  // CVE-2020-3549
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.lines, [
            #"{"vector":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N","version":"3.1","base":7.5,"temporal":7.5,"environmental":7.5,"severity":"High"}"#,
            // FIRST's calculator shows Environmental 10.0 for this Scope:Changed vector with no environmental metric.
            #"{"vector":"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H","version":"3.1","base":9.9,"temporal":9.9,"environmental":10.0,"severity":"Critical"}"#,
            #"{"vector":"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N","version":"3.0","base":6.1,"temporal":6.1,"environmental":6.1,"severity":"Medium"}"#,
            #"{"vector":"AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H","version":"2.0","base":7.8,"temporal":6.4,"environmental":9.2,"severity":"High"}"#,
            #"{"vector":"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U","version":"4.0","base":7.7,"temporal":null,"environmental":null,"score":5.2,"macrovector":"110220","severity":"Medium"}"#,
        ])
    }

    /// scoring.md §6.3's worked examples of ctx-score v1.
    func testContextualRequestsReproduceTheDocumentedExamples() throws {
        let critical = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
        let result = try score([
            #"{"vector":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H","reach":"internet","kev":true}"#,
            #"{"vector":"\#(critical)","reach":"none","exploit":"YES"}"#,
            #"{"vector":"\#(critical)","reach":"internal","exploit":"NO","epss":0.002,"fix":"YES"}"#,
            #"{"vector":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N","reach":"internet","exploit":false,"epss":"0.35"}"#,
            #"{"vector":"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H","criticality":"low","exploit":"YES","fix":"PARTIAL"}"#,
            #"{"kev":true}"#,
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = try objects(result)
        XCTAssertEqual(out.map { $0["contextualScore"] as? Double }, [10.0, 8.2, 8.1, 7.1, 6.7, nil])
        XCTAssertEqual(out.map { $0["label"] as? String }, ["CRITICAL", "HIGH", "HIGH", "HIGH", "MEDIUM", "UNTRIAGED"])
        XCTAssertEqual(out.map { $0["priority"] as? String }, ["P1", "P3", "P3", "P2", "P4", "P1"])
        XCTAssertEqual(out.map { $0["actionable"] as? Bool }, [false, false, true, false, true, false])
        XCTAssertEqual(out[2]["normalized"] as? Int, 81)
        XCTAssertEqual(out[2]["baseScore"] as? Double, 9.8)
        XCTAssertEqual(out[2]["scoreKind"] as? String, "environmental")
        XCTAssertEqual(out[2]["contextualVector"] as? String, critical + "/E:U/MAV:A")
        XCTAssertEqual(out[2]["adjustments"] as? [[String: String]],
                       [["metric": "MAV", "reason": "NOT_INTERNET_REACHABLE"], ["metric": "E", "reason": "NO_PUBLIC_EXPLOIT"]])
        XCTAssertEqual(result.lines[5], #"{"baseVector":null,"baseScore":null,"contextualVector":null,"contextualScore":null,"scoreKind":null,"adjustments":[],"label":"UNTRIAGED","normalized":null,"priority":"P1","actionable":false}"#)
    }

    func testBadLinesNameFileLineAndMetricWhileTheRestGoesOn() throws {
        let directory = try makeTemporaryDirectory()
        let input = "\(directory)/vectors.txt"
        try """
        CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H
        CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H
        CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H

        CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L
        CVSS:9.9/AV:N
        {"vector":"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"}
        {"vector":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","epss":1.5}
        {"vector":
        AV:N/AC:L/Au:N/C:P/I:P/A:P
        """.write(toFile: input, atomically: true, encoding: .utf8)
        let result = try Tools.run("enrich", ["--score", "--stats", "--dead-letter", "\(directory)/dead.ndjson", input])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.lines.count, 2)
        let expected = [
            "enrich: \(input):2: missing mandatory CVSS base metric A",
            "enrich: \(input):3: unknown value \"Q\" for CVSS metric AV",
            "enrich: \(input):5: CVSS metric AV appears more than once",
            "enrich: \(input):6: CVSS vector starts with \"CVSS:9.9\"",
            "enrich: \(input):7: vector: CVSS vector starts with \"CVSS:4.0\"",
            "enrich: \(input):8: epss: expected a probability from 0 to 1",
            "enrich: \(input):9: invalid JSON",
            "stats: read=9 written=2 rejected=7",
        ]
        for message in expected { XCTAssertTrue(result.stderr.contains(message), "missing \(message) in\n\(result.stderr)") }
        let dead = try String(contentsOfFile: "\(directory)/dead.ndjson", encoding: .utf8)
        XCTAssertEqual(dead.split(separator: "\n").count, 7)
        XCTAssertTrue(dead.contains(#""raw":"CVSS:3.1/AV:Q/AC:L"#), dead)

        let strict = try Tools.run("enrich", ["--score", "--strict", input])
        XCTAssertEqual(strict.status, 1)
        XCTAssertEqual(strict.lines.count, 1)
    }

    /// Every version, every metric group: `enrich --score` against the Python `cvss` package
    /// (the scoring core's cross-check script generates and scores the vectors).
    func testScoresAgreeWithPythonCVSSPackageEndToEnd() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let python = root.appendingPathComponent(".venv/bin/python3").path
        let script = root.appendingPathComponent("Tests/FindingsCoreTests/Fixtures/scoring/cvss_crosscheck.py").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            return XCTFail("\(python) not found: run `make test`, which creates the venv with the Python `cvss` package")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "2000", "97"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let printed = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let rows = String(decoding: printed, as: UTF8.self).split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let result = try score(rows.map { $0[1] })
        XCTAssertEqual(result.status, 0, result.stderr)
        let out = try objects(result)
        XCTAssertEqual(out.count, rows.count)
        var mismatches: [String] = []
        for (row, ours) in zip(rows, out) {
            let theirs = row[2].split(separator: ",").map { $0 == "None" ? nil : Double($0) }
            let severities = row[3].split(separator: ",").map(String.init)
            let got: [Double?]
            var severity = severities.last!
            if row[0] == "4.0" {
                got = [ours["score"] as? Double]
                if ours["macrovector"] as? String != row[4] { mismatches.append("\(row[1]): macrovector \(ours["macrovector"] ?? "-")") }
            } else {
                got = ["base", "temporal", "environmental"].map { ours[$0] as? Double }
                // The rating is that of the most specific group the vector defines.
                let defined = Set(row[1].split(separator: "/").filter { !$0.hasSuffix(":X") && !$0.hasSuffix(":ND") }
                    .compactMap { $0.split(separator: ":").first.map(String.init) })
                let temporal: Set<String> = ["E", "RL", "RC"]
                let base: Set<String> = ["CVSS", "AV", "AC", "PR", "UI", "S", "C", "I", "A", "Au"]
                if !defined.subtracting(base).subtracting(temporal).isEmpty { severity = severities[2] }
                else if !defined.intersection(temporal).isEmpty { severity = severities[1] }
                else { severity = severities[0] }
            }
            if got != theirs { mismatches.append("\(row[1]): ours \(got), cvss \(theirs)") }
            if ours["severity"] as? String != severity { mismatches.append("\(row[1]): severity \(ours["severity"] ?? "-"), cvss \(severity)") }
            if ours["version"] as? String != row[0] { mismatches.append("\(row[1]): version") }
        }
        XCTAssertEqual(mismatches.count, 0, mismatches.prefix(20).joined(separator: "\n"))
        XCTAssertGreaterThan(out.count, 8000)
    }
}
