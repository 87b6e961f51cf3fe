/// Marks on clauses for one short use (the clauses an `anything-but` value excludes): each use
/// takes a new mark, so starting one clears nothing.
final class ClauseMarks {
    private let marks: UnsafeMutablePointer<UInt32>
    private let count: Int
    private var current: UInt32 = 0

    init(clauses: Int) {
        count = max(clauses, 1)
        marks = .allocate(capacity: count)
        marks.initialize(repeating: 0, count: count)
    }

    deinit { marks.deallocate() }

    /// A mark no clause holds yet.
    @inline(__always)
    func begin() -> UInt32 {
        current &+= 1
        if current == 0 {  // wrapped: clear once every 4 billion uses
            marks.update(repeating: 0, count: count)
            current = 1
        }
        return current
    }

    @inline(__always)
    func mark(_ clause: Int32, _ mark: UInt32) { marks[Int(clause)] = mark }

    @inline(__always)
    func isMarked(_ clause: Int32, _ mark: UInt32) -> Bool { marks[Int(clause)] == mark }
}
