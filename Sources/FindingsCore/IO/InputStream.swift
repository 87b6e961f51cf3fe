#if canImport(Glibc)
import Glibc
#endif
import CZlib

/// A byte stream from a file or standard input, inflated on the fly when it is gzip.
///
/// Gzip is recognised by its magic bytes, never by the file name; concatenated members (as
/// `cat a.gz b.gz` makes) are read one after another. A truncated or corrupt stream is an
/// `IOError` naming the file, raised only after every byte before the damage was returned.
/// Reading and inflating run on a second thread (`ReadAhead`), ahead of the consumer.
public final class InputStream {
    /// The name used in messages: the path, or `-` for standard input.
    public let name: String
    /// Whether the stream is gzip-compressed.
    public let isGzip: Bool
    private let readAhead: ReadAhead

    /// Opens `path` (`-` for standard input).
    public init(path: String) throws(IOError) {
        name = path
        let source = try FileSource(path: path)
        isGzip = source.isGzip
        readAhead = ReadAhead(source: source)
    }

    deinit { readAhead.cancel() }

    /// Fills `buffer` with the next bytes; returns 0 at the end of the stream.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(IOError) -> Int {
        try readAhead.read(into: buffer)
    }
}

/// The bytes of one open file, inflated when gzip; used from the read-ahead thread.
final class FileSource {
    let name: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var compressed: GzipInflater?
    /// Bytes read ahead while sniffing the format.
    private var pending: [UInt8] = []
    private var sawEOF = false

    init(path: String) throws(IOError) {
        name = path
        if path == "-" {
            fd = STDIN_FILENO
            ownsDescriptor = false
        } else {
            let opened = open(path, O_RDONLY | O_CLOEXEC)
            guard opened >= 0 else { throw IOError(file: path, "cannot open: \(errnoText())") }
            var status = stat()
            if fstat(opened, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
                close(opened)
                throw IOError(file: path, "is a directory")
            }
            fd = opened
            ownsDescriptor = true
        }
        try sniff()
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    var isGzip: Bool { compressed != nil }

    private func sniff() throws(IOError) {
        let head = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 8)
        defer { head.deallocate() }
        var filled = 0
        while filled < 2 {
            let n = readRaw(into: UnsafeMutableRawBufferPointer(rebasing: head[filled...]))
            if n < 0 { throw IOError(file: name, "read failed: \(errnoText())") }
            if n == 0 { break }
            filled += n
        }
        pending = Array(head[0..<filled])
        if filled >= 2 && head[0] == 0x1F && head[1] == 0x8B {
            compressed = try GzipInflater(name: name)
        }
    }

    /// read(2) with EINTR retried unless a stop signal is pending (also checked before
    /// blocking, so a signal that came between two reads is not missed).
    private func readRaw(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            if StopSignals.pending != 0 {
                errno = EINTR
                return -1
            }
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n < 0 && errno == EINTR && StopSignals.pending == 0 { continue }
            return n
        }
    }

    /// Fills `buffer` with the next (inflated) bytes; returns 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(IOError) -> Int {
        if let inflater = compressed {
            return try inflater.inflate(into: buffer) { (input: UnsafeMutableRawBufferPointer) throws(IOError) -> Int in
                try self.readSource(into: input)
            }
        }
        return try readSource(into: buffer)
    }

    private func readSource(into buffer: UnsafeMutableRawBufferPointer) throws(IOError) -> Int {
        if !pending.isEmpty {
            let n = min(pending.count, buffer.count)
            pending.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: n) }
            pending.removeFirst(n)
            return n
        }
        if sawEOF { return 0 }
        let n = readRaw(into: buffer)
        if n < 0 {
            if errno == EINTR { throw IOError(file: name, "interrupted") }
            throw IOError(file: name, "read failed: \(errnoText())")
        }
        if n == 0 { sawEOF = true }
        return n
    }
}

/// zlib inflation of one or more concatenated gzip members.
final class GzipInflater {
    private var stream = z_stream()
    private let name: String
    private let input: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    /// True between members: the previous one ended and no byte of the next was inflated.
    private var atMemberBoundary = false

    init(name: String) throws(IOError) {
        self.name = name
        input = .allocate(byteCount: 1 << 20, alignment: 16)
        let status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw IOError(file: name, "cannot start gzip inflation (zlib \(status))") }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    func inflate(into output: UnsafeMutableRawBufferPointer,
                 refill: (UnsafeMutableRawBufferPointer) throws(IOError) -> Int) throws(IOError) -> Int {
        stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(output.count)
        while stream.avail_out > 0 {
            if stream.avail_in == 0 && !inputEnded {
                let n = try refill(input)
                if n == 0 { inputEnded = true } else {
                    stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.avail_in = uInt(n)
                }
            }
            if stream.avail_in == 0 && inputEnded {
                if atMemberBoundary { break }
                let produced = output.count - Int(stream.avail_out)
                if produced > 0 { return produced }
                throw IOError(file: name, "truncated gzip stream (unexpected end of compressed data)")
            }
            if atMemberBoundary {
                guard stream.next_in[0] == 0x1F else {
                    throw IOError(file: name, "trailing garbage after gzip data")
                }
                inflateReset(&stream)
                atMemberBoundary = false
            }
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            switch status {
            case Z_STREAM_END:
                atMemberBoundary = true
            case Z_OK, Z_BUF_ERROR:
                break
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw IOError(file: name, "corrupt gzip data: \(detail)")
            }
        }
        return output.count - Int(stream.avail_out)
    }
}

extension InputStream {
    /// The whole content of `path` (`-` is stdin), inflated when gzip: for configuration,
    /// inventories and other files read once at start-up.
    public static func readAll(_ path: String) throws(IOError) -> [UInt8] {
        let stream = try InputStream(path: path)
        var bytes: [UInt8] = []
        var size = stat()
        if path != "-" && stat(path, &size) == 0 { bytes.reserveCapacity(Int(size.st_size) + 1) }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let n = try stream.read(into: chunk)
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }
}
