#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// The fields the output formats read, looked up once per finding as nodes (strings are
/// neither decoded nor copied unless a format needs their text), with the values Security Hub
/// derives: the severity label from `Normalized` and back, the Region from the first resource.
struct FindingFields {
    let node: JSONNode
    let id, productArn, generatorId, awsAccountId, title, description, productName, companyName: JSONNode?
    let createdAtText, updatedAtText, types, resources, compliance, vulnerabilities, schemaVersion: JSONNode?
    /// `Region`, else the first resource's `Region`.
    let region: JSONNode?
    let firstResource: JSONNode?
    let createdAt, updatedAt: Timestamp?
    let severityLabel: SeverityLabel?
    let severityNormalized: Int?
    let workflowStatus: WorkflowStatus?
    let recordState: RecordState?

    init(_ node: JSONNode) {
        self.node = node
        // One pass over the top-level members (instead of one scan per lookup); the last
        // duplicate wins, as in `JSONNode.member`.
        var id, productArn, generatorId, awsAccountId, title, description, productName, companyName: JSONNode?
        var createdAtText, updatedAtText, types, resources, compliance, vulnerabilities, schemaVersion: JSONNode?
        var regionNode, severity, workflow, state: JSONNode?
        for (key, value) in node.members {
            let raw = key.rawBytes
            let name = UnsafeRawBufferPointer(rebasing: raw[1..<(raw.count - 1)])
            func named(_ candidate: StaticString) -> Bool {
                candidate.utf8CodeUnitCount == name.count && memcmp(candidate.utf8Start, name.baseAddress!, name.count) == 0
            }
            switch name.count {
            case 2: if named("Id") { id = value }
            case 5: if named("Title") { title = value } else if named("Types") { types = value }
            case 6: if named("Region") { regionNode = value }
            case 8: if named("Severity") { severity = value } else if named("Workflow") { workflow = value }
            case 9: if named("CreatedAt") { createdAtText = value } else if named("UpdatedAt") { updatedAtText = value } else if named("Resources") { resources = value }
            case 10: if named("ProductArn") { productArn = value } else if named("Compliance") { compliance = value }
            case 11: if named("GeneratorId") { generatorId = value } else if named("Description") { description = value } else if named("ProductName") { productName = value } else if named("CompanyName") { companyName = value } else if named("RecordState") { state = value }
            case 12: if named("AwsAccountId") { awsAccountId = value }
            case 13: if named("SchemaVersion") { schemaVersion = value }
            case 15: if named("Vulnerabilities") { vulnerabilities = value }
            default: break
            }
        }
        self.id = id; self.productArn = productArn; self.generatorId = generatorId; self.awsAccountId = awsAccountId
        self.title = title; self.description = description; self.productName = productName; self.companyName = companyName
        self.createdAtText = createdAtText; self.updatedAtText = updatedAtText; self.types = types; self.resources = resources
        self.compliance = compliance; self.vulnerabilities = vulnerabilities; self.schemaVersion = schemaVersion
        firstResource = resources?.elements.first(where: { _ in true })
        region = regionNode ?? firstResource?.get("Region")
        createdAt = createdAtText?.timestamp
        updatedAt = updatedAtText?.timestamp
        let label = severity?.get("Label").flatMap { label in SeverityLabel.allCases.first { label.stringEquals($0.staticName) } }
        let normalized = severity?.get("Normalized")?.intValue
        severityLabel = label ?? normalized.flatMap(SeverityLabel.init(normalized:))
        severityNormalized = normalized ?? label?.normalized
        let status = workflow?.get("Status")
        workflowStatus = status.flatMap { status in WorkflowStatus.allCases.first { status.stringEquals($0.staticName) } }
        recordState = state.flatMap { state in RecordState.allCases.first { state.stringEquals($0.staticName) } }
    }

    /// `Compliance.SecurityControlId`, else `ProductFields.ControlId`, else `ProductFields.RuleId`.
    var controlId: JSONNode? {
        compliance?.get("SecurityControlId") ?? node[path: FindingPaths.productControlId] ?? node[path: FindingPaths.productRuleId]
    }

    /// Whether any of `Types` starts with `prefix`.
    func hasType(prefix: StaticString) -> Bool {
        guard let types else { return false }
        let prefixBytes = UnsafeRawBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        for type in types.elements where type.kind == .string {
            let raw = type.rawBytes
            if raw.count - 2 >= prefixBytes.count && memcmp(raw.baseAddress! + 1, prefixBytes.baseAddress!, prefixBytes.count) == 0 {
                return true
            }
        }
        return false
    }
}

extension SeverityLabel {
    var staticName: StaticString {
        switch self {
        case .informational: return "INFORMATIONAL"
        case .low: return "LOW"
        case .medium: return "MEDIUM"
        case .high: return "HIGH"
        case .critical: return "CRITICAL"
        }
    }
}

extension WorkflowStatus {
    var staticName: StaticString {
        switch self {
        case .new: return "NEW"
        case .notified: return "NOTIFIED"
        case .resolved: return "RESOLVED"
        case .suppressed: return "SUPPRESSED"
        }
    }
}

extension RecordState {
    var staticName: StaticString {
        switch self {
        case .active: return "ACTIVE"
        case .archived: return "ARCHIVED"
        }
    }
}

extension JSONNode {
    /// Calls `body` with the decoded bytes of a string value, without copying when the string
    /// has no escapes; `nil` for other kinds.
    @inline(__always)
    func withString<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R? {
        guard kind == .string else { return nil }
        let raw = rawBytes
        let inner = UnsafeRawBufferPointer(rebasing: raw[1..<(raw.count - 1)])
        if inner.isEmpty || memchr(inner.baseAddress!, 0x5C, inner.count) == nil { return body(inner) }
        return stringBytes!.withUnsafeBytes(body)
    }

    /// A string value parsed as an ASFF timestamp.
    var timestamp: Timestamp? { withString { Timestamp(bytes: $0) } ?? nil }
}

extension ByteBuffer {
    /// Appends `,"key":` and the value's JSON text as it is (a string keeps its escapes), when present.
    @inline(__always)
    func appendMember(_ key: StaticString, _ value: JSONNode?, comma: Bool = true) {
        guard let value else { return }
        if comma { append(UInt8(ascii: ",")) }
        appendKey(key)
        if value.kind == .string || value.kind == .number || !value.document.hasWhitespace {
            append(value.rawBytes)
        } else {
            appendCompact(value)
        }
    }

    /// Appends `,"key":<string>` when the node is a string (its JSON text as it is).
    @inline(__always)
    func appendStringMember(_ key: StaticString, _ value: JSONNode?, comma: Bool = true) {
        guard let value, value.kind == .string else { return }
        if comma { append(UInt8(ascii: ",")) }
        appendKey(key)
        append(value.rawBytes)
    }

    /// Appends `,"key":"literal"`.
    @inline(__always)
    func appendMember(_ key: StaticString, literal: StaticString, comma: Bool = true) {
        if comma { append(UInt8(ascii: ",")) }
        appendKey(key)
        append(UInt8(ascii: "\""))
        append(literal)
        append(UInt8(ascii: "\""))
    }
}
