/// Matching parsed documents (tape nodes).
extension PatternSet {
    /// The numbers of the patterns `event` matches, ascending.
    public func matches(_ event: JSONNode) -> [Int] {
        var result: [Int] = []
        matches(event, into: &result)
        return result
    }

    /// Appends the numbers of the patterns `event` matches (ascending) to `result`.
    public func matches(_ event: JSONNode, into result: inout [Int]) {
        state.begin()
        visit(event.document, event.index, node: 0)
        finish(into: &result)
    }

    /// Matches `event` as if it sat at `path` inside a larger event whose other fields are
    /// `context` (dotted path and scalar or array-of-scalar value each). Used to match a finding
    /// against the envelope an EventBridge event would wrap it in, without building the envelope.
    public func matches(_ event: JSONNode, at path: String, context: [(path: String, value: JSONValue)],
                        into result: inout [Int]) {
        state.begin()
        for (contextPath, value) in context {
            guard let node = trie.nodeByPath[contextPath], trie.fields[node] >= 0 else { continue }
            observe(owned: value, field: Int(trie.fields[node]))
        }
        if let node = trie.nodeByPath[path] { visit(event.document, event.index, node: node) }
        finish(into: &result)
    }

    private func observe(owned value: JSONValue, field: Int) {
        switch value {
        case .string(let text):
            var bytes = Array(text.utf8)
            bytes.withUnsafeMutableBytes { observe(field: field, kind: .string, text: UnsafeRawBufferPointer($0)) }
        case .number(let literal):
            var bytes = Array(literal.utf8)
            bytes.withUnsafeMutableBytes { observe(field: field, kind: .number, text: UnsafeRawBufferPointer($0)) }
        case .bool(let flag): observe(field: field, kind: flag ? .true : .false, text: UnsafeRawBufferPointer(start: nil, count: 0))
        case .null: observe(field: field, kind: .null, text: UnsafeRawBufferPointer(start: nil, count: 0))
        case .array(let items): for item in items { observe(owned: item, field: field) }
        case .object: break
        }
    }

    private func visit(_ document: JSONDocument, _ index: Int, node: Int) {
        let entry = document.entries[index]
        switch entry.kind {
        case .object:
            guard trie.hasChildren[node] else { return }
            var i = index + 1
            let stop = Int(entry.next)
            while i < stop {
                let key = document.entries[i]
                let valueIndex = i + 1
                let value = document.entries[valueIndex]
                let keyBytes = UnsafeRawBufferPointer(rebasing: document.bytes[Int(key.start) ..< Int(key.end)])
                let child: Int?
                if key.escaped {
                    child = JSONStringDecoder.decode(keyBytes).withUnsafeBytes { trie.child(node, $0) }
                } else {
                    child = trie.child(node, keyBytes)
                }
                if let child { visit(document, valueIndex, node: child) }
                i = (value.kind == .object || value.kind == .array) ? Int(value.next) : valueIndex + 1
            }
        case .array:
            var i = index + 1
            let stop = Int(entry.next)
            guard i < stop else { return }
            state.arrays.enter()
            while true {
                visit(document, i, node: node)
                let element = document.entries[i]
                i = (element.kind == .object || element.kind == .array) ? Int(element.next) : i + 1
                guard i < stop else { break }
                state.arrays.nextElement()
            }
            state.arrays.leave()
        case .string:
            let field = trie.fields[node]
            guard field >= 0 else { return }
            let body = UnsafeRawBufferPointer(rebasing: document.bytes[Int(entry.start) ..< Int(entry.end)])
            if entry.escaped {
                JSONStringDecoder.decode(body).withUnsafeBytes { observe(field: Int(field), kind: .string, text: $0) }
            } else {
                observe(field: Int(field), kind: .string, text: body)
            }
        default:
            let field = trie.fields[node]
            guard field >= 0 else { return }
            observe(field: Int(field), kind: entry.kind,
                    text: UnsafeRawBufferPointer(rebasing: document.bytes[Int(entry.start) ..< Int(entry.end)]))
        }
    }
}
