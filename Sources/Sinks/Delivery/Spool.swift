#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// A directory of findings that could not be delivered: one NDJSON file per failed batch and
/// destination, named `<UTC time>-<pid>-<sequence>-<destination>.ndjson` and written atomically.
/// `sink --replay DIR DESTINATION...` delivers them and removes them once acknowledged.
public final class Spool {
    public let directory: String
    private var sequence = 0

    public init(directory: String) throws(DeliveryError) {
        self.directory = directory
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw DeliveryError("\(directory): cannot create the spool directory: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes `batch` for the destination `label`; returns the file's path.
    @discardableResult
    public func write(_ batch: PendingBatch, for label: String) throws(DeliveryError) -> String {
        sequence += 1
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let stamp = Timestamp(seconds: Int64(now.tv_sec)).description.filter { $0.isNumber || $0 == "T" || $0 == "Z" }
        let name = "\(stamp)-\(getpid())-\(sequence)-\(PathSanitizer.component(label, limit: 64)).ndjson"
        let path = directory + "/" + name
        do {
            try AtomicFile.write(batch.lines.bytes, to: path, mode: 0o600)
        } catch {
            throw DeliveryError("\(path): cannot spool \(batch.count) finding(s): \(error.description)")
        }
        return path
    }

    /// The spool files in `directory`, oldest first.
    public static func files(in directory: String) throws(DeliveryError) -> [String] {
        guard let handle = opendir(directory) else {
            throw DeliveryError("\(directory): cannot read the spool directory: \(String(cString: strerror(errno)))")
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name.hasSuffix(".ndjson") && !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted().map { directory + "/" + $0 }
    }
}
