import FindingsCore

/// An inventory or intelligence file read whole into memory (gzip inflated), once, at start-up.
/// Errors name the file and the line of the entry that failed; they are configuration errors.
final class InventoryFile {
    let path: String
    /// The file's bytes; CSV unquoting rewrites fields in place.
    private(set) var bytes: UnsafeMutableRawBufferPointer

    init(_ path: String) throws(ConfigurationError) {
        self.path = path
        let content: [UInt8]
        do { content = try InputStream.readAll(path) } catch { throw ConfigurationError(file: path, error.message) }
        let count = content.count
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        content.withUnsafeBytes { storage.copyMemory(from: $0) }
        bytes = UnsafeMutableRawBufferPointer(rebasing: storage[0..<count])
        base = storage
    }

    private let base: UnsafeMutableRawBufferPointer

    deinit { base.deallocate() }

    /// Whether the content is JSON (its first non-blank byte opens an object or an array).
    var isJSON: Bool {
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { return false }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    /// The 1-based line of a byte offset.
    func line(at offset: Int) -> Int {
        var line = 1
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A { line += 1 }
        return line
    }

    func error(line: Int?, key: String? = nil, _ message: String) -> ConfigurationError {
        ConfigurationError(file: path, line: line, key: key, message)
    }

    /// An error at a JSON value of this file.
    func error(at node: JSONNode, key: String? = nil, _ message: String) -> ConfigurationError {
        error(line: line(at: node.byteOffset), key: key, message)
    }

    /// Parses the file as one or more concatenated JSON documents and calls `body` with each.
    func forEachJSONDocument(_ body: (JSONDocument) throws(ConfigurationError) -> Void) throws(ConfigurationError) {
        let tape = JSONTape(limits: JSONLimits(maxDepth: 64, maxStringLength: 1 << 20))
        defer { withExtendedLifetime(tape) {} }  // documents borrow the tape's storage
        var offset = 0
        while true {
            while offset < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[offset]) { offset += 1 }
            if offset == bytes.count { return }
            let rest = UnsafeRawBufferPointer(rebasing: bytes[offset...])
            let document: JSONDocument
            do { document = try tape.parseValue(rest) } catch {
                throw self.error(line: line(at: offset), "invalid JSON: \(error)")
            }
            try body(document)
            offset += document.end
        }
    }

    /// Reads the file as CSV (RFC 4180: quoted fields, `""` escapes, CRLF) and calls `body` with
    /// each record's fields and line. Blank lines are skipped; so are lines starting with `#`
    /// when `comments` is set.
    func forEachCSVRecord(comments: Bool = false,
                          _ body: ([UnsafeRawBufferPointer], Int) throws(ConfigurationError) -> Void) throws(ConfigurationError) {
        var fields: [UnsafeRawBufferPointer] = []
        var position = 0, line = 1
        let end = bytes.count
        let base = bytes.baseAddress!
        while position < end {
            let recordLine = line
            let first = bytes[position]
            if first == 0x0A || (first == 0x0D && position + 1 < end && bytes[position + 1] == 0x0A) || (comments && first == UInt8(ascii: "#")) {
                while position < end, bytes[position] != 0x0A { position += 1 }
                position += 1
                line += 1
                continue
            }
            fields.removeAll(keepingCapacity: true)
            while true {
                if position < end, bytes[position] == UInt8(ascii: "\"") {
                    position += 1
                    let start = position
                    var write = position
                    while true {
                        guard position < end else { throw error(line: recordLine, "unterminated quoted CSV field") }
                        let byte = bytes[position]
                        if byte == UInt8(ascii: "\"") {
                            if position + 1 < end, bytes[position + 1] == UInt8(ascii: "\"") {
                                bytes[write] = byte; write += 1; position += 2
                                continue
                            }
                            position += 1
                            break
                        }
                        if byte == 0x0A { line += 1 }
                        bytes[write] = byte; write += 1; position += 1
                    }
                    fields.append(UnsafeRawBufferPointer(start: base + start, count: write - start))
                    if position < end, bytes[position] == 0x0D { position += 1 }
                    guard position == end || bytes[position] == UInt8(ascii: ",") || bytes[position] == 0x0A else {
                        throw error(line: recordLine, "unexpected character after a quoted CSV field")
                    }
                } else {
                    let start = position
                    while position < end, bytes[position] != UInt8(ascii: ","), bytes[position] != 0x0A { position += 1 }
                    var stop = position
                    if stop > start, bytes[stop - 1] == 0x0D { stop -= 1 }
                    fields.append(UnsafeRawBufferPointer(start: base + start, count: stop - start))
                }
                if position < end, bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                position += 1
                line += 1
                break
            }
            try body(fields, recordLine)
        }
    }
}

extension UnsafeRawBufferPointer {
    /// The bytes as a `String` (inventory values are UTF-8).
    var string: String { String(decoding: self, as: UTF8.self) }

    /// The bytes without leading and trailing spaces and tabs.
    var trimmed: UnsafeRawBufferPointer {
        var start = 0, end = count
        while start < end, self[start] == 0x20 || self[start] == 0x09 { start += 1 }
        while end > start, self[end - 1] == 0x20 || self[end - 1] == 0x09 { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: self[start..<end])
    }
}
