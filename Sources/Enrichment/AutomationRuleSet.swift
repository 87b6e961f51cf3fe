import FindingsCore

/// Security Hub automation rules applied offline, as Security Hub applies them: enabled rules
/// in ascending `RuleOrder` (equal orders: earlier `UpdatedAt` first, then file order); each
/// rule whose criteria match the finding (as it arrived at this stage) applies its action, a
/// later rule overwriting a field an earlier one set (`UserDefinedFields` merge key by key); a
/// matching rule with `IsTerminal` stops the evaluation of the rules after it.
public struct AutomationRuleSet {
    let rules: [AutomationRule]
    /// "Now" for `DateRange` criteria and `Note.UpdatedAt`.
    public let now: Timestamp

    /// Security Hub's limit of rules per administrator account and Region.
    public static let maxRules = 100

    /// Loads rules from JSON or YAML in the shape of `aws securityhub batch-get-automation-rules`
    /// output (`{"Rules":[...]}`), of `create-automation-rule --cli-input-json` (one rule), or a
    /// list of such rules.
    public init(path: String, now: Timestamp) throws(ConfigurationError) {
        let document = try ConfigFile.load(path)
        let list: [(JSONValue, [ConfigKey])]
        switch document.root {
        case .array(let values):
            list = values.enumerated().map { ($1, [.index($0)]) }
        case .object(let object) where object["Rules"] != nil:
            try ConfigReader(document: document).onlyKnown(object, ["Rules", "UnprocessedAutomationRules"], [])
            guard let values = object["Rules"]?.arrayValue else { throw document.error(at: [.key("Rules")], "Rules must be a list") }
            list = values.enumerated().map { ($1, [.key("Rules"), .index($0)]) }
        case .object:
            list = [(document.root, [])]
        default:
            throw document.error(at: [], "expected batch-get-automation-rules output, one rule, or a list of rules")
        }
        guard list.count <= Self.maxRules else {
            throw document.error(at: [], "\(list.count) rules; Security Hub allows at most \(Self.maxRules)")
        }
        var rules: [AutomationRule] = []
        for (position, (value, path)) in list.enumerated() {
            rules.append(try AutomationRule(value, at: path, position: position, in: document))
        }
        self.rules = rules.filter(\.enabled).sorted { a, b in
            if a.order != b.order { return a.order < b.order }
            if let x = a.updatedAt, let y = b.updatedAt, x != y { return x < y }
            return a.position < b.position
        }
        self.now = now
    }

    public var count: Int { rules.count }

    /// Applies the matching rules to `finding`, recording their updates in `changes`; returns
    /// the names of the rules applied, in order.
    func apply(to finding: JSONNode, _ changes: inout FindingChanges) -> [String] {
        var applied: [String] = []
        for rule in rules where rule.criteria.matches(finding, now: now) {
            rule.update.apply(to: &changes, now: now)
            applied.append(rule.name)
            if rule.isTerminal { break }
        }
        return applied
    }
}
