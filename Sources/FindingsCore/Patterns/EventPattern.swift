/// A validated EventBridge event pattern.
///
/// Parsing follows EventBridge's rules: every leaf is a non-empty array of alternatives (ORed),
/// fields are ANDed, nested objects and dotted keys name the same paths (`{"a":{"b":[1]}}` is
/// `{"a.b":[1]}`), and `$or` at any depth splits the pattern into alternatives. An invalid pattern
/// throws a `PatternError` naming the place in the pattern.
public struct EventPattern: Sendable, Equatable {
    /// The pattern as written.
    public let json: JSONValue
    /// The alternatives after expanding `$or`: the pattern matches when all fields of one of them do.
    public let alternatives: [[FieldCondition]]

    /// Validates `json` against EventBridge's rules and `limits`. `textLength` is the length of
    /// the text the pattern was given as; without it, that of its compact JSON is checked.
    public init(json: JSONValue, limits: PatternLimits = .eventBridge, textLength: Int? = nil) throws(PatternError) {
        guard case .object(let object) = json else {
            throw PatternError(path: "", "Event pattern must be a JSON object")
        }
        guard !object.isEmpty else { throw PatternError(path: "", "Event pattern must not be empty") }
        let length = textLength ?? EventPattern.compactLength(json)
        guard length <= limits.maxLength else {
            throw PatternError(path: "", "Event pattern is \(length) characters long, more than the limit of \(limits.maxLength)")
        }
        self.json = json
        alternatives = try EventPattern.parse(object, prefix: "", limits: limits)
        try EventPattern.checkWildcardComplexity(alternatives, limits: limits)
    }

    /// Parses JSON text (for `-e` arguments and patterns stored as strings).
    public init(text: String, limits: PatternLimits = .eventBridge) throws(PatternError) {
        let value: JSONValue
        do { value = try JSONValue(parsing: text) } catch {
            throw PatternError(path: "", "\(error)")
        }
        try self.init(json: value, limits: limits, textLength: text.unicodeScalars.count)
    }

    private static func compactLength(_ json: JSONValue) -> Int {
        let buffer = ByteBuffer(capacity: 1024)
        buffer.append(json: json)
        return String(decoding: buffer.bytes, as: UTF8.self).unicodeScalars.count
    }

    /// Rejects a field whose `wildcard` operands (over all alternatives) are too complex.
    private static func checkWildcardComplexity(_ alternatives: [[FieldCondition]], limits: PatternLimits) throws(PatternError) {
        var operandsByPath: [String: Set<WildcardPattern>] = [:]
        for alternative in alternatives {
            for field in alternative {
                for case .wildcard(let operand) in field.conditions { operandsByPath[field.path, default: []].insert(operand) }
            }
        }
        for (path, operands) in operandsByPath.sorted(by: { $0.key < $1.key }) {
            if WildcardComplexity.measure(Array(operands), ceiling: limits.maxWildcardComplexity) == nil {
                throw PatternError(path: path, "Rule is too complex: one value can keep more than \(limits.maxWildcardComplexity) wildcard states active; use fewer wildcards or less repeated text after them")
            }
        }
    }

    /// The top-level keys of the pattern (with those of `$or` branches).
    public var topLevelKeys: Set<String> {
        var keys = Set<String>()
        for alternative in alternatives {
            for field in alternative { keys.insert(String(field.path.split(separator: ".", maxSplits: 1)[0])) }
        }
        return keys
    }

    private static func join(_ prefix: String, _ key: String) -> String {
        prefix.isEmpty ? key : prefix + "." + key
    }

    private static func parse(_ object: JSONObject, prefix: String, limits: PatternLimits) throws(PatternError) -> [[FieldCondition]] {
        var result: [[FieldCondition]] = [[]]
        for (key, value) in object.members {
            let path = join(prefix, key)
            let branch: [[FieldCondition]]
            if key == "$or" {
                branch = try parseOr(value, prefix: prefix, path: path, limits: limits)
            } else {
                switch value {
                case .object(let nested):
                    guard !nested.isEmpty else { throw PatternError(path: path, "Empty objects are not allowed") }
                    branch = try parse(nested, prefix: path, limits: limits)
                case .array(let items):
                    branch = [[try FieldCondition(path: path, items: items)]]
                default:
                    throw PatternError(path: path, "Match value must be an array or an object, not \(value.kindName)")
                }
            }
            guard result.count * branch.count <= limits.maxCombinations else {
                throw PatternError(path: path, "The event pattern expands to more than \(limits.maxCombinations) combinations")
            }
            var combined: [[FieldCondition]] = []
            combined.reserveCapacity(result.count * branch.count)
            for left in result { for right in branch { combined.append(left + right) } }
            result = combined
        }
        return result
    }

    private static func parseOr(_ value: JSONValue, prefix: String, path: String, limits: PatternLimits) throws(PatternError) -> [[FieldCondition]] {
        guard case .array(let branches) = value else {
            throw PatternError(path: path, "\"$or\" must be an array of objects")
        }
        guard branches.count >= 2 else {
            throw PatternError(path: path, "\"$or\" must have at least 2 branches")
        }
        var result: [[FieldCondition]] = []
        for (index, branch) in branches.enumerated() {
            guard case .object(let object) = branch, !object.isEmpty else {
                throw PatternError(path: path + "[\(index)]", "Each \"$or\" branch must be a non-empty object")
            }
            result += try parse(object, prefix: prefix, limits: limits)
            guard result.count <= limits.maxCombinations else {
                throw PatternError(path: path, "The event pattern expands to more than \(limits.maxCombinations) combinations")
            }
        }
        return result
    }
}

/// One field of a pattern alternative: the dotted path and the conditions any one of which a
/// value at that path must satisfy.
public struct FieldCondition: Hashable, Sendable {
    /// Pattern keys joined with `.` (event keys are joined the same way when matching).
    public let path: String
    public let conditions: [PatternCondition]

    public init(path: String, conditions: [PatternCondition]) {
        self.path = path
        self.conditions = conditions
    }

    init(path: String, items: [JSONValue]) throws(PatternError) {
        guard !items.isEmpty else { throw PatternError(path: path, "Empty arrays are not allowed") }
        var conditions: [PatternCondition] = []
        for item in items {
            switch item {
            case .string(let s): conditions.append(.string(Array(s.utf8)))
            case .number(let text): conditions.append(.number(try PatternOperand.number(text, path: path)))
            case .bool(let b): conditions.append(.bool(b))
            case .null: conditions.append(.null)
            case .array: throw PatternError(path: path, "Nested arrays are not allowed in a match value")
            case .object(let object): conditions.append(try PatternOperand.condition(object, path: path))
            }
        }
        self.init(path: path, conditions: conditions)
    }
}

extension JSONValue {
    /// `string`, `number`, ... for messages.
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
