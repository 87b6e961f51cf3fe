/// Counts kept during a run and printed by `--stats` as one `key=value` line.
public struct RunStatistics: Sendable {
    public var read = 0
    public var written = 0
    public var rejected = 0
    /// Documents skipped because they are not findings, by kind.
    public private(set) var skipped: [(kind: String, count: Int)] = []
    /// Tool-specific counters (per target, per reason...), in first-seen order.
    public private(set) var counters: [(name: String, count: Int)] = []
    public var bytes = 0

    public init() {}

    public mutating func skip(_ kind: String) {
        if let i = skipped.firstIndex(where: { $0.kind == kind }) { skipped[i].count += 1 } else { skipped.append((kind, 1)) }
    }

    public mutating func count(_ name: String, by amount: Int = 1) {
        if let i = counters.firstIndex(where: { $0.name == name }) { counters[i].count += amount } else { counters.append((name, amount)) }
    }

    public var skippedTotal: Int { skipped.reduce(0) { $0 + $1.count } }

    /// `read=N written=N rejected=N skipped=N skipped.KIND=N ... NAME=N ...`
    public var line: String {
        var parts = ["read=\(read)", "written=\(written)", "rejected=\(rejected)", "skipped=\(skippedTotal)"]
        parts += skipped.map { "skipped.\($0.kind)=\($0.count)" }
        parts += counters.map { "\($0.name)=\($0.count)" }
        return parts.joined(separator: " ")
    }
}
