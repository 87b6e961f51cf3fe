#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// Rules mode: every enabled rule whose pattern a finding matches delivers it to each of its
/// targets (fan-out), or only the first such rule with `firstMatch`; findings no rule matches
/// go to `unmatched` when given.
struct RulesProcessor: RecordProcessor {
    /// Most `UserDefinedFields` entries a finding may hold (ASFF).
    static let maxUserDefinedFields = 50
    static let ruleKey = JSONPath(keys: ["UserDefinedFields", "route.rule"])

    let rules: [RouteRule]
    let matcher: RouteMatcher
    let firstMatch: Bool
    let unmatched: Destination?
    private let writers: [Destination: DestinationWriter]
    private var failure: IOError?
    private var result: [Int] = []
    private let envelopeTape = JSONTape()
    private let envelopeText = ByteBuffer(capacity: 16 * 1024)
    private let transformed = ByteBuffer(capacity: 4 * 1024)
    private let outputTape = JSONTape()

    init(rules: [RouteRule], envelope: EnvelopeMode, firstMatch: Bool, unmatched: Destination?) {
        self.rules = rules.filter(\.enabled)
        matcher = RouteMatcher(self.rules.map { (name: $0.name, pattern: $0.pattern) }, envelope: envelope)
        self.firstMatch = firstMatch
        self.unmatched = unmatched
        var writers: [Destination: DestinationWriter] = [:]
        for destination in self.rules.flatMap({ $0.targets.map(\.destination) }) + (unmatched.map { [$0] } ?? []) where destination != .stdout {
            if writers[destination] == nil { writers[destination] = DestinationWriter(destination) }
        }
        self.writers = writers
    }

    mutating func process(_ document: JSONDocument, _ context: inout RecordContext) throws(RecordRejection) {
        let finding = document.root
        guard finding.kind == .object else { throw RecordRejection("not a JSON object") }
        matcher.matches(finding, into: &result)
        if firstMatch && result.count > 1 { result.removeLast(result.count - 1) }
        if result.isEmpty {
            context.count("unmatched")
            if let unmatched { deliver(to: unmatched, &context) { $0.append(document.text) } }
            return
        }
        if result.contains(where: { rules[$0].targets.contains { $0.input.isFinding } }) {
            try checkRoomForRuleName(finding)
        }
        let marks = writers.mapValues(\.buffer.count)
        do {
            for number in result {
                let rule = rules[number]
                context.count("rule \(rule.name)")
                for target in rule.targets {
                    try render(target, rule: rule, number: number, finding, &context)
                }
            }
        } catch {
            for (destination, mark) in marks { writers[destination]!.buffer.truncate(to: mark) }
            throw error
        }
        flushLargeBuffers()
    }

    /// The finding must be able to take `route.rule` without breaking the ASFF limit.
    private func checkRoomForRuleName(_ finding: JSONNode) throws(RecordRejection) {
        guard let fields = finding.get("UserDefinedFields"), fields.kind == .object else { return }
        if fields.count >= RulesProcessor.maxUserDefinedFields && fields["route.rule"] == nil {
            throw RecordRejection("UserDefinedFields already holds \(RulesProcessor.maxUserDefinedFields) entries; cannot add route.rule")
        }
    }

    private mutating func render(_ target: RouteTarget, rule: RouteRule, number: Int, _ finding: JSONNode,
                                 _ context: inout RecordContext) throws(RecordRejection) {
        switch target.input {
        case .finding:
            var edits = JSONEdits()
            edits.set(RulesProcessor.ruleKey, to: .string(rule.name))
            deliver(to: target.destination, &context) { $0.append(finding, applying: edits) }
        case .constant(let value):
            deliver(to: target.destination, &context) { $0.append(json: value) }
        case .path(let path):
            let event = try self.event(for: finding, number: number)
            guard !path.select(event).isEmpty || path.selectsMany else {
                context.count("input path selected nothing")
                return
            }
            deliver(to: target.destination, &context) { _ = path.write(event, to: $0) }
        case .transformer(let transformer):
            let event = try self.event(for: finding, number: number)
            let reserved = InputTransformer.Reserved(ruleName: rule.name, ruleArn: rule.arn, ingestionTime: Self.now())
            transformed.removeAll()
            transformer.render(event, reserved: reserved, to: transformed)
            deliver(to: target.destination, &context) { self.writeTransformed(to: $0) }
        }
        context.count("target \(target.id)")
    }

    /// Writes a transformer's output as one line: output spanning lines is compacted when it is
    /// JSON, and written as it is otherwise.
    private func writeTransformed(to buffer: ByteBuffer) {
        let text = transformed.bytes
        if text.contains(UInt8(ascii: "\n")), let document = try? outputTape.parse(text) {
            buffer.appendCompact(document.root)
        } else {
            buffer.append(text)
        }
    }

    /// The event a rule's input paths see: the finding, or for envelope rules the Security Hub
    /// event around it.
    private func event(for finding: JSONNode, number: Int) throws(RecordRejection) -> JSONNode {
        guard matcher.usesEnvelope(number) else { return finding }
        envelopeText.removeAll()
        SecurityHubEnvelope.write(finding: finding, to: envelopeText)
        do { return try envelopeTape.parse(envelopeText.bytes).root } catch {
            throw RecordRejection("cannot build the Security Hub event: \(error)")
        }
    }

    /// Writes one line to `destination`.
    private func deliver(to destination: Destination, _ context: inout RecordContext, _ write: (ByteBuffer) -> Void) {
        if destination == .stdout {
            context.emit(write)
        } else {
            let buffer = writers[destination]!.buffer
            write(buffer)
            buffer.append(UInt8(ascii: "\n"))
        }
    }

    private mutating func flushLargeBuffers() {
        guard failure == nil else { return }
        for writer in writers.values {
            do { try writer.flush(threshold: 64 * 1024) } catch { failure = error; return }
        }
    }

    /// Delivers what is left and closes every destination; a failure ends the run with status 3.
    mutating func finish(_ context: inout RecordContext) throws {
        for writer in writers.values {
            do { try writer.finish() } catch { failure = failure ?? error }
        }
        if let failure { throw failure }
    }

    /// The current time in ISO 8601 (`<aws.events.event.ingestion-time>`).
    static func now() -> String {
        var seconds = time(nil)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

extension TargetInput {
    var isFinding: Bool {
        if case .finding = self { return true }
        return false
    }
}
