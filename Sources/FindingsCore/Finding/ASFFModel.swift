#if canImport(Glibc)
import Glibc
#endif

/// The shape of an ASFF finding as botocore's Security Hub model defines it
/// (`AwsSecurityFinding` and every shape it references), decoded once from generated data.
public final class ASFFModel: Sendable {
    enum Kind: Sendable { case structure, list, map, string, integer, long, double, boolean }

    struct Shape: Sendable {
        let name: String
        let kind: Kind
        /// Structures: the range of their members in `members` (sorted by name bytes).
        let members: Range<Int>
        /// Lists: the element shape. Maps: the value shape.
        let element: Int
        /// Maps: the key shape.
        let key: Int
        let min: Int?
        let max: Int?
        let enumValues: [String]
        let nonBlank: Bool
    }

    struct Member: Sendable {
        let name: [UInt8]
        let shape: Int
        let required: Bool
    }

    let shapes: [Shape]
    let members: [Member]

    /// The model shared by every validator.
    public static let shared = ASFFModel(encoded: ASFFModel.encodedShapes)

    init(encoded: String) {
        var shapes: [Shape] = []
        var members: [Member] = []
        for line in encoded.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            let name = fields[1]
            func bound(_ text: String) -> Int? { text == "-" ? nil : Int(text) }
            switch fields[0] {
            case "S":
                let first = members.count
                let parsed = fields.dropFirst(2).map { spec -> Member in
                    let parts = spec.split(separator: ":")
                    let required = parts[1].hasSuffix("!")
                    return Member(name: Array(parts[0].utf8), shape: Int(parts[1].filter { $0 != "!" })!, required: required)
                }
                members += parsed.sorted { $0.name.lexicographicallyPrecedes($1.name) }
                shapes.append(Shape(name: name, kind: .structure, members: first..<members.count, element: -1, key: -1,
                                    min: nil, max: nil, enumValues: [], nonBlank: false))
            case "L":
                shapes.append(Shape(name: name, kind: .list, members: 0..<0, element: Int(fields[2])!, key: -1,
                                    min: bound(fields[3]), max: bound(fields[4]), enumValues: [], nonBlank: false))
            case "M":
                shapes.append(Shape(name: name, kind: .map, members: 0..<0, element: Int(fields[3])!, key: Int(fields[2])!,
                                    min: nil, max: nil, enumValues: [], nonBlank: false))
            default:
                let kinds: [String: Kind] = ["string": .string, "integer": .integer, "long": .long, "double": .double, "boolean": .boolean]
                var enumValues: [String] = [], minimum: Int?, maximum: Int?
                for option in fields.dropFirst(3) {
                    if option.hasPrefix("e=") { enumValues = option.dropFirst(2).split(separator: ",").map(String.init) }
                    if option.hasPrefix("min=") { minimum = Int(option.dropFirst(4)) }
                    if option.hasPrefix("max=") { maximum = Int(option.dropFirst(4)) }
                }
                shapes.append(Shape(name: name, kind: kinds[fields[2]]!, members: 0..<0, element: -1, key: -1,
                                    min: minimum, max: maximum, enumValues: enumValues, nonBlank: fields.contains("n")))
            }
        }
        self.shapes = shapes
        self.members = members
    }

    /// Binary search of a structure's members for a key's UTF-8 bytes.
    @inline(__always)
    func member(of shape: Shape, named key: UnsafeRawBufferPointer) -> Member? {
        var low = shape.members.lowerBound, high = shape.members.upperBound
        while low < high {
            let middle = (low + high) >> 1
            let order = members[middle].name.withUnsafeBytes { compare($0, key) }
            if order == 0 { return members[middle] }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    @inline(__always)
    private func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = Swift.min(a.count, b.count)
        if common > 0 {
            let order = memcmp(a.baseAddress!, b.baseAddress!, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }
}
