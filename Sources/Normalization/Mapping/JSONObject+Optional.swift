import FindingsCore

extension JSONObject {
    /// Sets a non-blank string.
    mutating func setText(_ key: String, _ value: String?) {
        if let value = value?.nonBlank { self[key] = .string(value) }
    }

    /// Sets an object member only when it has members.
    mutating func setNonEmpty(_ key: String, _ value: JSONObject) {
        if !value.isEmpty { self[key] = .object(value) }
    }
}
