import FindingsCore

/// Where routed records go.
public enum Destination: Hashable, Sendable, CustomStringConvertible {
    /// Standard output (`-`).
    case stdout
    /// A file, appended to; created atomically on the first write (`file:PATH`).
    case file(String)
    /// An open file descriptor (`fd:N`).
    case descriptor(Int32)
    /// A program started without a shell, records on its standard input (`exec:PROGRAM ARG...`,
    /// split on spaces).
    case exec([String])

    /// Parses `-`, `file:PATH`, `fd:N` or `exec:PROGRAM ARG...`.
    public init(parsing text: String) throws(UsageError) {
        if text == "-" { self = .stdout; return }
        if text.hasPrefix("file:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty, !path.utf8.contains(0) else { throw UsageError("destination '\(text)': file: needs a path") }
            self = .file(path)
        } else if text.hasPrefix("fd:") {
            guard let fd = Int32(text.dropFirst(3)), fd >= 0 else { throw UsageError("destination '\(text)': fd: needs a descriptor number") }
            self = fd == 1 ? .stdout : .descriptor(fd)
        } else if text.hasPrefix("exec:") {
            let argv = text.dropFirst(5).split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard !argv.isEmpty, !argv.contains(where: { $0.utf8.contains(0) }) else {
                throw UsageError("destination '\(text)': exec: needs a program")
            }
            self = .exec(argv)
        } else {
            throw UsageError("destination '\(text)' must be '-', file:PATH, fd:N or exec:PROGRAM ARG...")
        }
    }

    public var description: String {
        switch self {
        case .stdout: return "-"
        case .file(let path): return "file:\(path)"
        case .descriptor(let fd): return "fd:\(fd)"
        case .exec(let argv): return "exec:" + argv.joined(separator: " ")
        }
    }
}
