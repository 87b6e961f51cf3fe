/// Why a JSON text was rejected, with the byte offset where the problem was found.
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The kinds of defect the parser reports.
    public enum Reason: Equatable, Sendable {
        case unexpectedEnd
        case unexpectedCharacter(UInt8)
        case trailingComma
        case invalidUTF8
        case controlCharacterInString(UInt8)
        case invalidEscape
        case loneSurrogate(UInt16)
        case invalidNumber
        case nestingTooDeep(limit: Int)
        case stringTooLong(limit: Int)
        case trailingContent
    }

    public let reason: Reason
    /// Offset of the offending byte from the start of the parsed text.
    public let offset: Int

    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        switch reason {
        case .unexpectedEnd: return "invalid JSON: unexpected end of input"
        case .unexpectedCharacter(let byte): return "invalid JSON: unexpected \(JSONError.describe(byte)) at byte \(offset + 1)"
        case .trailingComma: return "invalid JSON: trailing comma at byte \(offset + 1)"
        case .invalidUTF8: return "invalid UTF-8 in string at byte \(offset + 1)"
        case .controlCharacterInString(let byte):
            return "invalid JSON: unescaped control character U+\(hex4(UInt16(byte))) in string at byte \(offset + 1)"
        case .invalidEscape: return "invalid JSON: bad escape sequence at byte \(offset + 1)"
        case .loneSurrogate(let unit): return "invalid JSON: lone surrogate \\u\(hex4(unit)) at byte \(offset + 1)"
        case .invalidNumber: return "invalid JSON: malformed number at byte \(offset + 1)"
        case .nestingTooDeep(let limit): return "JSON nested deeper than \(limit) levels at byte \(offset + 1) (raise with --max-depth)"
        case .stringTooLong(let limit): return "JSON string longer than \(limit) bytes at byte \(offset + 1) (raise with --max-string)"
        case .trailingContent: return "invalid JSON: unexpected content after the value at byte \(offset + 1)"
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "character '\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }
}

func hex4(_ value: UInt16) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
