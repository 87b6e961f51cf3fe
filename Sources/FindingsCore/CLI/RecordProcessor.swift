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

    /// Handles one plain-text line (a runner with `textLines` set hands on lines that are
    /// not JSON); throwing rejects it. By default every text line is rejected.
    mutating func processText(_ line: UnsafeRawBufferPointer, _ context: inout RecordContext) throws(RecordRejection)
}

extension RecordProcessor {
    public mutating func finish(_ context: inout RecordContext) throws {}

    public mutating func processText(_ line: UnsafeRawBufferPointer, _ context: inout RecordContext) throws(RecordRejection) {
        throw RecordRejection("invalid JSON: a line of plain text")
    }
}

/// A record that cannot be processed, and why. The loop reports it as `TOOL: FILE:LINE: reason`.
public struct RecordRejection: Error, CustomStringConvertible, Sendable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
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
