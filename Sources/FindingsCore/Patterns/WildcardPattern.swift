/// A `wildcard` operand: literal text with `*` standing for any run of characters (including
/// none and `/`), anchored at both ends. `\*` is a literal star and `\\` a literal backslash.
public struct WildcardPattern: Hashable, Sendable {
    /// The literal pieces between the stars.
    let pieces: [[UInt8]]
    /// Whether the pattern starts / ends with a star.
    let leadingStar: Bool
    let trailingStar: Bool

    /// Parses the operand; `**` and escapes other than `\*` and `\\` are invalid.
    public init(_ text: String, path: String) throws(PatternError) {
        var pieces: [[UInt8]] = [[]]
        var escaping = false
        var previousWasStar = false
        var starts = false
        var ends = false
        for (offset, byte) in text.utf8.enumerated() {
            if escaping {
                guard byte == UInt8(ascii: "*") || byte == UInt8(ascii: "\\") else {
                    throw PatternError(path: path, "Invalid escape character in wildcard pattern \"\(text)\"; only \\* and \\\\ are allowed")
                }
                pieces[pieces.count - 1].append(byte)
                escaping = false
                previousWasStar = false
                ends = false
                continue
            }
            switch byte {
            case UInt8(ascii: "\\"):
                escaping = true
            case UInt8(ascii: "*"):
                guard !previousWasStar else {
                    throw PatternError(path: path, "Consecutive wildcard characters at pos \(offset) in wildcard pattern \"\(text)\"")
                }
                if offset == 0 { starts = true } else { pieces.append([]) }
                previousWasStar = true
                ends = true
                continue
            default:
                pieces[pieces.count - 1].append(byte)
            }
            previousWasStar = false
            ends = false
        }
        if escaping {
            throw PatternError(path: path, "Wildcard pattern \"\(text)\" ends with an unfinished escape")
        }
        if ends { pieces.removeLast() }
        self.pieces = pieces
        leadingStar = starts
        trailingStar = ends
    }

    /// Whether the (decoded UTF-8) value matches.
    func matches(_ value: UnsafeRawBufferPointer) -> Bool {
        var low = 0
        var high = value.count
        var first = 0
        var last = pieces.count - 1
        if !leadingStar {
            guard let head = pieces.first else { return value.isEmpty }
            guard Self.hasPrefix(value, head, at: 0, limit: high) else { return false }
            low = head.count
            first = 1
            if pieces.count == 1 && !trailingStar { return low == high }
        }
        if !trailingStar, last >= first {
            let tail = pieces[last]
            guard high - low >= tail.count, Self.hasPrefix(value, tail, at: high - tail.count, limit: high) else { return false }
            high -= tail.count
            last -= 1
        }
        if first > last { return true }
        for index in first...last {
            guard let found = Self.find(pieces[index], in: value, from: low, to: high) else { return false }
            low = found + pieces[index].count
        }
        return true
    }

    private static func hasPrefix(_ value: UnsafeRawBufferPointer, _ piece: [UInt8], at offset: Int, limit: Int) -> Bool {
        guard limit - offset >= piece.count else { return false }
        for k in 0..<piece.count where value[offset + k] != piece[k] { return false }
        return true
    }

    private static func find(_ piece: [UInt8], in value: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        if piece.isEmpty { return from }
        var start = from
        while start + piece.count <= to {
            if hasPrefix(value, piece, at: start, limit: to) { return start }
            start += 1
        }
        return nil
    }
}
