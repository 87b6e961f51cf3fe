#if canImport(Glibc)
import Glibc
#endif

/// One line of a line-oriented input, or a line that was too long to hold.
public enum InputLine {
    /// The bytes of the line without its `\n` (and without a `\r` before it); valid until the
    /// next call to `LineReader.next()`.
    case text(UnsafeRawBufferPointer, line: Int)
    /// A line longer than the limit: its first bytes, for messages and dead letters.
    case tooLong(prefix: UnsafeRawBufferPointer, line: Int)
}

/// Splits a byte stream into lines with `memchr` over one reusable buffer, for inputs that are
/// not JSON documents (CVSS vectors, CSV, address lists). A last line without `\n` counts.
public final class LineReader {
    public let stream: InputStream
    public let maxLineLength: Int
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private var start = 0, end = 0
    private var atEnd = false
    private var lineNumber = 0
    /// The first bytes of the last over-long line.
    private let prefix: UnsafeMutableRawPointer
    private static let prefixCapacity = 256

    public init(stream: InputStream, maxLineLength: Int = 16 << 20) {
        self.stream = stream
        self.maxLineLength = maxLineLength
        capacity = 1 << 20
        buffer = .allocate(byteCount: capacity, alignment: 16)
        prefix = .allocate(byteCount: Self.prefixCapacity, alignment: 1)
    }

    deinit {
        buffer.deallocate()
        prefix.deallocate()
    }

    /// The next line, or nil at the end of the input.
    public func next() throws(IOError) -> InputLine? {
        var searched = start
        while true {
            if let newline = memchr(buffer + searched, 0x0A, end - searched) {
                let stop = buffer.distance(to: newline)
                lineNumber += 1
                let line = UnsafeRawBufferPointer(start: buffer + start, count: trimmed(start, stop) - start)
                start = stop + 1
                if line.count > maxLineLength { return keepPrefix(of: line) }
                return .text(line, line: lineNumber)
            }
            searched = end
            if end - start > maxLineLength { return try skipLongLine() }
            if atEnd {
                guard start < end else { return nil }
                lineNumber += 1
                let line = UnsafeRawBufferPointer(start: buffer + start, count: trimmed(start, end) - start)
                start = end
                if line.count > maxLineLength { return keepPrefix(of: line) }
                return .text(line, line: lineNumber)
            }
            let kept = end - start
            try refill()
            searched = start + kept
        }
    }

    /// The end of a line without a trailing `\r`.
    private func trimmed(_ from: Int, _ to: Int) -> Int {
        to > from && buffer.load(fromByteOffset: to - 1, as: UInt8.self) == 0x0D ? to - 1 : to
    }

    /// Moves the unread bytes to the front (growing the buffer if they fill it) and reads more.
    private func refill() throws(IOError) {
        let kept = end - start
        if start > 0 {
            memmove(buffer, buffer + start, kept)
            start = 0
            end = kept
        }
        if end == capacity {
            let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
            bigger.copyMemory(from: buffer, byteCount: end)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        let count = try stream.read(into: UnsafeMutableRawBufferPointer(start: buffer + end, count: capacity - end))
        if count == 0 { atEnd = true } else { end += count }
    }

    /// Reports a whole over-long line held in the buffer by its first bytes.
    private func keepPrefix(of line: UnsafeRawBufferPointer) -> InputLine {
        let length = min(Self.prefixCapacity, line.count)
        prefix.copyMemory(from: line.baseAddress!, byteCount: length)
        return .tooLong(prefix: UnsafeRawBufferPointer(start: prefix, count: length), line: lineNumber)
    }

    /// Reports an over-long line by its first bytes and discards the rest of it.
    private func skipLongLine() throws(IOError) -> InputLine {
        lineNumber += 1
        let prefixLength = min(Self.prefixCapacity, end - start)
        prefix.copyMemory(from: buffer + start, byteCount: prefixLength)
        start = 0
        end = 0
        while !atEnd {
            let count = try stream.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: capacity))
            if count == 0 { atEnd = true; break }
            end = count
            if let newline = memchr(buffer, 0x0A, end) {
                start = buffer.distance(to: newline) + 1
                break
            }
            end = 0
        }
        return .tooLong(prefix: UnsafeRawBufferPointer(start: prefix, count: prefixLength), line: lineNumber)
    }
}
