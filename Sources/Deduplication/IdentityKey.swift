import FindingsCore

/// Which fields make up a finding's identity, and the stable hash of their values.
///
/// The default is Security Hub's identity, (`ProductArn`, `Id`). The hash is FNV-1a 64
/// (`StableHash`) over this byte encoding, one component per key field, in order:
///
/// - a string: `s`, its length in bytes as 4 bytes little-endian, its decoded UTF-8 bytes;
/// - any other value: `j`, length, its compact JSON text (numbers as written);
/// - a path that passes through arrays: `a`, the number of values found (4 bytes LE), then
///   each value encoded as above (a step into an array continues into every element);
/// - a missing field: the finding is rejected (its identity is incomplete).
///
/// For the default key that is `s len(ProductArn) ProductArn s len(Id) Id`.
public struct IdentityKey: Sendable, CustomStringConvertible {
    public let paths: [JSONPath]

    /// Security Hub's identity: (`ProductArn`, `Id`).
    public static let securityHub = IdentityKey(paths: [JSONPath("ProductArn")!, JSONPath("Id")!])

    public init(paths: [JSONPath]) {
        precondition(!paths.isEmpty, "an identity needs at least one field")
        self.paths = paths
    }

    /// Parses `GeneratorId,Resources.Id` (dotted paths, comma separated).
    public init(parsing text: String) throws(UsageError) {
        var paths: [JSONPath] = []
        for field in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let path = JSONPath(String(field)) else {
                throw UsageError("'\(field)' in '\(text)' is not a dotted field path")
            }
            paths.append(path)
        }
        self.init(paths: paths)
    }

    public var description: String { paths.map(\.description).joined(separator: ",") }

    /// The identity hash of `finding`, or the name of the first key field it lacks.
    public func hash(of finding: JSONNode, scratch: ByteBuffer) -> Result<UInt64, MissingField> {
        var hash = StableHash()
        for path in paths {
            var values: [JSONNode] = []
            var passedArray = false
            collect(finding, path.keys[...], into: &values, passedArray: &passedArray)
            if values.isEmpty { return .failure(MissingField(path: path)) }
            if passedArray {
                hash.combine(byte: UInt8(ascii: "a"))
                hash.combine(uint32: UInt32(truncatingIfNeeded: values.count))
            }
            for value in values { combine(value, into: &hash, scratch: scratch) }
        }
        return .success(hash.value)
    }

    /// A key field the finding does not have.
    public struct MissingField: Error, CustomStringConvertible {
        public let path: JSONPath
        public var description: String { "no identity: the finding has no '\(path)'" }
    }

    private func collect(_ node: JSONNode, _ keys: ArraySlice<JSONKey>, into values: inout [JSONNode], passedArray: inout Bool) {
        guard let key = keys.first else { values.append(node); return }
        switch node.kind {
        case .object:
            if let member = node[key] { collect(member, keys.dropFirst(), into: &values, passedArray: &passedArray) }
        case .array:
            passedArray = true
            for element in node.elements { collect(element, keys, into: &values, passedArray: &passedArray) }
        default:
            return
        }
    }

    private func combine(_ value: JSONNode, into hash: inout StableHash, scratch: ByteBuffer) {
        if value.kind == .string {
            hash.combine(byte: UInt8(ascii: "s"))
            let raw = value.rawBytes
            let body = UnsafeRawBufferPointer(rebasing: raw[1 ..< raw.count - 1])
            if !FindingFields.hasEscapes(body) {
                hash.combine(uint32: UInt32(truncatingIfNeeded: body.count))
                hash.combine(body)
            } else {
                let decoded = value.stringBytes ?? []
                hash.combine(uint32: UInt32(truncatingIfNeeded: decoded.count))
                decoded.withUnsafeBytes { hash.combine($0) }
            }
            return
        }
        scratch.removeAll()
        scratch.appendCompact(value)
        hash.combine(byte: UInt8(ascii: "j"))
        hash.combine(uint32: UInt32(truncatingIfNeeded: scratch.count))
        hash.combine(scratch.bytes)
    }
}
