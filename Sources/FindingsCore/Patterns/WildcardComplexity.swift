/// How hard the `wildcard` operands of one pattern field are to match, measured as event-ruler
/// measures it (`MachineComplexityEvaluator`): the most wildcard states that one event value
/// can keep active at the same time, over every possible value. Each operand is a chain of
/// states, one per literal byte, where a `*` makes the state it follows loop on any byte; a
/// value that repeats the text between stars keeps several states of each chain alive.
///
/// EventBridge rejects rules above a ceiling it does not publish; `PatternLimits` holds ours.
enum WildcardComplexity {
    /// The measure for `operands`, or `nil` when it exceeds `ceiling` (the search stops there,
    /// and also after `maxStateSets` distinct sets of states, which it then counts as too complex).
    static func measure(_ operands: [WildcardPattern], ceiling: Int, maxStateSets: Int = 10_000) -> Int? {
        // All chains numbered as one automaton: per state, the byte that advances it (none
        // after a chain's last byte) and whether it loops.
        var advance: [Int16] = []
        var loops: [Bool] = []
        var starts: [Int] = []
        for operand in operands {
            let chain = Chain(operand)
            starts.append(advance.count)
            advance += chain.bytes.map(Int16.init) + [-1]
            loops += chain.loops
        }
        let words = (advance.count + 63) / 64
        var start = [UInt64](repeating: 0, count: words)
        for state in starts { start[state / 64] |= 1 << UInt64(state % 64) }

        /// The states after reading `byte` (nil: any byte no active state names) in `states`.
        func step(_ states: [UInt64], _ byte: Int16?) -> [UInt64] {
            var next = [UInt64](repeating: 0, count: words)
            for word in 0..<words {
                var bits = states[word]
                while bits != 0 {
                    let state = word * 64 + bits.trailingZeroBitCount
                    bits &= bits - 1
                    if loops[state] { next[state / 64] |= 1 << UInt64(state % 64) }
                    if let byte, advance[state] == byte { next[(state + 1) / 64] |= 1 << UInt64((state + 1) % 64) }
                }
            }
            return next
        }
        /// Every successor of `states`: one per byte an active state advances on, and one for
        /// all other bytes.
        func successors(_ states: [UInt64]) -> [[UInt64]] {
            var bytes = Set<Int16>()
            for word in 0..<words {
                var bits = states[word]
                while bits != 0 {
                    let state = word * 64 + bits.trailingZeroBitCount
                    bits &= bits - 1
                    if advance[state] >= 0 { bytes.insert(advance[state]) }
                }
            }
            return bytes.map { step(states, $0) } + [step(states, nil)]
        }

        var seen = Set<[UInt64]>()
        var pending = successors(start)
        var worst = 0
        while let states = pending.popLast() {
            guard seen.insert(states).inserted else { continue }
            let count = states.reduce(0) { $0 + $1.nonzeroBitCount }
            if count > ceiling || seen.count > maxStateSets { return nil }
            worst = max(worst, count)
            pending += successors(states)
        }
        return worst
    }

    /// One operand as a chain: its literal bytes, and per state (before each byte, and after
    /// the last) whether a `*` lets it loop.
    private struct Chain {
        var bytes: [UInt8] = []
        var loops: [Bool] = []

        init(_ pattern: WildcardPattern) {
            loops.append(pattern.leadingStar)
            for (index, piece) in pattern.pieces.enumerated() {
                if index > 0 { loops[loops.count - 1] = true }
                for byte in piece {
                    bytes.append(byte)
                    loops.append(false)
                }
            }
            if pattern.trailingStar { loops[loops.count - 1] = true }
        }
    }
}
