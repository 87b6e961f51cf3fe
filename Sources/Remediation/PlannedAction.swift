import FindingsCore

/// One action planned for one finding version: what would run, and the key that makes it
/// run at most once.
public struct PlannedAction: Sendable, Equatable {
    public let productArn: String
    public let findingId: String
    public let updatedAt: String
    public let accountId: String
    public let playbook: String
    /// `s3api put-public-access-block`, `ssm start-automation-execution DOC`.
    public let action: String
    /// The exact argument vector, program name first.
    public let argv: [String]
    public let risk: Risk
    public let requiresApproval: Bool
    /// SHA-256 over the finding version, the playbook and the argv: identical plans share it.
    public let key: String

    public init(productArn: String, findingId: String, updatedAt: String, accountId: String, playbook: String,
                action: String, argv: [String], risk: Risk, requiresApproval: Bool) {
        self.productArn = productArn
        self.findingId = findingId
        self.updatedAt = updatedAt
        self.accountId = accountId
        self.playbook = playbook
        self.action = action
        self.argv = argv
        self.risk = risk
        self.requiresApproval = requiresApproval
        key = PlannedAction.key(productArn: productArn, findingId: findingId, updatedAt: updatedAt, playbook: playbook, argv: argv)
    }

    /// `SHA-256("remediate/1" NUL ProductArn NUL Id NUL UpdatedAt NUL playbook NUL argv[0] NUL argv[1] ...)`.
    public static func key(productArn: String, findingId: String, updatedAt: String, playbook: String, argv: [String]) -> String {
        var bytes: [UInt8] = Array("remediate/1".utf8)
        for part in [productArn, findingId, updatedAt, playbook] + argv {
            bytes.append(0)
            bytes += part.utf8
        }
        return SHA256.hex(bytes)
    }

    /// The command as a person reads it (arguments with spaces or quotes shown quoted).
    public var commandLine: String {
        var out: [UInt8] = []
        out.reserveCapacity(argv.reduce(0) { $0 + $1.utf8.count + 3 })
        for (index, argument) in argv.enumerated() {
            if index > 0 { out.append(UInt8(ascii: " ")) }
            let plain = !argument.isEmpty && argument.utf8.allSatisfy { PlannedAction.plainByte[Int($0)] }
            if plain { out += argument.utf8; continue }
            out.append(UInt8(ascii: "'"))
            for byte in argument.utf8 {
                if byte == UInt8(ascii: "'") { out += "'\\''".utf8 } else { out.append(byte) }
            }
            out.append(UInt8(ascii: "'"))
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let plainByte: [Bool] = (0..<256).map { isAlnum(UInt8($0)) || "-_./=:,@+".utf8.contains(UInt8($0)) }

    /// Writes the plan record (one JSON object, no newline).
    public func write(to out: ByteBuffer) {
        out.append("{\"key\":" as StaticString)
        out.appendJSONString(key)
        out.append(",\"finding\":{\"ProductArn\":" as StaticString)
        out.appendJSONString(productArn)
        out.append(",\"Id\":" as StaticString)
        out.appendJSONString(findingId)
        out.append(",\"UpdatedAt\":" as StaticString)
        out.appendJSONString(updatedAt)
        out.append(",\"AwsAccountId\":" as StaticString)
        out.appendJSONString(accountId)
        out.append("},\"playbook\":" as StaticString)
        out.appendJSONString(playbook)
        out.append(",\"action\":" as StaticString)
        out.appendJSONString(action)
        out.append(",\"argv\":[" as StaticString)
        for (index, argument) in argv.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.appendJSONString(argument)
        }
        out.append("],\"risk\":" as StaticString)
        out.appendJSONString(risk.rawValue)
        out.append(requiresApproval ? ",\"approvalRequired\":true}" as StaticString : ",\"approvalRequired\":false}")
    }

    /// Reads a plan record back (from an approval file); `nil` names what is wrong.
    public init(record: JSONValue) throws(ActionRefusal) {
        guard case .object(let object) = record, case .object(let finding)? = object["finding"],
              let productArn = finding["ProductArn"]?.stringValue, let id = finding["Id"]?.stringValue,
              let updatedAt = finding["UpdatedAt"]?.stringValue, let accountId = finding["AwsAccountId"]?.stringValue,
              let playbook = object["playbook"]?.stringValue, let action = object["action"]?.stringValue,
              let argvValues = object["argv"]?.arrayValue, let riskText = object["risk"]?.stringValue,
              let risk = Risk(rawValue: riskText), case .bool(let approval)? = object["approvalRequired"],
              let key = object["key"]?.stringValue else {
            throw ActionRefusal("not a plan record (needs key, finding{ProductArn,Id,UpdatedAt,AwsAccountId}, playbook, action, argv, risk, approvalRequired)")
        }
        var argv: [String] = []
        for value in argvValues {
            guard let text = value.stringValue else { throw ActionRefusal("argv holds a value that is not text") }
            argv.append(text)
        }
        self.init(productArn: productArn, findingId: id, updatedAt: updatedAt, accountId: accountId, playbook: playbook,
                  action: action, argv: argv, risk: risk, requiresApproval: approval)
        guard self.key == key else { throw ActionRefusal("the record was changed after planning: its key does not match its content") }
    }
}
