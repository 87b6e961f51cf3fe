/// Where, inside arrays, the clauses of the current event were satisfied: for each such
/// satisfaction, a copy of the `ArrayPath` of the value. Used at the end of the event to
/// reject alternatives whose fields are satisfied only by values in different elements of the
/// same array.
struct ClausePlacements {
    private var clauses: [Int32] = []
    private var pathRanges: [Range<Int>] = []
    private var steps: [ArrayPath.Step] = []

    var isEmpty: Bool { clauses.isEmpty }

    mutating func reset() {
        clauses.removeAll(keepingCapacity: true)
        pathRanges.removeAll(keepingCapacity: true)
        steps.removeAll(keepingCapacity: true)
    }

    /// Records that `clause` was satisfied by a value at `path`.
    @inline(__always)
    mutating func record(_ clause: Int32, at path: ArrayPath) {
        let start = steps.count
        steps.append(contentsOf: path.steps)
        clauses.append(clause)
        pathRanges.append(start..<steps.count)
    }

    /// Whether one placement of each of `required` can be chosen so that no two sit in
    /// different elements of one array.
    ///
    /// The placements form a tree (array elements nested in array elements). Under one element,
    /// clauses may be spread over different arrays, but all clauses placed in one array must
    /// share one of its elements. Each node therefore yields the sets of clauses it can hold
    /// together (as bit masks): what ends at the node, joined with one set from one element of
    /// each array below it. The cost grows with the placements, not with their combinations.
    func consistentChoiceExists(_ required: [Int32]) -> Bool {
        var tree = PlacementTree(clauseCount: required.count)
        for (placement, clause) in clauses.enumerated() {
            guard let bit = required.firstIndex(of: clause) else { continue }
            tree.insert(steps[pathRanges[placement]], bit: bit)
        }
        let all = ClauseMask(allOf: required.count)
        return tree.holdableSets(from: 0).contains { $0.isSuperset(of: all) }
    }
}

/// A set of clauses of one alternative, by position.
struct ClauseMask: Hashable {
    private var words: [UInt64]

    init(count: Int) { words = Array(repeating: 0, count: (count + 63) / 64) }

    init(allOf count: Int) {
        self.init(count: count)
        for bit in 0..<count { insert(bit) }
    }

    mutating func insert(_ bit: Int) { words[bit / 64] |= 1 << UInt64(bit % 64) }

    func union(_ other: ClauseMask) -> ClauseMask {
        var result = self
        for index in words.indices { result.words[index] |= other.words[index] }
        return result
    }

    func isSuperset(of other: ClauseMask) -> Bool {
        zip(words, other.words).allSatisfy { $0 & $1 == $1 }
    }
}

/// The placements of one consistency check as a tree of array elements.
private struct PlacementTree {
    private struct ChildKey: Hashable {
        var parent: Int
        var step: ArrayPath.Step
    }

    private let clauseCount: Int
    /// Per node: clauses placed exactly there, and its children grouped by array (in order).
    private var endingHere: [ClauseMask]
    private var childrenByArray: [[(array: UInt32, children: [Int])]]
    private var nodeByKey: [ChildKey: Int] = [:]

    init(clauseCount: Int) {
        self.clauseCount = clauseCount
        endingHere = [ClauseMask(count: clauseCount)]
        childrenByArray = [[]]
    }

    mutating func insert(_ path: ArraySlice<ArrayPath.Step>, bit: Int) {
        var node = 0
        for step in path {
            let key = ChildKey(parent: node, step: step)
            if let child = nodeByKey[key] {
                node = child
                continue
            }
            let child = endingHere.count
            endingHere.append(ClauseMask(count: clauseCount))
            childrenByArray.append([])
            nodeByKey[key] = child
            if let group = childrenByArray[node].firstIndex(where: { $0.array == step.array }) {
                childrenByArray[node][group].children.append(child)
            } else {
                childrenByArray[node].append((step.array, [child]))
            }
            node = child
        }
        endingHere[node].insert(bit)
    }

    /// The largest sets of clauses that values under `node` can satisfy together. Within an
    /// array, a set contained in another is dropped: the elements of a long array offer few
    /// distinct largest sets, so joining arrays does not multiply what every element offers.
    func holdableSets(from node: Int) -> Set<ClauseMask> {
        var result: Set<ClauseMask> = [endingHere[node]]
        for (_, children) in childrenByArray[node] {
            var inArray = Set<ClauseMask>()
            for child in children { inArray.formUnion(holdableSets(from: child)) }
            let largest = PlacementTree.largest(inArray)
            var joined = Set<ClauseMask>()
            for held in result { for more in largest { joined.insert(held.union(more)) } }
            result = joined
        }
        return result
    }

    /// `sets` without the sets contained in another.
    private static func largest(_ sets: Set<ClauseMask>) -> [ClauseMask] {
        let distinct = Array(sets)
        return distinct.filter { set in !distinct.contains { $0 != set && $0.isSuperset(of: set) } }
    }
}
