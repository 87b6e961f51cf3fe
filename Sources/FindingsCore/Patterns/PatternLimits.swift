/// The limits EventBridge puts on one event pattern, checked when a pattern is loaded.
public struct PatternLimits: Sendable, Equatable {
    /// Characters of the pattern's JSON text (EventBridge: 2,048 by default, a quota AWS can
    /// raise; its API takes at most 4,096).
    public var maxLength: Int
    /// Alternatives after expanding `$or`: the product of the branch counts (EventBridge: 1,000).
    public var maxCombinations: Int
    /// Per field, the most wildcard states one value can keep active (see `WildcardComplexity`).
    /// EventBridge rejects "too complex" wildcard rules without publishing its ceiling; 11 accepts
    /// three `*:stack/NAME/*` operands on one field and rejects four, as EventBridge was seen to.
    public var maxWildcardComplexity: Int

    /// EventBridge's defaults.
    public static let eventBridge = PatternLimits(maxLength: 2048, maxCombinations: 1000, maxWildcardComplexity: 11)
}
