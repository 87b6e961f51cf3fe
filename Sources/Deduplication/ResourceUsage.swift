#if canImport(Glibc)
import Glibc
#endif

/// The process's own resource use, for `--stats`.
enum ResourceUsage {
    /// Peak resident set size in KiB (getrusage's `ru_maxrss`).
    static func peakResidentKilobytes() -> Int {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss)
    }
}
