/// A set of changes to apply while copying a document: the splice-instead-of-rebuild path.
///
/// Untouched members are copied byte for byte, in order; a changed member keeps its place;
/// a new member is appended at the end of its object (creating parent objects as needed).
public struct JSONEdits: Sendable {
    enum Change: Sendable {
        case set(JSONValue)
        case remove
        case nested(JSONEdits)
    }

    var changes: [(key: JSONKey, change: Change)] = []

    public init() {}

    public var isEmpty: Bool { changes.isEmpty }

    /// Sets the value at `path`, replacing what was there.
    public mutating func set(_ path: JSONPath, to value: JSONValue) {
        apply(path.keys[...], .set(value))
    }

    /// Removes the member at `path`, if present.
    public mutating func remove(_ path: JSONPath) {
        apply(path.keys[...], .remove)
    }

    private mutating func apply(_ keys: ArraySlice<JSONKey>, _ change: Change) {
        let key = keys.first!
        let position = changes.firstIndex(where: { $0.key == key })
        if keys.count == 1 {
            if let position { changes[position].change = change } else { changes.append((key, change)) }
            return
        }
        var inner = JSONEdits()
        if let position, case .nested(let existing) = changes[position].change { inner = existing }
        inner.apply(keys.dropFirst(), change)
        if let position { changes[position].change = .nested(inner) } else { changes.append((key, .nested(inner))) }
    }
}

extension ByteBuffer {
    /// Appends `node` compactly with `edits` applied.
    public func append(_ node: JSONNode, applying edits: JSONEdits) {
        guard !edits.isEmpty else { appendCompact(node); return }
        guard node.kind == .object else { appendNewObject(edits); return }
        append(UInt8(ascii: "{"))
        var first = true
        var applied = [Bool](repeating: false, count: edits.changes.count)
        for (key, value) in node.members {
            let index = edits.changes.firstIndex { entry in entry.key.utf8.withUnsafeBytes { key.stringEquals($0) } }
            if let index {
                applied[index] = true
                switch edits.changes[index].change {
                case .remove: continue
                case .set(let newValue):
                    separator(&first); append(key.rawBytes); append(UInt8(ascii: ":")); append(json: newValue)
                case .nested(let inner):
                    separator(&first); append(key.rawBytes); append(UInt8(ascii: ":")); append(value, applying: inner)
                }
            } else {
                separator(&first); append(key.rawBytes); append(UInt8(ascii: ":")); appendCompact(value)
            }
        }
        for (index, entry) in edits.changes.enumerated() where !applied[index] {
            appendMember(entry.key, entry.change, &first)
        }
        append(UInt8(ascii: "}"))
    }

    private func appendNewObject(_ edits: JSONEdits) {
        append(UInt8(ascii: "{"))
        var first = true
        for entry in edits.changes { appendMember(entry.key, entry.change, &first) }
        append(UInt8(ascii: "}"))
    }

    private func appendMember(_ key: JSONKey, _ change: JSONEdits.Change, _ first: inout Bool) {
        switch change {
        case .remove: return
        case .set(let value):
            separator(&first); key.utf8.withUnsafeBytes { appendJSONString($0) }; append(UInt8(ascii: ":")); append(json: value)
        case .nested(let inner):
            separator(&first); key.utf8.withUnsafeBytes { appendJSONString($0) }; append(UInt8(ascii: ":")); appendNewObject(inner)
        }
    }

    @inline(__always)
    private func separator(_ first: inout Bool) {
        if !first { append(UInt8(ascii: ",")) }
        first = false
    }
}
