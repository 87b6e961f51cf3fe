import FindingsCore

/// Matches findings against a list of patterns, each either against the finding itself or
/// against the Security Hub event that would carry it (`EnvelopeMode`).
///
/// Direct patterns can match raw NDJSON text without a parse; envelope patterns need the
/// finding's fields, so a raw line is parsed when (and only when) some pattern uses the envelope.
final class RouteMatcher {
    private let direct: PatternSet
    private let enveloped: PatternSet
    /// Pattern number in the caller's list for each pattern of `direct` / `enveloped`.
    private let directNumbers: [Int]
    private let envelopedNumbers: [Int]
    private let envelopeFlags: [Bool]
    private let tape: JSONTape
    private let limits: JSONLimits
    private var scratch: [Int] = []

    init(_ patterns: [(name: String, pattern: EventPattern)], envelope: EnvelopeMode, limits: JSONLimits = .default) {
        self.limits = limits
        tape = JSONTape(limits: limits)
        var direct: [(name: String, pattern: EventPattern)] = [], enveloped: [(name: String, pattern: EventPattern)] = []
        var directNumbers: [Int] = [], envelopedNumbers: [Int] = []
        for (number, entry) in patterns.enumerated() {
            if envelope.usesEnvelope(entry.pattern) {
                enveloped.append(entry)
                envelopedNumbers.append(number)
            } else {
                direct.append(entry)
                directNumbers.append(number)
            }
        }
        self.direct = PatternSet(direct)
        self.enveloped = PatternSet(enveloped)
        self.directNumbers = directNumbers
        self.envelopedNumbers = envelopedNumbers
        var flags = Array(repeating: false, count: patterns.count)
        for number in envelopedNumbers { flags[number] = true }
        envelopeFlags = flags
    }

    /// Whether pattern `number` is matched against the envelope.
    func usesEnvelope(_ number: Int) -> Bool { envelopeFlags[number] }

    /// The numbers of the patterns `finding` matches, ascending, into `result` (cleared first).
    func matches(_ finding: JSONNode, into result: inout [Int]) {
        result.removeAll(keepingCapacity: true)
        if direct.count > 0 {
            scratch.removeAll(keepingCapacity: true)
            direct.matches(finding, into: &scratch)
            for number in scratch { result.append(directNumbers[number]) }
        }
        matchEnvelope(finding, into: &result)
    }

    /// Same for raw JSON text. Text nested deeper than the scanner follows, but within the
    /// limits, is parsed instead.
    func matches(json text: UnsafeRawBufferPointer, into result: inout [Int]) throws(JSONError) {
        result.removeAll(keepingCapacity: true)
        if enveloped.count == 0 {
            scratch.removeAll(keepingCapacity: true)
            do {
                try direct.matches(json: text, limits: limits, into: &scratch)
                for number in scratch { result.append(directNumbers[number]) }
                return
            } catch where error.reason == .nestingTooDeep(limit: PatternSet.maxScanDepth) && limits.maxDepth > PatternSet.maxScanDepth {
                // parsed below
            }
        }
        matches(try tape.parse(text).root, into: &result)
    }

    private func matchEnvelope(_ finding: JSONNode, into result: inout [Int]) {
        guard enveloped.count > 0 else { return }
        scratch.removeAll(keepingCapacity: true)
        enveloped.matches(finding, at: SecurityHubEnvelope.findingPath,
                          context: SecurityHubEnvelope.context(for: finding), into: &scratch)
        guard !scratch.isEmpty else { return }
        for number in scratch { result.append(envelopedNumbers[number]) }
        result.sort()
    }
}
