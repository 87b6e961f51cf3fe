#if canImport(Glibc)
import Glibc
#endif

/// An exclusive flock(2) on a lock file, held until released or the process ends, so that two
/// runs on one piece of state never interleave.
public final class FileLock {
    public let path: String
    private let fd: Int32

    /// Takes the lock on `path`. When another process holds it: with `wait`, calls `onWait`
    /// once and blocks until the lock is free; without, throws `busyMessage` at once.
    public init(path: String, wait: Bool, busyMessage: @autoclosure () -> String, onWait: () -> Void = {}) throws(IOError) {
        self.path = path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IOError(file: path, "cannot open the lock file: \(errnoText())") }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return }
        guard errno == EWOULDBLOCK else { let reason = errnoText(); close(fd); throw IOError(file: path, "cannot lock: \(reason)") }
        guard wait else { close(fd); throw IOError(file: path, busyMessage()) }
        onWait()
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { let reason = errnoText(); close(fd); throw IOError(file: path, "cannot lock: \(reason)") }
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
