import FindingsCore

/// Loads rules from JSON or YAML in one of these shapes:
/// - `{"Rules": [{Name, Arn?, EventPattern, State?, Targets}]}` (`aws events list-rules` output
///   with each rule's targets added; `Targets` may be the array or the whole
///   `list-targets-by-rule` output `{"Targets": [...]}`);
/// - a CloudFormation template: every `AWS::Events::Rule` resource under `Resources`.
///
/// `EventPattern` is an object or a JSON string. A target names its destination with
/// `Destination` (`-`, `file:PATH`, `fd:N`, `exec:PROGRAM ARG...`), or the command line maps
/// its `Id` to one (`--destination ID=DEST`).
public enum RuleFile {
    public static func load(_ path: String, destinations: [String: Destination] = [:],
                            limits: PatternLimits = .eventBridge) throws(ConfigurationError) -> [RouteRule] {
        let document = try ConfigFile.load(path)
        guard case .object(let root) = document.root else { throw document.error(at: [], "expected an object with Rules or Resources") }
        var rules: [RouteRule] = []
        if case .array(let items)? = root["Rules"] {
            for (index, item) in items.enumerated() {
                guard case .object(let rule) = item else { throw document.error(at: [.key("Rules"), .index(index)], "a rule must be an object") }
                if let loaded = try loadRule(rule, defaultName: nil, at: [.key("Rules"), .index(index)], document, destinations, limits) {
                    rules.append(loaded)
                }
            }
        } else if case .object(let resources)? = root["Resources"] {
            for (logicalId, resource) in resources.members {
                guard case .object(let object) = resource, object["Type"] == .string("AWS::Events::Rule") else { continue }
                guard case .object(let properties)? = object["Properties"] else {
                    throw document.error(at: [.key("Resources"), .key(logicalId)], "AWS::Events::Rule needs Properties")
                }
                if let loaded = try loadRule(properties, defaultName: logicalId, at: [.key("Resources"), .key(logicalId), .key("Properties")],
                                             document, destinations, limits) {
                    rules.append(loaded)
                }
            }
        } else {
            throw document.error(at: [], "expected \"Rules\" (an array) or \"Resources\" (a CloudFormation template)")
        }
        var seen = Set<String>()
        for rule in rules where !seen.insert(rule.name).inserted {
            throw ConfigurationError(file: path, key: rule.name, "duplicate rule name")
        }
        return rules
    }

    /// EventBridge's rule and target name syntax: 1-64 of `.-_A-Za-z0-9`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2E || $0 == 0x2D || $0 == 0x5F
        }
    }

    /// A rule, or `nil` for a scheduled rule (no `EventPattern`, a `ScheduleExpression`).
    private static func loadRule(_ rule: JSONObject, defaultName: String?, at keyPath: [ConfigKey], _ document: ConfigDocument,
                                 _ destinations: [String: Destination], _ limits: PatternLimits) throws(ConfigurationError) -> RouteRule? {
        guard let name = rule["Name"]?.stringValue ?? defaultName else { throw document.error(at: keyPath, "a rule needs a Name") }
        guard isValidName(name) else {
            throw document.error(at: keyPath + [.key("Name")], "rule name '\(name)' must be 1-64 characters of A-Z a-z 0-9 . - _")
        }
        let enabled: Bool
        switch rule["State"] {
        case nil, .string("ENABLED")?, .string("ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")?: enabled = true
        case .string("DISABLED")?: enabled = false
        default: throw document.error(at: keyPath + [.key("State")], "State must be ENABLED or DISABLED")
        }
        let patternJSON: JSONValue
        var textLength: Int? = nil
        switch rule["EventPattern"] {
        case .object(let object)?: patternJSON = .object(object)
        case .string(let text)?:
            textLength = text.unicodeScalars.count
            do { patternJSON = try JSONValue(parsing: text) } catch {
                throw document.error(at: keyPath + [.key("EventPattern")], "Event pattern is not valid. Reason: not valid JSON: \(error)")
            }
        case nil where rule["ScheduleExpression"] != nil: return nil
        default: throw document.error(at: keyPath + [.key("EventPattern")], "a rule needs an EventPattern (an object or a JSON string)")
        }
        let pattern: EventPattern
        do { pattern = try EventPattern(json: patternJSON, limits: limits, textLength: textLength) } catch {
            throw document.error(at: keyPath + [.key("EventPattern")] + (error.path.isEmpty ? [] : [.key(error.path)]), error.description)
        }
        var targetsKey = keyPath + [.key("Targets")]
        var targetItems: [JSONValue] = []
        switch rule["Targets"] {
        case .array(let items)?: targetItems = items
        case .object(let listing)?:
            guard case .array(let items)? = listing["Targets"] else { throw document.error(at: targetsKey, "expected an array of targets") }
            targetItems = items
            targetsKey.append(.key("Targets"))
        case nil: break
        default: throw document.error(at: targetsKey, "expected an array of targets")
        }
        var targets: [RouteTarget] = []
        for (index, item) in targetItems.enumerated() {
            targets.append(try loadTarget(item, at: targetsKey + [.index(index)], document, destinations))
        }
        let arn = rule["Arn"]?.stringValue ?? "arn:aws:events:::rule/\(name)"
        return RouteRule(name: name, arn: arn, pattern: pattern, enabled: enabled, targets: targets)
    }

    private static func loadTarget(_ item: JSONValue, at keyPath: [ConfigKey], _ document: ConfigDocument,
                                   _ destinations: [String: Destination]) throws(ConfigurationError) -> RouteTarget {
        guard case .object(let target) = item else { throw document.error(at: keyPath, "a target must be an object") }
        guard let id = target["Id"]?.stringValue, isValidName(id) else {
            throw document.error(at: keyPath + [.key("Id")], "a target needs an Id of 1-64 characters of A-Z a-z 0-9 . - _")
        }
        let destination: Destination
        if let mapped = destinations[id] {
            destination = mapped
        } else if let text = target["Destination"]?.stringValue {
            do { destination = try Destination(parsing: text) } catch { throw document.error(at: keyPath + [.key("Destination")], error.message) }
        } else {
            throw document.error(at: keyPath, "target '\(id)' has no Destination (add one, or map it with --destination \(id)=DEST)")
        }
        let given = ["Input", "InputPath", "InputTransformer"].filter { target[$0] != nil }
        guard given.count <= 1 else {
            throw document.error(at: keyPath, "a target takes only one of Input, InputPath and InputTransformer, not \(given.joined(separator: " and "))")
        }
        let input: TargetInput
        switch given.first {
        case "Input"?:
            guard case .string(let text)? = target["Input"], let value = try? JSONValue(parsing: text) else {
                throw document.error(at: keyPath + [.key("Input")], "Input must be a string holding valid JSON")
            }
            input = .constant(value)
        case "InputPath"?:
            guard case .string(let text)? = target["InputPath"] else { throw document.error(at: keyPath + [.key("InputPath")], "InputPath must be a string") }
            do { input = .path(try EventPath(text)) } catch { throw document.error(at: keyPath + [.key("InputPath")], error.reason) }
        case "InputTransformer"?:
            input = .transformer(try loadTransformer(target["InputTransformer"]!, at: keyPath + [.key("InputTransformer")], document))
        default:
            input = .finding
        }
        return RouteTarget(id: id, destination: destination, input: input)
    }

    private static func loadTransformer(_ value: JSONValue, at keyPath: [ConfigKey], _ document: ConfigDocument) throws(ConfigurationError) -> InputTransformer {
        guard case .object(let object) = value, case .string(let template)? = object["InputTemplate"] else {
            throw document.error(at: keyPath + [.key("InputTemplate")], "InputTransformer needs an InputTemplate string")
        }
        var pathsMap: [(name: String, path: String)] = []
        switch object["InputPathsMap"] {
        case nil: break
        case .object(let map)?:
            for (name, path) in map.members {
                guard case .string(let text) = path else { throw document.error(at: keyPath + [.key("InputPathsMap"), .key(name)], "a path must be a string") }
                pathsMap.append((name, text))
            }
        default: throw document.error(at: keyPath + [.key("InputPathsMap")], "InputPathsMap must be an object")
        }
        do { return try InputTransformer(pathsMap: pathsMap, template: template) } catch {
            let step: [ConfigKey] = error.path.hasPrefix("InputPathsMap.") ? [.key("InputPathsMap"), .key(String(error.path.dropFirst(14)))] : [.key(error.path)]
            throw document.error(at: keyPath + step, error.reason)
        }
    }
}
