#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// A file descriptor (standard output for `-`): each batch is encoded in memory and written
/// with write(2) in one go; the write returning is the acknowledgement.
public final class StreamDestination: Destination {
    public let label: String
    public private(set) var statistics = DeliveryStatistics()
    private let fd: Int32
    private let encoder: RecordEncoder
    private let buffer = ByteBuffer(capacity: 1 << 20)
    private var started = false
    private var pending = 0

    public init(label: String = "-", fd: Int32 = STDOUT_FILENO, encoder: RecordEncoder) {
        self.label = label
        self.fd = fd
        self.encoder = encoder
    }

    public func add(_ finding: JSONNode) throws(DeliveryError) {
        if !started {
            encoder.begin(into: buffer)
            started = true
        }
        encoder.encode(finding, into: buffer)
        pending += 1
    }

    public func flush() throws(DeliveryError) {
        encoder.finishBody(into: buffer)
        var offset = 0
        while offset < buffer.count {
            let n = write(fd, buffer.base + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw DeliveryError("\(label): write failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        statistics.bytes += buffer.count
        buffer.removeAll()
        if pending > 0 { statistics.batches += 1 }
        statistics.delivered += pending
        pending = 0
    }

    public func discardBatch() {
        buffer.removeAll()
        encoder.finishBody(into: buffer)
        buffer.removeAll()
        pending = 0
    }

    public func close() throws(DeliveryError) { try flush() }
}
