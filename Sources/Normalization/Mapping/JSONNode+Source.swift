import FindingsCore

extension JSONNode {
    /// The member named `camelCase` or, failing that, its PascalCase spelling: GuardDuty
    /// findings are camelCase on the wire and PascalCase in AWS CLI / SDK output.
    func field(_ camelCase: String) -> JSONNode? {
        if let value = self[camelCase] { return value }
        guard let first = camelCase.first else { return nil }
        return self[first.uppercased() + camelCase.dropFirst()]
    }

    /// The elements of an array member (case-folded like `field`); empty when absent.
    func list(_ camelCase: String) -> [JSONNode] {
        guard let value = field(camelCase), value.kind == .array else { return [] }
        return Array(value.elements)
    }

    /// A string member as a non-blank Swift string.
    func text(_ key: String) -> String? {
        guard let value = self[key], value.kind == .string else { return nil }
        return value.stringValue?.nonBlank
    }

    /// A case-folded string member (`field`), non-blank.
    func fieldText(_ camelCase: String) -> String? {
        guard let value = field(camelCase), value.kind == .string else { return nil }
        return value.stringValue?.nonBlank
    }

    /// A scalar as text: strings as they are, numbers by their literal, booleans as
    /// `true`/`false`; `nil` for null, objects and arrays.
    var scalarText: String? {
        switch kind {
        case .string: return stringValue
        case .number: return numberText
        case .true: return "true"
        case .false: return "false"
        default: return nil
        }
    }

    /// An integer from a number or a digit string (`"asn": "-1"` in GuardDuty samples).
    var lenientInt: Int? {
        if kind == .number { return intValue ?? doubleValue.flatMap { $0.isFinite && abs($0) < 1e15 ? Int($0) : nil } }
        if kind == .string, let text = stringValue { return Int(text.trimmingWhitespace) }
        return nil
    }

    /// A double from a number or a numeric string.
    var lenientDouble: Double? {
        if kind == .number { return doubleValue }
        if kind == .string, let text = stringValue { return Double(text.trimmingWhitespace) }
        return nil
    }
}

extension JSONObject {
    /// Sets `key` only when `value` is present, so optional source fields leave no nulls.
    mutating func setIfPresent(_ key: String, _ value: JSONValue?) {
        if let value { self[key] = value }
    }

    /// Sets a non-blank string.
    mutating func setText(_ key: String, _ value: String?) {
        if let value = value?.nonBlank { self[key] = .string(value) }
    }

    /// Sets an object member only when it has members.
    mutating func setNonEmpty(_ key: String, _ value: JSONObject) {
        if !value.isEmpty { self[key] = .object(value) }
    }
}
