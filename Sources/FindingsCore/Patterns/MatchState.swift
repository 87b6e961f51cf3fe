/// Per-event scratch of a `PatternSet`: which clauses, alternatives, fields and patterns the
/// current event has touched. Stamps with the event number make resetting free.
final class MatchState {
    var epoch: UInt32 = 0
    let clauseStamp: UnsafeMutablePointer<UInt32>
    let alternativeStamp: UnsafeMutablePointer<UInt32>
    let alternativeCount: UnsafeMutablePointer<Int32>
    let fieldSeen: UnsafeMutablePointer<UInt32>
    let patternStamp: UnsafeMutablePointer<UInt32>
    /// Alternatives whose counted clauses are all satisfied in this event.
    var candidates: [Int32] = []
    /// Scratch for case folding.
    var folded: [UInt8] = []
    /// Limits of the current raw-text scan.
    var depthLimit = PatternSet.maxScanDepth
    var maxStringLength = JSONLimits.default.maxStringLength

    private let sizes: (Int, Int, Int, Int)

    init(clauses: Int, alternatives: Int, fields: Int, patterns: Int) {
        sizes = (clauses, alternatives, fields, patterns)
        clauseStamp = .allocate(capacity: max(clauses, 1))
        clauseStamp.initialize(repeating: 0, count: max(clauses, 1))
        alternativeStamp = .allocate(capacity: max(alternatives, 1))
        alternativeStamp.initialize(repeating: 0, count: max(alternatives, 1))
        alternativeCount = .allocate(capacity: max(alternatives, 1))
        alternativeCount.initialize(repeating: 0, count: max(alternatives, 1))
        fieldSeen = .allocate(capacity: max(fields, 1))
        fieldSeen.initialize(repeating: 0, count: max(fields, 1))
        patternStamp = .allocate(capacity: max(patterns, 1))
        patternStamp.initialize(repeating: 0, count: max(patterns, 1))
    }

    deinit {
        clauseStamp.deallocate()
        alternativeStamp.deallocate()
        alternativeCount.deallocate()
        fieldSeen.deallocate()
        patternStamp.deallocate()
    }

    /// Starts a new event.
    func begin() {
        epoch &+= 1
        if epoch == 0 {  // wrapped: clear every stamp once every 4 billion events
            clauseStamp.update(repeating: 0, count: max(sizes.0, 1))
            alternativeStamp.update(repeating: 0, count: max(sizes.1, 1))
            fieldSeen.update(repeating: 0, count: max(sizes.2, 1))
            patternStamp.update(repeating: 0, count: max(sizes.3, 1))
            epoch = 1
        }
        candidates.removeAll(keepingCapacity: true)
    }
}
