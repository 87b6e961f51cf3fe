#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// Fields whose change alone does not make a new version worth passing on: timestamps that
/// move on every import and counters that grow with every observation.
public struct VolatileFields: Sendable, CustomStringConvertible {
    public private(set) var paths: [JSONPath]
    let tree: FieldTree

    /// `UpdatedAt`, `LastObservedAt`, `ProcessedAt`, GuardDuty's observation counter and
    /// last-seen time in `ProductFields`, and the counters `dedupe` itself adds.
    public static let defaults: [JSONPath] = [
        "UpdatedAt", "LastObservedAt", "ProcessedAt",
        "ProductFields.aws/guardduty/service/count",
        "ProductFields.aws/guardduty/service/eventLastSeen",
        "UserDefinedFields.dedupe\\.seen", "UserDefinedFields.dedupe\\.first",
    ].map { JSONPath($0)! }

    /// The defaults plus `extra`.
    public init(adding extra: [JSONPath] = []) {
        paths = VolatileFields.defaults + extra
        var tree = FieldTree()
        for path in paths { tree.insert(path.keys[...]) }
        self.tree = tree
    }

    /// Parses `--volatile` values: comma-separated dotted paths, added to the defaults.
    public init(parsing values: [String]) throws(UsageError) {
        var extra: [JSONPath] = []
        for value in values {
            for field in value.split(separator: ",", omittingEmptySubsequences: false) {
                guard let path = JSONPath(String(field)) else {
                    throw UsageError("'\(field)' in --volatile '\(value)' is not a dotted field path")
                }
                extra.append(path)
            }
        }
        self.init(adding: extra)
    }

    public var description: String { paths.map(\.description).joined(separator: ",") }
}

/// Object keys arranged as a tree: a leaf is a whole field to skip, an inner node names an
/// object some of whose members are skipped.
struct FieldTree: Sendable {
    private(set) var children: [(key: JSONKey, subtree: FieldTree)] = []
    /// Key lengths of `children`, in the same order: most members are rejected on length alone.
    private var lengths: [Int] = []
    var isLeaf = false

    mutating func insert(_ keys: ArraySlice<JSONKey>) {
        guard let key = keys.first else { isLeaf = true; return }
        if let index = children.firstIndex(where: { $0.key == key }) {
            children[index].subtree.insert(keys.dropFirst())
        } else {
            var subtree = FieldTree()
            subtree.insert(keys.dropFirst())
            children.append((key, subtree))
            lengths.append(key.utf8.count)
        }
    }

    /// The index in `children` of the member whose key is `key` (raw bytes with quotes), if any.
    @inline(__always)
    func childIndex(forRawKey key: UnsafeRawBufferPointer) -> Int? {
        let length = key.count - 2
        return lengths.withUnsafeBufferPointer { lengths in
            for index in 0..<lengths.count where lengths[index] == length {
                let same = children[index].key.utf8.withUnsafeBytes { wanted in
                    length == 0 || memcmp(wanted.baseAddress!, key.baseAddress! + 1, length) == 0
                }
                if same { return index }
            }
            return nil
        }
    }
}
