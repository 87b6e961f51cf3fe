import Foundation
import XCTest

/// Hostile variants of every authored and real finding fixture: each value replaced, one at a
/// time, by values of the wrong kind or out of range. `normalize` must reject or map each one
/// (exit 0 or 1), never crash, and what it writes must still be valid.
final class NormalizeRobustnessTests: XCTestCase {
    private let hostile: [Any] = [NSNull(), -1, 1e308, "", " ", String(repeating: "é", count: 1500), [Any](), [String: Any](), true,
                                  "2024-13-45T99:99:99Z"]

    private func variants(of document: Any, limit: Int) -> [Any] {
        var results: [Any] = []
        func walk(_ path: [Any], _ node: Any) {
            guard results.count < limit else { return }
            if !path.isEmpty {
                let replacement = hostile[results.count % hostile.count]
                results.append(replacing(document, at: path[...], with: replacement))
            }
            if let object = node as? [String: Any] {
                for key in object.keys.sorted() { walk(path + [key], object[key]!) }
            } else if let array = node as? [Any] {
                for (index, element) in array.enumerated().prefix(3) { walk(path + [index], element) }
            }
        }
        walk([], document)
        return results
    }

    private func replacing(_ node: Any, at path: ArraySlice<Any>, with value: Any) -> Any {
        guard let head = path.first else { return value }
        if var object = node as? [String: Any], let key = head as? String, let child = object[key] {
            object[key] = replacing(child, at: path.dropFirst(), with: value)
            return object
        }
        if var array = node as? [Any], let index = head as? Int, index < array.count {
            array[index] = replacing(array[index], at: path.dropFirst(), with: value)
            return array
        }
        return node
    }

    func testHostileValuesNeverCrashAndOutputStaysValid() throws {
        var lines: [Data] = []
        for path in try NormalizeHarness.files(in: "authored") + NormalizeHarness.files(in: "real/guardduty")
            + NormalizeHarness.files(in: "real/inspector2") + NormalizeHarness.files(in: "real/config") where !path.hasSuffix(".gz") {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let documents = (try? [JSONSerialization.jsonObject(with: Data(text.utf8))])
                ?? text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }
            for document in documents {
                for variant in variants(of: document, limit: 400) {
                    lines.append(try JSONSerialization.data(withJSONObject: variant))
                }
            }
        }
        XCTAssertGreaterThan(lines.count, 2000)
        let input = lines.reduce(into: Data()) { $0.append($1); $0.append(0x0A) }
        let run = try NormalizeHarness.run(["--account", "111122223333", "--region", "us-east-1"], input: input)
        XCTAssertTrue(run.status == 0 || run.status == 1, "exit \(run.status): \(run.stderr.suffix(2000))")
        XCTAssertFalse(run.stderr.contains("Fatal error"), String(run.stderr.suffix(2000)))
        XCTAssertGreaterThan(run.findings.count, 500)
        // Every line written is a complete finding; the model check is in NormalizeCorpusTests.
        XCTAssertEqual(run.findings.count, run.stdout.split(separator: "\n").count)
    }
}
