/// The stage-specific part of a filter: what happens to each input document.
///
/// The shared loop (`StreamRunner`) reads, frames and parses input, calls `process` for every
/// document, and handles output, errors, statistics and signals, identically for every tool.
public protocol RecordProcessor {
    /// Handles one document; writes output lines with `context.emit`. Throwing rejects the
    /// whole document: whatever it emitted is discarded.
    mutating func process(_ document: JSONDocument, _ context: inout RecordContext) throws(RecordRejection)

    /// Called once after the last input, while output can still be written.
    mutating func finish(_ context: inout RecordContext) throws

    /// Whether the processor judges records from their raw text: the runner then hands the
    /// lines of NDJSON input (after the first, which decides the framing) to `process(line:)`
    /// without parsing them.
    static var readsRawLines: Bool { get }

    /// Handles one unparsed NDJSON line (trailing whitespace removed). The default parses it
    /// and calls `process(_:_:)`.
    mutating func process(line: UnsafeRawBufferPointer, _ context: inout RecordContext) throws(RecordRejection)

    /// Handles one plain-text line (a runner with `textLines` set hands on lines that are
    /// not JSON); throwing rejects it. By default every text line is rejected.
    mutating func processText(_ line: UnsafeRawBufferPointer, _ context: inout RecordContext) throws(RecordRejection)

    /// Called instead of `finish` when SIGINT or SIGTERM stopped the run early: the place to
    /// hand on what was already accepted (the default does nothing).
    mutating func interrupted(_ context: inout RecordContext) throws
}

extension RecordProcessor {
    public mutating func finish(_ context: inout RecordContext) throws {}

    public static var readsRawLines: Bool { false }

    public mutating func process(line: UnsafeRawBufferPointer, _ context: inout RecordContext) throws(RecordRejection) {
        let document: JSONDocument
        do { document = try JSONTape().parse(line) } catch { throw RecordRejection(error.description) }
        try process(document, &context)
    }

    public mutating func processText(_ line: UnsafeRawBufferPointer, _ context: inout RecordContext) throws(RecordRejection) {
        throw RecordRejection("invalid JSON: a line of plain text")
    }

    public mutating func interrupted(_ context: inout RecordContext) throws {}
}

/// A record that cannot be processed, and why. The loop reports it as `TOOL: FILE:LINE: reason`.
public struct RecordRejection: Error, CustomStringConvertible, Sendable {
    public let reason: String
    /// Whether the run must stop here with exit status 3 (an output that can no longer be
    /// written, e.g. a delivery that failed for good) rather than skip this one record.
    public let isFatal: Bool
    public init(_ reason: String) { self.reason = reason; isFatal = false }
    public var description: String { reason }

    /// A failure of the output, not of the record: the runner reports it and ends with exit 3.
    public static func fatal(_ reason: String) -> RecordRejection { RecordRejection(reason: reason, isFatal: true) }

    private init(reason: String, isFatal: Bool) {
        self.reason = reason
        self.isFatal = isFatal
    }
}

/// A configuration error: names the file, line and key; the tool exits 2 before processing.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public init(file: String, line: Int? = nil, key: String? = nil, _ message: String) {
        var location = file
        if let line { location += ":\(line)" }
        if let key { location += ": \(key)" }
        self.message = "\(location): \(message)"
    }

    public var description: String { message }
}
