/// Checks a finding against what Security Hub's `BatchImportFindings` accepts: the
/// `AwsSecurityFinding` shape of botocore's model (members, types, required fields, enums,
/// list bounds) and the limits AWS documents beside it (`ASFFLimits`).
public struct ASFFValidator: Sendable {
    let model: ASFFModel

    public init(model: ASFFModel = .shared) { self.model = model }

    /// Returns the first violation found, or `nil` for a valid finding.
    public func violation(in finding: JSONNode) -> ASFFViolation? {
        if let violation = check(finding, shape: 0) { return violation }
        return ASFFLimits.violation(in: finding)
    }

    /// Throws the first violation found.
    public func validate(_ finding: JSONNode) throws(ASFFViolation) {
        if let violation = violation(in: finding) { throw violation }
    }

    private func check(_ node: JSONNode, shape index: Int) -> ASFFViolation? {
        let shape = model.shapes[index]
        switch shape.kind {
        case .structure:
            guard node.kind == .object else { return ASFFViolation(expected("an object", node)) }
            var seen = 0
            var requiredSeen = 0
            for (key, value) in node.members {
                let found: ASFFModel.Member?
                if let bytes = key.stringBytes, key.documentRawIsEscaped {
                    found = bytes.withUnsafeBytes { model.member(of: shape, named: $0) }
                } else {
                    found = model.member(of: shape, named: key.stringBody)
                }
                guard let member = found else {
                    return ASFFViolation(path: key.stringValue!, "unknown field (not in the \(shape.name) shape of the Security Hub model)")
                }
                if value.kind == .null {
                    return ASFFViolation(path: key.stringValue!, "null is not accepted; leave the field out instead")
                }
                if let violation = check(value, shape: member.shape) { return violation.inside(key.stringValue!) }
                seen += 1
                if member.required { requiredSeen += 1 }
            }
            let requiredCount = model.members[shape.members].reduce(0) { $0 + ($1.required ? 1 : 0) }
            if requiredSeen < requiredCount {
                for member in model.members[shape.members] where member.required {
                    let present = member.name.withUnsafeBytes { node.member($0) } != nil
                    if !present { return ASFFViolation(path: String(decoding: member.name, as: UTF8.self), "required field is missing") }
                }
            }
            return nil
        case .list:
            guard node.kind == .array else { return ASFFViolation(expected("a list", node)) }
            var count = 0
            for element in node.elements {
                if let violation = check(element, shape: shape.element) { return violation.inside("[\(count)]") }
                count += 1
            }
            if let min = shape.min, count < min { return ASFFViolation("needs at least \(min) item(s), has \(count)") }
            if let max = shape.max, count > max { return ASFFViolation("allows at most \(max) item(s), has \(count)") }
            return nil
        case .map:
            guard node.kind == .object else { return ASFFViolation(expected("an object (map)", node)) }
            for (key, value) in node.members {
                if let violation = check(key, shape: shape.key) { return violation.inside(key.stringValue!) }
                // AWS's own integrations (GuardDuty) import ProductFields values that are empty
                // strings, so map values are held to their type but not to the non-blank pattern.
                if value.kind == .string && model.shapes[shape.element].kind == .string { continue }
                if let violation = check(value, shape: shape.element) { return violation.inside(key.stringValue!) }
            }
            return nil
        case .string:
            guard node.kind == .string else { return ASFFViolation(expected("a string", node)) }
            if shape.nonBlank && !node.stringHasNonBlank { return ASFFViolation("must not be empty or blank") }
            if !shape.enumValues.isEmpty {
                let value = node.stringValue!
                if !shape.enumValues.contains(value) {
                    return ASFFViolation("'\(value)' is not one of \(shape.enumValues.joined(separator: ", "))")
                }
            }
            if let min = shape.min, node.characterCount < min { return ASFFViolation("shorter than \(min) characters") }
            if let max = shape.max, node.characterCount > max { return ASFFViolation("longer than \(max) characters") }
            return nil
        case .integer, .long:
            guard node.kind == .number, let value = node.intValue else { return ASFFViolation(expected("an integer", node)) }
            if shape.kind == .integer && (value < Int(Int32.min) || value > Int(Int32.max)) {
                return ASFFViolation("\(value) does not fit a 32-bit integer")
            }
            if let min = shape.min, value < min { return ASFFViolation("\(value) is below the minimum \(min)") }
            if let max = shape.max, value > max { return ASFFViolation("\(value) is above the maximum \(max)") }
            return nil
        case .double:
            guard node.kind == .number else { return ASFFViolation(expected("a number", node)) }
            return nil
        case .boolean:
            guard node.kind == .true || node.kind == .false else { return ASFFViolation(expected("true or false", node)) }
            return nil
        }
    }

    private func expected(_ what: String, _ node: JSONNode) -> String {
        "must be \(what), not \(node.kindDescription)"
    }
}

extension JSONNode {
    var documentRawIsEscaped: Bool { entry.escaped }

    /// `a string`, `a number`, ... for messages.
    var kindDescription: String {
        switch kind {
        case .object: return "an object"
        case .array: return "a list"
        case .string: return "a string"
        case .number: return "a number (\(numberText!))"
        case .true, .false: return "a boolean"
        case .null: return "null"
        }
    }

    /// Number of Unicode scalars in a string value (AWS counts limits in characters).
    var characterCount: Int {
        guard kind == .string else { return 0 }
        if entry.escaped { return stringValue!.unicodeScalars.count }
        var count = 0
        for byte in stringBody where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// Whether a string value holds a character other than whitespace (the model's `.*\S.*`).
    var stringHasNonBlank: Bool {
        if entry.escaped { return stringValue!.unicodeScalars.contains { !$0.properties.isWhitespace } }
        for byte in stringBody where byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0B && byte != 0x0C {
            return true
        }
        return false
    }
}
