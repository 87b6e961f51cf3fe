#if canImport(Glibc)
import Glibc
#endif

/// A once-a-second progress line on stderr (records and megabytes so far).
struct Progress {
    private let tool: String
    private let enabled: Bool
    private var lastShown: timespec = timespec()
    private var shown = false

    init(tool: String, mode: Mode) {
        self.tool = tool
        switch mode {
        case .always: enabled = true
        case .never: enabled = false
        case .whenTerminal: enabled = isatty(STDERR_FILENO) == 1
        }
        clock_gettime(CLOCK_MONOTONIC, &lastShown)
    }

    enum Mode { case always, never, whenTerminal }

    /// Called every few thousand records; prints at most once a second.
    mutating func tick(_ statistics: RunStatistics) {
        guard enabled else { return }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        guard now.tv_sec > lastShown.tv_sec else { return }
        lastShown = now
        shown = true
        Diagnostics.writeStderr("\r\(tool): \(statistics.read) records, \(statistics.bytes >> 20) MiB read, \(statistics.written) written\u{1B}[K")
    }

    /// Clears the progress line before the final messages.
    func finish() {
        if shown { Diagnostics.writeStderr("\r\u{1B}[K") }
    }
}
