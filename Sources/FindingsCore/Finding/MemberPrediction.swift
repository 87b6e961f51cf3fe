/// Remembers, for each member of the model, which member followed it in the last object
/// checked, so that findings written with the same key order (nearly all of them) find each
/// key with one comparison instead of a binary search.
///
/// Mutable state: one per validator, used from one thread at a time.
final class MemberPrediction: @unchecked Sendable {
    /// For member position p: the position of the member that followed it last time, or -1.
    private let following: UnsafeMutableBufferPointer<Int32>
    /// For each structure shape: the position of its first member last time, or -1.
    private let first: UnsafeMutableBufferPointer<Int32>

    init(model: ASFFModel) {
        following = .allocate(capacity: max(model.members.count, 1))
        following.initialize(repeating: -1)
        first = .allocate(capacity: max(model.shapes.count, 1))
        first.initialize(repeating: -1)
    }

    deinit {
        following.deallocate()
        first.deallocate()
    }

    /// The member expected after `previous` (or first in `shape` when `previous` is -1).
    @inline(__always)
    func guess(after previous: Int, in shape: Int32) -> Int {
        Int(previous < 0 ? first[Int(shape)] : following[previous])
    }

    /// Records that `position` came after `previous` (or first in `shape`).
    @inline(__always)
    func learn(_ position: Int, after previous: Int, in shape: Int32) {
        if previous < 0 { first[Int(shape)] = Int32(position) } else { following[previous] = Int32(position) }
    }
}
