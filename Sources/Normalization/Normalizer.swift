import FindingsCore

/// The `normalize` stage: unwraps each input document, recognises what it is, and writes
/// every finding it holds as one valid ASFF line.
public struct Normalizer: RecordProcessor {
    public let format: InputFormat
    private let asff = ASFFIngest(validator: ASFFValidator())
    private let scratch = JSONTape()

    public init(format: InputFormat = .auto) { self.format = format }

    public mutating func process(_ document: JSONDocument, _ context: inout RecordContext) throws(RecordRejection) {
        let root = document.root
        guard root.kind == .object || root.kind == .array else {
            throw RecordRejection("not a finding: a JSON \(root.kind) at top level (expected an object)")
        }
        do {
            try handle(root, path: "", &context)
        } catch {
            throw RecordRejection("stopped by --strict")
        }
    }

    /// Dispatches one value; `path` locates it inside the document for messages.
    private func handle(_ value: JSONNode, path: String, _ context: inout RecordContext) throws(StrictStop) {
        if value.kind == .array {
            for (index, element) in value.elements.enumerated() {
                try handle(element, path: "\(path)[\(index)]", &context)
            }
            return
        }
        guard value.kind == .object else {
            try context.reject(prefix(path) + "not a finding: a JSON \(value.kind) (expected an object)", raw: value.rawBytes)
            return
        }
        let kind: DocumentKind = format == .asff && value.get("SchemaVersion") != nil ? .asffFinding : DocumentKind.classify(value)
        switch kind {
        case .asffFinding:
            if let violation = asff.ingest(value, into: &context, scratch: scratch) {
                try context.reject(prefix(path) + violation.description, raw: value.rawBytes)
            }
        case .findingsList:
            try handle(value.get("Findings")!, path: path + "Findings", &context)
        case .eventBridge:
            try handleEvent(value, path: path, &context)
        case .notAFinding(let name):
            try context.skip(name)
        case .unsupported(let name):
            try context.reject(prefix(path) + "\(name) findings are not an input format of this build (see --list-formats)", raw: value.rawBytes)
        case .unknown:
            try context.reject(prefix(path) + "not a recognised finding format (see --list-formats)", raw: value.rawBytes)
        }
    }

    private func handleEvent(_ event: JSONNode, path: String, _ context: inout RecordContext) throws(StrictStop) {
        let detailType = event.get("detail-type")?.stringValue ?? ""
        guard let detail = event.get("detail") else { return }
        switch detailType {
        case "Security Hub Findings - Imported", "Security Hub Findings - Custom Action":
            guard let findings = detail.get("findings"), findings.kind == .array else {
                try context.reject(prefix(path) + "EventBridge '\(detailType)' event without detail.findings[]", raw: event.rawBytes)
                return
            }
            try handle(findings, path: path + "detail.findings", &context)
        case "Security Hub Insight Results":
            try context.skip("securityhub-insight-results")
        default:
            switch DocumentKind.classify(detail) {
            case .notAFinding(let name): try context.skip(name)
            default: try handle(detail, path: path + "detail", &context)
            }
        }
    }

    private func prefix(_ path: String) -> String { path.isEmpty ? "" : "\(path): " }
}
