import FindingsCore

/// One Security Hub automation rule (`AutomationRulesConfig` / `CreateAutomationRule` input).
struct AutomationRule {
    let name: String
    let order: Int
    let isTerminal: Bool
    let enabled: Bool
    /// The rule's `UpdatedAt` (batch-get output): among equal orders, the earlier applies first.
    let updatedAt: Timestamp?
    /// Position in the file, the last tie-breaker.
    let position: Int
    let criteria: AutomationCriteria
    let update: FindingFieldsUpdate

    private static let members: Set<String> = ["RuleArn", "RuleStatus", "RuleOrder", "RuleName", "Description", "IsTerminal",
                                               "Criteria", "Actions", "CreatedAt", "UpdatedAt", "CreatedBy", "Tags"]

    init(_ value: JSONValue, at path: [ConfigKey], position: Int, in document: ConfigDocument) throws(ConfigurationError) {
        let reader = ConfigReader(document: document)
        let object = try reader.object(value, path)
        try reader.onlyKnown(object, Self.members, path)
        name = try reader.string(object["RuleName"], path + [.key("RuleName")], required: true)!
        guard let order = try reader.integer(object["RuleOrder"], path + [.key("RuleOrder")], required: true), (1...1000).contains(order) else {
            throw document.error(at: path + [.key("RuleOrder")], "RuleOrder must be an integer from 1 to 1000")
        }
        self.order = order
        isTerminal = try reader.bool(object["IsTerminal"], path + [.key("IsTerminal")]) ?? false
        let status = try reader.string(object["RuleStatus"], path + [.key("RuleStatus")]) ?? "ENABLED"
        guard status == "ENABLED" || status == "DISABLED" else {
            throw document.error(at: path + [.key("RuleStatus")], "RuleStatus must be ENABLED or DISABLED, not \"\(status)\"")
        }
        enabled = status == "ENABLED"
        if let text = try reader.string(object["UpdatedAt"], path + [.key("UpdatedAt")]) {
            guard let time = Timestamp(text) else { throw document.error(at: path + [.key("UpdatedAt")], "\"\(text)\" is not an ISO 8601 timestamp") }
            updatedAt = time
        } else {
            updatedAt = nil
        }
        self.position = position
        criteria = try AutomationCriteria(object["Criteria"] ?? .object([:]), at: path + [.key("Criteria")], reader: reader)
        let actionsPath = path + [.key("Actions")]
        guard let actions = object["Actions"]?.arrayValue, actions.count == 1 else {
            throw document.error(at: actionsPath, "Actions must hold exactly one action")
        }
        let action = try reader.object(actions[0], actionsPath + [.index(0)])
        try reader.onlyKnown(action, ["Type", "FindingFieldsUpdate"], actionsPath + [.index(0)])
        let type = try reader.string(action["Type"], actionsPath + [.index(0), .key("Type")], required: true)!
        guard type == "FINDING_FIELDS_UPDATE" else {
            throw document.error(at: actionsPath + [.index(0), .key("Type")], "action Type must be FINDING_FIELDS_UPDATE, not \"\(type)\"")
        }
        guard let fields = action["FindingFieldsUpdate"] else {
            throw document.error(at: actionsPath + [.index(0)], "FINDING_FIELDS_UPDATE needs FindingFieldsUpdate")
        }
        update = try FindingFieldsUpdate(fields, at: actionsPath + [.index(0), .key("FindingFieldsUpdate")], reader: reader)
    }
}

extension AutomationCriteria {
    init(_ value: JSONValue, at path: [ConfigKey], reader: ConfigReader) throws(ConfigurationError) {
        let object = try reader.object(value, path)
        var criteria: [(field: String, path: [String], criterion: Criterion)] = []
        for (field, filters) in object.members {
            let fieldPath = path + [.key(field)]
            guard let (kind, findingPath) = Self.fields[field] else {
                throw reader.document.error(at: fieldPath, "unknown criterion \"\(field)\"; see AutomationRulesFindingFilters")
            }
            guard let list = filters.arrayValue, !list.isEmpty, list.count <= 20 else {
                throw reader.document.error(at: fieldPath, "a criterion is a list of 1 to 20 filters")
            }
            let criterion: Criterion
            switch kind {
            case .string:
                var parsed: [(comparison: FilterComparison, value: String)] = []
                for (index, filter) in list.enumerated() {
                    let at = fieldPath + [.index(index)]
                    let object = try reader.object(filter, at)
                    try reader.onlyKnown(object, ["Value", "Comparison"], at)
                    parsed.append((try reader.comparison(object["Comparison"], at + [.key("Comparison")], allowed: FilterComparison.allCases),
                                   try reader.string(object["Value"], at + [.key("Value")], required: true)!))
                }
                if let error = FilterComparison.combinationError(parsed.map(\.comparison)) { throw reader.document.error(at: fieldPath, error) }
                criterion = .string(StringCriterion(filters: parsed))
            case .map:
                var parsed: [(key: String, comparison: FilterComparison, value: String)] = []
                for (index, filter) in list.enumerated() {
                    let at = fieldPath + [.index(index)]
                    let object = try reader.object(filter, at)
                    try reader.onlyKnown(object, ["Key", "Value", "Comparison"], at)
                    parsed.append((try reader.string(object["Key"], at + [.key("Key")], required: true)!,
                                   try reader.comparison(object["Comparison"], at + [.key("Comparison")],
                                                         allowed: [.equals, .notEquals, .contains, .notContains]),
                                   try reader.string(object["Value"], at + [.key("Value")], required: true)!))
                }
                for key in Set(parsed.map(\.key)) {
                    if let error = FilterComparison.combinationError(parsed.filter { $0.key == key }.map(\.comparison)) {
                        throw reader.document.error(at: fieldPath, "key \"\(key)\": " + error)
                    }
                }
                criterion = .map(MapCriterion(filters: parsed))
            case .number:
                var parsed: [NumberCriterion.Bounds] = []
                for (index, filter) in list.enumerated() {
                    let at = fieldPath + [.index(index)]
                    let object = try reader.object(filter, at)
                    try reader.onlyKnown(object, ["Eq", "Gte", "Lte", "Gt", "Lt"], at)
                    let bounds = NumberCriterion.Bounds(
                        eq: try reader.number(object["Eq"], at + [.key("Eq")]), gte: try reader.number(object["Gte"], at + [.key("Gte")]),
                        lte: try reader.number(object["Lte"], at + [.key("Lte")]), gt: try reader.number(object["Gt"], at + [.key("Gt")]),
                        lt: try reader.number(object["Lt"], at + [.key("Lt")]))
                    guard bounds.eq != nil || bounds.gte != nil || bounds.lte != nil || bounds.gt != nil || bounds.lt != nil else {
                        throw reader.document.error(at: at, "a NumberFilter needs Eq, Gte, Lte, Gt or Lt")
                    }
                    parsed.append(bounds)
                }
                criterion = .number(NumberCriterion(filters: parsed))
            case .date:
                var parsed: [DateCriterion.Filter] = []
                for (index, filter) in list.enumerated() {
                    let at = fieldPath + [.index(index)]
                    let object = try reader.object(filter, at)
                    try reader.onlyKnown(object, ["Start", "End", "DateRange"], at)
                    if let range = object["DateRange"] {
                        guard object["Start"] == nil, object["End"] == nil else {
                            throw reader.document.error(at: at, "a DateFilter has either Start/End or DateRange")
                        }
                        let rangeObject = try reader.object(range, at + [.key("DateRange")])
                        try reader.onlyKnown(rangeObject, ["Value", "Unit", "Comparison"], at + [.key("DateRange")])
                        guard let days = try reader.integer(rangeObject["Value"], at + [.key("DateRange"), .key("Value")], required: true), days >= 0 else {
                            throw reader.document.error(at: at + [.key("DateRange"), .key("Value")], "DateRange Value must be a whole number of days")
                        }
                        let unit = try reader.string(rangeObject["Unit"], at + [.key("DateRange"), .key("Unit")], required: true)!
                        guard unit == "DAYS" else { throw reader.document.error(at: at + [.key("DateRange"), .key("Unit")], "DateRange Unit must be DAYS") }
                        let comparison = try reader.string(rangeObject["Comparison"], at + [.key("DateRange"), .key("Comparison")]) ?? "WITHIN"
                        switch comparison {
                        case "WITHIN": parsed.append(.within(days: days))
                        case "OLDER_THAN": parsed.append(.olderThan(days: days))
                        default: throw reader.document.error(at: at + [.key("DateRange"), .key("Comparison")], "DateRange Comparison must be WITHIN or OLDER_THAN")
                        }
                    } else {
                        let start = try reader.timestamp(object["Start"], at + [.key("Start")])
                        let end = try reader.timestamp(object["End"], at + [.key("End")])
                        guard start != nil || end != nil else { throw reader.document.error(at: at, "a DateFilter needs Start, End or DateRange") }
                        parsed.append(.between(start, end))
                    }
                }
                criterion = .date(DateCriterion(filters: parsed))
            }
            criteria.append((field, findingPath, criterion))
        }
        self.criteria = criteria
    }
}
