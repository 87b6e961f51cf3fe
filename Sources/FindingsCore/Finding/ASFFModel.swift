#if canImport(Glibc)
import Glibc
#endif

/// The shape of an ASFF finding as botocore's Security Hub model defines it
/// (`AwsSecurityFinding` and every shape it references), decoded once from generated data.
///
/// Shapes and members are plain values in flat buffers that live as long as the process, so
/// the validator's walk copies no reference-counted values.
public final class ASFFModel: @unchecked Sendable {
    enum Kind: UInt8 { case structure, list, map, string, integer, long, double, boolean }

    struct Shape {
        let kind: Kind
        let nonBlank: Bool
        /// Structures: the range of their members in `members` (sorted by name bytes).
        let membersStart: Int32
        let membersEnd: Int32
        let requiredCount: Int32
        /// Lists: the element shape. Maps: the value shape.
        let element: Int32
        /// Maps: the key shape.
        let key: Int32
        /// Index into `enumSets`, or -1.
        let enumSet: Int32
        let min: Int
        let max: Int
    }

    struct Member {
        let nameStart: Int32
        let nameLength: Int32
        let shape: Int32
        let required: Bool
    }

    let shapes: UnsafeMutableBufferPointer<Shape>
    let members: UnsafeMutableBufferPointer<Member>
    /// Every member name, back to back.
    let names: UnsafeMutableBufferPointer<UInt8>
    let shapeNames: [String]
    /// Allowed values of enum shapes, as UTF-8.
    let enumSets: [[[UInt8]]]

    /// The model shared by every validator.
    public static let shared = ASFFModel(encoded: ASFFModel.encodedShapes)

    /// Decodes the generated text (see scripts/gen-asff-model.py) with a byte scanner: it runs
    /// at every tool's start-up, so it avoids splitting into Swift strings.
    init(encoded: String) {
        var shapes: [Shape] = []
        var members: [Member] = []
        var names: [UInt8] = []
        var shapeNames: [String] = []
        var enumSets: [[[UInt8]]] = []
        var text = encoded
        text.withUTF8 { bytes in
            var cursor = ModelTextCursor(bytes: bytes)
            while let tag = cursor.nextByte() {
                cursor.skipSpace()
                shapeNames.append(String(decoding: cursor.word(), as: UTF8.self))
                switch tag {
                case UInt8(ascii: "S"):
                    var parsed: [(name: UnsafeBufferPointer<UInt8>.SubSequence, shape: Int32, required: Bool)] = []
                    while cursor.skipSpace() {
                        let name = cursor.word(until: UInt8(ascii: ":"))
                        let shape = Int32(cursor.integer())
                        let required = cursor.consume(UInt8(ascii: "!"))
                        parsed.append((name, shape, required))
                    }
                    parsed.sort { $0.name.lexicographicallyPrecedes($1.name) }
                    let first = Int32(members.count)
                    for member in parsed {
                        members.append(Member(nameStart: Int32(names.count), nameLength: Int32(member.name.count),
                                              shape: member.shape, required: member.required))
                        names += member.name
                    }
                    shapes.append(Shape(kind: .structure, nonBlank: false, membersStart: first, membersEnd: Int32(members.count),
                                        requiredCount: Int32(parsed.filter(\.required).count), element: -1, key: -1,
                                        enumSet: -1, min: Int.min, max: Int.max))
                case UInt8(ascii: "L"):
                    cursor.skipSpace(); let element = Int32(cursor.integer())
                    cursor.skipSpace(); let minimum = cursor.optionalInteger() ?? Int.min
                    cursor.skipSpace(); let maximum = cursor.optionalInteger() ?? Int.max
                    shapes.append(Shape(kind: .list, nonBlank: false, membersStart: 0, membersEnd: 0, requiredCount: 0,
                                        element: element, key: -1, enumSet: -1, min: minimum, max: maximum))
                case UInt8(ascii: "M"):
                    cursor.skipSpace(); let key = Int32(cursor.integer())
                    cursor.skipSpace(); let value = Int32(cursor.integer())
                    shapes.append(Shape(kind: .map, nonBlank: false, membersStart: 0, membersEnd: 0, requiredCount: 0,
                                        element: value, key: key, enumSet: -1, min: Int.min, max: Int.max))
                default:
                    cursor.skipSpace()
                    let kind: Kind
                    switch String(decoding: cursor.word(), as: UTF8.self) {
                    case "string": kind = .string
                    case "integer": kind = .integer
                    case "long": kind = .long
                    case "double": kind = .double
                    default: kind = .boolean
                    }
                    var nonBlank = false, enumSet: Int32 = -1, minimum = Int.min, maximum = Int.max
                    while cursor.skipSpace() {
                        let option = cursor.word(until: UInt8(ascii: "="))
                        if option.elementsEqual("n".utf8) { nonBlank = true; continue }
                        if option.elementsEqual("e".utf8) {
                            enumSet = Int32(enumSets.count)
                            enumSets.append(cursor.word().split(separator: UInt8(ascii: ",")).map { Array($0) })
                        } else if option.elementsEqual("min".utf8) {
                            minimum = cursor.integer()
                        } else {
                            maximum = cursor.integer()
                        }
                    }
                    shapes.append(Shape(kind: kind, nonBlank: nonBlank, membersStart: 0, membersEnd: 0, requiredCount: 0,
                                        element: -1, key: -1, enumSet: enumSet, min: minimum, max: maximum))
                }
                cursor.skipLine()
            }
        }
        self.shapes = .allocate(capacity: shapes.count)
        _ = self.shapes.initialize(from: shapes)
        self.members = .allocate(capacity: members.count)
        _ = self.members.initialize(from: members)
        self.names = .allocate(capacity: names.count)
        _ = self.names.initialize(from: names)
        self.shapeNames = shapeNames
        self.enumSets = enumSets
    }

    deinit {
        shapes.deallocate()
        members.deallocate()
        names.deallocate()
    }

    func name(of member: Member) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: names.baseAddress! + Int(member.nameStart), count: Int(member.nameLength))
    }

    func nameString(of member: Member) -> String { String(decoding: name(of: member), as: UTF8.self) }

    /// Whether the member at `position` has exactly the name `key`.
    @inline(__always)
    func member(at position: Int, isNamed key: UnsafeRawBufferPointer) -> Bool {
        let member = members[position]
        let length = Int(member.nameLength)
        guard length == key.count else { return false }
        return length == 0 || memcmp(names.baseAddress! + Int(member.nameStart), key.baseAddress!, length) == 0
    }

    /// Binary search of a structure's members for a key's UTF-8 bytes; the member's position.
    @inline(__always)
    func memberPosition(of shape: Shape, named key: UnsafeRawBufferPointer) -> Int? {
        var low = Int(shape.membersStart), high = Int(shape.membersEnd)
        let base = names.baseAddress!
        while low < high {
            let middle = (low + high) >> 1
            let candidate = members[middle]
            let length = Int(candidate.nameLength)
            let common = Swift.min(length, key.count)
            let name = base + Int(candidate.nameStart)
            var order = common == 0 ? 0 : Int(name[0]) - Int(key[0])
            if order == 0 && common > 1 { order = Int(memcmp(name + 1, key.baseAddress! + 1, common - 1)) }
            if order == 0 { order = length - key.count }
            if order == 0 { return middle }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// Position of a root (`AwsSecurityFinding`) member among the root's members.
    func rootSlot(_ name: String) -> Int {
        var name = name
        let position = name.withUTF8 { memberPosition(of: shapes[0], named: UnsafeRawBufferPointer($0)) }
        return position! - Int(shapes[0].membersStart)
    }
}

/// Reads the generated model text: words separated by spaces, one shape per line.
private struct ModelTextCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    mutating func nextByte() -> UInt8? {
        guard i < bytes.count else { return nil }
        defer { i += 1 }
        return bytes[i]
    }

    /// Skips spaces; returns whether a word follows on this line.
    @discardableResult
    mutating func skipSpace() -> Bool {
        while i < bytes.count && bytes[i] == 0x20 { i += 1 }
        return i < bytes.count && bytes[i] != 0x0A
    }

    mutating func skipLine() {
        while i < bytes.count && bytes[i] != 0x0A { i += 1 }
        i += 1
    }

    /// The bytes up to the next space, newline or `stop` (which is consumed).
    mutating func word(until stop: UInt8 = 0x20) -> UnsafeBufferPointer<UInt8>.SubSequence {
        let start = i
        while i < bytes.count && bytes[i] != 0x20 && bytes[i] != 0x0A && bytes[i] != stop { i += 1 }
        let word = bytes[start..<i]
        if i < bytes.count && bytes[i] == stop && stop != 0x20 { i += 1 }
        return word
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard i < bytes.count && bytes[i] == byte else { return false }
        i += 1
        return true
    }

    mutating func integer() -> Int { optionalInteger() ?? 0 }

    /// A decimal number, or `nil` for `-` (no bound).
    mutating func optionalInteger() -> Int? {
        let negative = consume(UInt8(ascii: "-"))
        if negative && (i >= bytes.count || bytes[i] < 0x30 || bytes[i] > 0x39) { return nil }
        var value = 0
        while i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 { value = value * 10 + Int(bytes[i] - 0x30); i += 1 }
        return negative ? -value : value
    }
}
