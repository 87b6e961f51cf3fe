import XCTest
import FindingsCore
@testable import Sinks

final class DestinationURITests: XCTestCase {
    func testParsesEveryScheme() throws {
        XCTAssertEqual(try DestinationURI("-"), .standardOutput)
        XCTAssertEqual(try DestinationURI("sqlite:a/b.db"), .sqlite(path: "a/b.db"))
        XCTAssertEqual(try DestinationURI("file:out/{Region}.ndjson"), .file(template: "out/{Region}.ndjson"))
        XCTAssertEqual(try DestinationURI("https://h:8088/services/collector/event"), .http(url: "https://h:8088/services/collector/event"))
        XCTAssertEqual(try DestinationURI("syslog+tcp://127.0.0.1:6514"), .syslog(transport: .tcp, host: "127.0.0.1", port: 6514))
        XCTAssertEqual(try DestinationURI("syslog+udp://[::1]:514"), .syslog(transport: .udp, host: "::1", port: 514))
        XCTAssertEqual(try DestinationURI("postgres:host=/tmp dbname=x"), .postgres(conninfo: "host=/tmp dbname=x"))
        XCTAssertThrowsError(try DestinationURI("ftp://x"))
        XCTAssertThrowsError(try DestinationURI("syslog+tcp://host"))
        XCTAssertThrowsError(try DestinationURI("sqlite:"))
    }

    func testLabelsHidePasswords() throws {
        XCTAssertEqual(try DestinationURI("https://user:secret@h/_bulk").label, "https://***@h/_bulk")
        XCTAssertEqual(try DestinationURI("postgres:host=/tmp password=secret").label, "postgres:host=/tmp password=***")
        XCTAssertEqual(try DestinationURI("postgresql://u:secret@h/db").label, "postgres:postgresql://***@h/db")
    }

    func testPathComponentsCannotEscape() {
        XCTAssertEqual(PathSanitizer.component(".."), "_")
        XCTAssertEqual(PathSanitizer.component("."), "_")
        XCTAssertEqual(PathSanitizer.component(""), "_")
        XCTAssertEqual(PathSanitizer.component("../../etc/passwd"), "_.._.._etc_passwd")
        XCTAssertEqual(PathSanitizer.component("/abs"), "_abs")
        XCTAssertEqual(PathSanitizer.component("a\u{0}b"), "a_b")
        XCTAssertEqual(PathSanitizer.component("$(rm -rf ~);`x`|&>"), "__rm_-rf_____x____")
        XCTAssertEqual(PathSanitizer.component("-rf"), "_-rf")
        XCTAssertEqual(PathSanitizer.component(".hidden"), "_.hidden")
    }
}
