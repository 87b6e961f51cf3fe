import XCTest
import FindingsCore
@testable import Sinks

final class FileDestinationTests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = temporaryDirectory("sink-file")
    }

    override func tearDown() { system2("rm", "-rf", directory) }

    func destination(_ template: String, _ configure: (inout FileDestination.Options) -> Void = { _ in }) throws -> FileDestination {
        var options = FileDestination.Options()
        configure(&options)
        return try FileDestination(template: directory + "/" + template, options: options) { ASFFEncoder() }
    }

    func add(_ findings: [String], to destination: FileDestination) throws {
        for finding in findings {
            let document = try TestDocument(finding)
            try destination.add(document.root)
        }
    }

    /// Every regular file under the test directory, relative, sorted.
    func files() -> [String] {
        var result: [String] = []
        func walk(_ path: String, _ relative: String) {
            guard let handle = opendir(path) else { return }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name == "." || name == ".." { continue }
                if entry.pointee.d_type == DT_DIR { walk(path + "/" + name, relative + name + "/") } else { result.append(relative + name) }
            }
        }
        walk(directory, "")
        return result.sorted()
    }

    func testHostileValuesStayInsideTheBaseDirectory() throws {
        let destination = try destination("out/{AwsAccountId}/{Region}/{Title}/f.ndjson")
        try add([try Fixtures.finding(["AwsAccountId": .string("../../.."), "Region": .string("/etc"), "Title": .string("a\u{0}b;rm -rf $(x)|`y`&>z")]),
                 try Fixtures.finding(["AwsAccountId": .string(".."), "Region": .string("."), "Title": .string("")]),
                 try Fixtures.finding(["AwsAccountId": .string("-n"), "Region": .string("..\\..")])], to: destination)
        try destination.close()
        let written = files()
        XCTAssertEqual(written.count, 3)
        for path in written {
            XCTAssertTrue(path.hasPrefix("out/"), path)
            XCTAssertFalse(path.split(separator: "/").contains(".."), path)
            XCTAssertFalse(path.contains { "$;|&<>`\\ \u{0}".contains($0) }, path)
        }
        XCTAssertTrue(written.contains { $0.hasPrefix("out/_.._.._../_etc/a_b_rm_-rf___x___y___z/f-") }, "\(written)")
        XCTAssertTrue(written.contains { $0.hasPrefix("out/_/_/_/f-") }, "\(written)")
        XCTAssertTrue(written.contains { $0.hasPrefix("out/_-n/_.._../") }, "\(written)")
    }

    func testTemplateTimeFieldsAndGzipMembersReadBack() throws {
        let destination = try destination("{AwsAccountId}/{Region}/{UpdatedAt:%Y/%m/%d}/findings.ndjson.gz")
        XCTAssertEqual(destination.template.baseDirectory, directory)
        try add([try Fixtures.finding()], to: destination)
        try destination.flush()
        XCTAssertTrue(files().allSatisfy { $0.split(separator: "/").last!.hasPrefix(".") }, "only a temporary file until complete")
        try add([try Fixtures.finding(["Id": .string("two")])], to: destination)
        try destination.close()
        let written = files()
        XCTAssertEqual(written.count, 1)
        XCTAssertTrue(written[0].hasPrefix("193043430472/us-east-1/2020/09/30/findings-"), written[0])
        XCTAssertTrue(written[0].hasSuffix(".ndjson.gz"))
        let stream = try InputStream(path: directory + "/" + written[0])
        XCTAssertTrue(stream.isGzip)
        let reader = DocumentReader(stream: stream, tape: JSONTape())
        var ids: [String] = []
        while case .document(let document, _)? = try reader.next() { ids.append(document.root["Id"]?.stringValue ?? "") }
        XCTAssertEqual(ids.count, 2, "two batches, two gzip members, one valid file")
        XCTAssertEqual(ids.last, "two")
    }

    func testRotationBySizeAndAge() throws {
        let bySize = try destination("size/f.ndjson") { $0.rotateBytes = 5000 }
        for _ in 0..<3 {
            try add([try Fixtures.finding(), try Fixtures.finding()], to: bySize)
            try bySize.flush()
        }
        try bySize.close()
        XCTAssertEqual(files().filter { $0.hasPrefix("size/") }.count, 3, "each ~8 KB batch completes a file")
        let byAge = try destination("age/f.ndjson") { $0.rotateSeconds = 0.05 }
        try add([try Fixtures.finding()], to: byAge)
        try byAge.flush()
        usleep(100_000)
        try byAge.flush()
        XCTAssertEqual(files().filter { $0.hasPrefix("age/") && !$0.contains("/.") }.count, 1, "completed once old enough")
        try add([try Fixtures.finding()], to: byAge)
        try byAge.flush()
        try byAge.close()
        XCTAssertEqual(files().filter { $0.hasPrefix("age/") }.count, 2)
    }

    func testADiscardedBatchIsCutOffAndTheFileCompleted() throws {
        let destination = try destination("d/f.ndjson.gz")
        try add([try Fixtures.finding()], to: destination)
        try destination.flush()
        try add([try Fixtures.finding(["Id": .string("lost")])], to: destination)
        destination.discardBatch()
        let written = files()
        XCTAssertEqual(written.count, 1)
        let reader = DocumentReader(stream: try InputStream(path: directory + "/" + written[0]), tape: JSONTape())
        var count = 0
        while case .document? = try reader.next() { count += 1 }
        XCTAssertEqual(count, 1)
    }

    func testBadTemplatesAreUsageErrors() {
        XCTAssertThrowsError(try PathTemplate("out/{Region"))
        XCTAssertThrowsError(try PathTemplate("out/{}/f"))
        XCTAssertThrowsError(try PathTemplate("out/{UpdatedAt:%Q}/f"))
        XCTAssertThrowsError(try PathTemplate("out/"))
    }
}

extension FileDestinationTests {
    func testOpeningMoreThanTheLimitCompletesTheOldestFile() throws {
        let destination = try destination("m/{Id}.ndjson") { $0.maxOpenFiles = 2 }
        try add([try Fixtures.finding(["Id": .string("a")]), try Fixtures.finding(["Id": .string("b")])], to: destination)
        XCTAssertEqual(files().filter { !$0.contains("/.") }, [], "both still open")
        try add([try Fixtures.finding(["Id": .string("c")])], to: destination)
        let completed = files().filter { !$0.contains("/.") }
        XCTAssertEqual(completed.count, 1)
        XCTAssertTrue(completed[0].hasPrefix("m/a-"), "\(completed)")
        try destination.close()
        XCTAssertEqual(files().count, 3)
        XCTAssertEqual(destination.statistics.delivered, 3)
    }
}
