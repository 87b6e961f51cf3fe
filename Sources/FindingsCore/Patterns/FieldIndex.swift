/// Everything the patterns of a set ask of one field path, indexed by value so that the cost of
/// testing a value grows with the kinds of conditions, not with how many there are: a hash probe
/// for exact values, one probe per distinct length for prefixes and suffixes, and a scan only
/// over the conditions that cannot be hashed (wildcard, cidr, numeric, anything-but).
final class FieldIndex {
    /// Clause lists; the tables below map a value to an index here.
    private(set) var lists: [[Int32]] = []
    let strings = ByteTable()
    private(set) var numbers: [Double: Int] = [:]
    private(set) var trueClauses: [Int32] = []
    private(set) var falseClauses: [Int32] = []
    private(set) var nullClauses: [Int32] = []
    private(set) var prefixes = AffixTable()
    private(set) var suffixes = AffixTable()
    let folded = ByteTable()
    private(set) var foldedPrefixes = AffixTable()
    private(set) var foldedSuffixes = AffixTable()
    var wildcards = WildcardIndex()
    private(set) var cidrs: [(CIDRBlock, Int32)] = []
    private(set) var numerics: [(NumericRange, Int32)] = []
    /// `anything-but` lists of exact strings and of numbers, inverted: every clause holding one,
    /// and per excluded value (into `lists`) the clauses that exclude it.
    private(set) var anythingButStrings: [Int32] = []
    let excludedStrings = ByteTable()
    private(set) var anythingButNumbers: [Int32] = []
    private(set) var excludedNumbers: [Double: Int] = [:]
    /// The other `anything-but` operands (prefix, suffix, ignore-case, wildcard), tested one by one.
    private(set) var anythingButs: [(AnythingButTest, Int32)] = []
    /// Clauses satisfied by any scalar value (`exists: true`).
    private(set) var anyValue: [Int32] = []
    /// Whether some clause needs to know if the field has a value at all (`exists: false`).
    var tracksPresence = false

    var needsNumber: Bool { !numbers.isEmpty || !numerics.isEmpty || !anythingButNumbers.isEmpty }
    var needsFolding: Bool { !folded.isEmpty || !foldedPrefixes.isEmpty || !foldedSuffixes.isEmpty }

    private static func add(_ clause: Int32, to table: ByteTable, _ key: [UInt8], _ lists: inout [[Int32]]) {
        if let list = table.value(key) {
            lists[list].append(clause)
        } else {
            table.set(key, lists.count)
            lists.append([clause])
        }
    }

    private static func add(_ clause: Int32, to table: inout AffixTable, _ key: [UInt8], _ lists: inout [[Int32]]) {
        add(clause, to: table.table, key, &lists)
        table.noteLength(key.count)
    }

    /// Builds the indexes that need every condition first; call once all are added.
    func seal() { wildcards.seal() }

    func add(_ condition: PatternCondition, clause: Int32) {
        switch condition {
        case .string(let bytes): FieldIndex.add(clause, to: strings, bytes, &lists)
        case .number(let value):
            if let list = numbers[value] { lists[list].append(clause) } else { numbers[value] = lists.count; lists.append([clause]) }
        case .bool(true): trueClauses.append(clause)
        case .bool(false): falseClauses.append(clause)
        case .null: nullClauses.append(clause)
        case .prefix(let bytes): FieldIndex.add(clause, to: &prefixes, bytes, &lists)
        case .suffix(let bytes): FieldIndex.add(clause, to: &suffixes, bytes, &lists)
        case .equalsIgnoreCase(let bytes): FieldIndex.add(clause, to: folded, bytes, &lists)
        case .prefixIgnoreCase(let bytes): FieldIndex.add(clause, to: &foldedPrefixes, bytes, &lists)
        case .suffixIgnoreCase(let bytes): FieldIndex.add(clause, to: &foldedSuffixes, bytes, &lists)
        case .anythingBut(.strings(let excluded)):
            anythingButStrings.append(clause)
            for value in excluded { FieldIndex.add(clause, to: excludedStrings, value, &lists) }
        case .anythingBut(.numbers(let excluded)):
            anythingButNumbers.append(clause)
            for value in excluded {
                if let list = excludedNumbers[value] { lists[list].append(clause) } else { excludedNumbers[value] = lists.count; lists.append([clause]) }
            }
        case .anythingBut(let operand): anythingButs.append((AnythingButTest(operand), clause))
        case .numeric(let range): numerics.append((range, clause))
        case .exists(true): anyValue.append(clause)
        case .exists(false): tracksPresence = true
        case .cidr(let block): cidrs.append((block, clause))
        case .wildcard(let pattern): wildcards.add(pattern, clause: clause)
        }
    }
}

/// Prefixes (or suffixes) of one field grouped by length: a value is tested with one probe per
/// distinct length.
struct AffixTable {
    let table = ByteTable()
    private(set) var lengths: [Int] = []

    var isEmpty: Bool { table.isEmpty }

    mutating func noteLength(_ length: Int) {
        if !lengths.contains(length) { lengths.append(length); lengths.sort() }
    }
}
