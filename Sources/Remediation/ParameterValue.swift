import FindingsCore

/// Where one argument of an action comes from.
public enum ParameterValue: Sendable, Equatable {
    /// Fixed text from the playbook.
    case literal(String)
    /// A CLI switch without a value (`--enable-log-file-validation`).
    case flag
    /// A value read from the finding at `path`, optionally reduced to an ARN's resource name,
    /// checked against `format`, and put after the fixed `prefix`.
    case field(path: FieldPath, take: Take, format: IdentifierFormat, prefix: String)
    /// A value given on the command line with `--var NAME=VALUE`, checked against `format`.
    case variable(name: String, format: IdentifierFormat, prefix: String)

    /// How much of a finding's value is used.
    public enum Take: String, Sendable {
        /// The value as it is.
        case whole
        /// The resource name of an ARN (`arn:aws:s3:::bucket` → `bucket`).
        case arnName = "arn-name"
        /// The account of an ARN.
        case arnAccount = "arn-account"
    }

    /// The argument text for `finding`, or why the action must not run.
    func resolve(in finding: JSONNode, variables: [String: String]) throws(ActionRefusal) -> String? {
        switch self {
        case .literal(let text): return text
        case .flag: return nil
        case .field(let path, let take, let format, let prefix):
            guard let node = path.lookup(finding) else { throw ActionRefusal("\(path) is missing") }
            guard let raw = node.stringValue else { throw ActionRefusal("\(path) is not a string") }
            var value = raw
            switch take {
            case .whole: break
            case .arnName, .arnAccount:
                guard let arn = ARN(raw) else { throw ActionRefusal("\(path) '\(ActionRefusal.quote(raw))' is not a well-formed ARN") }
                value = take == .arnName ? arn.resourceName : arn.account
            }
            guard format.accepts(value) else {
                throw ActionRefusal("\(path) '\(ActionRefusal.quote(raw))' is not a valid \(format.rawValue)")
            }
            return prefix + value
        case .variable(let name, let format, let prefix):
            guard let value = variables[name] else {
                throw ActionRefusal("needs --var \(name)=\(format.rawValue.uppercased())", missingVariable: true)
            }
            guard format.accepts(value) else { throw ActionRefusal("--var \(name) '\(ActionRefusal.quote(value))' is not a valid \(format.rawValue)") }
            return prefix + value
        }
    }
}
