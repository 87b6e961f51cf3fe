/// Per-event scratch of a `PatternSet`: which clauses, alternatives, fields and patterns the
/// current event has touched. Stamps with the event number make resetting free.
final class MatchState {
    var epoch: UInt32 = 0
    /// Clauses satisfied anywhere in the event.
    let clauseStamp: UnsafeMutablePointer<UInt32>
    /// Clauses satisfied by a value outside every array (consistent with any other value).
    let clauseFreeStamp: UnsafeMutablePointer<UInt32>
    let alternativeStamp: UnsafeMutablePointer<UInt32>
    let alternativeCount: UnsafeMutablePointer<Int32>
    let fieldSeen: UnsafeMutablePointer<UInt32>
    let patternStamp: UnsafeMutablePointer<UInt32>
    /// Alternatives whose counted clauses are all satisfied in this event.
    var candidates: [Int32] = []
    /// The arrays enclosing the value being read, outermost first.
    var arrays = ArrayPath()
    /// Clauses satisfied inside arrays, with where they were satisfied.
    var placements = ClausePlacements()
    /// Clauses excluded by the value being read.
    let exclusions: ClauseMarks
    /// Scratch for case folding.
    var folded: [UInt8] = []
    /// Limits of the current raw-text scan.
    var depthLimit = PatternSet.maxScanDepth
    var maxStringLength = JSONLimits.default.maxStringLength

    private let sizes: (clauses: Int, alternatives: Int, fields: Int, patterns: Int)

    init(clauses: Int, alternatives: Int, fields: Int, patterns: Int) {
        sizes = (max(clauses, 1), max(alternatives, 1), max(fields, 1), max(patterns, 1))
        func stamps(_ count: Int) -> UnsafeMutablePointer<UInt32> {
            let pointer = UnsafeMutablePointer<UInt32>.allocate(capacity: count)
            pointer.initialize(repeating: 0, count: count)
            return pointer
        }
        clauseStamp = stamps(sizes.clauses)
        clauseFreeStamp = stamps(sizes.clauses)
        alternativeStamp = stamps(sizes.alternatives)
        alternativeCount = .allocate(capacity: sizes.alternatives)
        alternativeCount.initialize(repeating: 0, count: sizes.alternatives)
        fieldSeen = stamps(sizes.fields)
        exclusions = ClauseMarks(clauses: clauses)
        patternStamp = stamps(sizes.patterns)
    }

    deinit {
        clauseStamp.deallocate()
        clauseFreeStamp.deallocate()
        alternativeStamp.deallocate()
        alternativeCount.deallocate()
        fieldSeen.deallocate()
        patternStamp.deallocate()
    }

    /// Starts a new event.
    func begin() {
        epoch &+= 1
        if epoch == 0 {  // wrapped: clear every stamp once every 4 billion events
            clauseStamp.update(repeating: 0, count: sizes.clauses)
            clauseFreeStamp.update(repeating: 0, count: sizes.clauses)
            alternativeStamp.update(repeating: 0, count: sizes.alternatives)
            fieldSeen.update(repeating: 0, count: sizes.fields)
            patternStamp.update(repeating: 0, count: sizes.patterns)
            epoch = 1
        }
        candidates.removeAll(keepingCapacity: true)
        arrays.reset()
        placements.reset()
    }
}
