/// Matching raw JSON text without building a tape: fields no pattern names are skipped.
///
/// Values the patterns read are parsed strictly (strings are checked for UTF-8 and escapes,
/// numbers and literals for their syntax). Values of other fields are only checked for
/// structure: strings are validated and brackets must balance and pair up, but the numbers and
/// separators inside a skipped container are not checked token by token.
extension PatternSet {
    /// The most nesting the scanner follows (one bit per level in a 128-bit stack). Text nested
    /// deeper than this but within the caller's limits is for the tape: parse it with a
    /// `JSONTape` and match the document.
    public static let maxScanDepth = 127

    /// The numbers of the patterns the event in `text` (one JSON value, optionally surrounded by
    /// whitespace) matches, ascending. Text beyond `limits` throws `nestingTooDeep` or
    /// `stringTooLong`; so does text nested deeper than `maxScanDepth`.
    public func matches(json text: UnsafeRawBufferPointer, limits: JSONLimits = .default) throws(JSONError) -> [Int] {
        var result: [Int] = []
        try matches(json: text, limits: limits, into: &result)
        return result
    }

    /// Appends the numbers of the patterns the event in `text` matches (ascending) to `result`.
    public func matches(json text: UnsafeRawBufferPointer, limits: JSONLimits = .default, into result: inout [Int]) throws(JSONError) {
        guard let base = text.baseAddress?.assumingMemoryBound(to: UInt8.self), text.count > 0 else {
            throw JSONError(.unexpectedEnd, at: 0)
        }
        let n = text.count
        state.begin()
        state.depthLimit = min(limits.maxDepth, PatternSet.maxScanDepth)
        state.maxStringLength = limits.maxStringLength
        var i = JSONSyntax.skipWhitespace(base, n, 0)
        i = try scanValue(base, n, i, node: 0, depth: 0)
        i = JSONSyntax.skipWhitespace(base, n, i)
        if i < n { throw JSONError(.trailingContent, at: i) }
        finish(into: &result)
    }

    private func scanValue(_ p: UnsafePointer<UInt8>, _ n: Int, _ at: Int, node: Int, depth: Int) throws(JSONError) -> Int {
        guard at < n else { throw JSONError(.unexpectedEnd, at: at) }
        switch p[at] {
        case UInt8(ascii: "{"):
            guard trie.hasChildren[node] else { return try skipContainer(p, n, at, depth: depth) }
            return try scanObject(p, n, at, node: node, depth: depth + 1)
        case UInt8(ascii: "["):
            guard depth < state.depthLimit else { throw JSONError(.nestingTooDeep(limit: state.depthLimit), at: at) }
            var i = JSONSyntax.skipWhitespace(p, n, at + 1)
            guard i < n else { throw JSONError(.unexpectedEnd, at: i) }
            if p[i] == UInt8(ascii: "]") { return i + 1 }
            state.arrays.enter()
            while true {
                i = try scanValue(p, n, i, node: node, depth: depth + 1)
                i = JSONSyntax.skipWhitespace(p, n, i)
                guard i < n else { throw JSONError(.unexpectedEnd, at: i) }
                if p[i] == UInt8(ascii: "]") {
                    state.arrays.leave()
                    return i + 1
                }
                guard p[i] == UInt8(ascii: ",") else { throw JSONError(.unexpectedCharacter(p[i]), at: i) }
                i = JSONSyntax.skipWhitespace(p, n, i + 1)
                state.arrays.nextElement()
            }
        case UInt8(ascii: "\""):
            let (close, escaped) = try scanString(p, n, at + 1)
            let field = trie.fields[node]
            if field >= 0 {
                let body = UnsafeRawBufferPointer(start: p + at + 1, count: close - at - 1)
                if escaped {
                    JSONStringDecoder.decode(body).withUnsafeBytes { observe(field: Int(field), kind: .string, text: $0) }
                } else {
                    observe(field: Int(field), kind: .string, text: body)
                }
            }
            return close + 1
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let end = try JSONSyntax.scanNumber(p, n, at)
            let field = trie.fields[node]
            if field >= 0 {
                observe(field: Int(field), kind: .number, text: UnsafeRawBufferPointer(start: p + at, count: end - at))
            }
            return end
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            let (kind, end) = try JSONSyntax.scanLiteral(p, n, at)
            let field = trie.fields[node]
            if field >= 0 {
                observe(field: Int(field), kind: kind, text: UnsafeRawBufferPointer(start: p + at, count: end - at))
            }
            return end
        default:
            throw JSONError(.unexpectedCharacter(p[at]), at: at)
        }
    }

    private func scanObject(_ p: UnsafePointer<UInt8>, _ n: Int, _ at: Int, node: Int, depth: Int) throws(JSONError) -> Int {
        guard depth <= state.depthLimit else { throw JSONError(.nestingTooDeep(limit: state.depthLimit), at: at) }
        var i = JSONSyntax.skipWhitespace(p, n, at + 1)
        guard i < n else { throw JSONError(.unexpectedEnd, at: i) }
        if p[i] == UInt8(ascii: "}") { return i + 1 }
        while true {
            guard i < n else { throw JSONError(.unexpectedEnd, at: i) }
            guard p[i] == UInt8(ascii: "\"") else { throw JSONError(.unexpectedCharacter(p[i]), at: i) }
            let (close, escaped) = try scanString(p, n, i + 1)
            let key = UnsafeRawBufferPointer(start: p + i + 1, count: close - i - 1)
            let child = escaped ? JSONStringDecoder.decode(key).withUnsafeBytes { trie.child(node, $0) } : trie.child(node, key)
            i = JSONSyntax.skipWhitespace(p, n, close + 1)
            guard i < n else { throw JSONError(.unexpectedEnd, at: i) }
            guard p[i] == UInt8(ascii: ":") else { throw JSONError(.unexpectedCharacter(p[i]), at: i) }
            i = JSONSyntax.skipWhitespace(p, n, i + 1)
            if let child {
                i = try scanValue(p, n, i, node: child, depth: depth)
            } else {
                i = try skipValue(p, n, i, depth: depth)
            }
            i = JSONSyntax.skipWhitespace(p, n, i)
            guard i < n else { throw JSONError(.unexpectedEnd, at: i) }
            if p[i] == UInt8(ascii: "}") { return i + 1 }
            guard p[i] == UInt8(ascii: ",") else { throw JSONError(.unexpectedCharacter(p[i]), at: i) }
            i = JSONSyntax.skipWhitespace(p, n, i + 1)
        }
    }

    @inline(__always)
    private func skipValue(_ p: UnsafePointer<UInt8>, _ n: Int, _ at: Int, depth: Int) throws(JSONError) -> Int {
        guard at < n else { throw JSONError(.unexpectedEnd, at: at) }
        switch p[at] {
        case UInt8(ascii: "{"), UInt8(ascii: "["): return try skipContainer(p, n, at, depth: depth)
        case UInt8(ascii: "\""): return try scanString(p, n, at + 1).close + 1
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try JSONSyntax.scanNumber(p, n, at)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"): return try JSONSyntax.scanLiteral(p, n, at).1
        default: throw JSONError(.unexpectedCharacter(p[at]), at: at)
        }
    }

    /// Skips an object or array: strings are scanned, brackets counted and paired (a bit per
    /// level records whether it is an object), 64 bytes at a time with `StructuralBlock`.
    private func skipContainer(_ p: UnsafePointer<UInt8>, _ n: Int, _ at: Int, depth start: Int) throws(JSONError) -> Int {
        var objects: UInt128 = p[at] == UInt8(ascii: "{") ? 1 : 0
        var depth = 1
        let depthLimit = state.depthLimit
        let limit = depthLimit - start
        var i = at + 1
        let raw = UnsafeRawPointer(p)
        /// Handles the byte at `position` if it is structural; `true` when the container ends.
        @inline(__always) func handle(_ c: UInt8, _ position: Int) throws(JSONError) -> Bool {
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < limit else { throw JSONError(.nestingTooDeep(limit: depthLimit), at: position) }
                objects = objects << 1 | (c == UInt8(ascii: "{") ? 1 : 0)
                depth &+= 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard (objects & 1 == 1) == (c == UInt8(ascii: "}")) else { throw JSONError(.unexpectedCharacter(c), at: position) }
                objects >>= 1
                depth &-= 1
                if depth == 0 { return true }
            default:
                if c & 0xD9 == 0x59 { throw JSONError(.unexpectedCharacter(c), at: position) }
            }
            return false
        }
        blocks: while i &+ StructuralBlock.size <= n {
            let block = StructuralBlock(raw + i)
            var events = block.quotes | block.brackets
            while events != 0 {
                let bit = events.trailingZeroBitCount
                let position = i &+ bit
                let c = p[position]
                if c == UInt8(ascii: "\"") {
                    // A string that closes within the block and holds no byte needing a closer
                    // look is stepped over with the masks; any other goes to the scanner.
                    let after = block.quotes & ~((UInt64(2) << bit) &- 1)
                    if after != 0 {
                        let close = after.trailingZeroBitCount
                        let inside = ((UInt64(1) << close) &- 1) & ~((UInt64(2) << bit) &- 1)
                        if block.special & inside == 0 {
                            events &= ~((UInt64(2) << close) &- 1)
                            continue
                        }
                    }
                    i = try scanString(p, n, position &+ 1).close &+ 1
                    continue blocks
                }
                if try handle(c, position) { return position &+ 1 }
                events &= events &- 1
            }
            i &+= StructuralBlock.size
        }
        while i < n {
            let c = p[i]
            if c == UInt8(ascii: "\"") {
                i = try scanString(p, n, i &+ 1).close &+ 1
                continue
            }
            if try handle(c, i) { return i &+ 1 }
            i &+= 1
        }
        throw JSONError(.unexpectedEnd, at: n)
    }

    /// Scans a string body from just after its opening quote: plain ASCII eight bytes at a time
    /// inline, anything else (escapes, non-ASCII, control characters) through the validating
    /// scanner.
    @inline(__always)
    private func scanString(_ p: UnsafePointer<UInt8>, _ n: Int, _ from: Int) throws(JSONError) -> (close: Int, escaped: Bool) {
        let maxLength = state.maxStringLength
        @inline(__always) func closed(_ at: Int) throws(JSONError) -> (close: Int, escaped: Bool) {
            if at &- from > maxLength { throw JSONError(.stringTooLong(limit: maxLength), at: from) }
            return (at, false)
        }
        var i = from
        let raw = UnsafeRawPointer(p)
        while i &+ 8 <= n {
            let flags = JSONSyntax.attentionMask(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            if flags != 0 {
                let at = i &+ flags.trailingZeroBitCount >> 3
                if p[at] == UInt8(ascii: "\"") { return try closed(at) }
                return try JSONSyntax.scanString(p, n, from, maxLength: maxLength)
            }
            i &+= 8
        }
        while i < n {
            let c = p[i]
            if c == UInt8(ascii: "\"") { return try closed(i) }
            if c == UInt8(ascii: "\\") || c < 0x20 || c >= 0x80 { break }
            i &+= 1
        }
        return try JSONSyntax.scanString(p, n, from, maxLength: maxLength)
    }
}
