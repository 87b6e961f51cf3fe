/// The `wildcard` operands of one field. A few are tested one by one; past `directLimit`, each
/// operand is filed under the longest literal run it holds, which any matching value contains,
/// and a `SubstringAutomaton` finds in one pass over the value which operands are worth testing.
/// The cost per value then grows with its length and the operands it could match, not with how
/// many operands there are.
struct WildcardIndex {
    /// Up to this many operands are tested directly (cheaper than a pass over the value).
    static let directLimit = 8

    private var operands: [(pattern: WildcardPattern, clause: Int32)] = []
    /// Operands without literal text (`*`), tested on every value.
    private var unfiled: [Int] = []
    /// Per distinct literal run, the operands filed under it.
    private var filed: [[Int]] = []
    private var automaton: SubstringAutomaton?
    /// Per literal run, the value that last tested its operands (stamps reset nothing).
    private var testedAt: [UInt32] = []
    private var valueNumber: UInt32 = 0

    var isEmpty: Bool { operands.isEmpty }

    mutating func add(_ pattern: WildcardPattern, clause: Int32) {
        operands.append((pattern, clause))
    }

    /// Builds the index once every operand is added.
    mutating func seal() {
        guard operands.count > Self.directLimit else { return }
        var runNumber: [[UInt8]: Int] = [:]
        var runs: [[UInt8]] = []
        for (position, operand) in operands.enumerated() {
            guard let longest = operand.pattern.pieces.max(by: { $0.count < $1.count }), !longest.isEmpty else {
                unfiled.append(position)
                continue
            }
            if let known = runNumber[longest] {
                filed[known].append(position)
            } else {
                runNumber[longest] = runs.count
                runs.append(longest)
                filed.append([position])
            }
        }
        automaton = runs.isEmpty ? nil : SubstringAutomaton(runs)
        testedAt = Array(repeating: 0, count: runs.count)
    }

    /// Calls `body` with the clause of each operand `text` matches.
    @inline(__always)
    mutating func forEachMatch(_ text: UnsafeRawBufferPointer, _ body: (Int32) -> Void) {
        guard let automaton else {
            for (pattern, clause) in operands where pattern.matches(text) { body(clause) }
            return
        }
        for position in unfiled where operands[position].pattern.matches(text) { body(operands[position].clause) }
        valueNumber &+= 1
        if valueNumber == 0 {
            testedAt.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            valueNumber = 1
        }
        let stamp = valueNumber
        automaton.forEachOccurrence(in: text) { run in
            guard testedAt[Int(run)] != stamp else { return }
            testedAt[Int(run)] = stamp
            for position in filed[Int(run)] where operands[position].pattern.matches(text) { body(operands[position].clause) }
        }
    }
}
