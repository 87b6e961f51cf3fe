import FindingsCore

/// A set of playbook entries with their patterns compiled into one matcher.
///
/// A `match` pattern is written over the finding itself, or, like an EventBridge rule, over the
/// "Security Hub Findings - Imported" event that carries it (`source`, `detail-type`, `account`,
/// `region`, ..., `detail.findings.FIELD`): patterns naming an event field are matched against
/// that envelope, without building it.
///
/// File format (YAML or JSON): `{"playbooks": [ENTRY, ...]}` or a bare list, each entry
/// `{name, match, action, risk, requires, notes}` where `action` is
/// `{cli: "SERVICE OPERATION", parameters: {--option: VALUE}}` or
/// `{automation: "DOCUMENT", parameters: {Name: VALUE}}` and VALUE is a string, `true` (a CLI
/// switch), `{from: PATH, take: whole|arn-name|arn-account, as: FORMAT, prefix: TEXT}` or
/// `{var: NAME, as: FORMAT, prefix: TEXT}`.
public final class Playbook {
    public let entries: [PlaybookEntry]
    /// Patterns over the finding, and patterns over its EventBridge event, with the entry
    /// number of each pattern.
    private let direct: PatternSet, enveloped: PatternSet
    private let directEntries: [Int], envelopedEntries: [Int]
    private var scratch: [Int] = []

    public init(entries: [PlaybookEntry]) {
        self.entries = entries
        let isEvent = entries.map { !$0.match.topLevelKeys.isDisjoint(with: SecurityHubEnvelope.fields) }
        directEntries = entries.indices.filter { !isEvent[$0] }
        envelopedEntries = entries.indices.filter { isEvent[$0] }
        direct = PatternSet(directEntries.map { (name: entries[$0].name, pattern: entries[$0].match) })
        enveloped = PatternSet(envelopedEntries.map { (name: entries[$0].name, pattern: entries[$0].match) })
    }

    /// Most entries one playbook file may hold.
    public static let maxEntries = 10_000

    /// Loads a playbook file.
    public convenience init(path: String) throws(ConfigurationError) {
        try self.init(document: ConfigFile.load(path))
    }

    /// The entries of a loaded configuration document.
    public convenience init(document: ConfigDocument) throws(ConfigurationError) {
        var list: [JSONValue]
        var base: [ConfigKey] = []
        switch document.root {
        case .array(let items): list = items
        case .object(let object):
            guard let items = object["playbooks"]?.arrayValue else {
                throw document.error(at: [], "expected a list of playbooks or an object with a 'playbooks' list")
            }
            list = items
            base = [.key("playbooks")]
        default: throw document.error(at: [], "expected a list of playbooks or an object with a 'playbooks' list")
        }
        guard list.count <= Playbook.maxEntries else { throw document.error(at: base, "more than \(Playbook.maxEntries) playbooks") }
        var entries: [PlaybookEntry] = []
        var names = Set<String>()
        for (index, item) in list.enumerated() {
            let entry = try PlaybookParser(document: document, at: base + [.index(index)]).entry(item)
            guard names.insert(entry.name).inserted else {
                throw document.error(at: base + [.index(index), .key("name")], "duplicate playbook name '\(entry.name)'")
            }
            entries.append(entry)
        }
        self.init(entries: entries)
    }

    /// The built-in library.
    public static func builtIn() -> Playbook {
        do { return try Playbook(document: ConfigFile.parse(Array(BuiltInPlaybooks.yaml.utf8), path: "<built-in playbooks>")) } catch {
            fatalError("the built-in playbook library is invalid: \(error)")
        }
    }

    /// Appends the indices of the entries whose pattern matches `finding`, ascending.
    func matches(_ finding: JSONNode, into result: inout [Int]) {
        scratch.removeAll(keepingCapacity: true)
        direct.matches(finding, into: &scratch)
        for index in scratch { result.append(directEntries[index]) }
        guard !envelopedEntries.isEmpty else { return }
        scratch.removeAll(keepingCapacity: true)
        enveloped.matches(finding, at: SecurityHubEnvelope.findingPath, context: SecurityHubEnvelope.context(for: finding), into: &scratch)
        for index in scratch { result.append(envelopedEntries[index]) }
        result.sort()
    }
}

/// Reads one playbook entry, naming file, line and key in every error.
struct PlaybookParser {
    let document: ConfigDocument
    let at: [ConfigKey]

    func entry(_ value: JSONValue) throws(ConfigurationError) -> PlaybookEntry {
        guard case .object(let object) = value else { throw document.error(at: at, "a playbook must be an object") }
        let known: Set<String> = ["name", "match", "action", "risk", "requires", "notes"]
        for (key, _) in object.members where !known.contains(key) {
            throw document.error(at: at + [.key(key)], "unknown key '\(key)' (known: name, match, action, risk, requires, notes)")
        }
        guard let name = object["name"]?.stringValue, !name.isEmpty, name.utf8.count <= 128,
              name.utf8.allSatisfy({ isAlnum($0) || "._-".utf8.contains($0) }) else {
            throw document.error(at: at + [.key("name")], "'name' must be 1-128 letters, digits, '.', '_' or '-'")
        }
        guard let matchValue = object["match"] else { throw document.error(at: at, "missing 'match' (an EventBridge pattern)") }
        let match: EventPattern
        do { match = try EventPattern(json: matchValue) } catch {
            throw document.error(at: at + [.key("match")] + (error.path.isEmpty ? [] : [.key(error.path)]), error.description)
        }
        guard let actionValue = object["action"] else { throw document.error(at: at, "missing 'action'") }
        let action = try self.action(actionValue)
        guard let riskText = object["risk"]?.stringValue, let risk = Risk(rawValue: riskText) else {
            throw document.error(at: at + [.key("risk")], "'risk' must be 'low' or 'disruptive'")
        }
        let requires = object["requires"]?.stringValue ?? (risk == .disruptive ? "approval" : "none")
        guard requires == "approval" || requires == "none" else {
            throw document.error(at: at + [.key("requires")], "'requires' must be 'approval' or 'none'")
        }
        if risk == .disruptive && requires == "none" {
            throw document.error(at: at + [.key("requires")], "a disruptive playbook must require approval")
        }
        let notes: String
        switch object["notes"] {
        case nil: notes = ""
        case .string(let text)?: notes = text
        default: throw document.error(at: at + [.key("notes")], "'notes' must be text")
        }
        return PlaybookEntry(name: name, match: match, action: action, risk: risk, requiresApproval: requires == "approval", notes: notes)
    }

    private func action(_ value: JSONValue) throws(ConfigurationError) -> ActionTemplate {
        let here = at + [.key("action")]
        guard case .object(let object) = value else { throw document.error(at: here, "'action' must be an object with 'cli' or 'automation'") }
        for (key, _) in object.members where !["cli", "automation", "parameters"].contains(key) {
            throw document.error(at: here + [.key(key)], "unknown key '\(key)' (known: cli, automation, parameters)")
        }
        let kind: ActionTemplate.Kind
        switch (object["cli"], object["automation"]) {
        case (.string(let text)?, nil):
            let words = text.split(separator: " ")
            guard words.count == 2, words.allSatisfy({ $0.utf8.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") } && isLower($0.utf8.first!) }) else {
                throw document.error(at: here + [.key("cli")], "'cli' must be 'SERVICE OPERATION' as the AWS CLI spells them (e.g. 's3api put-public-access-block')")
            }
            kind = .cli(service: String(words[0]), operation: String(words[1]))
        case (nil, .string(let document)?):
            guard IdentifierFormat.ssmDocumentName.accepts(document) else {
                throw self.document.error(at: here + [.key("automation")], "'automation' must be an SSM document name")
            }
            kind = .automation(document: document)
        default:
            throw document.error(at: here, "'action' needs exactly one of 'cli' (text) or 'automation' (text)")
        }
        let isCLI: Bool
        if case .cli = kind { isCLI = true } else { isCLI = false }
        var parameters: [(name: String, value: ParameterValue)] = []
        if let given = object["parameters"] {
            guard case .object(let members) = given else { throw document.error(at: here + [.key("parameters")], "'parameters' must be an object") }
            for (name, raw) in members.members {
                let place = here + [.key("parameters"), .key(name)]
                if isCLI {
                    guard name.hasPrefix("--"), name.utf8.count > 2, name.utf8.dropFirst(2).allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") }),
                          name != "--region", name != "--endpoint-url", name != "--profile" else {
                        throw document.error(at: place, "a CLI parameter must be an option like '--bucket' (not --region, --endpoint-url or --profile, which remediate sets)")
                    }
                } else {
                    guard !name.isEmpty, name.utf8.allSatisfy(isAlnum) else { throw document.error(at: place, "a runbook parameter name must be letters and digits") }
                }
                parameters.append((name, try parameter(raw, at: place, allowFlag: isCLI)))
            }
        }
        return ActionTemplate(kind: kind, parameters: parameters)
    }

    private func parameter(_ value: JSONValue, at place: [ConfigKey], allowFlag: Bool) throws(ConfigurationError) -> ParameterValue {
        switch value {
        case .string(let text):
            guard !text.isEmpty, !text.hasPrefix("-") else { throw document.error(at: place, "a fixed value must not be empty or start with '-'") }
            return .literal(text)
        case .number(let text): return .literal(text)
        case .bool(true) where allowFlag: return .flag
        case .object(let object):
            for (key, _) in object.members where !["from", "take", "as", "prefix", "var"].contains(key) {
                throw document.error(at: place + [.key(key)], "unknown key '\(key)' (known: from, take, as, prefix, var)")
            }
            guard let formatName = object["as"]?.stringValue, let format = IdentifierFormat(rawValue: formatName) else {
                throw document.error(at: place + [.key("as")], "'as' must name an identifier format: \(IdentifierFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let prefix = object["prefix"]?.stringValue ?? ""
            if let name = object["var"]?.stringValue {
                guard object["from"] == nil else { throw document.error(at: place, "use either 'from' or 'var', not both") }
                return .variable(name: name, format: format, prefix: prefix)
            }
            guard let pathText = object["from"]?.stringValue, let path = FieldPath(pathText) else {
                throw document.error(at: place + [.key("from")], "'from' must be a finding field path like 'Resources[0].Id'")
            }
            let takeText = object["take"]?.stringValue ?? "whole"
            guard let take = ParameterValue.Take(rawValue: takeText) else {
                throw document.error(at: place + [.key("take")], "'take' must be whole, arn-name or arn-account")
            }
            return .field(path: path, take: take, format: format, prefix: prefix)
        default:
            throw document.error(at: place, "a parameter value must be text, a number, true (a CLI switch) or {from|var, as}")
        }
    }
}
