/// Bounds the parser enforces so that hostile input cannot exhaust memory or stack.
public struct JSONLimits: Sendable, Equatable {
    /// Deepest nesting of objects and arrays accepted.
    public var maxDepth: Int
    /// Longest string, in bytes of its JSON text, accepted.
    public var maxStringLength: Int

    public init(maxDepth: Int = 128, maxStringLength: Int = 8 << 20) {
        self.maxDepth = maxDepth
        self.maxStringLength = maxStringLength
    }

    public static let `default` = JSONLimits()
}
