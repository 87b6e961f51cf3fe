import FindingsCore

/// The changes enrich makes to one finding: `JSONEdits` plus bookkeeping of `UserDefinedFields`
/// against ASFF's limits (50 pairs, values up to 1024 characters).
struct FindingChanges {
    let finding: JSONNode
    private(set) var edits = JSONEdits()
    private let existingUserFields: [String]
    private var userFields: [String] = []
    private var tooLong: String?

    static let criticality = JSONPath(keys: ["Criticality"])
    static let severityLabel = JSONPath(keys: ["Severity", "Label"])
    static let severityNormalized = JSONPath(keys: ["Severity", "Normalized"])
    static let severityOriginal = JSONPath(keys: ["Severity", "Original"])
    static let vulnerabilities = JSONPath(keys: ["Vulnerabilities"])
    static let threatIntelIndicators = JSONPath(keys: ["ThreatIntelIndicators"])

    init(finding: JSONNode) {
        self.finding = finding
        let fields = finding.get("UserDefinedFields")
        existingUserFields = fields?.kind == .object ? fields!.members.compactMap { $0.key.stringValue } : []
    }

    var isEmpty: Bool { edits.isEmpty }

    mutating func set(_ path: JSONPath, _ value: JSONValue) { edits.set(path, to: value) }

    mutating func remove(_ path: JSONPath) { edits.remove(path) }

    /// Sets `UserDefinedFields[key]`.
    mutating func setUserField(_ key: String, _ value: String) {
        if value.utf8.count > 1024, tooLong == nil { tooLong = key }
        if !userFields.contains(key) { userFields.append(key) }
        edits.set(JSONPath(keys: ["UserDefinedFields", JSONKey(key)]), to: .string(value))
    }

    /// Rejects a finding whose `UserDefinedFields` would break ASFF's limits.
    func checkUserDefinedFields() throws(RecordRejection) {
        if let tooLong { throw RecordRejection("UserDefinedFields.\(tooLong): value longer than 1024 characters") }
        let total = existingUserFields.count + userFields.filter { !existingUserFields.contains($0) }.count
        if total > 50 { throw RecordRejection("UserDefinedFields would have \(total) pairs; ASFF allows at most 50") }
    }

    func write(to buffer: ByteBuffer) {
        buffer.append(finding, applying: edits)
    }
}

extension JSONNode {
    /// Calls `body` with the decoded bytes of a string value: its source bytes when it has no
    /// escapes (no copy), a decoded copy otherwise; nil for other kinds.
    func withStringBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R? {
        guard kind == .string else { return nil }
        let raw = UnsafeRawBufferPointer(rebasing: rawBytes.dropFirst().dropLast())
        if !raw.contains(UInt8(ascii: "\\")) { return body(raw) }
        return (stringBytes ?? []).withUnsafeBytes(body)
    }
}
