import FindingsCore

/// `syslog+tcp://HOST:PORT` and `syslog+udp://HOST:PORT`: RFC 5424 messages with the finding
/// as JSON or CEF. Over TCP each message is framed by octet counting (RFC 6587 §3.4.1,
/// `MSG-LEN SP SYSLOG-MSG`, as RFC 5425 mandates for TLS), so multi-line text can never split a
/// record; a batch is acknowledged once the kernel took all of it (syslog has no application
/// acknowledgement). A connection found closed is reopened and the batch sent again. Over UDP
/// each message is one datagram (RFC 5426); one larger than `maxDatagram` fails the batch.
public final class SyslogDestination: Destination {
    public let label: String
    public private(set) var statistics = DeliveryStatistics()
    private let transport: DestinationURI.SyslogTransport
    private let host: String
    private let port: UInt16
    private let encoder: SyslogEncoder
    private let retry: RetryPolicy
    private var connection: SocketConnection?
    private let message = ByteBuffer(capacity: 16 * 1024)
    private let framed = ByteBuffer(capacity: 1 << 20)
    /// Message boundaries in `framed` (UDP sends each as a datagram).
    private var messages: [Range<Int>] = []
    public let maxDatagram: Int

    public init(label: String, transport: DestinationURI.SyslogTransport, host: String, port: UInt16, payload: SyslogEncoder.Payload,
                options: FormatOptions, retry: RetryPolicy, maxDatagram: Int = 65_000) {
        self.label = label
        self.transport = transport
        self.host = host
        self.port = port
        self.retry = retry
        self.maxDatagram = maxDatagram
        encoder = SyslogEncoder(options: options, payload: payload, terminated: false)
    }

    public func add(_ finding: JSONNode) throws(DeliveryError) {
        message.removeAll()
        encoder.appendMessage(finding, into: message)
        let start = framed.count
        if transport == .tcp {
            framed.append(integer: message.count)
            framed.append(UInt8(ascii: " "))
        } else if message.count > maxDatagram {
            throw DeliveryError("a syslog message of \(message.count) bytes does not fit in one UDP datagram (at most \(maxDatagram))")
        }
        framed.append(message.bytes)
        messages.append(start..<framed.count)
    }

    public func flush() throws(DeliveryError) {
        guard !messages.isEmpty else { return }
        var attempt = 0
        while true {
            do {
                try send()
                break
            } catch {
                connection = nil
                attempt += 1
                guard attempt <= retry.retries else { throw DeliveryError("\(error.message) (gave up after \(attempt) attempts)") }
                statistics.retries += 1
                RetryPolicy.sleep(seconds: retry.delay(attempt: attempt, retryAfter: nil))
            }
        }
        statistics.batches += 1
        statistics.delivered += messages.count
        statistics.bytes += framed.count
        discardBatch()
    }

    private func send() throws(DeliveryError) {
        if let open = connection, transport == .tcp, open.peerClosed { connection = nil }
        let socket: SocketConnection
        if let open = connection {
            socket = open
        } else {
            socket = try SocketConnection(host: host, port: port, datagram: transport == .udp)
            connection = socket
        }
        if transport == .tcp {
            try socket.send(framed.bytes)
        } else {
            for range in messages { try socket.send(UnsafeRawBufferPointer(rebasing: framed.bytes[range])) }
        }
    }

    public func discardBatch() {
        framed.removeAll()
        messages.removeAll()
    }

    public func close() throws(DeliveryError) {
        try flush()
        connection = nil
    }
}
