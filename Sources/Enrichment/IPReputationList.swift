import FindingsCore

/// Addresses with a bad reputation: one IPv4 or IPv6 address or CIDR block per line; `#` starts
/// a comment; blank lines are ignored. A finding's remote addresses that fall in a listed block
/// become `ThreatIntelIndicators` whose `Source` is the list's `name`.
public struct IPReputationList {
    /// The list's name in findings: its file name without directories.
    public let name: String
    /// IPv4 networks by prefix length (index 0–32); IPv6 likewise (0–128).
    private var v4: [Set<UInt32>] = Array(repeating: [], count: 33)
    private var v6: [Set<UInt128>] = Array(repeating: [], count: 129)
    private var v4Lengths: [Int] = [], v6Lengths: [Int] = []
    public private(set) var count = 0

    public init(path: String) throws(ConfigurationError) {
        name = path.split(separator: "/").last.map(String.init) ?? path
        let file = try InventoryFile(path)
        var line = 0
        for rawLine in UnsafeRawBufferPointer(file.bytes).split(separator: 0x0A, omittingEmptySubsequences: false) {
            line += 1
            var text = String(decoding: rawLine, as: UTF8.self)
            if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
            text = text.trimmingCharacters(in: " \t\r")
            if text.isEmpty { continue }
            guard let block = IPBlock(text) else {
                throw file.error(line: line, "\"\(text)\" is not an IPv4 or IPv6 address or CIDR block")
            }
            add(block)
        }
    }

    private mutating func add(_ block: IPBlock) {
        count += 1
        switch block {
        case let .v4(network, length):
            if v4[length].isEmpty { v4Lengths.append(length) }
            v4[length].insert(network)
        case let .v6(network, length):
            if v6[length].isEmpty { v6Lengths.append(length) }
            v6[length].insert(network)
        }
    }

    /// Whether the UTF-8 bytes of a plain IPv4 or IPv6 address are in a listed block; IPv4 without allocating.
    public func contains(bytes address: UnsafeRawBufferPointer) -> Bool {
        if let value = IPBlock.parseV4(bytes: address) {
            return v4Lengths.contains { v4[$0].contains(IPBlock.mask(value, $0)) }
        }
        guard address.contains(UInt8(ascii: ":")) else { return false }
        return contains(String(decoding: address, as: UTF8.self))
    }

    /// Whether `address` (a plain IPv4 or IPv6 address) is in a listed block.
    public func contains(_ address: String) -> Bool {
        switch IPBlock(address) {
        case let .v4(value, 32)?:
            return v4Lengths.contains { v4[$0].contains(IPBlock.mask(value, $0)) }
        case let .v6(value, 128)?:
            return v6Lengths.contains { v6[$0].contains(IPBlock.mask(value, $0)) }
        default:
            return false
        }
    }
}

/// An IPv4 or IPv6 network: address bits (host bits cleared) and prefix length.
enum IPBlock: Equatable {
    case v4(UInt32, Int)
    case v6(UInt128, Int)

    /// Parses `ADDRESS` or `ADDRESS/LENGTH`.
    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let address = String(parts[0])
        if let value = Self.parseV4(address) {
            guard let length = parts.count == 2 ? Int(parts[1]) : 32, (0...32).contains(length) else { return nil }
            self = .v4(Self.mask(value, length), length)
        } else if let value = Self.parseV6(address) {
            guard let length = parts.count == 2 ? Int(parts[1]) : 128, (0...128).contains(length) else { return nil }
            self = .v6(Self.mask(value, length), length)
        } else {
            return nil
        }
    }

    static func mask(_ value: UInt32, _ length: Int) -> UInt32 {
        length == 0 ? 0 : value & ~UInt32(0) << UInt32(32 - length)
    }

    static func mask(_ value: UInt128, _ length: Int) -> UInt128 {
        length == 0 ? 0 : value & ~UInt128(0) << UInt128(128 - length)
    }

    /// Dotted quad, each part 0–255 without leading zeros.
    static func parseV4(_ text: String) -> UInt32? {
        Array(text.utf8).withUnsafeBytes { parseV4(bytes: $0) }
    }

    /// `parseV4` over UTF-8 bytes, without allocating.
    static func parseV4(bytes: UnsafeRawBufferPointer) -> UInt32? {
        var value: UInt32 = 0, part: UInt32 = 0, digits = 0, parts = 0, leadingZero = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                value = value << 8 | part
                parts += 1
                part = 0; digits = 0; leadingZero = false
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 3, !leadingZero else { return nil }
            leadingZero = digits == 0 && byte == UInt8(ascii: "0")
            part = part * 10 + UInt32(byte - UInt8(ascii: "0"))
            guard part <= 255 else { return nil }
            digits += 1
        }
        guard digits > 0, parts == 3 else { return nil }
        return value << 8 | part
    }

    /// RFC 4291 text: eight groups of 1–4 hex digits, `::` for one run of zero groups, and an
    /// IPv4 dotted quad in the last 32 bits.
    static func parseV6(_ text: String) -> UInt128? {
        guard text.contains(":") else { return nil }
        let halves = text.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        guard halves.count <= 2 else { return nil }
        func groups(_ half: String) -> [UInt16]? {
            if half.isEmpty { return [] }
            var result: [UInt16] = []
            let parts = half.split(separator: ":", omittingEmptySubsequences: false)
            for (index, part) in parts.enumerated() {
                if index == parts.count - 1, part.contains("."), let v4 = parseV4(String(part)) {
                    result += [UInt16(v4 >> 16), UInt16(v4 & 0xFFFF)]
                    continue
                }
                guard (1...4).contains(part.count), let group = UInt16(part, radix: 16) else { return nil }
                result.append(group)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }
}

extension String {
    /// The string without leading and trailing characters of `set`.
    func trimmingCharacters(in set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
