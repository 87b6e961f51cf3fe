/// An IPv4 or IPv6 address as a 128-bit number (IPv4 in the low 32 bits), parsed from text.
struct IPAddress: Hashable, Sendable {
    let value: UInt128
    let isIPv6: Bool

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (any case, `::` compression, a trailing
    /// dotted quad); `nil` for anything else.
    init?(_ text: UnsafeRawBufferPointer) {
        if let v4 = IPAddress.parseIPv4(text, from: 0, to: text.count) {
            value = UInt128(v4)
            isIPv6 = false
        } else if let v6 = IPAddress.parseIPv6(text) {
            value = v6
            isIPv6 = true
        } else {
            return nil
        }
    }

    init?(_ string: String) {
        var bytes = Array(string.utf8)
        guard let parsed = bytes.withUnsafeMutableBytes({ IPAddress(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    static func parseIPv4(_ text: UnsafeRawBufferPointer, from: Int, to: Int) -> UInt32? {
        var result: UInt32 = 0
        var octets = 0
        var i = from
        while octets < 4 {
            var value = 0
            var digits = 0
            while i < to, text[i] >= 0x30, text[i] <= 0x39, digits < 4 {
                value = value * 10 + Int(text[i] - 0x30)
                digits += 1
                i += 1
            }
            guard digits > 0, digits <= 3, value <= 255 else { return nil }
            if digits > 1 && text[i - digits] == 0x30 { return nil }  // no leading zeros
            result = result << 8 | UInt32(value)
            octets += 1
            if octets < 4 {
                guard i < to, text[i] == UInt8(ascii: ".") else { return nil }
                i += 1
            }
        }
        return i == to ? result : nil
    }

    static func parseIPv6(_ text: UnsafeRawBufferPointer) -> UInt128? {
        var groups: [UInt16] = []
        var gap: Int? = nil
        var i = 0
        let n = text.count
        guard n >= 2 else { return nil }
        if text[0] == UInt8(ascii: ":") {
            guard text[1] == UInt8(ascii: ":") else { return nil }
            gap = 0
            i = 2
        }
        while i < n {
            // A trailing dotted quad takes the last two groups.
            var j = i
            while j < n, text[j] != UInt8(ascii: ":"), text[j] != UInt8(ascii: ".") { j += 1 }
            if j < n, text[j] == UInt8(ascii: ".") {
                guard let v4 = parseIPv4(text, from: i, to: n) else { return nil }
                groups.append(UInt16(v4 >> 16))
                groups.append(UInt16(v4 & 0xFFFF))
                i = n
                break
            }
            let length = j - i
            guard length >= 1, length <= 4 else { return nil }
            var group: UInt16 = 0
            for k in i..<j {
                guard let digit = hexDigit(text[k]) else { return nil }
                group = group << 4 | UInt16(digit)
            }
            groups.append(group)
            i = j
            if i < n {
                i += 1  // ':'
                if i < n, text[i] == UInt8(ascii: ":") {
                    guard gap == nil else { return nil }
                    gap = groups.count
                    i += 1
                } else if i == n {
                    return nil  // trailing single ':'
                }
            }
        }
        if let gap {
            guard groups.count <= 7 else { return nil }
            groups.insert(contentsOf: repeatElement(0, count: 8 - groups.count), at: gap)
        }
        guard groups.count == 8 else { return nil }
        var value: UInt128 = 0
        for group in groups { value = value << 16 | UInt128(group) }
        return value
    }

    private static func hexDigit(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}

/// A `cidr` operand: an address block. An IPv4 block never matches an IPv6 address and
/// vice versa. `/32` and `/128` (a single address) and `/0` are accepted.
public struct CIDRBlock: Hashable, Sendable {
    let network: UInt128
    let mask: UInt128
    let isIPv6: Bool

    public init(_ text: String, path: String) throws(PatternError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPAddress(String(parts[0])),
              let bits = Int(parts[1]), parts[1].allSatisfy(\.isNumber), bits >= 0 else {
            throw PatternError(path: path, "Malformed CIDR, \"\(text)\" is not an IPv4 or IPv6 address block")
        }
        let width = address.isIPv6 ? 128 : 32
        guard bits <= width else {
            throw PatternError(path: path, "Malformed CIDR, mask bits must be <= \(width) in \"\(text)\"")
        }
        let all: UInt128 = address.isIPv6 ? ~0 : UInt128(UInt32.max)
        mask = bits == 0 ? 0 : (all << UInt128(width - bits)) & all
        network = address.value & mask
        isIPv6 = address.isIPv6
    }

    func contains(_ address: IPAddress) -> Bool {
        address.isIPv6 == isIPv6 && address.value & mask == network
    }
}
