#if canImport(Glibc)
import Glibc
#endif

/// One item read from an input: a parsed JSON document or the defect that stopped one.
public enum InputRecord {
    /// A parsed document starting at `line` (1-based). `raw` is its exact text.
    case document(JSONDocument, line: Int)
    /// An unparsed NDJSON line (only with `DocumentReader.rawLines`), trailing whitespace removed.
    case line(UnsafeRawBufferPointer, line: Int)
    /// Text that is not a valid document: the reason, its line, and (a prefix of) its text.
    case invalid(reason: String, line: Int, raw: UnsafeRawBufferPointer, truncated: Bool)
    /// A line of plain text (its first non-blank byte opens no object or array), without its
    /// line break. Only from readers created with `textLines: true`.
    case text(UnsafeRawBufferPointer, line: Int)
}

/// Splits a byte stream into JSON documents and parses each one.
///
/// Accepts NDJSON, concatenated documents, pretty-printed documents spanning lines and, with
/// `splitArrays`, top-level arrays whose elements become documents of their own. The framing
/// is decided by the first document: when it fits on one line the input is taken as NDJSON,
/// and from then on a line that does not hold a complete document is an error for that line
/// alone, so one bad line never swallows its neighbours.
///
/// Everything returned borrows the reader's buffer and tape, valid until the next call.
public final class DocumentReader {
    public let stream: InputStream
    public let tape: JSONTape
    /// The longest document (or line) accepted, in bytes.
    public let maxDocumentLength: Int
    private let splitArrays: Bool
    /// Once the input has shown itself to be NDJSON (its first document fits on one line),
    /// return the following lines as `.line` without parsing them, for processors that scan
    /// raw text themselves.
    public var rawLines = false
    private let textLines: Bool

    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var eof = false
    /// Line number of the byte at `start`.
    private var line = 1
    private var multiLine: Bool?
    private var arrayDepth = 0
    private var expectingSeparator = false

    /// - Parameter textLines: return lines that start with neither `{` nor `[` (outside a
    ///   streamed array) as `.text` instead of parsing them, for inputs that mix JSON with
    ///   plain-text logs.
    public init(stream: InputStream, tape: JSONTape, maxDocumentLength: Int = 16 << 20, splitArrays: Bool = true,
                textLines: Bool = false) {
        self.stream = stream
        self.tape = tape
        self.maxDocumentLength = maxDocumentLength
        self.splitArrays = splitArrays
        self.textLines = textLines
        capacity = 1 << 20
        buffer = .allocate(capacity: capacity + 8)
    }

    deinit { buffer.deallocate() }

    /// Reads more input; `false` at the end of the stream. Keeps `[start, end)` and grows the
    /// buffer when it is full.
    private func refill() throws(IOError) -> Bool {
        if eof { return false }
        if start > 0 {
            if start < end { memmove(buffer, buffer + start, end - start) }
            end -= start
            start = 0
        }
        if end == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2 + 8)
            bigger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        let n = try stream.read(into: UnsafeMutableRawBufferPointer(start: buffer + end, count: capacity - end))
        if n == 0 { eof = true; return false }
        end += n
        return true
    }

    private func countLines(_ from: Int, _ to: Int) -> Int {
        var count = 0
        var p = buffer + from
        let stop = buffer + to
        while p < stop, let hit = memchr(p, 0x0A, stop - p) {
            count += 1
            p = hit.assumingMemoryBound(to: UInt8.self) + 1
        }
        return count
    }

    private func bytes(_ from: Int, _ to: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: buffer + from, count: to - from)
    }

    /// The next document or defect; `nil` at the end of the input.
    public func next() throws(IOError) -> InputRecord? {
        while true {
            // Skip whitespace and, inside a streamed array, the separators between elements.
            while true {
                while start < end {
                    let c = buffer[start]
                    if c == 0x0A { line += 1 } else if !JSONSyntax.isWhitespace(c) { break }
                    start += 1
                }
                if start < end { break }
                if !(try refill()) { break }
            }
            guard start < end else {
                if arrayDepth > 0 {
                    arrayDepth = 0
                    return .invalid(reason: "invalid JSON: unexpected end of input inside a top-level array",
                                    line: line, raw: bytes(start, start), truncated: false)
                }
                return nil
            }
            let c = buffer[start]
            if arrayDepth > 0 {
                if c == UInt8(ascii: "]") { arrayDepth = 0; expectingSeparator = false; start += 1; continue }
                if expectingSeparator {
                    if c == UInt8(ascii: ",") { start += 1; expectingSeparator = false; continue }
                    return skipLine(reason: "invalid JSON: expected ',' or ']' between array elements")
                }
            } else if splitArrays && c == UInt8(ascii: "[") && multiLine != false {
                arrayDepth = 1
                start += 1
                continue
            } else if textLines && c != UInt8(ascii: "{") && c != UInt8(ascii: "[") {
                return try readTextLine()
            }
            return try readDocument()
        }
    }

    /// Finds the end of the current line, reading more input as needed; `nil` when the line
    /// is longer than the limit.
    private func lineEnd() throws(IOError) -> Int? {
        var searched = start
        while true {
            if let hit = memchr(buffer + searched, 0x0A, end - searched) {
                let stop = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                return stop - start <= maxDocumentLength ? stop : nil
            }
            searched = end
            if end - start > maxDocumentLength { return nil }
            let oldStart = start
            if !(try refill()) { return end - start <= maxDocumentLength ? end : nil }
            searched -= oldStart - start
        }
    }

    private func readTextLine() throws(IOError) -> InputRecord? {
        let textLine = line
        guard let stop = try lineEnd() else { return try skipOverlongLine() }
        var last = stop
        if last > start && buffer[last - 1] == 0x0D { last -= 1 }
        let record = InputRecord.text(bytes(start, last), line: textLine)
        start = stop
        return record
    }

    private func readDocument() throws(IOError) -> InputRecord? {
        let documentLine = line
        guard let stop = try lineEnd() else { return try skipOverlongLine() }
        if rawLines && multiLine == false && arrayDepth == 0 {
            var last = stop
            while last > start, JSONSyntax.isWhitespace(buffer[last - 1]) { last -= 1 }
            let text = bytes(start, last)
            start = stop
            return .line(text, line: documentLine)
        }
        do {
            let document = try tape.parseValue(bytes(start, stop))
            if multiLine == nil && arrayDepth == 0 { multiLine = false }
            start += document.end
            if arrayDepth > 0 { expectingSeparator = true }
            return .document(document, line: documentLine)
        } catch let error where error.reason == .unexpectedEnd && (multiLine != false || arrayDepth > 0) {
            multiLine = true
            return try readMultiLineDocument()
        } catch {
            if multiLine == nil && arrayDepth == 0 { multiLine = false }
            return reject(error, from: start, lineEnd: stop)
        }
    }

    private func reject(_ error: JSONError, from: Int, lineEnd stop: Int) -> InputRecord {
        let errorLine = line + countLines(from, min(from + error.offset, end))
        let record = InputRecord.invalid(reason: error.description, line: errorLine,
                                         raw: bytes(from, stop), truncated: false)
        line += countLines(from, stop)
        start = stop
        return record
    }

    private func skipLine(reason: String) -> InputRecord {
        let stop = (memchr(buffer + start, 0x0A, end - start)).map { buffer.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? end
        let record = InputRecord.invalid(reason: reason, line: line, raw: bytes(start, stop), truncated: false)
        start = stop
        arrayDepth = 0
        expectingSeparator = false
        return record
    }

    /// Reports a line over the limit and discards it up to its newline.
    private func skipOverlongLine() throws(IOError) -> InputRecord? {
        let documentLine = line
        let preview = min(end - start, 4096)
        let prefix = Array(bytes(start, start + preview))
        while true {
            if let hit = memchr(buffer + start, 0x0A, end - start) {
                start = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                break
            }
            start = end
            if !(try refill()) { break }
        }
        overlongPrefix = prefix
        return overlongPrefix.withUnsafeBytes { raw in
            .invalid(reason: "line longer than \(maxDocumentLength) bytes (raise with --max-line)",
                     line: documentLine, raw: raw, truncated: true)
        }
    }

    /// Keeps the preview of an overlong line alive until the next call.
    private var overlongPrefix: [UInt8] = []

    /// A document that continues past its first line: find its end by a structural scan that
    /// tracks strings and brackets, then parse exactly that span.
    private func readMultiLineDocument() throws(IOError) -> InputRecord? {
        let documentLine = line
        var scanner = StructuralScanner()
        var position = start
        while true {
            switch scanner.scan(buffer, from: position, to: end) {
            case .complete(let stop):
                do {
                    let document = try tape.parseValue(bytes(start, stop))
                    line += countLines(start, stop)
                    start = stop
                    if arrayDepth > 0 { expectingSeparator = true }
                    return .document(document, line: documentLine)
                } catch {
                    return reject(error, from: start, lineEnd: stop)
                }
            case .newlineInString(let at):
                return reject(JSONError(.controlCharacterInString(0x0A), at: at - start), from: start,
                              lineEnd: at)
            case .needMore:
                position = end
                if end - start > maxDocumentLength {
                    let record = InputRecord.invalid(
                        reason: "document longer than \(maxDocumentLength) bytes (raise with --max-line)",
                        line: documentLine, raw: bytes(start, min(end, start + 4096)), truncated: true)
                    start = end
                    arrayDepth = 0
                    return record
                }
                let oldStart = start
                if !(try refill()) {
                    return reject(JSONError(.unexpectedEnd, at: end - start), from: start, lineEnd: end)
                }
                position -= oldStart - start
            }
        }
    }
}

/// Finds where a JSON container ends without validating it: tracks strings, escapes and
/// bracket depth. Resumable across buffer refills.
struct StructuralScanner {
    enum Outcome { case complete(Int), needMore, newlineInString(Int) }

    private var depth = 0
    private var inString = false
    private var escaped = false

    mutating func scan(_ p: UnsafeMutablePointer<UInt8>, from: Int, to: Int) -> Outcome {
        var i = from
        while i < to {
            let c = p[i]
            if inString {
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false } else if c == 0x0A { return .newlineInString(i) }
            } else {
                switch c {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth <= 0 { return .complete(i + 1) }
                default: break
                }
            }
            i += 1
        }
        return .needMore
    }
}
