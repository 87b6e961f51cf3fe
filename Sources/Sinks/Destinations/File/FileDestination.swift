#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// `file:TEMPLATE`: findings in files whose paths come from finding fields (`PathTemplate`).
///
/// Each file is written under a temporary name (`.NAME.tmp` beside it) and renamed to its
/// final name when complete: on rotation (`rotateBytes`, `rotateSeconds`), when too many files
/// are open (the oldest is completed), and at the end. A final name is the template's file name with
/// `-<UTC time>-<pid>-<n>` before its first dot (`findings-20250101T000000Z-42-1.ndjson.gz`),
/// so rotated parts and later runs never overwrite each other. A batch is appended and fsynced
/// before it is acknowledged; with `.gz` each batch is one gzip member, so the file is a valid
/// (multi-member) gzip file after every batch, and a failed batch is cut off again.
public final class FileDestination: Destination {
    public struct Options: Sendable {
        /// Complete a file once it holds this many bytes (after compression).
        public var rotateBytes: Int?
        /// Complete a file once it has been open this long.
        public var rotateSeconds: Double?
        /// Compression level for `.gz` files (`GzipMember.levels`: 0 stored, 1 fastest … 12 smallest).
        public var gzipLevel: Int32 = 1
        /// Files kept open at once; opening one more completes the oldest.
        public var maxOpenFiles = 64

        public init() {}
    }

    final class OpenFile {
        let finalPath: String
        let temporaryPath: String
        let fd: Int32
        let encoder: RecordEncoder
        let pending = ByteBuffer(capacity: 256 * 1024)
        var pendingFindings = 0
        var acknowledgedBytes = 0
        let openedAt: Double

        init(finalPath: String, temporaryPath: String, fd: Int32, encoder: RecordEncoder, openedAt: Double) {
            self.finalPath = finalPath
            self.temporaryPath = temporaryPath
            self.fd = fd
            self.encoder = encoder
            self.openedAt = openedAt
        }
    }

    public let label: String
    public private(set) var statistics = DeliveryStatistics()
    public let template: PathTemplate
    private let options: Options
    private let makeEncoder: () -> RecordEncoder
    private var files: [String: OpenFile] = [:]
    private var sequence = 0
    private let gzip: GzipMember?
    private let compressed = ByteBuffer(capacity: 256 * 1024)
    /// Final paths of the files completed so far.
    public private(set) var completedFiles: [String] = []

    public init(template: String, options: Options, makeEncoder: @escaping () -> RecordEncoder) throws(DeliveryError) {
        label = "file:\(template)"
        do { self.template = try PathTemplate(template) } catch { throw DeliveryError(error.message) }
        self.options = options
        self.makeEncoder = makeEncoder
        gzip = template.hasSuffix(".gz") ? try GzipMember(level: options.gzipLevel) : nil
    }

    public func add(_ finding: JSONNode) throws(DeliveryError) {
        let path = template.render(finding)
        let file: OpenFile
        if let open = files[path] {
            file = open
        } else {
            if files.count >= options.maxOpenFiles, let (oldestPath, oldest) = files.min(by: { $0.value.openedAt < $1.value.openedAt }) {
                try deliver(oldest)
                try complete(oldest)
                files[oldestPath] = nil
            }
            file = try open(path)
            files[path] = file
        }
        file.encoder.encode(finding, into: file.pending)
        file.pendingFindings += 1
    }

    public func flush() throws(DeliveryError) {
        let now = SinkProcessor.monotonicSeconds()
        if files.values.contains(where: { $0.pendingFindings > 0 }) { statistics.batches += 1 }
        for (path, file) in files {
            try deliver(file)
            let full = options.rotateBytes.map { file.acknowledgedBytes >= $0 } ?? false
            let old = options.rotateSeconds.map { now - file.openedAt >= $0 } ?? false
            if full || old {
                try complete(file)
                files[path] = nil
            }
        }
    }

    /// Appends the file's pending findings (one gzip member for `.gz`) and fsyncs it.
    private func deliver(_ file: OpenFile) throws(DeliveryError) {
        file.encoder.finishBody(into: file.pending)
        guard file.pending.count > 0 else { return }
        let data: ByteBuffer
        if let gzip {
            compressed.removeAll()
            try gzip.compress(file.pending.bytes, into: compressed)
            data = compressed
        } else {
            data = file.pending
        }
        try write(data.bytes, to: file)
        guard fsync(file.fd) == 0 else { throw failure("fsync failed", file) }
        file.acknowledgedBytes += data.count
        statistics.bytes += data.count
        statistics.delivered += file.pendingFindings
        file.pending.removeAll()
        file.pendingFindings = 0
    }

    public func discardBatch() {
        for file in files.values {
            file.pending.removeAll()
            file.pendingFindings = 0
            _ = ftruncate(file.fd, off_t(file.acknowledgedBytes))
            _ = lseek(file.fd, off_t(file.acknowledgedBytes), SEEK_SET)
        }
        try? completeAll()
    }

    public func close() throws(DeliveryError) {
        try flush()
        try completeAll()
    }

    private func completeAll() throws(DeliveryError) {
        for file in files.values { try complete(file) }
        files.removeAll()
    }

    /// Closes the file and gives it its final name (an empty file is removed instead).
    private func complete(_ file: OpenFile) throws(DeliveryError) {
        Glibc.close(file.fd)
        if file.acknowledgedBytes == 0 {
            unlink(file.temporaryPath)
            return
        }
        guard rename(file.temporaryPath, file.finalPath) == 0 else {
            throw DeliveryError("\(file.finalPath): rename failed: \(String(cString: strerror(errno)))")
        }
        AtomicFile.syncDirectory(AtomicFile.parentDirectory(of: file.finalPath))
        completedFiles.append(file.finalPath)
    }

    private func open(_ path: String) throws(DeliveryError) -> OpenFile {
        let directory = AtomicFile.parentDirectory(of: path)
        try FileDestination.makeDirectories(directory)
        sequence += 1
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let dot = name.firstIndex(of: ".") ?? name.endIndex
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let stamp = Timestamp(seconds: Int64(now.tv_sec)).description.filter { $0.isNumber || $0 == "T" || $0 == "Z" }
        let finalName = "\(name[..<dot])-\(stamp)-\(getpid())-\(sequence)\(name[dot...])"
        let finalPath = directory + "/" + finalName
        let temporaryPath = directory + "/." + finalName + ".tmp"
        let fd = Glibc.open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o640)
        guard fd >= 0 else { throw DeliveryError("\(temporaryPath): cannot create: \(String(cString: strerror(errno)))") }
        let file = OpenFile(finalPath: finalPath, temporaryPath: temporaryPath, fd: fd, encoder: makeEncoder(),
                            openedAt: SinkProcessor.monotonicSeconds())
        file.encoder.begin(into: file.pending)
        return file
    }

    private func write(_ bytes: UnsafeRawBufferPointer, to file: OpenFile) throws(DeliveryError) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(file.fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("write failed", file)
            }
            offset += n
        }
    }

    private func failure(_ what: String, _ file: OpenFile) -> DeliveryError {
        DeliveryError("\(file.temporaryPath): \(what): \(String(cString: strerror(errno)))")
    }

    /// `mkdir -p`, mode 0755.
    static func makeDirectories(_ directory: String) throws(DeliveryError) {
        var path = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            path += "/" + component
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw DeliveryError("\(path): cannot create the directory: \(String(cString: strerror(errno)))")
            }
        }
    }
}
