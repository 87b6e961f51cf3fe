/// What a `RecordProcessor` sees of the run while it handles one document: where the
/// document came from, the output, and the ways to report rejections and skips.
public struct RecordContext {
    /// The input's name (a path, or `-`).
    public internal(set) var file: String
    /// The line the current document starts on.
    public internal(set) var line: Int
    /// Raw text of the current document (for dead letters).
    var raw: UnsafeRawBufferPointer
    public let output: OutputStream
    public internal(set) var statistics: RunStatistics
    let reporter: RejectionReporter
    /// Set when `--strict` stopped the run inside the processor; the rejection that stopped
    /// it is already reported, so the processor's own error is not reported again.
    var stoppedByStrict = false

    /// Writes one output line: `write` appends a JSON value to the buffer, the newline is added here.
    @inline(__always)
    public mutating func emit(_ write: (ByteBuffer) -> Void) {
        write(output.buffer)
        output.buffer.append(0x0A)
        statistics.written += 1
    }

    /// Rejects part of the current document (one finding of several) without stopping the rest.
    public mutating func reject(_ reason: String, raw: UnsafeRawBufferPointer? = nil) throws(StrictStop) {
        statistics.rejected += 1
        do {
            try reporter.reject(file: file, line: line, reason: reason, raw: raw ?? self.raw, truncated: false)
        } catch {
            stoppedByStrict = true
            throw error
        }
    }

    /// Counts the current document (or part of it) as not a finding, of the given kind.
    /// Under `--strict` that is a rejection.
    public mutating func skip(_ kind: String) throws(StrictStop) {
        if reporter.strict {
            try reject("not a finding (\(kind)); --strict rejects documents that are not findings")
        } else {
            statistics.skip(kind)
        }
    }

    /// Counts something tool-specific for `--stats` (per target, per reason, ...).
    public mutating func count(_ name: String, by amount: Int = 1) {
        statistics.count(name, by: amount)
    }
}

/// Raised under `--strict` when the first record is rejected: the run stops.
public struct StrictStop: Error {}

/// Reports rejections to stderr and the dead-letter file; enforces `--strict`.
final class RejectionReporter {
    let diagnostics: Diagnostics
    let deadLetters: DeadLetterFile?
    let strict: Bool
    var deadLetterFailure: Error?

    init(diagnostics: Diagnostics, deadLetters: DeadLetterFile?, strict: Bool) {
        self.diagnostics = diagnostics
        self.deadLetters = deadLetters
        self.strict = strict
    }

    func reject(file: String, line: Int, reason: String, raw: UnsafeRawBufferPointer, truncated: Bool) throws(StrictStop) {
        diagnostics.report(file: file, line: line, reason)
        if let deadLetters, deadLetterFailure == nil {
            do { try deadLetters.write(file: file, line: line, reason: reason, raw: raw, truncated: truncated) } catch { deadLetterFailure = error }
        }
        if strict { throw StrictStop() }
    }
}
