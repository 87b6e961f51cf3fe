#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// An exclusive flock(2) on `STATE.lock`, held for the life of the process, so that two
/// runs on one state file never interleave: the second waits, or fails at once.
final class StateFileLock {
    let path: String
    private let fd: Int32

    /// Takes the lock; `wait: false` fails at once when another process holds it.
    init(statePath: String, wait: Bool, diagnostics: Diagnostics) throws(IOError) {
        path = statePath + ".lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IOError(file: path, "cannot open the lock file: \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 { return }
        let busy = errno == EWOULDBLOCK
        guard busy else { close(fd); throw IOError(file: path, "cannot lock: \(String(cString: strerror(errno)))") }
        guard wait else {
            close(fd)
            throw IOError(file: statePath, "in use by another dedupe run (--no-wait given)")
        }
        diagnostics.report("\(statePath): in use by another dedupe run; waiting")
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { close(fd); throw IOError(file: path, "cannot lock: \(String(cString: strerror(errno)))") }
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
