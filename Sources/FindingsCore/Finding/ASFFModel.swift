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

    init(encoded: String) {
        var shapes: [Shape] = []
        var members: [Member] = []
        var names: [UInt8] = []
        var shapeNames: [String] = []
        var enumSets: [[[UInt8]]] = []
        for line in encoded.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            shapeNames.append(fields[1])
            func bound(_ text: String, _ absent: Int) -> Int { text == "-" ? absent : Int(text)! }
            switch fields[0] {
            case "S":
                let parsed = fields.dropFirst(2).map { spec -> (name: [UInt8], shape: Int32, required: Bool) in
                    let parts = spec.split(separator: ":")
                    return (Array(parts[0].utf8), Int32(parts[1].filter { $0 != "!" })!, parts[1].hasSuffix("!"))
                }.sorted { $0.name.lexicographicallyPrecedes($1.name) }
                let first = Int32(members.count)
                for member in parsed {
                    members.append(Member(nameStart: Int32(names.count), nameLength: Int32(member.name.count),
                                          shape: member.shape, required: member.required))
                    names += member.name
                }
                shapes.append(Shape(kind: .structure, nonBlank: false, membersStart: first, membersEnd: Int32(members.count),
                                    requiredCount: Int32(parsed.filter(\.required).count), element: -1, key: -1,
                                    enumSet: -1, min: Int.min, max: Int.max))
            case "L":
                shapes.append(Shape(kind: .list, nonBlank: false, membersStart: 0, membersEnd: 0, requiredCount: 0,
                                    element: Int32(fields[2])!, key: -1, enumSet: -1,
                                    min: bound(fields[3], Int.min), max: bound(fields[4], Int.max)))
            case "M":
                shapes.append(Shape(kind: .map, nonBlank: false, membersStart: 0, membersEnd: 0, requiredCount: 0,
                                    element: Int32(fields[3])!, key: Int32(fields[2])!, enumSet: -1, min: Int.min, max: Int.max))
            default:
                let kinds: [String: Kind] = ["string": .string, "integer": .integer, "long": .long, "double": .double, "boolean": .boolean]
                var enumSet: Int32 = -1, minimum = Int.min, maximum = Int.max
                for option in fields.dropFirst(3) {
                    if option.hasPrefix("e=") {
                        enumSet = Int32(enumSets.count)
                        enumSets.append(option.dropFirst(2).split(separator: ",").map { Array($0.utf8) })
                    }
                    if option.hasPrefix("min=") { minimum = Int(option.dropFirst(4))! }
                    if option.hasPrefix("max=") { maximum = Int(option.dropFirst(4))! }
                }
                shapes.append(Shape(kind: kinds[fields[2]]!, nonBlank: fields.contains("n"), membersStart: 0, membersEnd: 0,
                                    requiredCount: 0, element: -1, key: -1, enumSet: enumSet, min: minimum, max: maximum))
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
