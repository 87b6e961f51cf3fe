/// The text `route --check` prints: one line per rule, one indented line per target.
enum RuleSummary {
    static func text(_ rules: [RouteRule], envelope: EnvelopeMode, file: String) -> String {
        let enabled = rules.filter(\.enabled).count
        let targets = rules.reduce(0) { $0 + $1.targets.count }
        var text = "\(file): \(rules.count) rule(s), \(enabled) enabled, \(targets) target(s)\n"
        for rule in rules {
            let matchedAgainst = envelope.usesEnvelope(rule.pattern) ? "event" : "finding"
            text += "\(rule.name)\t\(rule.enabled ? "ENABLED" : "DISABLED")\tmatches the \(matchedAgainst)\t\(rule.pattern.alternatives.count) alternative(s)\n"
            for target in rule.targets {
                text += "  \(target.id)\t\(target.destination)\t\(target.input.summary)\n"
            }
        }
        return text
    }
}

extension TargetInput {
    var summary: String {
        switch self {
        case .finding: return "finding + route.rule"
        case .constant: return "Input"
        case .path(let path): return "InputPath \(path)"
        case .transformer(let transformer): return "InputTransformer (\(transformer.paths.count) path(s))"
        }
    }
}
