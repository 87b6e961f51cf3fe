import Foundation
import XCTest
@testable import FindingsCore

/// An independent check: the `cvss` package from PyPI (RedHatProductSecurity/cvss, Decimal
/// arithmetic for v2/v3, its own port of FIRST's v4.0 calculator) scores the same vectors, which
/// `Fixtures/scoring/cvss_crosscheck.py` generates deterministically. The venv is made by
/// `make test` (`python3 -m venv .venv && .venv/bin/pip install cvss` at the package root).
final class ScoringCrossCheckTests: XCTestCase {
    private static let randomPerVersion = 5_000
    /// Every 7th of the 104,976 v4.0 base vectors (stride 1 runs all of them, in about a minute).
    private static let v4BaseStride = 7

    func testScoresAgreeWithPythonCVSSPackage() throws {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let python = root.appendingPathComponent(".venv/bin/python3")
        let script = root.appendingPathComponent("Tests/FindingsCoreTests/Fixtures/scoring/cvss_crosscheck.py")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            return XCTFail("\(python.path) not found: run `make test`, which creates the venv with the Python `cvss` package this cross-check needs")
        }
        let output = try run(python, [script.path, "\(Self.randomPerVersion)", "\(Self.v4BaseStride)"])
        guard let output else { return }

        var checked: [String: Int] = [:]
        var mismatches: [String] = []
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 5 else { return XCTFail("unexpected line from the cross-check script: \(line)") }
            let (version, vector, theirs) = (fields[0], fields[1], fields[2...].joined(separator: "\t"))
            let ours: String
            do {
                ours = try describe(CVSSVector(vector))
            } catch {
                ours = "rejected: \(error)"
            }
            if ours != theirs { mismatches.append("\(vector): ours \(ours), cvss \(theirs)") }
            checked[version, default: 0] += 1
        }
        XCTAssertEqual(mismatches.count, 0, "first mismatches:\n" + mismatches.prefix(20).joined(separator: "\n"))
        let v4Base = (104_976 + Self.v4BaseStride - 1) / Self.v4BaseStride
        XCTAssertEqual(checked, ["2.0": Self.randomPerVersion, "3.0": Self.randomPerVersion,
                                 "3.1": Self.randomPerVersion, "4.0": Self.randomPerVersion + v4Base])
    }

    /// Our scores in the script's notation. v3: the three equations, whichever groups are
    /// defined (the package always reports all three); v2: groups without metrics are None.
    private func describe(_ vector: CVSSVector) -> String {
        func text(_ scores: [Double?], _ severity: (Double) -> CVSSSeverity) -> String {
            scores.map { $0.map { "\($0)" } ?? "None" }.joined(separator: ",") + "\t"
                + scores.map { $0.map { severity($0).rawValue } ?? "None" }.joined(separator: ",")
        }
        switch vector {
        case let .v2(v2):
            let score = v2.score()
            return text([score.base, score.temporal, score.environmental], CVSSSeverity.init(v2Score:)) + "\t-"
        case let .v3(v3):
            return text([v3.baseScore(), v3.temporalScore(), v3.environmentalScore()], CVSSSeverity.init(score:)) + "\t-"
        case let .v4(v4):
            let score = v4.score()
            return text([score.score], CVSSSeverity.init(score:)) + "\t\(score.v4!.macroVector)"
        }
    }

    /// Runs the script; nil (after recording a failure) if it does not exit cleanly.
    private func run(_ executable: URL, _ arguments: [String]) throws -> String? {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            XCTFail("cross-check script failed (\(process.terminationStatus)); `make test` sets up its venv:\n"
                    + String(decoding: errors, as: UTF8.self))
            return nil
        }
        return String(decoding: output, as: UTF8.self)
    }
}
