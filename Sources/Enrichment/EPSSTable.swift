import FindingsCore

/// One CVE's EPSS values.
public struct EPSSEntry: Sendable, Equatable {
    /// Probability of exploitation activity in the next 30 days, 0–1.
    public let score: Double
    /// Percentile among all scored CVEs, 0–1.
    public let percentile: Double
    /// The score as written in the file (copied into findings without re-formatting).
    public let scoreText: String
    /// The percentile as written in the file.
    public let percentileText: String
}

/// FIRST EPSS scores (`epss_scores-YYYY-MM-DD.csv.gz`, gzip or not): an optional first line
/// `#model_version:v2025.03.14,score_date:2026-05-18T00:00:00Z`, then the header
/// `cve,epss,percentile` and one row per CVE.
public struct EPSSTable {
    private var entries = ByteStringMap<EPSSEntry>(capacity: 1 << 18)
    public private(set) var modelVersion: String?
    public private(set) var scoreDate: String?

    public init() {}

    public var count: Int { entries.count }

    public func entry(for cve: UnsafeRawBufferPointer) -> EPSSEntry? { entries[cve] }

    public func entry(for cve: String) -> EPSSEntry? { entries[cve.uppercased()] }

    public mutating func load(_ path: String) throws(ConfigurationError) {
        let file = try InventoryFile(path)
        readProvenance(file)
        var columns: CSVColumns?
        try file.forEachCSVRecord(comments: true) { (fields, line) throws(ConfigurationError) in
            guard let known = columns else {
                columns = try CSVColumns(header: fields, wanted: [["cve"], ["epss"], ["percentile"]], required: [0, 1], file: file, line: line)
                return
            }
            let cve = known.value(0, in: fields)
            guard cve.count >= 9, cve.starts(with: "CVE-".utf8) else {
                throw file.error(line: line, "\"\(cve.string)\" is not a CVE id")
            }
            let scoreText = known.value(1, in: fields).string
            guard let score = Double(scoreText), (0...1).contains(score) else {
                throw file.error(line: line, "epss \"\(scoreText)\" is not a probability from 0 to 1")
            }
            let percentileText = known.value(2, in: fields)
            var percentile = 0.0
            if !percentileText.isEmpty {
                guard let value = Double(percentileText.string), (0...1).contains(value) else {
                    throw file.error(line: line, "percentile \"\(percentileText.string)\" is not from 0 to 1")
                }
                percentile = value
            }
            entries.insert(cve, EPSSEntry(score: score, percentile: percentile, scoreText: scoreText, percentileText: percentileText.string))
        }
    }

    /// `model_version` and `score_date` from the `#` line, when there is one.
    private mutating func readProvenance(_ file: InventoryFile) {
        let bytes = UnsafeRawBufferPointer(file.bytes)
        guard bytes.first == UInt8(ascii: "#") else { return }
        let end = bytes.firstIndex(of: 0x0A) ?? bytes.count
        let line = String(decoding: bytes[1..<end], as: UTF8.self).trimmingSuffix("\r")
        for pair in line.split(separator: ",") {
            let parts = pair.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[0] == "model_version" { modelVersion = parts[1] }
            if parts[0] == "score_date" { scoreDate = parts[1] }
        }
    }
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
