import FindingsCore

/// What the organisation knows about one AWS account.
public struct AccountRecord: Sendable, Equatable {
    public var name: String?
    public var owner: String?
    public var environment: String?
    public var organizationalUnit: String?

    public init(name: String? = nil, owner: String? = nil, environment: String? = nil, organizationalUnit: String? = nil) {
        self.name = name
        self.owner = owner
        self.environment = environment
        self.organizationalUnit = organizationalUnit
    }

    /// This record with every value `other` has laid over it.
    func merged(with other: AccountRecord) -> AccountRecord {
        AccountRecord(name: other.name ?? name, owner: other.owner ?? owner, environment: other.environment ?? environment,
                      organizationalUnit: other.organizationalUnit ?? organizationalUnit)
    }
}

/// Accounts by 12-digit id, from AWS Organizations `list-accounts` output and account maps.
/// Files are loaded in the order given; a later file's non-empty values override earlier ones.
public struct AccountDirectory {
    private var records = ByteStringMap<AccountRecord>()

    public init() {}

    public var count: Int { records.count }

    public func record(for accountId: UnsafeRawBufferPointer) -> AccountRecord? { records[accountId] }

    public func record(for accountId: String) -> AccountRecord? { records[accountId] }

    /// Loads `aws organizations list-accounts` output: `{"Accounts":[{"Id","Arn","Email","Name",
    /// "Status","JoinedMethod","JoinedTimestamp"}...],"NextToken"?}`, one document or several
    /// concatenated pages. Name gives `account.name`.
    public mutating func loadOrganizationsAccounts(_ path: String) throws(ConfigurationError) {
        let file = try InventoryFile(path)
        try file.forEachJSONDocument { (document) throws(ConfigurationError) in
            guard let accounts = document.root.get("Accounts"), accounts.kind == .array else {
                throw file.error(at: document.root, "not list-accounts output: no \"Accounts\" array")
            }
            for (index, account) in accounts.elements.enumerated() {
                let key = "Accounts[\(index)]"
                guard account.kind == .object else { throw file.error(at: account, key: key, "expected an account object") }
                let id = try Self.accountId(account.get("Id"), file: file, key: key + ".Id", at: account)
                let name = account.get("Name")?.stringValue
                add(id, AccountRecord(name: name?.isEmpty == false ? name : nil))
            }
        }
    }

    /// Loads an account map: CSV with a header row naming `id`, `name`, `owner`, `environment`,
    /// `ou` (also `account_id`/`account`, `env`, `organizational_unit`), or JSON: an array of
    /// objects with those members (or an object `{"Accounts":[...]}`).
    public mutating func loadAccountMap(_ path: String) throws(ConfigurationError) {
        let file = try InventoryFile(path)
        if file.isJSON {
            try file.forEachJSONDocument { (document) throws(ConfigurationError) in
                let list = document.root.kind == .object ? document.root.get("Accounts") : document.root
                guard let list, list.kind == .array else {
                    throw file.error(at: document.root, "an account map is an array of {id, name, owner, environment, ou} objects")
                }
                for (index, entry) in list.elements.enumerated() {
                    let key = "[\(index)]"
                    guard entry.kind == .object else { throw file.error(at: entry, key: key, "expected an account object") }
                    var record = AccountRecord()
                    var id: String?
                    for (member, value) in entry.members {
                        let name = (member.stringValue ?? "").lowercased()
                        guard let column = Self.columns.firstIndex(where: { $0.contains(name) }) else {
                            throw file.error(at: member, key: key, "unknown member \"\(name)\"; expected id, name, owner, environment, ou")
                        }
                        if value.kind == .null { continue }
                        guard let text = value.stringValue else {
                            throw file.error(at: value, key: "\(key).\(name)", "expected a string")
                        }
                        if column == 0 {
                            id = try Self.accountId(value, file: file, key: "\(key).\(name)", at: entry)
                        } else {
                            record.set(column, text)
                        }
                    }
                    guard let id else { throw file.error(at: entry, key: key, "account has no \"id\"") }
                    add(id, record)
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
            let id = known.value(0, in: fields)
            guard Self.isAccountId(id) else {
                throw file.error(line: line, "account id \"\(id.string)\" is not 12 digits")
            }
            var record = AccountRecord()
            for column in 1..<Self.columns.count {
                let value = known.value(column, in: fields)
                if !value.isEmpty { record.set(column, value.string) }
            }
            add(id.string, record)
        }
    }

    /// Accepted column and member names: id, name, owner, environment, ou.
    private static let columns = [["id", "account_id", "accountid", "account"], ["name", "account_name"], ["owner"],
                                  ["environment", "env"], ["ou", "organizational_unit"]]

    private mutating func add(_ id: String, _ record: AccountRecord) {
        records.insert(id, (records[id] ?? AccountRecord()).merged(with: record))
    }

    private static func accountId(_ node: JSONNode?, file: InventoryFile, key: String, at parent: JSONNode) throws(ConfigurationError) -> String {
        guard let node, let text = node.stringValue else { throw file.error(at: parent, key: key, "missing account id") }
        let valid = Array(text.utf8).withUnsafeBytes { isAccountId($0) }
        guard valid else { throw file.error(at: node, key: key, "account id \"\(text)\" is not 12 digits") }
        return text
    }

    static func isAccountId(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count == 12 && bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}

private extension AccountRecord {
    mutating func set(_ column: Int, _ value: String) {
        switch column {
        case 1: name = value
        case 2: owner = value
        case 3: environment = value
        default: organizationalUnit = value
        }
    }
}
