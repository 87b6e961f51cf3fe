import FindingsCore

/// The comparisons of an automation rule's `StringFilter` and `MapFilter`.
enum FilterComparison: String, CaseIterable {
    case equals = "EQUALS", prefix = "PREFIX", notEquals = "NOT_EQUALS", prefixNotEquals = "PREFIX_NOT_EQUALS"
    case contains = "CONTAINS", notContains = "NOT_CONTAINS", containsWord = "CONTAINS_WORD"

    /// EQUALS, PREFIX, CONTAINS and CONTAINS_WORD select (OR-ed); the others exclude (AND-ed).
    var isPositive: Bool { self == .equals || self == .prefix || self == .contains || self == .containsWord }

    /// Whether `value` passes this single comparison against `operand` (case-sensitive).
    func test(_ value: String, _ operand: String) -> Bool {
        switch self {
        case .equals: return value == operand
        case .notEquals: return value != operand
        case .prefix: return value.hasPrefix(operand)
        case .prefixNotEquals: return !value.hasPrefix(operand)
        case .contains: return value.contains(operand)
        case .notContains: return !value.contains(operand)
        case .containsWord: return Self.words(value).contains(operand)
        }
    }

    /// Words of a value: runs of letters and digits.
    private static func words(_ value: String) -> [String] {
        value.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    /// The combination rules Security Hub enforces on the filters of one field: CONTAINS only with
    /// other CONTAINS, NOT_CONTAINS only with other NOT_CONTAINS, never EQUALS with NOT_EQUALS or
    /// PREFIX_NOT_EQUALS. nil when the set is allowed, else the reason.
    static func combinationError(_ comparisons: [FilterComparison]) -> String? {
        let set = Set(comparisons)
        if set.contains(.contains), set.count > 1 {
            return "CONTAINS filters can only be combined with other CONTAINS filters on the same field (found \(names(set)))"
        }
        if set.contains(.notContains), set.count > 1 {
            return "NOT_CONTAINS filters can only be combined with other NOT_CONTAINS filters on the same field (found \(names(set)))"
        }
        if set.contains(.equals), set.contains(.notEquals) || set.contains(.prefixNotEquals) {
            return "an EQUALS filter cannot be combined with NOT_EQUALS or PREFIX_NOT_EQUALS on the same field (found \(names(set)))"
        }
        return nil
    }

    private static func names(_ set: Set<FilterComparison>) -> String {
        allCases.filter(set.contains).map(\.rawValue).joined(separator: ", ")
    }
}

/// The filters of one criterion field, with Security Hub's logic: the positive filters are
/// OR-ed, the negative ones AND-ed, positives first. A field with several values (one per
/// resource, per type) matches when some value passes a positive filter (or there is none) and
/// no value fails a negative one; a finding without the field matches only negative filters.
struct StringCriterion {
    let filters: [(comparison: FilterComparison, value: String)]

    func matches(_ values: [String]) -> Bool {
        let positives = filters.filter { $0.comparison.isPositive }
        let negatives = filters.filter { !$0.comparison.isPositive }
        if !positives.isEmpty, !values.contains(where: { value in positives.contains { $0.comparison.test(value, $0.value) } }) {
            return false
        }
        return values.allSatisfy { value in negatives.allSatisfy { $0.comparison.test(value, $0.value) } }
    }
}

/// `MapFilter`s (ResourceTags, UserDefinedFields, ResourceDetailsOther), grouped like string
/// filters per key: a filter on a key the finding lacks fails if positive, passes if negative.
struct MapCriterion {
    let filters: [(key: String, comparison: FilterComparison, value: String)]

    func matches(_ maps: [[(String, String)]]) -> Bool {
        var byKey: [String: [(FilterComparison, String)]] = [:]
        var order: [String] = []
        for filter in filters {
            if byKey[filter.key] == nil { order.append(filter.key) }
            byKey[filter.key, default: []].append((filter.comparison, filter.value))
        }
        for key in order {
            let values = maps.flatMap { $0.filter { $0.0 == key }.map(\.1) }
            let criterion = StringCriterion(filters: byKey[key]!.map { (comparison: $0.0, value: $0.1) })
            if !criterion.matches(values) { return false }
        }
        return true
    }
}

/// `NumberFilter`s of one field, OR-ed; within one filter every bound given must hold.
struct NumberCriterion {
    struct Bounds { var eq, gte, lte, gt, lt: Double? }
    let filters: [Bounds]

    func matches(_ values: [Double]) -> Bool {
        values.contains { value in
            filters.contains { bound in
                (bound.eq.map { value == $0 } ?? true) && (bound.gte.map { value >= $0 } ?? true)
                    && (bound.lte.map { value <= $0 } ?? true) && (bound.gt.map { value > $0 } ?? true)
                    && (bound.lt.map { value < $0 } ?? true)
            }
        }
    }
}

/// `DateFilter`s of one field, OR-ed: `Start`/`End` inclusive, or `DateRange` of `Value` DAYS
/// (WITHIN, the default: no older than that; OLDER_THAN: older) counted back from `now`.
struct DateCriterion {
    enum Filter {
        case between(Timestamp?, Timestamp?)
        case within(days: Int)
        case olderThan(days: Int)
    }
    let filters: [Filter]

    func matches(_ values: [Timestamp], now: Timestamp) -> Bool {
        values.contains { value in
            filters.contains { filter in
                switch filter {
                case let .between(start, end):
                    return (start.map { value >= $0 } ?? true) && (end.map { value <= $0 } ?? true)
                case let .within(days):
                    return value >= Timestamp(seconds: now.seconds - Int64(days) * 86_400, nanoseconds: now.nanoseconds)
                case let .olderThan(days):
                    return value < Timestamp(seconds: now.seconds - Int64(days) * 86_400, nanoseconds: now.nanoseconds)
                }
            }
        }
    }
}
