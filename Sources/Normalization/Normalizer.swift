import FindingsCore

/// The `normalize` stage: unwraps each input document, recognises what it is, and writes
/// every finding it holds as one valid ASFF line.
public struct Normalizer: RecordProcessor {
    public let format: InputFormat
    private let defaults: SourceContext.Defaults
    private let asff = ASFFIngest(validator: ASFFValidator())
    /// Tapes for text the input document does not hold: ASFF repairs, mapped findings, and
    /// SNS messages that arrive as JSON strings (one per nesting level).
    private let scratch = JSONTape()
    private let mappedTape = JSONTape()
    private let messageTapes = [JSONTape(), JSONTape()]
    private let mapped = ByteBuffer(capacity: 16 * 1024)
    private var flowLogs = FlowLogText()

    /// - Parameters:
    ///   - format: the format every finding is read as, or `.auto` to detect it per document.
    ///   - account: the account of findings that name none, in the finding or its envelope.
    ///   - region: the region of findings that name none.
    public init(format: InputFormat = .auto, account: String? = nil, region: String? = nil) {
        self.format = format
        defaults = SourceContext.Defaults(account: account, region: region)
    }

    public mutating func process(_ document: JSONDocument, _ context: inout RecordContext) throws(RecordRejection) {
        let root = document.root
        guard root.kind == .object || root.kind == .array else {
            throw RecordRejection("not a finding: a JSON \(root.kind) at top level (expected an object)")
        }
        do {
            try handle(root, path: "", SourceContext(defaults: defaults), depth: 0, &context)
        } catch {
            throw RecordRejection("stopped by --strict")
        }
    }

    /// Text lines are VPC flow log records (and their header) or an error.
    public mutating func processText(_ line: UnsafeRawBufferPointer, _ context: inout RecordContext) throws(RecordRejection) {
        guard let kind = flowLogs.classify(line, file: context.file) else {
            throw RecordRejection("not JSON and not a VPC flow log record (see --list-formats)")
        }
        do { try context.skip(kind) } catch { throw RecordRejection("stopped by --strict") }
    }

    /// Dispatches one value; `path` locates it inside the document for messages.
    private func handle(_ value: JSONNode, path: String, _ source: SourceContext, depth: Int,
                        _ context: inout RecordContext) throws(StrictStop) {
        if value.kind == .array {
            for (index, element) in value.elements.enumerated() {
                try handle(element, path: "\(path)[\(index)]", source, depth: depth, &context)
            }
            return
        }
        guard value.kind == .object else {
            try context.reject(prefix(path) + "not a finding: a JSON \(value.kind) (expected an object)", raw: value.rawBytes)
            return
        }
        switch kind(of: value) {
        case .asffFinding:
            if let violation = asff.ingest(value, into: &context, scratch: scratch) {
                try context.reject(prefix(path) + violation.description, raw: value.rawBytes)
            }
        case .findingsList:
            try handle(value.get("Findings")!, path: path + "Findings", source, depth: depth, &context)
        case .eventBridge:
            try handleEvent(value, path: path, source.entering(event: value), depth: depth, &context)
        case .partialEvent:
            try handle(value.get("detail")!, path: path + "detail", source.entering(event: value), depth: depth, &context)
        case .snsNotification:
            try handleNotification(value, path: path, source, depth: depth, &context)
        case .finding(let format), .findingCollection(let format):
            let mapping = FormatRegistry.source(for: format)
            try write(mapping.findings(in: value, source), named: mapping.name, of: value, path: path, &context)
        case .notAFinding(let name):
            try context.skip(name)
        case .unknown:
            try context.reject(prefix(path) + "not a recognised finding format (see --list-formats)", raw: value.rawBytes)
        }
    }

    /// The document's kind; with `--from`, every object that is not a wrapper is read as that format.
    private func kind(of value: JSONNode) -> DocumentKind {
        let detected = DocumentKind.classify(value)
        switch (format, detected) {
        case (.auto, _), (_, .findingsList), (_, .eventBridge), (_, .partialEvent), (_, .snsNotification):
            return detected
        case (.asff, _): return .asffFinding
        case (_, .findingCollection(let found)) where found == format: return detected
        default: return .finding(format)
        }
    }

    private func handleEvent(_ event: JSONNode, path: String, _ source: SourceContext, depth: Int,
                             _ context: inout RecordContext) throws(StrictStop) {
        let detailType = event.get("detail-type")?.stringValue ?? ""
        guard let detail = event.get("detail") else { return }
        switch detailType {
        case "Security Hub Findings - Imported", "Security Hub Findings - Custom Action":
            guard let findings = detail.get("findings"), findings.kind == .array else {
                try context.reject(prefix(path) + "EventBridge '\(detailType)' event without detail.findings[]", raw: event.rawBytes)
                return
            }
            try handle(findings, path: path + "detail.findings", source, depth: depth, &context)
        default:
            if let kind = DocumentKind.nonFindingEvent(detailType) { return try context.skip(kind) }
            if case .notAFinding(let name) = DocumentKind.classify(detail) { return try context.skip(name) }
            try handle(detail, path: path + "detail", source, depth: depth, &context)
        }
    }

    /// An SNS notification: the message is an object (AWS documentation samples) or a JSON
    /// string (real deliveries), parsed on a tape of its own.
    private func handleNotification(_ notification: JSONNode, path: String, _ source: SourceContext, depth: Int,
                                    _ context: inout RecordContext) throws(StrictStop) {
        let message = notification.get("Message")!
        let inner = source.entering(snsTopic: notification.get("TopicArn")?.stringValue)
        guard message.kind == .string else {
            return try handle(message, path: path + "Message", inner, depth: depth, &context)
        }
        guard depth < messageTapes.count, let bytes = message.stringBytes else {
            return try context.reject(prefix(path) + "SNS Message nested too deeply", raw: notification.rawBytes)
        }
        // The message's tape points into `bytes`, so it is handled inside the closure.
        do {
            try bytes.withUnsafeBytes { raw in
                let document = try messageTapes[depth].parse(raw)
                try handle(document.root, path: path + "Message", inner, depth: depth + 1, &context)
            }
        } catch let stop as StrictStop {
            throw stop
        } catch {
            try context.reject(prefix(path) + "SNS Message is not valid JSON: \(error)", raw: notification.rawBytes)
        }
    }

    /// Validates and writes mapped findings; reports the ones that failed.
    private func write(_ results: [MappedFinding], named source: String, of value: JSONNode, path: String,
                       _ context: inout RecordContext) throws(StrictStop) {
        for result in results {
            switch result {
            case .failure(let inner, let error):
                let location = path + inner
                try context.reject(prefix(location) + "\(source): \(error)", raw: value.rawBytes)
            case .finding(let finding):
                mapped.removeAll()
                mapped.append(json: finding)
                do {
                    let document = try mappedTape.parse(mapped.bytes)
                    if let violation = asff.ingest(document.root, into: &context, scratch: scratch) {
                        try context.reject(prefix(path) + "\(source) mapped to invalid ASFF: \(violation)", raw: value.rawBytes)
                    }
                } catch let stop as StrictStop {
                    throw stop
                } catch {
                    try context.reject(prefix(path) + "\(source) mapped to invalid JSON: \(error)", raw: value.rawBytes)
                }
            }
        }
    }

    private func prefix(_ path: String) -> String { path.isEmpty ? "" : "\(path): " }
}
