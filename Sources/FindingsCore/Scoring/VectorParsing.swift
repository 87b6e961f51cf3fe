/// Why a CVSS vector string was rejected. Every case about one metric names that metric.
public enum CVSSVectorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing to parse, or a version prefix with no metrics after it.
    case empty
    /// The vector does not start the way the requested version requires (`found` is the text
    /// before the first `/`), or names a CVSS version this library does not score.
    case unexpectedPrefix(found: String, expected: String)
    /// A field that is not `METRIC:VALUE`: empty (`//`, a trailing `/`), no colon, unbalanced
    /// parentheses around a v2 vector.
    case malformedField(String)
    /// A metric abbreviation the version does not define.
    case unknownMetric(String)
    /// A value the metric does not allow.
    case unknownValue(metric: String, value: String)
    /// The same metric twice (even if one of them is `X`/`ND`).
    case repeatedMetric(String)
    /// A mandatory base metric is absent.
    case missingMetric(String)

    public var description: String {
        switch self {
        case .empty:
            return "CVSS vector has no metrics"
        case let .unexpectedPrefix(found, expected):
            return "CVSS vector starts with \"\(found)\"; expected \(expected)"
        case let .malformedField(field):
            return field.isEmpty
                ? "empty field in CVSS vector (\"//\" or a trailing \"/\")"
                : "malformed CVSS field \"\(field)\"; expected METRIC:VALUE"
        case let .unknownMetric(metric):
            return "unknown CVSS metric \"\(metric)\""
        case let .unknownValue(metric, value):
            return "unknown value \"\(value)\" for CVSS metric \(metric)"
        case let .repeatedMetric(metric):
            return "CVSS metric \(metric) appears more than once"
        case let .missingMetric(metric):
            return "missing mandatory CVSS base metric \(metric)"
        }
    }
}

/// The value chosen for each metric of a parsed vector: an index into that metric's value list
/// in its `MetricTable`. Optional metrics list their "Not Defined" value (`X`, v2 `ND`) first, so
/// an absent optional metric and an explicit `X` are both 0, as every CVSS version specifies.
struct MetricValues: Hashable, Sendable {
    /// Four bits per metric, metrics 0–15 in `low` and 16–31 in `high`: kept in registers while
    /// parsing, where a byte array would stall on every store-then-load.
    private var low: UInt64 = 0, high: UInt64 = 0

    subscript(metric: Int) -> Int {
        get { Int(truncatingIfNeeded: ((metric < 16 ? low : high) >> UInt64((metric & 15) * 4)) & 0xF) }
        set {
            let shift = UInt64((metric & 15) * 4)
            let cleared = (metric < 16 ? low : high) & ~(0xF << shift) | UInt64(newValue) << shift
            if metric < 16 { low = cleared } else { high = cleared }
        }
    }
}

/// The metrics one CVSS version defines, in the order of its specification's vector table.
/// The first `mandatoryCount` metrics are the mandatory base metrics.
struct MetricTable: Sendable {
    let names: [String]
    let values: [[String]]
    let mandatoryCount: Int
    private let nameKeys: [UInt64]
    /// Every metric's value keys, one after the other: metric `m` owns
    /// `valueKeys[valueStart[m]..<valueStart[m + 1]]`.
    private let valueKeys: [UInt64]
    private let valueStart: [Int]

    init(mandatoryCount: Int, _ metrics: [(name: String, values: [String])]) {
        precondition(metrics.count <= 32 && metrics.allSatisfy { $0.values.count <= 16 },
                     "MetricValues holds at most 32 metrics of at most 16 values")
        names = metrics.map(\.name)
        values = metrics.map(\.values)
        self.mandatoryCount = mandatoryCount
        nameKeys = names.map { Self.key(Array($0.utf8)[...]) }
        valueKeys = values.flatMap { $0.map { Self.key(Array($0.utf8)[...]) } }
        valueStart = values.reduce(into: [0]) { starts, list in starts.append(starts.last! + list.count) }
    }

    /// Up to eight ASCII bytes packed into one integer, so that a lookup is an integer compare;
    /// 0 (never a valid key) for anything empty or longer.
    private static func key<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        guard !bytes.isEmpty, bytes.count <= 8 else { return 0 }
        var packed: UInt64 = 0
        for byte in bytes { packed = packed << 8 | UInt64(byte) }
        return packed
    }

    /// Parses `METRIC:VALUE/...` (no version prefix) strictly: every field must be a known
    /// metric with an allowed value, no metric may repeat, and every mandatory metric must be
    /// there. Metrics may come in any order (vectors found in the wild are not always canonical).
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(CVSSVectorError) -> MetricValues {
        guard !range.isEmpty else { throw .empty }
        var result = MetricValues()
        var seen: UInt32 = 0
        var next = 0  // canonical order makes the metric after the previous one the likely match
        var start = range.lowerBound
        while true {
            var end = start
            var colon = -1
            while end < range.upperBound, bytes[end] != UInt8(ascii: "/") {
                if colon < 0, bytes[end] == UInt8(ascii: ":") { colon = end }
                end += 1
            }
            guard colon > start else { throw .malformedField(Self.text(bytes[start..<end])) }
            let name = bytes[start..<colon], value = bytes[(colon + 1)..<end]
            guard let metric = metric(Self.key(name), after: next) else {
                throw .unknownMetric(Self.text(name))
            }
            guard let choice = choice(Self.key(value), of: metric) else {
                throw .unknownValue(metric: names[metric], value: Self.text(value))
            }
            guard seen & (1 << metric) == 0 else { throw .repeatedMetric(names[metric]) }
            seen |= 1 << metric
            result[metric] = choice
            next = metric + 1
            guard end < range.upperBound else { break }
            start = end + 1
        }
        for metric in 0..<mandatoryCount where seen & (1 << metric) == 0 {
            throw .missingMetric(names[metric])
        }
        return result
    }

    /// The metric with this key, searched from `first` on and then from the start.
    private func metric(_ key: UInt64, after first: Int) -> Int? {
        guard key != 0 else { return nil }
        for candidate in first..<nameKeys.count where nameKeys[candidate] == key { return candidate }
        for candidate in 0..<min(first, nameKeys.count) where nameKeys[candidate] == key { return candidate }
        return nil
    }

    private func choice(_ key: UInt64, of metric: Int) -> Int? {
        guard key != 0 else { return nil }
        let start = valueStart[metric]
        for position in start..<valueStart[metric + 1] where valueKeys[position] == key { return position - start }
        return nil
    }

    private static func text(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// The vector's metrics in table order, without optional metrics left Not Defined, e.g.
    /// `AV:N/AC:L/...`.
    func render(_ values: MetricValues) -> String {
        var fields: [String] = []
        for metric in names.indices where metric < mandatoryCount || values[metric] != 0 {
            fields.append(names[metric] + ":" + self.values[metric][values[metric]])
        }
        return fields.joined(separator: "/")
    }
}

/// The version a vector string declares, and where its metrics are. Recognised forms:
/// `CVSS:3.0/…`, `CVSS:3.1/…`, `CVSS:4.0/…`; for v2 the bare NVD form `AV:N/AC:L/…`, the
/// parenthesised form `(AV:N/…)` of older NVD feeds, and a `CVSS:2.0/` prefix (not part of the
/// v2 specification, but written by some tools).
enum VectorSyntax {
    static let anyVersion = "\"CVSS:3.0/\", \"CVSS:3.1/\", \"CVSS:4.0/\" or a CVSS v2 vector"

    static func split(_ bytes: UnsafeBufferPointer<UInt8>) throws(CVSSVectorError) -> (CVSSVersion, Range<Int>) {
        if bytes.count >= 5, bytes[0] == UInt8(ascii: "C"), bytes[1] == UInt8(ascii: "V"),
           bytes[2] == UInt8(ascii: "S"), bytes[3] == UInt8(ascii: "S"), bytes[4] == UInt8(ascii: ":") {
            guard bytes.count >= 8, bytes[6] == UInt8(ascii: "."), bytes.count == 8 || bytes[8] == UInt8(ascii: "/"),
                  let version = version(major: bytes[5], minor: bytes[7]) else {
                throw wrongVersion(bytes, expected: anyVersion)
            }
            return (version, min(9, bytes.count)..<bytes.count)
        }
        if bytes.first == UInt8(ascii: "(") {
            guard bytes.count >= 2, bytes.last == UInt8(ascii: ")") else {
                throw .malformedField(String(decoding: bytes, as: UTF8.self))
            }
            return (.v2_0, 1..<(bytes.count - 1))
        }
        return (.v2_0, 0..<bytes.count)
    }

    private static func version(major: UInt8, minor: UInt8) -> CVSSVersion? {
        switch (major, minor) {
        case (UInt8(ascii: "2"), UInt8(ascii: "0")): return .v2_0
        case (UInt8(ascii: "3"), UInt8(ascii: "0")): return .v3_0
        case (UInt8(ascii: "3"), UInt8(ascii: "1")): return .v3_1
        case (UInt8(ascii: "4"), UInt8(ascii: "0")): return .v4_0
        default: return nil
        }
    }

    /// The error for a vector whose prefix is not one the caller accepts.
    static func wrongVersion(_ bytes: UnsafeBufferPointer<UInt8>, expected: String) -> CVSSVectorError {
        let end = bytes.firstIndex(of: UInt8(ascii: "/")) ?? bytes.count
        return .unexpectedPrefix(found: String(decoding: bytes[..<end], as: UTF8.self), expected: expected)
    }

    /// Runs `parse` over the UTF-8 bytes of `text` (no copy for a native string).
    static func withBytes<R>(_ text: String, _ parse: (UnsafeBufferPointer<UInt8>) throws(CVSSVectorError) -> R) throws(CVSSVectorError) -> R {
        var text = text
        return try text.withUTF8 { bytes in Result { () throws(CVSSVectorError) in try parse(bytes) } }.get()
    }
}
