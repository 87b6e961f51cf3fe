#if canImport(Glibc)
import Glibc
#endif

/// Whole-line output to a file descriptor through one large buffer.
///
/// Records are assembled in `buffer`; the buffer is written with write(2) only between
/// records, so a failure half-way through a record can be rolled back and no partial line is
/// ever written. A closed pipe (EPIPE) raises `OutputClosed`, which tools treat as a quiet end.
public final class OutputStream {
    public let buffer: ByteBuffer
    public let name: String
    private let fd: Int32
    private let threshold: Int

    /// Called after every successful `flush`, once the bytes are handed to the kernel: the hook
    /// for state that may only be committed after the output it covers (at-least-once delivery).
    public var afterFlush: (() throws -> Void)?

    /// Raised when the reader of the output went away (EPIPE).
    public struct OutputClosed: Error {}

    public init(fd: Int32 = STDOUT_FILENO, name: String = "stdout", threshold: Int = 64 * 1024) {
        self.fd = fd
        self.name = name
        self.threshold = threshold
        buffer = ByteBuffer(capacity: threshold * 2)
    }

    /// Position to roll back to if the record being written fails.
    @inline(__always) public var mark: Int { buffer.count }

    /// Discards everything written since `mark`.
    public func rollback(to mark: Int) { buffer.truncate(to: mark) }

    /// Ends a record: flushes when the buffer has grown past the threshold.
    @inline(__always)
    public func endRecord() throws {
        if buffer.count >= threshold { try flush() }
    }

    /// Writes out everything buffered.
    public func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let n = write(fd, buffer.base + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { buffer.removeAll(); throw OutputClosed() }
                let reason = errnoText()
                buffer.removeAll()
                throw IOError(file: name, "write failed: \(reason)")
            }
            offset += n
        }
        buffer.removeAll()
        try afterFlush?()
    }
}
