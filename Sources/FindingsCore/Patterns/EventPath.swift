/// A JSONPath as EventBridge's `InputPath` and `InputPathsMap` take it: `$`, then `.name`,
/// `['name']`, `[index]` and `[*]` / `.*` steps.
public struct EventPath: Sendable, Equatable, CustomStringConvertible {
    enum Step: Sendable, Equatable {
        case key(String)
        case index(Int)
        case all
    }

    let steps: [Step]
    public let description: String

    public init(_ text: String) throws(PatternError) {
        description = text
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "$") else {
            throw PatternError(path: text, "JSON path must start with '$'")
        }
        var steps: [Step] = []
        var i = 1
        func invalid(_ why: String) -> PatternError { PatternError(path: text, "Invalid JSON path: \(why)") }
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "."):
                i += 1
                let start = i
                while i < bytes.count, bytes[i] != UInt8(ascii: "."), bytes[i] != UInt8(ascii: "[") { i += 1 }
                guard i > start else { throw invalid("empty key after '.'") }
                let name = String(decoding: bytes[start..<i], as: UTF8.self)
                steps.append(name == "*" ? .all : .key(name))
            case UInt8(ascii: "["):
                guard let close = bytes[i...].firstIndex(of: UInt8(ascii: "]")) else { throw invalid("unclosed '['") }
                let inner = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
                if inner == "*" {
                    steps.append(.all)
                } else if let index = Int(inner), index >= 0, inner.allSatisfy(\.isNumber) {
                    steps.append(.index(index))
                } else if inner.count >= 2, inner.first == "'", inner.last == "'" {
                    steps.append(.key(String(inner.dropFirst().dropLast())))
                } else {
                    throw invalid("bad subscript [\(inner)]")
                }
                i = close + 1
            default:
                throw invalid("unexpected character at offset \(i)")
            }
        }
        self.steps = steps
    }

    /// Whether a path can select several values (it has a `*` step).
    public var selectsMany: Bool { steps.contains(.all) }

    /// The values the path selects in `root`, in document order.
    public func select(_ root: JSONNode) -> [JSONNode] {
        var current = [root]
        for step in steps {
            var next: [JSONNode] = []
            for node in current {
                switch step {
                case .key(let name): if let child = node[name] { next.append(child) }
                case .index(let index):
                    if node.kind == .array {
                        for (position, element) in node.elements.enumerated() where position == index { next.append(element) }
                    }
                case .all:
                    if node.kind == .array { next.append(contentsOf: node.elements) }
                    else if node.kind == .object { next.append(contentsOf: node.members.map(\.value)) }
                }
            }
            current = next
        }
        return current
    }

    /// Writes the selection as JSON: the single value, or an array when the path has `*`;
    /// `false` when nothing is selected.
    public func write(_ root: JSONNode, to buffer: ByteBuffer) -> Bool {
        let selected = select(root)
        if selectsMany {
            buffer.append(UInt8(ascii: "["))
            for (position, node) in selected.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                buffer.appendCompact(node)
            }
            buffer.append(UInt8(ascii: "]"))
            return true
        }
        guard let node = selected.first else { return false }
        buffer.appendCompact(node)
        return true
    }
}
