/// An owned, mutable JSON value for code that builds or restructures documents.
///
/// Objects keep their members in order; numbers keep their literal text, so a value read
/// from input is written back exactly. Use the tape (`JSONNode`) for reading and pass-through;
/// use `JSONValue` where a document is built field by field.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number, as its JSON literal text.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A number value from an integer.
    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    /// A number value from a double, in the shortest text that reads back the same.
    /// Non-finite values have no JSON form and become `null`.
    public static func double(_ value: Double) -> JSONValue {
        guard value.isFinite else { return .null }
        if value == value.rounded(), abs(value) < 1e15 { return .number(String(Int(value))) }
        return .number(String(value))
    }

    /// Copies a tape value into an owned one.
    public init(_ node: JSONNode) {
        switch node.kind {
        case .null: self = .null
        case .true: self = .bool(true)
        case .false: self = .bool(false)
        case .number: self = .number(node.numberText!)
        case .string: self = .string(node.stringValue!)
        case .array: self = .array(node.elements.map(JSONValue.init))
        case .object:
            var object = JSONObject()
            for (key, value) in node.members { object[key.stringValue!] = JSONValue(value) }
            self = .object(object)
        }
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// Member lookup on objects; `nil` for other kinds.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
}

/// JSON object members in insertion order; setting an existing key replaces it in place.
public struct JSONObject: Equatable, Sendable, ExpressibleByDictionaryLiteral {
    public private(set) var members: [(key: String, value: JSONValue)] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (key, value) in elements { self[key] = value }
    }

    public var isEmpty: Bool { members.isEmpty }
    public var count: Int { members.count }

    public subscript(key: String) -> JSONValue? {
        get { members.last(where: { $0.key == key })?.value }
        set {
            if let position = members.lastIndex(where: { $0.key == key }) {
                if let newValue { members[position].value = newValue } else { members.remove(at: position) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension ByteBuffer {
    /// Appends an owned value as compact JSON.
    public func append(json value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let b): b ? append("true") : append("false")
        case .number(let text): append(contentsOf: text)
        case .string(let s): appendJSONString(s)
        case .array(let elements):
            append(UInt8(ascii: "["))
            for (k, element) in elements.enumerated() {
                if k > 0 { append(UInt8(ascii: ",")) }
                append(json: element)
            }
            append(UInt8(ascii: "]"))
        case .object(let object):
            append(UInt8(ascii: "{"))
            for (k, member) in object.members.enumerated() {
                if k > 0 { append(UInt8(ascii: ",")) }
                appendJSONString(member.key)
                append(UInt8(ascii: ":"))
                append(json: member.value)
            }
            append(UInt8(ascii: "}"))
        }
    }
}

extension JSONValue {
    /// The value as compact JSON text.
    public var jsonText: String {
        let buffer = ByteBuffer(capacity: 256)
        buffer.append(json: self)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }
}
