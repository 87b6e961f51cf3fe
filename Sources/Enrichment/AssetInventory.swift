import FindingsCore

/// What the inventory knows about one resource.
public struct AssetRecord: Sendable, Equatable {
    /// ASFF `Criticality`, 0–100.
    public var criticality: Int?
    public var reach: Reachability?

    public init(criticality: Int? = nil, reach: Reachability? = nil) {
        self.criticality = criticality
        self.reach = reach
    }

    /// The ctx-score criticality class of `criticality`: 70–100 high, 40–69 medium, 0–39 low.
    public var criticalityClass: AssetCriticality? {
        criticality.map { $0 >= 70 ? .high : $0 >= 40 ? .medium : .low }
    }

    func merged(with other: AssetRecord) -> AssetRecord {
        AssetRecord(criticality: other.criticality ?? criticality, reach: other.reach ?? reach)
    }
}

/// Resources by ARN or resource id, from Resource Groups Tagging API `get-resources` output and
/// asset maps. Later files override earlier ones value by value.
public struct AssetInventory {
    private var records = ByteStringMap<AssetRecord>()
    /// Tag keys (lower-case) read for criticality and reachability.
    public let criticalityTag: String
    public let reachTag: String

    public init(criticalityTag: String = "criticality", reachTag: String = "reach") {
        self.criticalityTag = criticalityTag.lowercased()
        self.reachTag = reachTag.lowercased()
    }

    public var count: Int { records.count }

    /// The record of a finding's resource `Id`: the whole id first, then, for an ARN, its
    /// resource part after the last `/` (`i-0abc` of `arn:aws:ec2:…:instance/i-0abc`), then
    /// after the last `:`.
    public func record(for id: UnsafeRawBufferPointer) -> AssetRecord? {
        if let record = records[id] { return record }
        guard id.starts(with: "arn:".utf8) else { return nil }
        if let slash = id.lastIndex(of: UInt8(ascii: "/")), let record = records[UnsafeRawBufferPointer(rebasing: id[(slash + 1)...])] {
            return record
        }
        if let colon = id.lastIndex(of: UInt8(ascii: ":")) { return records[UnsafeRawBufferPointer(rebasing: id[(colon + 1)...])] }
        return nil
    }

    public func record(for id: String) -> AssetRecord? {
        Array(id.utf8).withUnsafeBytes { record(for: $0) }
    }

    /// Loads `aws resourcegroupstaggingapi get-resources` output:
    /// `{"ResourceTagMappingList":[{"ResourceARN","Tags":[{"Key","Value"}]}...],"PaginationToken"}`,
    /// one document or concatenated pages. The criticality and reach tags give the record.
    public mutating func loadTaggedResources(_ path: String) throws(ConfigurationError) {
        let file = try InventoryFile(path)
        try file.forEachJSONDocument { (document) throws(ConfigurationError) in
            guard let list = document.root.get("ResourceTagMappingList"), list.kind == .array else {
                throw file.error(at: document.root, "not get-resources output: no \"ResourceTagMappingList\" array")
            }
            for (index, mapping) in list.elements.enumerated() {
                let key = "ResourceTagMappingList[\(index)]"
                guard mapping.kind == .object, let arn = mapping.get("ResourceARN"), arn.kind == .string else {
                    throw file.error(at: mapping, key: key, "expected an object with a \"ResourceARN\" string")
                }
                var record = AssetRecord()
                if let tags = mapping.get("Tags") {
                    guard tags.kind == .array else { throw file.error(at: tags, key: key + ".Tags", "expected an array of {Key, Value}") }
                    for (tagIndex, tag) in tags.elements.enumerated() {
                        guard let name = tag.get("Key")?.stringValue, let value = tag.get("Value")?.stringValue else {
                            throw file.error(at: tag, key: "\(key).Tags[\(tagIndex)]", "a tag needs \"Key\" and \"Value\" strings")
                        }
                        try apply(tag: name, value, to: &record) { (message) throws(ConfigurationError) in
                            throw file.error(at: tag, key: "\(key).Tags[\(tagIndex)]", message)
                        }
                    }
                }
                let bytes = arn.stringBytes ?? []
                bytes.withUnsafeBytes { add($0, record) }
            }
        }
    }

    /// Loads an asset map: CSV with a header naming `resource` (ARN or id; also `arn`, `id`,
    /// `resource_id`), `criticality`, `reach` and `tags` (`key=value;key=value`), or JSON: an array
    /// of objects with those members (`tags` an object of strings).
    public mutating func loadAssetMap(_ path: String) throws(ConfigurationError) {
        let file = try InventoryFile(path)
        if file.isJSON {
            try file.forEachJSONDocument { (document) throws(ConfigurationError) in
                guard document.root.kind == .array else {
                    throw file.error(at: document.root, "an asset map is an array of {resource, criticality, reach, tags} objects")
                }
                for (index, entry) in document.root.elements.enumerated() {
                    try loadJSONAsset(entry, key: "[\(index)]", file: file)
                }
            }
            return
        }
        var columns: CSVColumns?
        try file.forEachCSVRecord(comments: true) { (fields, line) throws(ConfigurationError) in
            guard let known = columns else {
                columns = try CSVColumns(header: fields, wanted: Self.columns, required: [0], file: file, line: line)
                return
            }
            func fail(_ message: String) throws(ConfigurationError) { throw file.error(line: line, message) }
            let resource = known.value(0, in: fields)
            if resource.isEmpty { try fail("asset has no resource id or ARN") }
            var record = AssetRecord()
            let tags = known.value(3, in: fields)
            if !tags.isEmpty {
                for pair in tags.split(separator: UInt8(ascii: ";")) {
                    guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else {
                        try fail("tag \"\(String(decoding: pair, as: UTF8.self))\" is not key=value")
                        continue
                    }
                    try apply(tag: String(decoding: pair[..<equals], as: UTF8.self), String(decoding: pair[(equals + 1)...], as: UTF8.self),
                              to: &record, fail)
                }
            }
            let criticality = known.value(1, in: fields)
            if !criticality.isEmpty {
                guard let value = Self.criticality(criticality.string) else { try fail(Self.badCriticality(criticality.string)); return }
                record.criticality = value
            }
            let reach = known.value(2, in: fields)
            if !reach.isEmpty {
                guard let value = Self.reach(reach.string) else { try fail(Self.badReach(reach.string)); return }
                record.reach = value
            }
            add(resource, record)
        }
    }

    private mutating func loadJSONAsset(_ entry: JSONNode, key: String, file: InventoryFile) throws(ConfigurationError) {
        guard entry.kind == .object else { throw file.error(at: entry, key: key, "expected an asset object") }
        var record = AssetRecord()
        var resource: [UInt8]?
        for (member, value) in entry.members {
            let name = (member.stringValue ?? "").lowercased()
            guard let column = Self.columns.firstIndex(where: { $0.contains(name) }) else {
                throw file.error(at: member, key: key, "unknown member \"\(name)\"; expected resource, criticality, reach, tags")
            }
            if value.kind == .null { continue }
            func fail(_ message: String) throws(ConfigurationError) { throw file.error(at: value, key: "\(key).\(name)", message) }
            switch column {
            case 0:
                guard let bytes = value.stringBytes, !bytes.isEmpty else { try fail("expected a resource id or ARN"); return }
                resource = bytes
            case 1:
                let text = value.kind == .number ? value.numberText : value.stringValue
                guard let text, let criticality = Self.criticality(text) else { try fail(Self.badCriticality(value.stringValue ?? value.numberText ?? "?")); return }
                record.criticality = criticality
            case 2:
                guard let text = value.stringValue, let reach = Self.reach(text) else { try fail(Self.badReach(value.stringValue ?? "?")); return }
                record.reach = reach
            default:
                guard value.kind == .object else { try fail("expected an object of tag values"); return }
                for (tag, tagValue) in value.members {
                    guard let text = tagValue.stringValue else { try fail("tag values are strings"); return }
                    try apply(tag: tag.stringValue ?? "", text, to: &record, fail)
                }
            }
        }
        guard let resource else { throw file.error(at: entry, key: key, "asset has no \"resource\"") }
        resource.withUnsafeBytes { add($0, record) }
    }

    /// Applies a tag to a record: the criticality tag and the reach tag set their values
    /// (explicit columns given afterwards override them); other tags are ignored.
    private func apply(tag: String, _ value: String, to record: inout AssetRecord,
                       _ fail: (String) throws(ConfigurationError) -> Void) throws(ConfigurationError) {
        let name = tag.lowercased()
        if name == criticalityTag {
            guard let criticality = Self.criticality(value) else { return try fail(Self.badCriticality(value)) }
            record.criticality = criticality
        } else if name == reachTag {
            guard let reach = Self.reach(value) else { return try fail(Self.badReach(value)) }
            record.reach = reach
        }
    }

    private mutating func add(_ resource: UnsafeRawBufferPointer, _ record: AssetRecord) {
        records.insert(resource, (records[resource] ?? AssetRecord()).merged(with: record))
    }

    private static let columns = [["resource", "arn", "id", "resource_id", "resourcearn"], ["criticality"], ["reach", "reachability"], ["tags"]]

    /// ASFF Criticality from a word or a number: critical 100, high 90, medium 50, low 20 (also
    /// production/prod 90, staging 50, dev/development/test/sandbox 20), or an integer 0–100.
    static func criticality(_ text: String) -> Int? {
        switch text.lowercased() {
        case "critical": return 100
        case "high", "production", "prod": return 90
        case "medium", "moderate", "staging": return 50
        case "low", "dev", "development", "test", "sandbox": return 20
        default:
            guard let number = Int(text), (0...100).contains(number) else { return nil }
            return number
        }
    }

    /// Reachability from a word: internet/public, internal/private, none, unknown.
    static func reach(_ text: String) -> Reachability? {
        switch text.lowercased() {
        case "internet", "public": return .internet
        case "internal", "private": return .internal
        case "none": return Reachability.none
        case "unknown": return .unknown
        default: return nil
        }
    }

    private static func badCriticality(_ text: String) -> String {
        "criticality \"\(text)\" is not critical, high, medium, low (or production, staging, dev, test, sandbox) or a number 0-100"
    }

    private static func badReach(_ text: String) -> String {
        "reach \"\(text)\" is not internet, internal, none or unknown"
    }
}
