/// Many named event patterns compiled into one matcher.
///
/// The matcher indexes the conditions by field path and then by value, so matching an event
/// costs roughly one hash probe per field some pattern names, whatever the number of patterns,
/// and the values of fields no pattern names are skipped without being decoded.
///
/// Matching keeps per-event scratch state inside the set: use one `PatternSet` per thread.
public final class PatternSet {
    /// The patterns in the order given; match results are indices into this array.
    public let patterns: [(name: String, pattern: EventPattern)]

    let trie: FieldTrie
    let fields: [FieldIndex]
    /// Per clause (one field of one alternative): its alternative, its field, and whether it
    /// holds `exists: false` (checked at the end of the event instead of counted).
    let clauseAlternative: [Int32]
    let clauseField: [Int32]
    let clauseDeferred: [Bool]
    /// Per alternative: its pattern, how many counted clauses it needs, those clauses, and its
    /// deferred clauses.
    let alternativePattern: [Int32]
    let alternativeRequired: [Int32]
    let alternativeCounted: [[Int32]]
    let alternativeDeferred: [[Int32]]
    /// Alternatives made only of `exists: false` clauses: candidates for every event.
    let alwaysCandidates: [Int32]
    let state: MatchState

    /// Compiles `patterns`.
    public init(_ patterns: [(name: String, pattern: EventPattern)]) {
        self.patterns = patterns
        var pathIndex: [String: Int] = [:]
        var paths: [String] = []
        var indexes: [FieldIndex] = []
        var clauseAlternative: [Int32] = [], clauseField: [Int32] = [], clauseDeferred: [Bool] = []
        var alternativePattern: [Int32] = [], alternativeRequired: [Int32] = []
        var alternativeCounted: [[Int32]] = [], alternativeDeferred: [[Int32]] = []
        var always: [Int32] = []
        for (patternNumber, entry) in patterns.enumerated() {
            for alternative in entry.pattern.alternatives {
                let alternativeNumber = Int32(alternativePattern.count)
                var counted: [Int32] = []
                var deferred: [Int32] = []
                for field in alternative {
                    let fieldNumber: Int
                    if let known = pathIndex[field.path] { fieldNumber = known } else {
                        fieldNumber = paths.count
                        pathIndex[field.path] = fieldNumber
                        paths.append(field.path)
                        indexes.append(FieldIndex())
                    }
                    let clause = Int32(clauseAlternative.count)
                    let isDeferred = field.conditions.contains(.exists(false))
                    clauseAlternative.append(alternativeNumber)
                    clauseField.append(Int32(fieldNumber))
                    clauseDeferred.append(isDeferred)
                    if isDeferred { deferred.append(clause) } else { counted.append(clause) }
                    for condition in field.conditions { indexes[fieldNumber].add(condition, clause: clause) }
                }
                alternativePattern.append(Int32(patternNumber))
                alternativeRequired.append(Int32(counted.count))
                alternativeCounted.append(counted)
                alternativeDeferred.append(deferred)
                if counted.isEmpty { always.append(alternativeNumber) }
            }
        }
        for index in indexes { index.seal() }
        trie = FieldTrie(paths: paths)
        fields = indexes
        self.clauseAlternative = clauseAlternative
        self.clauseField = clauseField
        self.clauseDeferred = clauseDeferred
        self.alternativePattern = alternativePattern
        self.alternativeRequired = alternativeRequired
        self.alternativeCounted = alternativeCounted
        self.alternativeDeferred = alternativeDeferred
        alwaysCandidates = always
        state = MatchState(clauses: clauseAlternative.count, alternatives: alternativePattern.count,
                           fields: paths.count, patterns: patterns.count)
    }

    /// Compiles patterns named by their position (`"0"`, `"1"`, ...).
    public convenience init(_ patterns: [EventPattern]) {
        self.init(patterns.enumerated().map { (name: String($0.offset), pattern: $0.element) })
    }

    /// Number of patterns.
    public var count: Int { patterns.count }

    /// The field paths the patterns name (joined with `.`).
    public var fieldPaths: [String] { trie.nodeByPath.keys.filter { trie.fields[trie.nodeByPath[$0]!] >= 0 }.sorted() }
}
