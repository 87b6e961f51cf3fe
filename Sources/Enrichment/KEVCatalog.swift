import FindingsCore

/// One entry of CISA's Known Exploited Vulnerabilities catalogue.
public struct KEVEntry: Sendable, Equatable {
    /// `dateAdded`, YYYY-MM-DD.
    public let dateAdded: String
    /// `dueDate`, YYYY-MM-DD.
    public let dueDate: String
    /// `knownRansomwareCampaignUse` is "Known".
    public let ransomware: Bool
}

/// CISA KEV catalogue (`known_exploited_vulnerabilities.json`, schema
/// `known_exploited_vulnerabilities_schema.json`): `{"title","catalogVersion","dateReleased",
/// "count","vulnerabilities":[{"cveID","vendorProject","product","vulnerabilityName","dateAdded",
/// "shortDescription","requiredAction","dueDate","knownRansomwareCampaignUse","notes","cwes"}]}`.
/// Members the schema requires are checked; unknown members are ignored.
public struct KEVCatalog {
    private var entries = ByteStringMap<KEVEntry>()
    public private(set) var catalogVersion: String?

    public init() {}

    public var count: Int { entries.count }

    public func entry(for cve: UnsafeRawBufferPointer) -> KEVEntry? { entries[cve] }

    public func entry(for cve: String) -> KEVEntry? { entries[cve.uppercased()] }

    public mutating func load(_ path: String) throws(ConfigurationError) {
        let file = try InventoryFile(path)
        try file.forEachJSONDocument { (document) throws(ConfigurationError) in
            let root = document.root
            guard root.kind == .object, let list = root.get("vulnerabilities"), list.kind == .array else {
                throw file.error(at: root, "not a CISA KEV catalog: no \"vulnerabilities\" array")
            }
            catalogVersion = root.get("catalogVersion")?.stringValue
            for (index, entry) in list.elements.enumerated() {
                let key = "vulnerabilities[\(index)]"
                guard entry.kind == .object else { throw file.error(at: entry, key: key, "expected a vulnerability object") }
                for required in Self.required {
                    guard let value = entry[required], value.kind == .string else {
                        throw file.error(at: entry, key: key, "missing required string \"\(required)\"")
                    }
                }
                let cve = entry.get("cveID")!
                let id = cve.stringValue!
                guard Self.isCVE(id) else { throw file.error(at: cve, key: key + ".cveID", "\"\(id)\" is not CVE-YYYY-NNNN") }
                let added = entry.get("dateAdded")!, due = entry.get("dueDate")!
                for (name, date) in [("dateAdded", added), ("dueDate", due)] where !Self.isDate(date.stringValue!) {
                    throw file.error(at: date, key: "\(key).\(name)", "\"\(date.stringValue!)\" is not a YYYY-MM-DD date")
                }
                entries.insert(id, KEVEntry(dateAdded: added.stringValue!, dueDate: due.stringValue!,
                                            ransomware: entry.get("knownRansomwareCampaignUse")?.stringEquals("Known") ?? false))
            }
        }
    }

    private static let required = ["cveID", "vendorProject", "product", "vulnerabilityName", "dateAdded",
                                   "shortDescription", "requiredAction", "dueDate"]

    /// `^CVE-[0-9]{4}-[0-9]{4,19}$`, the schema's pattern.
    static func isCVE(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 13, bytes.count <= 28, bytes.starts(with: "CVE-".utf8), bytes[8] == UInt8(ascii: "-") else { return false }
        return bytes[4..<8].allSatisfy(isDigit) && bytes[9...].allSatisfy(isDigit)
    }

    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
            && [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { isDigit(bytes[$0]) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
