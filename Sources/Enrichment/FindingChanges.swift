import FindingsCore

/// The changes enrich makes to one finding, written in one pass over its top-level members:
/// untouched members are copied as they are, changed ones keep their place, new ones come last.
/// `UserDefinedFields` are merged key by key (existing pairs copied byte for byte) and checked
/// against ASFF's limits (50 pairs, values up to 1024 characters).
struct FindingChanges {
    let finding: JSONNode

    private enum Change {
        /// A new value for the whole member.
        case value(JSONValue)
        /// Values at paths inside the member (relative paths), applied with `JSONEdits`.
        case nested([(path: [JSONKey], value: JSONValue)])
        /// Writes the member's new value from its current one.
        case custom((JSONNode, ByteBuffer) -> Void)
    }

    private var members: [(key: JSONKey, change: Change)] = []
    private var userFields: [(key: JSONKey, value: String)] = []
    private var tooLong: String?

    static let criticality = JSONPath(keys: ["Criticality"])
    static let severityLabel = JSONPath(keys: ["Severity", "Label"])
    static let severityNormalized = JSONPath(keys: ["Severity", "Normalized"])
    static let severityOriginal = JSONPath(keys: ["Severity", "Original"])
    static let threatIntelIndicators = JSONPath(keys: ["ThreatIntelIndicators"])

    init(finding: JSONNode) {
        self.finding = finding
    }

    var isEmpty: Bool { members.isEmpty && userFields.isEmpty }

    /// Sets the value at `path` (a top-level member or a path inside one).
    mutating func set(_ path: JSONPath, _ value: JSONValue) {
        let key = path.keys[0]
        let index = members.firstIndex { $0.key == key }
        guard path.keys.count > 1 else {
            if let index { members[index].change = .value(value) } else { members.append((key, .value(value))) }
            return
        }
        let rest = Array(path.keys.dropFirst())
        if let index, case .nested(var list) = members[index].change {
            list.removeAll { $0.path == rest }
            list.append((rest, value))
            members[index].change = .nested(list)
        } else if let index {
            members[index].change = .nested([(rest, value)])
        } else {
            members.append((key, .nested([(rest, value)])))
        }
    }

    /// Rewrites the existing member `key` with `write(current, buffer)`; a finding without the
    /// member is left without it.
    mutating func rewrite(_ key: JSONKey, _ write: @escaping (JSONNode, ByteBuffer) -> Void) {
        if let index = members.firstIndex(where: { $0.key == key }) { members[index].change = .custom(write) } else { members.append((key, .custom(write))) }
    }

    /// Sets `UserDefinedFields[key]`.
    mutating func setUserField(_ key: String, _ value: String) {
        if value.utf8.count > 1024, tooLong == nil { tooLong = key }
        let name = JSONKey(key)
        if let index = userFields.firstIndex(where: { $0.key == name }) { userFields[index].value = value } else { userFields.append((name, value)) }
    }

    /// Rejects a finding whose `UserDefinedFields` would break ASFF's limits.
    func checkUserDefinedFields() throws(RecordRejection) {
        guard !userFields.isEmpty else { return }
        if let tooLong { throw RecordRejection("UserDefinedFields.\(tooLong): value longer than 1024 characters") }
        var total = userFields.count
        if let existing = finding.get("UserDefinedFields"), existing.kind == .object {
            for (key, _) in existing.members where !userFields.contains(where: { field in field.key.utf8.withUnsafeBytes { key.stringEquals($0) } }) {
                total += 1
            }
        }
        if total > 50 { throw RecordRejection("UserDefinedFields would have \(total) pairs; ASFF allows at most 50") }
    }

    private static let userDefinedFieldsKey: StaticString = "UserDefinedFields"

    func write(to buffer: ByteBuffer) {
        var written = [Bool](repeating: false, count: members.count)
        var wroteUserFields = userFields.isEmpty
        var first = true
        buffer.append(UInt8(ascii: "{"))
        for (key, value) in finding.members {
            if !first { buffer.append(UInt8(ascii: ",")) }
            first = false
            buffer.append(key.rawBytes)
            buffer.append(UInt8(ascii: ":"))
            if !wroteUserFields, key.stringEquals(Self.userDefinedFieldsKey), value.kind == .object {
                writeUserFields(over: value, to: buffer)
                wroteUserFields = true
            } else if let index = members.firstIndex(where: { member in member.key.utf8.withUnsafeBytes { key.stringEquals($0) } }) {
                written[index] = true
                write(members[index].change, over: value, to: buffer)
            } else {
                buffer.appendCompact(value)
            }
        }
        for (index, member) in members.enumerated() where !written[index] {
            if case .custom = member.change { continue }
            if !first { buffer.append(UInt8(ascii: ",")) }
            first = false
            member.key.utf8.withUnsafeBytes { buffer.appendJSONString($0) }
            buffer.append(UInt8(ascii: ":"))
            write(member.change, over: nil, to: buffer)
        }
        if !wroteUserFields {
            if !first { buffer.append(UInt8(ascii: ",")) }
            buffer.append("\"UserDefinedFields\":")
            writeUserFields(over: nil, to: buffer)
        }
        buffer.append(UInt8(ascii: "}"))
    }

    private func write(_ change: Change, over current: JSONNode?, to buffer: ByteBuffer) {
        switch change {
        case .value(let value):
            buffer.append(json: value)
        case .nested(let list):
            if let current, current.kind == .object {
                var edits = JSONEdits()
                for (path, value) in list { edits.set(JSONPath(keys: path), to: value) }
                buffer.append(current, applying: edits)
            } else {
                buffer.append(json: Self.object(from: list))
            }
        case .custom(let write):
            if let current { write(current, buffer) }
        }
    }

    /// `{existing pairs, ours replacing theirs in place, new ones after}`.
    private func writeUserFields(over current: JSONNode?, to buffer: ByteBuffer) {
        var written = [Bool](repeating: false, count: userFields.count)
        var first = true
        buffer.append(UInt8(ascii: "{"))
        if let current {
            for (key, value) in current.members {
                if !first { buffer.append(UInt8(ascii: ",")) }
                first = false
                buffer.append(key.rawBytes)
                buffer.append(UInt8(ascii: ":"))
                if let index = userFields.firstIndex(where: { field in field.key.utf8.withUnsafeBytes { key.stringEquals($0) } }) {
                    written[index] = true
                    buffer.appendJSONString(userFields[index].value)
                } else {
                    buffer.appendCompact(value)
                }
            }
        }
        for (index, field) in userFields.enumerated() where !written[index] {
            if !first { buffer.append(UInt8(ascii: ",")) }
            first = false
            field.key.utf8.withUnsafeBytes { buffer.appendJSONString($0) }
            buffer.append(UInt8(ascii: ":"))
            buffer.appendJSONString(field.value)
        }
        buffer.append(UInt8(ascii: "}"))
    }

    /// An object holding `values` at their relative paths (for a member the finding lacks).
    private static func object(from values: [(path: [JSONKey], value: JSONValue)]) -> JSONValue {
        var object = JSONObject()
        for (path, value) in values {
            let key = path[0].description
            if path.count == 1 {
                object[key] = value
            } else {
                var inner = object[key]?.objectValue.map { JSONValue.object($0) } ?? .object(JSONObject())
                inner = merge(inner, Array(path.dropFirst()), value)
                object[key] = inner
            }
        }
        return .object(object)
    }

    private static func merge(_ target: JSONValue, _ path: [JSONKey], _ value: JSONValue) -> JSONValue {
        var object = target.objectValue ?? JSONObject()
        let key = path[0].description
        object[key] = path.count == 1 ? value : merge(object[key] ?? .object(JSONObject()), Array(path.dropFirst()), value)
        return .object(object)
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
