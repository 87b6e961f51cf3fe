#if canImport(Glibc)
import Glibc
#endif

/// Writes a file so that readers see either the old content or the complete new one:
/// a temporary file in the same directory, fsync, rename over the target, fsync the directory.
public enum AtomicFile {
    public static func write(_ bytes: UnsafeRawBufferPointer, to path: String, mode: mode_t = 0o644) throws(IOError) {
        let directory = parentDirectory(of: path)
        var template = Array("\(path).tmp.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw IOError(file: path, "cannot create a temporary file: \(errnoText())") }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        func fail(_ what: String) -> IOError {
            let error = IOError(file: path, "\(what): \(errnoText())")
            close(fd)
            unlink(temporary)
            return error
        }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 { if errno == EINTR { continue }; throw fail("write failed") }
            offset += n
        }
        guard fchmod(fd, mode) == 0 else { throw fail("chmod failed") }
        guard fsync(fd) == 0 else { throw fail("fsync failed") }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let error = IOError(file: path, "rename failed: \(errnoText())")
            unlink(temporary)
            throw error
        }
        syncDirectory(directory)
    }

    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(IOError) {
        let result: Result<Void, IOError> = bytes.withUnsafeBytes { raw in
            Result { () throws(IOError) in try write(raw, to: path, mode: mode) }
        }
        try result.get()
    }

    /// The directory holding `path` (`.` for a bare name).
    public static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// fsyncs a directory so a rename or create in it is durable.
    public static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
