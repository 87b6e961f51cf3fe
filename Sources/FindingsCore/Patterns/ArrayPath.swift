/// The arrays that enclose a value of the event, outermost first, each with the position of
/// the element the value is in. Every array the matcher enters gets a number unique within the
/// event, so two values lie in the same array exactly when their paths share that number.
struct ArrayPath {
    struct Step: Hashable {
        var array: UInt32
        var element: UInt32
    }

    private(set) var steps: [Step] = []
    private var arraysEntered: UInt32 = 0

    var isEmpty: Bool { steps.isEmpty }

    mutating func reset() {
        steps.removeAll(keepingCapacity: true)
        arraysEntered = 0
    }

    /// Enters a new array, at its first element.
    @inline(__always)
    mutating func enter() {
        steps.append(Step(array: arraysEntered, element: 0))
        arraysEntered &+= 1
    }

    /// Moves to the next element of the innermost array.
    @inline(__always)
    mutating func nextElement() {
        steps[steps.count - 1].element &+= 1
    }

    @inline(__always)
    mutating func leave() {
        steps.removeLast()
    }

    /// Whether values at paths `a` and `b` may satisfy one pattern together: they may not sit in
    /// different elements of an array that encloses both (event-ruler's `rulesForJSONEvent`).
    /// Arrays nest, so the arrays enclosing both are a common leading run of the two paths.
    static func consistent(_ a: ArraySlice<Step>, _ b: ArraySlice<Step>) -> Bool {
        for (x, y) in zip(a, b) {
            guard x.array == y.array else { return true }
            if x.element != y.element { return false }
        }
        return true
    }
}
