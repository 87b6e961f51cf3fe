/// A path of object keys, written with dots: `Severity.Label`, `Resources.Id`.
///
/// A key that itself contains a dot is written with a backslash before the dot
/// (`UserDefinedFields.risk\.score`).
public struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    public let keys: [JSONKey]

    public init(keys: [JSONKey]) { self.keys = keys }

    /// Parses a dotted path; `nil` for an empty path or an empty step.
    public init?(_ text: String) {
        var keys: [JSONKey] = []
        var current: [UInt8] = []
        var escaping = false
        for byte in text.utf8 {
            if escaping { current.append(byte); escaping = false; continue }
            if byte == UInt8(ascii: "\\") { escaping = true; continue }
            if byte == UInt8(ascii: ".") {
                guard !current.isEmpty else { return nil }
                keys.append(JSONKey(bytes: current)); current = []
            } else {
                current.append(byte)
            }
        }
        guard !current.isEmpty, !escaping else { return nil }
        keys.append(JSONKey(bytes: current))
        self.keys = keys
    }

    public var description: String {
        keys.map { $0.description.replacingOccurrences(of: ".", with: "\\.") }.joined(separator: ".")
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
