#if canImport(Glibc)
import Glibc
#endif

/// A program started with `posix_spawn` (never through a shell): stdin is /dev/null, stdout
/// and stderr are non-blocking pipes read by the caller, and the child leads its own process
/// group so a timeout can stop it together with anything it started.
final class ChildProcess {
    let pid: pid_t
    /// Read ends of the child's stdout and stderr; -1 once closed.
    private(set) var outputFDs: [Int32]
    /// The last bytes the child wrote to stderr and stdout (bounded).
    private(set) var stderrTail: [UInt8] = []
    private(set) var stdoutTail: [UInt8] = []
    static let tailLimit = 8 * 1024

    struct SpawnError: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts `path` with `argv` (argv[0] included) and the current environment.
    init(path: String, argv: [String]) throws(SpawnError) {
        var stdoutPipe: [Int32] = [-1, -1], stderrPipe: [Int32] = [-1, -1]
        guard pipe(&stdoutPipe) == 0 else { throw SpawnError(description: "pipe: \(errnoText())") }
        guard pipe(&stderrPipe) == 0 else {
            close(stdoutPipe[0]); close(stdoutPipe[1])
            throw SpawnError(description: "pipe: \(errnoText())")
        }
        for fd in stdoutPipe + stderrPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let arguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var child: pid_t = 0
        let status = arguments.withUnsafeBufferPointer { buffer in
            posix_spawn(&child, path, &actions, &attributes, buffer.baseAddress!, environ)
        }
        close(stdoutPipe[1])
        close(stderrPipe[1])
        guard status == 0 else {
            close(stdoutPipe[0]); close(stderrPipe[0])
            throw SpawnError(description: "cannot start \(path): \(errnoText(status))")
        }
        for fd in [stdoutPipe[0], stderrPipe[0]] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        pid = child
        outputFDs = [stdoutPipe[0], stderrPipe[0]]
    }

    /// Reads whatever is available on the pipes; closes a pipe at end of file.
    func drain() {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        for slot in 0..<2 where outputFDs[slot] >= 0 {
            while true {
                let n = chunk.withUnsafeMutableBytes { read(outputFDs[slot], $0.baseAddress, $0.count) }
                if n > 0 {
                    if slot == 0 { ChildProcess.keepTail(&stdoutTail, chunk[0..<n]) } else { ChildProcess.keepTail(&stderrTail, chunk[0..<n]) }
                    continue
                }
                if n < 0 && errno == EINTR { continue }
                if n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK) {
                    close(outputFDs[slot])
                    outputFDs[slot] = -1
                }
                break
            }
        }
    }

    /// Closes the pipes that are still open.
    func closePipes() {
        for slot in 0..<2 where outputFDs[slot] >= 0 {
            close(outputFDs[slot])
            outputFDs[slot] = -1
        }
    }

    /// Kills the child's whole process group.
    func kill() {
        _ = Glibc.kill(-pid, SIGKILL)
        _ = Glibc.kill(pid, SIGKILL)
    }

    /// The exit status if the child has ended (reaping it), else nil.
    func poll() -> Termination? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        if status & 0x7F == 0 { return .exited(Int32((status >> 8) & 0xFF)) }
        return .signaled(status & 0x7F)
    }

    enum Termination: Equatable {
        case exited(Int32)
        case signaled(Int32)
    }

    private static func keepTail(_ tail: inout [UInt8], _ bytes: ArraySlice<UInt8>) {
        tail += bytes
        if tail.count > tailLimit { tail.removeFirst(tail.count - tailLimit) }
    }

    /// Finds `program` in `PATH` unless it names a path; nil when not found or not executable.
    static func resolve(_ program: String) -> String? {
        if program.contains("/") { return access(program, X_OK) == 0 ? program : nil }
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(program)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
