/// Checks a finding against what Security Hub's `BatchImportFindings` accepts: the
/// `AwsSecurityFinding` shape of botocore's model (members, types, required fields, enums,
/// list bounds) and the limits AWS documents beside it (`ASFFLimits`).
public struct ASFFValidator: Sendable {
    let model: ASFFModel
    private let prediction: MemberPrediction

    /// A validator; it keeps a small cache of key orders, so use one per thread.
    public init(model: ASFFModel = .shared) {
        self.model = model
        prediction = MemberPrediction(model: model)
    }

    /// Returns the first violation found, or `nil` for a valid finding.
    public func violation(in finding: JSONNode) -> ASFFViolation? {
        guard finding.kind == .object else { return ASFFViolation(expected("an object", finding)) }
        let root = model.shapes[0]
        let slotCount = Int(root.membersEnd - root.membersStart)
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: slotCount) { slots in
            slots.initialize(repeating: -1)
            if let violation = checkStructure(finding, shape: 0, slots: slots.baseAddress) { return violation }
            return ASFFLimits.violation(in: TopLevelFields(finding: finding, slots: slots, model: model))
        }
    }

    /// Throws the first violation found.
    public func validate(_ finding: JSONNode) throws(ASFFViolation) {
        if let violation = violation(in: finding) { throw violation }
    }

    private func check(_ node: JSONNode, shape index: Int32) -> ASFFViolation? {
        let shape = model.shapes[Int(index)]
        switch shape.kind {
        case .structure:
            return checkStructure(node, shape: index, slots: nil)
        case .list:
            guard node.kind == .array else { return ASFFViolation(expected("a list", node)) }
            var count = 0
            for element in node.elements {
                if let violation = check(element, shape: shape.element) { return violation.inside("[\(count)]") }
                count += 1
            }
            if count < shape.min { return ASFFViolation("needs at least \(shape.min) item(s), has \(count)") }
            if count > shape.max { return ASFFViolation("allows at most \(shape.max) item(s), has \(count)") }
            return nil
        case .map:
            guard node.kind == .object else { return ASFFViolation(expected("an object (map)", node)) }
            let valueIsString = model.shapes[Int(shape.element)].kind == .string
            for (key, value) in node.members {
                if let violation = check(key, shape: shape.key) { return violation.inside(key.stringValue!) }
                // AWS's own integrations (GuardDuty) import ProductFields values that are empty
                // strings, so map values are held to their type but not to the non-blank pattern.
                if value.kind == .string && valueIsString { continue }
                if let violation = check(value, shape: shape.element) { return violation.inside(key.stringValue!) }
            }
            return nil
        case .string:
            guard node.kind == .string else { return ASFFViolation(expected("a string", node)) }
            if shape.nonBlank && !node.stringHasNonBlank { return ASFFViolation("must not be empty or blank") }
            if shape.enumSet >= 0 {
                let allowed = model.enumSets[Int(shape.enumSet)]
                if !allowed.contains(where: { value in value.withUnsafeBytes { node.stringEquals($0) } }) {
                    let names = allowed.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", ")
                    return ASFFViolation("'\(node.stringValue!)' is not one of \(names)")
                }
            }
            if shape.min > 0 && node.characterCount < shape.min { return ASFFViolation("shorter than \(shape.min) characters") }
            if node.hasMoreCharacters(than: shape.max) { return ASFFViolation("longer than \(shape.max) characters") }
            return nil
        case .integer, .long:
            guard node.kind == .number, let value = node.intValue else { return ASFFViolation(expected("an integer", node)) }
            if shape.kind == .integer && (value < Int(Int32.min) || value > Int(Int32.max)) {
                return ASFFViolation("\(value) does not fit a 32-bit integer")
            }
            if value < shape.min { return ASFFViolation("\(value) is below the minimum \(shape.min)") }
            if value > shape.max { return ASFFViolation("\(value) is above the maximum \(shape.max)") }
            return nil
        case .double:
            guard node.kind == .number else { return ASFFViolation(expected("a number", node)) }
            return nil
        case .boolean:
            guard node.kind == .true || node.kind == .false else { return ASFFViolation(expected("true or false", node)) }
            return nil
        }
    }

    /// Checks an object against a structure shape; with `slots`, records the tape index of
    /// each member's value by its position in the shape (the top level's fields, read again by
    /// `ASFFLimits` without another lookup).
    private func checkStructure(_ node: JSONNode, shape index: Int32, slots: UnsafeMutablePointer<Int>?) -> ASFFViolation? {
        let shape = model.shapes[Int(index)]
        guard node.kind == .object else { return ASFFViolation(expected("an object", node)) }
        var requiredSeen: Int32 = 0
        var previous = -1
        for (key, value) in node.members {
            let found: Int?
            if key.documentRawIsEscaped, let bytes = key.stringBytes {
                found = bytes.withUnsafeBytes { model.memberPosition(of: shape, named: $0) }
            } else {
                let name = key.stringBody
                let guess = prediction.guess(after: previous, in: index)
                if guess >= 0 && model.member(at: guess, isNamed: name) {
                    found = guess
                } else {
                    found = model.memberPosition(of: shape, named: name)
                    if let found { prediction.learn(found, after: previous, in: index) }
                }
            }
            guard let position = found else {
                return ASFFViolation(path: key.stringValue!, "unknown field (not in the \(model.shapeNames[Int(index)]) shape of the Security Hub model)")
            }
            let member = model.members[position]
            if value.kind == .null {
                return ASFFViolation(path: key.stringValue!, "null is not accepted; leave the field out instead")
            }
            if let violation = check(value, shape: member.shape) { return violation.inside(key.stringValue!) }
            if member.required { requiredSeen += 1 }
            slots?[position - Int(shape.membersStart)] = value.index
            previous = position
        }
        if requiredSeen < shape.requiredCount {
            for position in Int(shape.membersStart)..<Int(shape.membersEnd) where model.members[position].required {
                let member = model.members[position]
                if node.member(model.name(of: member)) == nil {
                    return ASFFViolation(path: model.nameString(of: member), "required field is missing")
                }
            }
        }
        return nil
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

    /// Number of Unicode scalars in a string value (AWS counts limits in characters), counted
    /// on the raw text: an escape is one character, a surrogate pair escape is one.
    var characterCount: Int {
        guard kind == .string else { return 0 }
        let body = stringBody
        var count = 0
        if !entry.escaped {
            for byte in body where byte & 0xC0 != 0x80 { count += 1 }
            return count
        }
        var i = 0
        while i < body.count {
            let byte = body[i]
            if byte == UInt8(ascii: "\\") {
                if body[i + 1] == UInt8(ascii: "u") {
                    let high = body[i + 2] | 0x20 == UInt8(ascii: "d") && (body[i + 3] | 0x20 >= UInt8(ascii: "8") && body[i + 3] | 0x20 <= UInt8(ascii: "b"))
                    i += high ? 12 : 6
                } else {
                    i += 2
                }
                count += 1
            } else {
                if byte & 0xC0 != 0x80 { count += 1 }
                i += 1
            }
        }
        return count
    }

    /// Whether a string value has more than `limit` characters; decides from the byte length
    /// alone when it can (a character is at least one byte).
    @inline(__always)
    func hasMoreCharacters(than limit: Int) -> Bool {
        let e = entry
        guard kind == .string, Int(e.end - e.start) > limit else { return false }
        return characterCount > limit
    }

    /// Whether a string value holds a character other than whitespace (the model's `.*\S.*`).
    @inline(__always)
    var stringHasNonBlank: Bool {
        let e = entry
        if e.escaped { return stringValue!.unicodeScalars.contains { !$0.properties.isWhitespace } }
        let base = document.bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var i = Int(e.start)
        let end = Int(e.end)
        while i < end {
            let byte = base[i]
            if byte != 0x20 && (byte < 0x09 || byte > 0x0D) { return true }
            i += 1
        }
        return false
    }
}
