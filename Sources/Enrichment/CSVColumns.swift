import FindingsCore

/// Where each known column of a CSV file is, found by the names in its header row
/// (case-insensitive; each column may have several accepted names).
struct CSVColumns {
    /// Column index for each wanted column, nil when the header lacks it.
    let positions: [Int?]

    /// Reads the header `fields` for `wanted` columns (each a list of accepted names, the first
    /// being the documented one); `required` lists the wanted indexes that must be there.
    init(header fields: [UnsafeRawBufferPointer], wanted: [[String]], required: [Int], file: InventoryFile, line: Int) throws(ConfigurationError) {
        let names = fields.map { $0.trimmed.string.lowercased() }
        positions = wanted.map { accepted in names.firstIndex { accepted.contains($0) } }
        for index in required where positions[index] == nil {
            throw file.error(line: line, "CSV header has no \"\(wanted[index][0])\" column (header: \(names.joined(separator: ",")))")
        }
    }

    /// The trimmed value of wanted column `index` in `fields`; empty when the column or value is missing.
    func value(_ index: Int, in fields: [UnsafeRawBufferPointer]) -> UnsafeRawBufferPointer {
        guard let position = positions[index], position < fields.count else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return fields[position].trimmed
    }
}
