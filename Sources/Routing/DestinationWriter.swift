#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// Buffers the records for one destination other than stdout and delivers them in large writes.
final class DestinationWriter {
    let destination: Destination
    let buffer = ByteBuffer(capacity: 64 * 1024)
    private var fd: Int32 = -1
    private var child: pid_t = 0
    private var failed = false

    init(_ destination: Destination) {
        self.destination = destination
        if case .descriptor(let number) = destination { fd = number }
    }

    /// Writes what is buffered when it exceeds `threshold` bytes.
    func flush(threshold: Int = 0) throws(IOError) {
        if failed { buffer.removeAll(); return }
        guard buffer.count > threshold else { return }
        do {
            try open()
            try writeAll(buffer.bytes)
            buffer.removeAll()
        } catch {
            failed = true
            throw error
        }
    }

    /// Flushes, then closes: fsyncs a file, waits for a program and checks its exit status.
    func finish() throws(IOError) {
        try flush()
        switch destination {
        case .file:
            if fd >= 0 { fsync(fd); close(fd); fd = -1 }
        case .exec:
            guard child > 0 else { return }
            close(fd)
            fd = -1
            if let failure = reap() { throw IOError(file: destination.description, failure) }
        case .stdout, .descriptor:
            break
        }
    }

    /// Waits for the program; describes its failure, or `nil` when it exited with status 0.
    private func reap() -> String? {
        guard case .exec(let argv) = destination, child > 0 else { return nil }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        child = 0
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        if exited && code == 0 { return nil }
        return exited ? "\(argv[0]) exited with status \(code)" : "\(argv[0]) was killed by signal \(status & 0x7F)"
    }

    private func open() throws(IOError) {
        guard fd < 0 else { return }
        switch destination {
        case .file(let path):
            fd = try createOrAppend(path)
        case .exec(let argv):
            try spawn(argv)
        case .stdout, .descriptor:
            break
        }
    }

    /// Opens `path` for appending. A file that does not exist yet is created atomically with
    /// the first batch: written to a temporary file, fsynced, then linked into place.
    private func createOrAppend(_ path: String) throws(IOError) -> Int32 {
        if access(path, F_OK) != 0 {
            let temporary = path + ".tmp-\(getpid())"
            do { try AtomicFile.write(buffer.bytes, to: temporary) } catch { throw IOError(file: path, error.message) }
            let linked = link(temporary, path) == 0
            let linkError = errno
            unlink(temporary)
            if linked {
                AtomicFile.syncDirectory(AtomicFile.parentDirectory(of: path))
                buffer.removeAll()
            } else if linkError != EEXIST {
                throw IOError(file: path, "cannot create: \(String(cString: strerror(linkError)))")
            }
        }
        let descriptor = Glibc.open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { throw IOError(file: path, "cannot open for appending: \(String(cString: strerror(errno)))") }
        return descriptor
    }

    /// Starts the program with a pipe on its standard input (posix_spawnp, no shell).
    private func spawn(_ argv: [String]) throws(IOError) {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw IOError(file: destination.description, "pipe: \(String(cString: strerror(errno)))") }
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        var arguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, argv[0], &actions, nil, &arguments, environ)
        close(pipeEnds[0])
        guard status == 0 else {
            close(pipeEnds[1])
            throw IOError(file: destination.description, "cannot start \(argv[0]): \(String(cString: strerror(status)))")
        }
        child = pid
        fd = pipeEnds[1]
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(IOError) {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                if errno == EPIPE, child > 0 {
                    close(fd)
                    fd = -1
                    let failure = reap() ?? "\(destination) exited"
                    throw IOError(file: destination.description, "stopped reading its input: \(failure)")
                }
                throw IOError(file: destination.description, "write failed: \(reason)")
            }
            offset += n
        }
    }
}
