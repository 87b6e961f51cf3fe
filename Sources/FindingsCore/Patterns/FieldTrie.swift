/// The field paths a pattern set names, as a tree the matcher walks alongside an event.
///
/// Nodes are the dot-separated prefixes of the paths. A node's children are keyed by the event
/// key that leads to them, including keys that hold dots themselves, so the event
/// `{"a.b": 1}` reaches the same node as `{"a": {"b": 1}}` (EventBridge joins keys with `.`).
struct FieldTrie {
    /// Per node: the child table, the field index of the node's path (-1 when no pattern names
    /// the path itself), and whether it has children.
    private(set) var children: [ByteTable] = [ByteTable()]
    private(set) var fields: [Int32] = [-1]
    private(set) var hasChildren: [Bool] = [false]
    /// Per node, a cheap pre-test before the hash probe: bit `length & 63` is set for the length
    /// of each child key, bit `byte & 63` for the first byte of each.
    private(set) var childLengths: [UInt64] = [0]
    private(set) var childFirstBytes: [UInt64] = [0]
    /// Node of each path (without the root, whose path is "").
    private(set) var nodeByPath: [String: Int] = ["": 0]

    /// Builds the tree for `paths`; `paths[i]` gets field index `i`.
    init(paths: [String]) {
        var prefixes: [String] = []
        for path in paths {
            var prefix = ""
            for part in path.split(separator: ".", omittingEmptySubsequences: false) {
                prefix = prefix.isEmpty ? String(part) : prefix + "." + part
                if nodeByPath[prefix] == nil {
                    nodeByPath[prefix] = children.count
                    children.append(ByteTable())
                    fields.append(-1)
                    hasChildren.append(false)
                    childLengths.append(0)
                    childFirstBytes.append(0)
                    prefixes.append(prefix)
                }
            }
        }
        for (field, path) in paths.enumerated() { fields[nodeByPath[path]!] = Int32(field) }
        for (parentPath, parent) in nodeByPath {
            let lead = parentPath.isEmpty ? "" : parentPath + "."
            for path in prefixes where path.count > lead.count && path.hasPrefix(lead) {
                let key = Array(path.utf8.dropFirst(lead.utf8.count))
                children[parent].set(key, nodeByPath[path]!)
                hasChildren[parent] = true
                childLengths[parent] |= 1 << UInt64(key.count & 63)
                if let first = key.first { childFirstBytes[parent] |= 1 << UInt64(first & 63) }
            }
        }
    }

    @inline(__always)
    func child(_ node: Int, _ key: UnsafeRawBufferPointer) -> Int? {
        guard childLengths[node] & (1 << UInt64(key.count & 63)) != 0 else { return nil }
        if key.count > 0, childFirstBytes[node] & (1 << UInt64(key[0] & 63)) == 0 { return nil }
        return children[node].value(key)
    }
}
