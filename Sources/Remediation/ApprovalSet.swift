import FindingsCore

/// The plan records a person approved (`--approve FILE`): NDJSON lines as `--plan` wrote
/// them, usually a reviewed subset. Each record's key is recomputed from its content, so an
/// edited argv cannot slip through; execution runs only actions whose key is in the set.
public struct ApprovalSet: Sendable {
    public let path: String
    /// Approved actions by key.
    public let actions: [String: PlannedAction]
    /// SHA-256 of the file, recorded in the audit log as the approval's identity.
    public let digest: String

    public init(path: String) throws(ConfigurationError) {
        self.path = path
        let bytes: [UInt8]
        do { bytes = try InputStream.readAll(path) } catch { throw ConfigurationError(file: path, error.message) }
        digest = SHA256.hex(bytes)
        var actions: [String: PlannedAction] = [:]
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let text = String(decoding: line, as: UTF8.self)
            if text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
            do {
                let value = try JSONValue(parsing: text)
                let action = try PlannedAction(record: value)
                actions[action.key] = action
            } catch let refusal as ActionRefusal {
                throw ConfigurationError(file: path, line: index + 1, refusal.reason)
            } catch {
                throw ConfigurationError(file: path, line: index + 1, "not a JSON plan record: \(error)")
            }
        }
        self.actions = actions
    }
}
