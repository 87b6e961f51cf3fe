/// Parsing of the operator objects of a pattern (`{"prefix": ...}`, `{"numeric": [...]}`, ...).
enum PatternOperand {
    static func number(_ literal: String, path: String) throws(PatternError) -> Double {
        guard let value = Double(literal), value.isFinite else {
            throw PatternError(path: path, "Value \(literal) is not a finite number")
        }
        return value == 0 ? 0 : value  // -0 equals 0
    }

    static func condition(_ object: JSONObject, path: String) throws(PatternError) -> PatternCondition {
        guard object.count == 1, let (name, operand) = object.members.first else {
            throw PatternError(path: path, "A match object must have exactly one key, found \(object.count)")
        }
        switch name {
        case "prefix", "suffix":
            let isPrefix = name == "prefix"
            if case .object(let inner) = operand {
                let folded = try ignoreCaseOperand(inner, operator: name, path: path)
                return isPrefix ? .prefixIgnoreCase(folded) : .suffixIgnoreCase(folded)
            }
            let bytes = try string(operand, operator: name, path: path)
            return isPrefix ? .prefix(bytes) : .suffix(bytes)
        case "equals-ignore-case":
            return .equalsIgnoreCase(CaseFolding.fold(String(decoding: try string(operand, operator: name, path: path), as: UTF8.self)))
        case "wildcard":
            guard case .string(let text) = operand else { throw mustBeString(name, path) }
            return .wildcard(try WildcardPattern(text, path: path))
        case "cidr":
            guard case .string(let text) = operand else { throw mustBeString(name, path) }
            return .cidr(try CIDRBlock(text, path: path))
        case "exists":
            guard case .bool(let flag) = operand else {
                throw PatternError(path: path, "exists match pattern must be either true or false")
            }
            return .exists(flag)
        case "numeric":
            return .numeric(try numericRange(operand, path: path))
        case "anything-but":
            return .anythingBut(try anythingBut(operand, path: path))
        default:
            throw PatternError(path: path, "Unrecognized match type \(name)")
        }
    }

    private static func mustBeString(_ name: String, _ path: String) -> PatternError {
        PatternError(path: path, "\(name) match pattern must be a string")
    }

    private static func string(_ value: JSONValue, operator name: String, path: String) throws(PatternError) -> [UInt8] {
        guard case .string(let text) = value else { throw mustBeString(name, path) }
        return Array(text.utf8)
    }

    /// `{"equals-ignore-case": "text"}` inside `prefix` / `suffix`.
    private static func ignoreCaseOperand(_ object: JSONObject, operator name: String, path: String) throws(PatternError) -> [UInt8] {
        guard object.count == 1, let (key, value) = object.members.first, key == "equals-ignore-case" else {
            throw PatternError(path: path, "\(name) match pattern object must hold only \"equals-ignore-case\"")
        }
        guard case .string(let text) = value else { throw mustBeString("\(name) equals-ignore-case", path) }
        return CaseFolding.fold(text)
    }

    private static func numericRange(_ operand: JSONValue, path: String) throws(PatternError) -> NumericRange {
        guard case .array(let items) = operand, items.count == 2 || items.count == 4 else {
            throw PatternError(path: path, "Value of numeric must be an array of an operator and a number, or of two operator-number pairs")
        }
        var range = NumericRange(lower: nil, lowerInclusive: false, upper: nil, upperInclusive: false)
        var sawLower = false, sawUpper = false
        for pair in stride(from: 0, to: items.count, by: 2) {
            guard case .string(let op) = items[pair] else {
                throw PatternError(path: path, "Expected a numeric operator (=, <, <=, >, >=) in numeric match")
            }
            guard case .number(let literal) = items[pair + 1] else {
                throw PatternError(path: path, "Value of \(op) must be a number in numeric match")
            }
            let value = try number(literal, path: path)
            switch op {
            case "=":
                guard items.count == 2 else { throw PatternError(path: path, "\"=\" cannot be combined with another numeric operator") }
                return NumericRange(lower: value, lowerInclusive: true, upper: value, upperInclusive: true)
            case ">", ">=":
                guard !sawLower, pair == 0 else {
                    throw PatternError(path: path, "Bad numeric range: the lower bound (> or >=) must come first, once")
                }
                sawLower = true
                range.lower = value
                range.lowerInclusive = op == ">="
            case "<", "<=":
                guard !sawUpper else { throw PatternError(path: path, "Bad numeric range: more than one upper bound") }
                guard items.count == 2 || pair == 2 else {
                    throw PatternError(path: path, "Bad numeric range: the upper bound (< or <=) must come after the lower bound")
                }
                sawUpper = true
                range.upper = value
                range.upperInclusive = op == "<="
            default:
                throw PatternError(path: path, "Unrecognized numeric range operator \(op)")
            }
        }
        if let lower = range.lower, let upper = range.upper, lower >= upper {
            throw PatternError(path: path, "Bad numeric range: the lower bound must be below the upper bound")
        }
        return range
    }

    private static func anythingBut(_ operand: JSONValue, path: String) throws(PatternError) -> AnythingBut {
        switch operand {
        case .string(let text):
            return .strings([Array(text.utf8)])
        case .number(let literal):
            return .numbers([try number(literal, path: path)])
        case .array(let items):
            guard !items.isEmpty else { throw PatternError(path: path, "Empty arrays are not allowed in anything-but") }
            if case .number = items[0] {
                var numbers = Set<Double>()
                for item in items {
                    guard case .number(let literal) = item else { throw mixed(path) }
                    numbers.insert(try number(literal, path: path))
                }
                return .numbers(numbers)
            }
            var strings = Set<[UInt8]>()
            for item in items {
                guard case .string(let text) = item else { throw mixed(path) }
                strings.insert(Array(text.utf8))
            }
            return .strings(strings)
        case .object(let object):
            guard object.count == 1, let (name, inner) = object.members.first else {
                throw PatternError(path: path, "anything-but match object must have exactly one key")
            }
            let operatorName = "anything-but \(name)"
            switch name {
            case "prefix": return .prefixes(try stringOrStrings(inner, operator: operatorName, path: path).map { Array($0.utf8) })
            case "suffix": return .suffixes(try stringOrStrings(inner, operator: operatorName, path: path).map { Array($0.utf8) })
            case "equals-ignore-case":
                return .ignoringCase(Set(try stringOrStrings(inner, operator: operatorName, path: path).map(CaseFolding.fold)))
            case "wildcard":
                var patterns: [WildcardPattern] = []
                for text in try stringOrStrings(inner, operator: operatorName, path: path) {
                    patterns.append(try WildcardPattern(text, path: path))
                }
                return .wildcards(patterns)
            default:
                throw PatternError(path: path, "Unsupported anything-but pattern type \(name)")
            }
        default:
            throw PatternError(path: path, "Value of anything-but must be a string, a number, an array or an object")
        }
    }

    private static func mixed(_ path: String) -> PatternError {
        PatternError(path: path, "Inside anything-but list, values must be all strings or all numbers")
    }

    private static func stringOrStrings(_ value: JSONValue, operator name: String, path: String) throws(PatternError) -> [String] {
        switch value {
        case .string(let text): return [text]
        case .array(let items) where !items.isEmpty:
            var texts: [String] = []
            for item in items {
                guard case .string(let text) = item else { throw mustBeString(name, path) }
                texts.append(text)
            }
            return texts
        default:
            throw PatternError(path: path, "\(name) match pattern must be a string or a non-empty array of strings")
        }
    }
}
