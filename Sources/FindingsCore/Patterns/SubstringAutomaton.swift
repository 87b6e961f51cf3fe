/// Finds which of many byte strings occur in a text, in one pass over the text (Aho-Corasick).
///
/// Transitions are a dense table over byte classes (the bytes the strings use, and one class
/// for every other byte), so each text byte costs one table load.
struct SubstringAutomaton {
    private let classOf: [UInt8]
    private let classCount: Int
    private let next: [Int32]
    /// Per state `s`: the numbers of the strings that end there, `found[foundStart[s]..<foundStart[s + 1]]`.
    private let found: [Int32]
    private let foundStart: [Int32]

    /// Builds the automaton for `strings` (non-empty); string `i` is reported as `i`.
    init(_ strings: [[UInt8]]) {
        var classOf = [UInt8](repeating: 0, count: 256)
        var classCount = 1
        for string in strings {
            for byte in string where classOf[Int(byte)] == 0 {
                classOf[Int(byte)] = UInt8(classCount)
                classCount += 1
            }
        }
        // The trie of the strings, its edges by class; -1 for none.
        var edges: [Int32] = Array(repeating: -1, count: classCount)
        var ends: [[Int32]] = [[]]
        for (number, string) in strings.enumerated() {
            var state = 0
            for byte in string {
                let slot = state * classCount + Int(classOf[Int(byte)])
                if edges[slot] < 0 {
                    edges[slot] = Int32(ends.count)
                    ends.append([])
                    edges.append(contentsOf: repeatElement(-1, count: classCount))
                }
                state = Int(edges[slot])
            }
            ends[state].append(Int32(number))
        }
        // Breadth-first: each state's missing edges follow its failure state's, and it reports
        // what its failure state reports.
        var failure = [Int32](repeating: 0, count: ends.count)
        var queue: [Int] = []
        for c in 0..<classCount {
            if edges[c] < 0 { edges[c] = 0 } else { queue.append(Int(edges[c])) }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            ends[state] += ends[Int(failure[state])]
            for c in 0..<classCount {
                let slot = state * classCount + c
                let fallback = edges[Int(failure[state]) * classCount + c]
                if edges[slot] < 0 {
                    edges[slot] = fallback
                } else {
                    failure[Int(edges[slot])] = fallback
                    queue.append(Int(edges[slot]))
                }
            }
        }
        self.classOf = classOf
        self.classCount = classCount
        next = edges
        found = ends.flatMap { $0 }
        var offsets: [Int32] = [0]
        for list in ends { offsets.append(offsets[offsets.count - 1] + Int32(list.count)) }
        foundStart = offsets
    }

    /// Calls `body` with the number of each string found in `text` (once per occurrence).
    @inline(__always)
    func forEachOccurrence(in text: UnsafeRawBufferPointer, _ body: (Int32) -> Void) {
        next.withUnsafeBufferPointer { next in
            classOf.withUnsafeBufferPointer { classOf in
                var state = 0
                for byte in text {
                    state = Int(next[state &* classCount &+ Int(classOf[Int(byte)])])
                    let first = Int(foundStart[state]), end = Int(foundStart[state &+ 1])
                    for index in first..<end { body(found[index]) }
                }
            }
        }
    }
}
