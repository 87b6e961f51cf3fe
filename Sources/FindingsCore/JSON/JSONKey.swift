/// An object key prepared for fast lookups: its UTF-8 bytes, computed once.
public struct JSONKey: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let utf8: [UInt8]

    public init(_ string: String) { utf8 = Array(string.utf8) }
    public init(stringLiteral value: String) { self.init(value) }
    public init(bytes: [UInt8]) { utf8 = bytes }

    public var description: String { String(decoding: utf8, as: UTF8.self) }
}
