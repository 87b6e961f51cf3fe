import FindingsCore

/// Filter mode: pass on (byte for byte) the records some pattern matches, or with `invert`
/// those none matches; with `counting`, print per-pattern counts at the end instead.
struct FilterProcessor: RecordProcessor {
    let names: [String]
    let matcher: RouteMatcher
    let invert: Bool
    let counting: Bool
    private var counts: [Int]
    private var unmatched = 0
    private var result: [Int] = []

    static var readsRawLines: Bool { true }

    init(patterns: [(name: String, pattern: EventPattern)], envelope: EnvelopeMode, limits: JSONLimits, invert: Bool, counting: Bool) {
        names = patterns.map(\.name)
        matcher = RouteMatcher(patterns, envelope: envelope, limits: limits)
        self.invert = invert
        self.counting = counting
        counts = Array(repeating: 0, count: patterns.count)
    }

    mutating func process(_ document: JSONDocument, _ context: inout RecordContext) throws(RecordRejection) {
        matcher.matches(document.root, into: &result)
        deliver(document.text, &context)
    }

    mutating func process(line: UnsafeRawBufferPointer, _ context: inout RecordContext) throws(RecordRejection) {
        do { try matcher.matches(json: line, into: &result) } catch { throw RecordRejection(error.description) }
        deliver(line, &context)
    }

    @inline(__always)
    private mutating func deliver(_ text: UnsafeRawBufferPointer, _ context: inout RecordContext) {
        if counting {
            for number in result { counts[number] += 1 }
            if result.isEmpty { unmatched += 1 }
        } else if result.isEmpty == invert {
            context.emit { $0.append(text) }
        }
    }

    /// With `counting`: one `COUNT<TAB>NAME` line per pattern, or with `invert` the number of
    /// records no pattern matched.
    mutating func finish(_ context: inout RecordContext) throws {
        guard counting else { return }
        let buffer = context.output.buffer
        if invert {
            buffer.append(integer: unmatched)
            buffer.append(UInt8(ascii: "\n"))
        } else {
            for (name, count) in zip(names, counts) {
                buffer.append(integer: count)
                buffer.append(UInt8(ascii: "\t"))
                buffer.append(contentsOf: name)
                buffer.append(UInt8(ascii: "\n"))
            }
        }
    }
}
