import FindingsCore

/// A path to a value inside a finding, with array positions: `Resources[0].Details.AwsIamAccessKey.AccessKeyId`.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    enum Step: Hashable, Sendable {
        case key(JSONKey)
        case index(Int)
    }

    let steps: [Step]
    public let description: String

    /// Parses the text; `nil` when a step is empty or an index is not a number.
    public init?(_ text: String) {
        var steps: [Step] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(part)
            var indexes: [Int] = []
            while name.hasSuffix("]") {
                guard let open = name.lastIndex(of: "["), let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]),
                      index >= 0 else { return nil }
                indexes.insert(index, at: 0)
                name = name[..<open]
            }
            guard !name.isEmpty, !name.contains("["), !name.contains("]") else { return nil }
            steps.append(.key(JSONKey(String(name))))
            steps += indexes.map(Step.index)
        }
        guard !steps.isEmpty else { return nil }
        self.steps = steps
        description = text
    }

    /// The value at this path in `node`, if every step exists.
    public func lookup(_ node: JSONNode) -> JSONNode? {
        var current = node
        for step in steps {
            switch step {
            case .key(let key):
                guard current.kind == .object, let next = current[key] else { return nil }
                current = next
            case .index(let position):
                guard current.kind == .array else { return nil }
                var iterator = current.elements.makeIterator()
                var remaining = position
                var found: JSONNode?
                while let element = iterator.next() {
                    if remaining == 0 { found = element; break }
                    remaining -= 1
                }
                guard let found else { return nil }
                current = found
            }
        }
        return current
    }
}
