import FindingsCore

/// `dedupe --partition-of N`: for each finding, the partition its identity hash falls into
/// (`hash mod N`) and the hash, as `PARTITION HASH` lines: the reference the scale-out tooling
/// checks its own partitioning against.
public struct Partitioner: RecordProcessor {
    public let identity: IdentityKey
    public let count: Int
    private let scratch = ByteBuffer(capacity: 1024)

    public init(identity: IdentityKey = .securityHub, count: Int) {
        self.identity = identity
        self.count = count
    }

    public mutating func process(_ document: JSONDocument, _ context: inout RecordContext) throws(RecordRejection) {
        guard document.root.kind == .object else { throw RecordRejection("not a finding: a JSON \(document.root.kind) (expected an object)") }
        switch identity.hash(of: document.root, scratch: scratch) {
        case .success(let hash):
            let partition = StableHash.partition(of: hash, count: count)
            context.emit { buffer in
                buffer.append(integer: partition)
                buffer.append(UInt8(ascii: " "))
                buffer.append(contentsOf: StateExport.hex(hash))
            }
        case .failure(let missing):
            throw RecordRejection(missing.description)
        }
    }
}
