import FindingsCore

/// A source format's mapping to ASFF: one document in, its findings (or per-element
/// failures) out. Implementations are pure: the same document and context give the same
/// findings, byte for byte.
protocol FindingSource {
    /// The name used in messages (`GuardDuty finding: missing 'id'`).
    var name: String { get }
    func findings(in document: JSONNode, _ source: SourceContext) -> [MappedFinding]
}
