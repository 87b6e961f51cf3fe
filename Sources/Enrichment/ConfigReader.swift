import FindingsCore

/// Typed reads from a configuration document, each failure naming the file, line and key.
struct ConfigReader {
    let document: ConfigDocument

    func object(_ value: JSONValue, _ path: [ConfigKey]) throws(ConfigurationError) -> JSONObject {
        guard let object = value.objectValue else { throw document.error(at: path, "expected an object") }
        return object
    }

    func onlyKnown(_ object: JSONObject, _ known: Set<String>, _ path: [ConfigKey]) throws(ConfigurationError) {
        for (key, _) in object.members where !known.contains(key) {
            throw document.error(at: path + [.key(key)], "unknown member \"\(key)\"; expected one of \(known.sorted().joined(separator: ", "))")
        }
    }

    func string(_ value: JSONValue?, _ path: [ConfigKey], required: Bool = false) throws(ConfigurationError) -> String? {
        guard let value, value != .null else {
            if required { throw document.error(at: path, "missing required string") }
            return nil
        }
        guard let text = value.stringValue, !text.isEmpty else { throw document.error(at: path, "expected a non-empty string") }
        return text
    }

    func number(_ value: JSONValue?, _ path: [ConfigKey]) throws(ConfigurationError) -> Double? {
        guard let value, value != .null else { return nil }
        guard case .number(let text) = value, let number = Double(text) else { throw document.error(at: path, "expected a number") }
        return number
    }

    func integer(_ value: JSONValue?, _ path: [ConfigKey], required: Bool = false) throws(ConfigurationError) -> Int? {
        guard let value, value != .null else {
            if required { throw document.error(at: path, "missing required integer") }
            return nil
        }
        guard case .number(let text) = value, let number = Int(text) else { throw document.error(at: path, "expected an integer") }
        return number
    }

    /// An integer 0–100 (`RatioScale`).
    func ratio(_ value: JSONValue?, _ path: [ConfigKey]) throws(ConfigurationError) -> Int? {
        guard let number = try integer(value, path) else { return nil }
        guard (0...100).contains(number) else { throw document.error(at: path, "expected an integer from 0 to 100") }
        return number
    }

    func bool(_ value: JSONValue?, _ path: [ConfigKey]) throws(ConfigurationError) -> Bool? {
        guard let value, value != .null else { return nil }
        guard case .bool(let flag) = value else { throw document.error(at: path, "expected true or false") }
        return flag
    }

    func timestamp(_ value: JSONValue?, _ path: [ConfigKey]) throws(ConfigurationError) -> Timestamp? {
        guard let text = try string(value, path) else { return nil }
        guard let time = Timestamp(text) else { throw document.error(at: path, "\"\(text)\" is not an ISO 8601 timestamp") }
        return time
    }

    func oneOf(_ value: JSONValue?, _ path: [ConfigKey], _ allowed: [String]) throws(ConfigurationError) -> String? {
        guard let text = try string(value, path) else { return nil }
        guard allowed.contains(text) else { throw document.error(at: path, "\"\(text)\" is not one of \(allowed.joined(separator: ", "))") }
        return text
    }

    func comparison(_ value: JSONValue?, _ path: [ConfigKey], allowed: [FilterComparison]) throws(ConfigurationError) -> FilterComparison {
        let text = try oneOf(value, path, allowed.map(\.rawValue))
        guard let text else { throw document.error(at: path, "missing required Comparison") }
        return FilterComparison(rawValue: text)!
    }
}
