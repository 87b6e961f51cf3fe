import XCTest
import FindingsCore
@testable import Sinks

final class HTTPDestinationTests: XCTestCase {
    var directory = ""

    override func setUp() { directory = temporaryDirectory("sink-http") }
    override func tearDown() { system2("rm", "-rf", directory) }

    func destination(_ url: String, _ format: OutputFormat, retries: Int = 5, token: String? = "s3cret") throws -> HTTPDestination {
        var options = HTTPDestination.Options()
        options.token = token
        options.retry.retries = retries
        options.retry.baseDelay = 0.01
        options.timeoutSeconds = 10
        return try HTTPDestination(url: url, label: url, format: format, formatOptions: FormatOptions(), options: options)
    }

    func findings(_ count: Int) throws -> [String] {
        try (0..<count).map { try Fixtures.finding(["Id": .string("finding-\($0)")]) }
    }

    func add(_ findings: [String], to destination: Destination) throws {
        for finding in findings {
            let document = try TestDocument(finding)
            try destination.add(document.root)
        }
    }

    func testHECBatchIsOneGzipRequestWithTheSplunkToken() throws {
        let server = try TestHTTPServer(directory: directory)
        let hec = try destination(server.url + "/services/collector/event", .splunkHEC)
        try add(try findings(3), to: hec)
        try hec.flush()
        let requests = try server.requests()
        XCTAssertEqual(requests.count, 1)
        XCTAssertEqual(requests[0].headers["Authorization"]?.stringValue, "Splunk s3cret")
        XCTAssertEqual(requests[0].headers["Content-Encoding"]?.stringValue, "gzip")
        XCTAssertEqual(requests[0].body.split(separator: "\n").count, 3)
        XCTAssertEqual(try server.invalidBodies(), [])
        XCTAssertEqual(hec.statistics.delivered, 3)
    }

    func testRetriesOn429And5xxHonouringRetryAfter() throws {
        let server = try TestHTTPServer(plan: #"[{"status": 429, "retry_after": 1}, {"status": 503}]"#, directory: directory)
        let hec = try destination(server.url + "/services/collector/event", .splunkHEC)
        try add(try findings(2), to: hec)
        let start = SinkProcessor.monotonicSeconds()
        try hec.flush()
        XCTAssertGreaterThanOrEqual(SinkProcessor.monotonicSeconds() - start, 1.0, "Retry-After: 1 waited for")
        XCTAssertEqual(hec.statistics.retries, 2)
        XCTAssertEqual(try server.requests().count, 1)
    }

    func testGivesUpAfterTheRetriesAndDoesNotRetryOtherClientErrors() throws {
        let server = try TestHTTPServer(plan: #"[{"status": 500}, {"status": 500}, {"status": 500}, {"status": 403}]"#, directory: directory)
        let hec = try destination(server.url + "/services/collector/event", .splunkHEC, retries: 2)
        try add(try findings(1), to: hec)
        XCTAssertThrowsError(try hec.flush()) { XCTAssertTrue("\($0)".contains("gave up after 3 attempts"), "\($0)") }
        hec.discardBatch()
        try add(try findings(1), to: hec)
        XCTAssertThrowsError(try hec.flush()) { XCTAssertTrue("\($0)".hasPrefix("HTTP 403"), "\($0)") }
        XCTAssertEqual(hec.statistics.retries, 2)
    }

    func testBulkRetriesOnlyTheItemsThatFailed() throws {
        let server = try TestHTTPServer(plan: #"[{"bulk": "partial-429"}]"#, directory: directory)
        let bulk = try destination(server.url + "/findings/_bulk", .elasticBulk)
        try add(try findings(4), to: bulk)
        try bulk.flush()
        let requests = try server.requests()
        XCTAssertEqual(requests.count, 2)
        XCTAssertEqual(requests[0].body.split(separator: "\n").count, 8)
        XCTAssertEqual(requests[1].body.split(separator: "\n").count, 2, "only the 429 item again")
        XCTAssertEqual(requests[0].headers["Authorization"]?.stringValue, "ApiKey s3cret")
        XCTAssertEqual(requests[0].headers["Content-Type"]?.stringValue, "application/x-ndjson")
        XCTAssertTrue(requests[1].body.contains("finding-0"))
        XCTAssertEqual(try server.invalidBodies(), [])
    }

    func testBulkItemRejectionsFailTheBatch() throws {
        let server = try TestHTTPServer(plan: #"[{"bulk": "reject-400"}]"#, directory: directory)
        let bulk = try destination(server.url + "/_bulk", .elasticBulk)
        try add(try findings(2), to: bulk)
        XCTAssertThrowsError(try bulk.flush()) { XCTAssertTrue("\($0)".contains("mapper_parsing_exception"), "\($0)") }
    }

    func testUnreachableServerFailsAfterRetries() throws {
        let server = try TestHTTPServer(directory: directory)
        let url = server.url + "/hook"
        server.process.kill()
        let hook = try destination(url, .webhook, retries: 1, token: nil)
        try add(try findings(1), to: hook)
        XCTAssertThrowsError(try hook.flush())
    }

    func testWebhookBodyIsAnArrayWithBearerToken() throws {
        let server = try TestHTTPServer(directory: directory)
        let hook = try destination(server.url + "/hook", .webhook)
        try add(try findings(2), to: hook)
        try hook.flush()
        let request = try XCTUnwrap(try server.requests().first)
        XCTAssertEqual(request.headers["Authorization"]?.stringValue, "Bearer s3cret")
        XCTAssertEqual(try TestDocument(request.body).value.arrayValue?.count, 2)
    }

    func testOtherFormatsAreRefused() {
        XCTAssertThrowsError(try destination("http://127.0.0.1:1/x", .cef))
    }
}
