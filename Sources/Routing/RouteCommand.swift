import FindingsCore

/// The `route` command line.
public enum RouteCommand {
    public static let spec = ToolSpec(
        name: "route",
        summary: "filter and route findings with EventBridge event patterns",
        usage: ["-e PATTERN... | -f FILE... [-v] [-c] [OPTIONS] [FILE...]",
                "--rules FILE [--first-match] [--unmatched DEST] [--destination ID=DEST]... [OPTIONS] [FILE...]",
                "--check FILE"],
        description: """
        Filter mode (-e, -f): writes each record that any pattern matches, byte for byte (with -v,
        each record none matches). Rules mode (--rules): EventBridge rules with targets; a record
        goes to every target of every enabled rule it matches, as the finding with
        UserDefinedFields["route.rule"] set to the rule name, or as the target's Input, InputPath
        or InputTransformer output. Destinations: '-' (stdout), file:PATH (appended; created
        atomically on first write), fd:N, exec:PROGRAM ARG... (started without a shell; records on
        its stdin; a failure to start or a non-zero exit is a delivery failure, status 3).
        Patterns follow EventBridge (exact, prefix, suffix, equals-ignore-case, anything-but,
        numeric, exists, cidr, wildcard, $or) with event-ruler's numeric equality across number
        spellings (300 = 300.0 = 3e2), and array-consistent as event-ruler's rulesForJSONEvent (the
        fields of one pattern may not be satisfied by different elements of one array). Patterns whose top-level keys are EventBridge envelope
        fields (source, detail-type, detail, account, region, resources, time, id, version) are
        matched against the 'Security Hub Findings - Imported' event that would carry the finding
        (the finding at detail.findings[0]); see --envelope. In filter mode, values of fields no
        pattern names are checked for structure only (brackets, strings), not token by token.
        """,
        options: [
            OptionSpec("pattern", short: "e", value: "PATTERN", help: "an event pattern (JSON); repeatable"),
            OptionSpec("file", short: "f", value: "FILE", help: "patterns from FILE: one per line, or a JSON array of patterns or of {\"name\",\"pattern\"}; repeatable"),
            OptionSpec("invert-match", short: "v", help: "filter mode: write the records no pattern matches"),
            OptionSpec("count", short: "c", help: "filter mode: print COUNT<TAB>NAME per pattern instead of records (with -v: the count of unmatched records)"),
            OptionSpec("rules", value: "FILE", help: "rules mode: EventBridge rules with targets (JSON or YAML; Rules list or CloudFormation)"),
            OptionSpec("first-match", help: "rules mode: deliver only to the first matching rule (file order)"),
            OptionSpec("unmatched", value: "DEST", help: "rules mode: send records no rule matches to DEST, unchanged"),
            OptionSpec("destination", value: "ID=DEST", help: "rules mode: deliver target ID to DEST (overrides the target's Destination); repeatable"),
            OptionSpec("envelope", value: "MODE", help: "auto (default): patterns naming envelope fields see the Security Hub event; always; never"),
            OptionSpec("check", value: "FILE", help: "validate a rules file, print its rules and targets, and exit"),
            OptionSpec("max-pattern-length", value: "N", help: "reject patterns longer than N characters (default 2048, EventBridge's quota; its API takes up to 4096)"),
            OptionSpec("max-combinations", value: "N", help: "reject patterns whose $or branches expand to more than N combinations (default 1000)"),
            OptionSpec("max-wildcard-complexity", value: "N", help: "reject a field whose wildcards can keep more than N states active on one value (default 11)"),
        ],
        examples: [
            (#"route -e '{"Severity":{"Label":["CRITICAL","HIGH"]}}' findings.ndjson"#, "keep high and critical findings"),
            (#"route -v -e '{"RecordState":["ARCHIVED"]}'"#, "drop archived findings"),
            ("route -c -f patterns.json findings.ndjson", "count the findings each named pattern matches"),
            ("route --rules rules.yaml --unmatched file:rest.ndjson < findings.ndjson", "fan findings out to the targets of matching rules"),
            (#"route -e '{"detail-type":["Security Hub Findings - Imported"],"detail":{"findings":{"Compliance":{"Status":["FAILED"]}}}}'"#,
             "match as EventBridge would see the finding"),
            ("route --check rules.yaml", "validate a rules file"),
        ])

    public static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        let envelopeName = arguments.value("envelope") ?? "auto"
        guard let envelope = EnvelopeMode(rawValue: envelopeName) else {
            throw UsageError("--envelope must be auto, always or never, not '\(envelopeName)'")
        }
        let destinations = try destinationMap(arguments.values("destination"))
        let limits = try patternLimits(arguments)
        if let path = arguments.value("check") {
            let rules = try RuleFile.load(path, destinations: destinations, limits: limits)
            let out = OutputStream()
            out.buffer.append(contentsOf: RuleSummary.text(rules, envelope: envelope, file: path))
            try out.flush()
            return .success
        }
        let patternMode = !arguments.values("pattern").isEmpty || !arguments.values("file").isEmpty
        let filterOnly = ["invert-match", "count"].filter { arguments.flag($0) }
        let rulesOnly = ["first-match"].filter { arguments.flag($0) } + ["unmatched", "destination"].filter { !arguments.values($0).isEmpty }
        if let path = arguments.value("rules") {
            guard !patternMode else { throw UsageError("--rules cannot be combined with -e or -f") }
            guard filterOnly.isEmpty else { throw UsageError("--\(filterOnly[0]) applies to filter mode (-e, -f), not --rules") }
            let rules = try RuleFile.load(path, destinations: destinations, limits: limits)
            let unmatched = try arguments.value("unmatched").map { (text) throws(UsageError) in try Destination(parsing: text) }
            var processor = RulesProcessor(rules: rules, envelope: envelope, firstMatch: arguments.flag("first-match"), unmatched: unmatched)
            return try StreamRunner(spec: spec, arguments: arguments).run(&processor)
        }
        guard patternMode else { throw UsageError("give patterns with -e or -f, or rules with --rules (see --help)") }
        guard rulesOnly.isEmpty else { throw UsageError("--\(rulesOnly[0]) applies to rules mode (--rules)") }
        let patterns = try PatternList.load(expressions: arguments.values("pattern"), files: arguments.values("file"), limits: limits)
        let runner = try StreamRunner(spec: spec, arguments: arguments)
        var processor = FilterProcessor(patterns: patterns, envelope: envelope, limits: runner.limits,
                                        invert: arguments.flag("invert-match"), counting: arguments.flag("count"))
        return runner.run(&processor)
    }

    private static func patternLimits(_ arguments: ParsedArguments) throws(UsageError) -> PatternLimits {
        var limits = PatternLimits.eventBridge
        if let length = try arguments.positiveInteger("max-pattern-length") { limits.maxLength = length }
        if let combinations = try arguments.positiveInteger("max-combinations") { limits.maxCombinations = combinations }
        if let complexity = try arguments.positiveInteger("max-wildcard-complexity") { limits.maxWildcardComplexity = complexity }
        return limits
    }

    private static func destinationMap(_ values: [String]) throws(UsageError) -> [String: Destination] {
        var map: [String: Destination] = [:]
        for value in values {
            guard let equals = value.firstIndex(of: "="), equals != value.startIndex else {
                throw UsageError("--destination takes ID=DEST, not '\(value)'")
            }
            map[String(value[..<equals])] = try Destination(parsing: String(value[value.index(after: equals)...]))
        }
        return map
    }
}
