/// The field paths a pattern set names, as a tree the matcher walks alongside an event.
///
/// Nodes are the dot-separated prefixes of the paths. A node's children are keyed by the event
/// key that leads to them, including keys that hold dots themselves, so the event
/// `{"a.b": 1}` reaches the same node as `{"a": {"b": 1}}` (EventBridge joins keys with `.`).
final class FieldTrie {
    /// Child keys of every node, in the node's namespace.
    private let children = ByteTable()
    /// Per node: the field index of the node's path (-1 when no pattern names the path itself),
    /// whether it has children, and a cheap pre-test before the hash probe: bit `length & 63` is
    /// set for the length of each child key, bit `byte & 63` for the first byte of each.
    let fields: UnsafeMutablePointer<Int32>
    let hasChildren: UnsafeMutablePointer<Bool>
    private let childLengths: UnsafeMutablePointer<UInt64>
    private let childFirstBytes: UnsafeMutablePointer<UInt64>
    /// Node of each path (without the root, whose path is "").
    let nodeByPath: [String: Int]

    /// Builds the tree for `paths`; `paths[i]` gets field index `i`.
    init(paths: [String]) {
        var prefixes: [String] = []
        var nodeByPath: [String: Int] = ["": 0]
        for path in paths {
            var prefix = ""
            for part in path.split(separator: ".", omittingEmptySubsequences: false) {
                prefix = prefix.isEmpty ? String(part) : prefix + "." + part
                if nodeByPath[prefix] == nil {
                    nodeByPath[prefix] = prefixes.count + 1
                    prefixes.append(prefix)
                }
            }
        }
        let count = prefixes.count + 1
        fields = .allocate(capacity: count)
        fields.initialize(repeating: -1, count: count)
        hasChildren = .allocate(capacity: count)
        hasChildren.initialize(repeating: false, count: count)
        childLengths = .allocate(capacity: count)
        childLengths.initialize(repeating: 0, count: count)
        childFirstBytes = .allocate(capacity: count)
        childFirstBytes.initialize(repeating: 0, count: count)
        self.nodeByPath = nodeByPath
        for (field, path) in paths.enumerated() { fields[nodeByPath[path]!] = Int32(field) }
        for (parentPath, parent) in nodeByPath {
            let lead = parentPath.isEmpty ? "" : parentPath + "."
            for path in prefixes where path.count > lead.count && path.hasPrefix(lead) {
                let key = Array(path.utf8.dropFirst(lead.utf8.count))
                children.set(key, nodeByPath[path]!, in: parent)
                hasChildren[parent] = true
                childLengths[parent] |= 1 << UInt64(key.count & 63)
                if let first = key.first { childFirstBytes[parent] |= 1 << UInt64(first & 63) }
            }
        }
    }

    deinit {
        fields.deallocate()
        hasChildren.deallocate()
        childLengths.deallocate()
        childFirstBytes.deallocate()
    }

    @inline(__always)
    func child(_ node: Int, _ key: UnsafeRawBufferPointer) -> Int? {
        guard childLengths[node] & (1 << UInt64(key.count & 63)) != 0 else { return nil }
        if key.count > 0, childFirstBytes[node] & (1 << UInt64(key[0] & 63)) == 0 { return nil }
        return children.value(key, in: node)
    }
}
