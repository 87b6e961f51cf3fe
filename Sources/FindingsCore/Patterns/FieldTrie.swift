/// The field paths a pattern set names, as a tree the matcher walks alongside an event.
///
/// Nodes are the dot-separated prefixes of the paths. A node's children are keyed by the event
/// key that leads to them, including keys that hold dots themselves, so the event
/// `{"a.b": 1}` reaches the same node as `{"a": {"b": 1}}` (EventBridge joins keys with `.`).
struct FieldTrie {
    struct Node {
        var children = ByteTable()
        /// The field index of this path, or -1 when no pattern names the path itself.
        var field: Int32 = -1
        var hasChildren: Bool { !children.isEmpty }
    }

    private(set) var nodes: [Node] = [Node()]
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
                    nodeByPath[prefix] = nodes.count
                    nodes.append(Node())
                    prefixes.append(prefix)
                }
            }
        }
        for (field, path) in paths.enumerated() { nodes[nodeByPath[path]!].field = Int32(field) }
        for (parentPath, parent) in nodeByPath {
            let lead = parentPath.isEmpty ? "" : parentPath + "."
            for path in prefixes where path.count > lead.count && path.hasPrefix(lead) {
                nodes[parent].children.set(Array(path.utf8.dropFirst(lead.utf8.count)), nodeByPath[path]!)
            }
        }
    }

    @inline(__always)
    func child(_ node: Int, _ key: UnsafeRawBufferPointer) -> Int? {
        nodes[node].children.value(key)
    }
}
