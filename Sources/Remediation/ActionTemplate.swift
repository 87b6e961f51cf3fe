import FindingsCore

/// What a playbook does: one AWS CLI operation, or an SSM Automation runbook started through
/// `aws ssm start-automation-execution`, with parameters filled from the finding.
public struct ActionTemplate: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `aws SERVICE OPERATION --param value ...`
        case cli(service: String, operation: String)
        /// `aws ssm start-automation-execution --document-name DOCUMENT --parameters {...}`
        case automation(document: String)
    }

    public let kind: Kind
    /// Parameters in order: CLI options (`--bucket`) or runbook parameter names (`BucketName`).
    public let parameters: [(name: String, value: ParameterValue)]

    public init(kind: Kind, parameters: [(name: String, value: ParameterValue)]) {
        self.kind = kind
        self.parameters = parameters
    }

    public static func == (lhs: ActionTemplate, rhs: ActionTemplate) -> Bool {
        lhs.kind == rhs.kind && lhs.parameters.elementsEqual(rhs.parameters) { $0.name == $1.name && $0.value == $1.value }
    }

    /// `s3api put-public-access-block` or `ssm start-automation-execution AWS-Doc`.
    public var summary: String {
        switch kind {
        case .cli(let service, let operation): return "\(service) \(operation)"
        case .automation(let document): return "ssm start-automation-execution \(document)"
        }
    }

    /// The argument vector for `finding` (program name `aws` first), ending with `--region`
    /// of the finding and any `extra` arguments; or why it must not run.
    func argv(for finding: JSONNode, region: String, variables: [String: String], extra: [String]) throws(ActionRefusal) -> [String] {
        var argv = ["aws"]
        switch kind {
        case .cli(let service, let operation):
            argv += [service, operation]
            for (name, value) in parameters {
                argv.append(name)
                if let text = try value.resolve(in: finding, variables: variables) { argv.append(text) }
            }
        case .automation(let document):
            argv += ["ssm", "start-automation-execution", "--document-name", document]
            if !parameters.isEmpty {
                let json = ByteBuffer(capacity: 256)
                json.append(UInt8(ascii: "{"))
                for (index, (name, value)) in parameters.enumerated() {
                    if index > 0 { json.append(UInt8(ascii: ",")) }
                    json.appendJSONString(name)
                    json.append(":[" as StaticString)
                    json.appendJSONString(try value.resolve(in: finding, variables: variables) ?? "true")
                    json.append(UInt8(ascii: "]"))
                }
                json.append(UInt8(ascii: "}"))
                argv += ["--parameters", String(decoding: json.bytes, as: UTF8.self)]
            }
        }
        argv += ["--region", region]
        argv += extra
        return argv
    }
}
