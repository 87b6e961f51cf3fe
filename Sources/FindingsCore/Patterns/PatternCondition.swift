/// One alternative in a pattern field's array: what a single event value must satisfy.
public enum PatternCondition: Hashable, Sendable {
    /// Exact string (UTF-8 bytes, byte-exact).
    case string([UInt8])
    /// Exact number, compared by numeric value (`300` = `300.0` = `3e2`, as event-ruler does).
    case number(Double)
    case bool(Bool)
    case null
    case prefix([UInt8])
    case suffix([UInt8])
    /// Operands of the ignore-case forms are stored case-folded.
    case equalsIgnoreCase([UInt8])
    case prefixIgnoreCase([UInt8])
    case suffixIgnoreCase([UInt8])
    case anythingBut(AnythingBut)
    case numeric(NumericRange)
    case exists(Bool)
    case cidr(CIDRBlock)
    case wildcard(WildcardPattern)
}

/// The operand of `anything-but`: the event value matches when it is present and not excluded.
public enum AnythingBut: Hashable, Sendable {
    /// Excluded strings (a number or other non-string always matches).
    case strings(Set<[UInt8]>)
    /// Excluded numbers, by numeric value.
    case numbers(Set<Double>)
    case prefixes([[UInt8]])
    case suffixes([[UInt8]])
    /// Excluded case-folded strings.
    case ignoringCase(Set<[UInt8]>)
    case wildcards([WildcardPattern])
}

/// The operand of `numeric`: an interval with optional bounds.
public struct NumericRange: Hashable, Sendable {
    public var lower: Double?
    public var lowerInclusive: Bool
    public var upper: Double?
    public var upperInclusive: Bool

    func contains(_ x: Double) -> Bool {
        if let lower { if lowerInclusive ? x < lower : x <= lower { return false } }
        if let upper { if upperInclusive ? x > upper : x >= upper { return false } }
        return true
    }
}
