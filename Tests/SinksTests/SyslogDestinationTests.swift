import XCTest
import FindingsCore
@testable import Sinks

/// A listening socket on 127.0.0.1 with an ephemeral port.
final class TestListener {
    let fd: Int32
    let port: UInt16

    init(datagram: Bool) throws {
        let fd = socket(AF_INET, Int32(datagram ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                guard bind(fd, raw, length) == 0 else { throw DeliveryError("bind failed") }
                guard getsockname(fd, raw, &length) == 0 else { throw DeliveryError("getsockname failed") }
            }
        }
        port = UInt16(bigEndian: address.sin_port)
        if !datagram { listen(fd, 8) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Accepts one connection and reads it to the end (or closes it after `limit` bytes).
    func acceptAndRead(closeAfter limit: Int = .max) -> [UInt8] {
        let connection = accept(fd, nil, nil)
        guard connection >= 0 else { return [] }
        defer { close(connection) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while data.count < limit {
            let n = recv(connection, &chunk, chunk.count, 0)
            if n <= 0 { break }
            data += chunk[0..<n]
        }
        return data
    }

    func receiveDatagram() -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 70000)
        let n = recv(fd, &chunk, chunk.count, 0)
        return n > 0 ? Array(chunk[0..<n]) : []
    }
}

/// Splits RFC 6587 octet-counted frames; fails the test on bad framing.
func octetCountedFrames(_ data: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> [[UInt8]] {
    var frames: [[UInt8]] = []
    var index = 0
    while index < data.count {
        guard let space = data[index...].firstIndex(of: UInt8(ascii: " ")),
              let length = Int(String(decoding: data[index..<space], as: UTF8.self)) else {
            XCTFail("no MSG-LEN at \(index)", file: file, line: line); return frames
        }
        XCTAssertNotEqual(data[index], UInt8(ascii: "0"), "MSG-LEN has no leading zero", file: file, line: line)
        let end = space + 1 + length
        guard end <= data.count else { XCTFail("frame runs past the data", file: file, line: line); return frames }
        frames.append(Array(data[(space + 1)..<end]))
        index = end
    }
    return frames
}

final class SyslogDestinationTests: XCTestCase {
    func findings() throws -> [TestDocument] {
        try [Fixtures.finding(["Description": .string("line one\nline two\r\nthree")]), Fixtures.finding(["Id": .string("b")])].map(TestDocument.init)
    }

    func destination(_ transport: DestinationURI.SyslogTransport, _ port: UInt16, _ payload: SyslogEncoder.Payload) -> SyslogDestination {
        var retry = RetryPolicy()
        retry.baseDelay = 0.01
        retry.retries = 2
        return SyslogDestination(label: "syslog", transport: transport, host: "127.0.0.1", port: port, payload: payload,
                                 options: FormatOptions(), retry: retry)
    }

    func testTCPUsesOctetCountingSoMultiLineFindingsStayWhole() throws {
        let listener = try TestListener(datagram: false)
        let syslog = destination(.tcp, listener.port, .json)
        for document in try findings() { try syslog.add(document.root) }
        try syslog.close()
        let frames = octetCountedFrames(listener.acceptAndRead())
        XCTAssertEqual(frames.count, 2)
        for frame in frames {
            XCTAssertTrue(frame.starts(with: Array("<".utf8)))
            let bom = try XCTUnwrap(frame.firstRange(of: [0xEF, 0xBB, 0xBF]))
            let json = try TestDocument(String(decoding: frame[bom.upperBound...], as: UTF8.self)).value
            XCTAssertNotNil(json["Id"]?.stringValue)
        }
        XCTAssertEqual(try TestDocument(String(decoding: frames[0][(frames[0].firstRange(of: [0xEF, 0xBB, 0xBF])!.upperBound)...], as: UTF8.self)).value["Description"]?.stringValue,
                       "line one\nline two\r\nthree")
    }

    func testTCPReconnectsWhenTheReceiverClosedTheConnection() throws {
        let listener = try TestListener(datagram: false)
        let syslog = destination(.tcp, listener.port, .cef)
        let documents = try findings()
        try syslog.add(documents[0].root)
        try syslog.flush()
        let first = listener.acceptAndRead(closeAfter: 1)
        XCTAssertFalse(first.isEmpty)
        usleep(50_000)
        try syslog.add(documents[1].root)
        try syslog.flush()
        try syslog.close()
        let frames = octetCountedFrames(listener.acceptAndRead())
        XCTAssertEqual(frames.count, 1, "the second batch went over a new connection")
        XCTAssertTrue(String(decoding: frames[0], as: UTF8.self).contains("\u{FEFF}CEF:0|"))
        XCTAssertTrue(String(decoding: frames[0], as: UTF8.self).contains("externalId=b "))
    }

    func testUDPSendsOneDatagramPerFinding() throws {
        let listener = try TestListener(datagram: true)
        let syslog = destination(.udp, listener.port, .json)
        for document in try findings() { try syslog.add(document.root) }
        try syslog.close()
        let first = listener.receiveDatagram(), second = listener.receiveDatagram()
        XCTAssertTrue(first.starts(with: Array("<84>1 ".utf8)))
        XCTAssertTrue(String(decoding: second, as: UTF8.self).hasSuffix("}"))
        XCTAssertEqual(syslog.statistics.delivered, 2)
    }

    func testTCPWithoutAReceiverFails() throws {
        let port: UInt16
        do { let listener = try TestListener(datagram: false); port = listener.port }
        let syslog = destination(.tcp, port, .json)
        let documents = try findings()
        try withExtendedLifetime(documents) { try syslog.add(documents[0].root) }
        XCTAssertThrowsError(try syslog.flush()) { XCTAssertTrue("\($0)".contains("cannot connect"), "\($0)") }
    }
}
