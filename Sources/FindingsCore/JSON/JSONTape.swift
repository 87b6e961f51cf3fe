/// A reusable parser that turns one JSON text into a tape: a flat array of value entries
/// holding offsets into the input bytes.
///
/// The tape keeps the input's key order and number literals; nothing is decoded until a
/// reader asks for it. Parsing is strict RFC 8259: invalid UTF-8, lone surrogates, raw control
/// characters in strings, trailing commas and malformed numbers are errors.
///
/// A `JSONTape` is reused across lines so that steady-state parsing allocates nothing. The
/// `JSONDocument` it returns borrows both the tape and the input bytes: it is valid until the
/// next `parse` call and while the bytes stay alive.
public final class JSONTape {
    @usableFromInline var storage: UnsafeMutablePointer<TapeEntry>
    @usableFromInline var capacity: Int
    private var containerStack: UnsafeMutablePointer<Int>
    private var stackCapacity: Int
    public var limits: JSONLimits

    public init(limits: JSONLimits = .default) {
        self.limits = limits
        capacity = 1024
        storage = .allocate(capacity: capacity)
        stackCapacity = 64
        containerStack = .allocate(capacity: stackCapacity)
    }

    deinit {
        storage.deallocate()
        containerStack.deallocate()
    }

    /// Parses the first JSON value in `bytes` (leading whitespace allowed).
    ///
    /// The value may be followed by more text: `JSONDocument.end` is the offset just past it,
    /// for callers that read concatenated values.
    public func parseValue(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONDocument {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else {
            throw JSONError(.unexpectedEnd, at: 0)
        }
        let (count, end, whitespace) = try run(base, bytes.count)
        return JSONDocument(bytes: bytes, entries: storage, entryCount: count, end: end, hasWhitespace: whitespace)
    }

    /// Parses `bytes` as exactly one JSON value, surrounded by optional whitespace.
    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONDocument {
        let document = try parseValue(bytes)
        var i = document.end
        let n = bytes.count
        while i < n, JSONSyntax.isWhitespace(bytes[i]) { i += 1 }
        if i < n { throw JSONError(.trailingContent, at: i) }
        return document
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<TapeEntry>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: storage, count: capacity)
        storage.deallocate()
        storage = bigger
        capacity *= 2
    }

    private func ensureStack(_ depth: Int) {
        guard depth >= stackCapacity else { return }
        let bigger = UnsafeMutablePointer<Int>.allocate(capacity: stackCapacity * 2)
        bigger.moveInitialize(from: containerStack, count: stackCapacity)
        containerStack.deallocate()
        containerStack = bigger
        stackCapacity *= 2
    }

    private enum State { case value, key, afterValue }

    /// The parser proper: an explicit state machine so depth is bounded by `limits`, not by
    /// the thread's stack.
    private func run(_ p: UnsafePointer<UInt8>, _ n: Int) throws(JSONError) -> (entries: Int, end: Int, whitespace: Bool) {
        var count = 0
        var whitespace = false
        @inline(__always) func skip(_ from: Int) -> Int {
            let to = JSONSyntax.skipWhitespace(p, n, from)
            if to != from { whitespace = true }
            return to
        }
        var depth = 0
        var i = JSONSyntax.skipWhitespace(p, n, 0)  // leading whitespace is outside the value
        var state = State.value
        let maxDepth = limits.maxDepth
        let maxString = limits.maxStringLength
        while true {
            switch state {
            case .value:
                guard i < n else { throw JSONError(.unexpectedEnd, at: i) }
                if count == capacity { grow() }
                let c = p[i]
                switch c {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    let isObject = c == UInt8(ascii: "{")
                    guard depth < maxDepth else { throw JSONError(.nestingTooDeep(limit: maxDepth), at: i) }
                    ensureStack(depth)
                    storage[count] = TapeEntry(kind: isObject ? .object : .array, start: UInt32(i), end: 0, next: 0)
                    containerStack[depth] = count
                    depth += 1
                    count += 1
                    i = skip(i + 1)
                    guard i < n else { throw JSONError(.unexpectedEnd, at: i) }
                    if p[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                        depth -= 1
                        let index = containerStack[depth]
                        storage[index].end = UInt32(i + 1)
                        storage[index].next = UInt32(count)
                        i += 1
                        state = .afterValue
                    } else {
                        state = isObject ? .key : .value
                    }
                case UInt8(ascii: "\""):
                    let (close, escaped) = try JSONSyntax.scanString(p, n, i + 1, maxLength: maxString)
                    storage[count] = TapeEntry(kind: .string, start: UInt32(i + 1), end: UInt32(close),
                                               next: UInt32(count + 1), escaped: escaped)
                    count += 1
                    i = close + 1
                    state = .afterValue
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    let end = try JSONSyntax.scanNumber(p, n, i)
                    storage[count] = TapeEntry(kind: .number, start: UInt32(i), end: UInt32(end), next: UInt32(count + 1))
                    count += 1
                    i = end
                    state = .afterValue
                case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                    let (kind, end) = try JSONSyntax.scanLiteral(p, n, i)
                    storage[count] = TapeEntry(kind: kind, start: UInt32(i), end: UInt32(end), next: UInt32(count + 1))
                    count += 1
                    i = end
                    state = .afterValue
                default:
                    throw JSONError(.unexpectedCharacter(c), at: i)
                }
            case .key:
                guard i < n else { throw JSONError(.unexpectedEnd, at: i) }
                guard p[i] == UInt8(ascii: "\"") else { throw JSONError(.unexpectedCharacter(p[i]), at: i) }
                if count == capacity { grow() }
                let (close, escaped) = try JSONSyntax.scanString(p, n, i + 1, maxLength: maxString)
                storage[count] = TapeEntry(kind: .string, start: UInt32(i + 1), end: UInt32(close),
                                           next: UInt32(count + 1), escaped: escaped)
                count += 1
                i = skip(close + 1)
                guard i < n else { throw JSONError(.unexpectedEnd, at: i) }
                guard p[i] == UInt8(ascii: ":") else { throw JSONError(.unexpectedCharacter(p[i]), at: i) }
                i = skip(i + 1)
                state = .value
            case .afterValue:
                if depth == 0 { return (count, i, whitespace) }
                i = skip(i)
                guard i < n else { throw JSONError(.unexpectedEnd, at: i) }
                let container = containerStack[depth - 1]
                let inObject = storage[container].kind == .object
                let c = p[i]
                if c == UInt8(ascii: ",") {
                    i = skip(i + 1)
                    guard i < n else { throw JSONError(.unexpectedEnd, at: i) }
                    if p[i] == UInt8(ascii: "}") || p[i] == UInt8(ascii: "]") {
                        throw JSONError(.trailingComma, at: i)
                    }
                    state = inObject ? .key : .value
                } else if c == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    depth -= 1
                    storage[container].end = UInt32(i + 1)
                    storage[container].next = UInt32(count)
                    i += 1
                } else {
                    throw JSONError(.unexpectedCharacter(c), at: i)
                }
            }
        }
    }
}
