import FindingsCore

/// The `remediate` stage: matches eligible findings against the playbooks, plans one action
/// per matching playbook, and either annotates the finding with the plan (plan mode) or hands
/// it to an `ExecutionSession` that runs the actions at the end of the input.
public struct Remediator: RecordProcessor {
    public let playbook: Playbook
    /// Values for `{var: NAME}` parameters (`--var NAME=VALUE`).
    public let variables: [String: String]
    /// Arguments added to every command (`--endpoint-url URL`).
    public let extraArguments: [String]
    /// Where plan records go (`--plan FILE`), if anywhere.
    let planOutput: OutputStream?
    /// Present in execute mode.
    let session: ExecutionSession?
    /// `Note.UpdatedAt` of planned findings: the start of the run.
    let now: String
    private var matched: [Int] = []
    /// Playbooks already reported as lacking a `--var` (reported once per run, then counted).
    private var reportedMissingVariables = Set<String>()
    private let diagnostics = Diagnostics(tool: "remediate")

    public init(playbook: Playbook, variables: [String: String] = [:], extraArguments: [String] = [],
                planOutput: OutputStream? = nil, session: ExecutionSession? = nil, now: String = Clock.isoNow()) {
        self.playbook = playbook
        self.variables = variables
        self.extraArguments = extraArguments
        self.planOutput = planOutput
        self.session = session
        self.now = now
    }

    private static let idKey = JSONKey("Id"), productArnKey = JSONKey("ProductArn"), updatedAtKey = JSONKey("UpdatedAt"), accountKey = JSONKey("AwsAccountId")

    public mutating func process(_ document: JSONDocument, _ context: inout RecordContext) throws(RecordRejection) {
        let root = document.root
        guard root.kind == .object else { throw RecordRejection("not a finding: a JSON \(root.kind) (expected an object)") }
        if case .passThrough(let reason) = Eligibility.of(root) {
            context.count("pass.\(reason)")
            Remediator.emitUnchanged(document, &context)
            return
        }
        matched.removeAll(keepingCapacity: true)
        playbook.matches(root, into: &matched)
        if matched.isEmpty {
            context.count("pass.no-playbook")
            Remediator.emitUnchanged(document, &context)
            return
        }
        guard let id = root[Remediator.idKey]?.stringValue, let productArn = root[Remediator.productArnKey]?.stringValue,
              let updatedAt = root[Remediator.updatedAtKey]?.stringValue, let account = root[Remediator.accountKey]?.stringValue else {
            throw RecordRejection("not a finding: Id, ProductArn, UpdatedAt and AwsAccountId are required")
        }
        let region = Finding(root).region.flatMap { IdentifierFormat.region.accepts($0) ? $0 : nil }
        var annotation = FindingAnnotation()
        for index in matched {
            let entry = playbook.entries[index]
            do throws(ActionRefusal) {
                guard let region else { throw ActionRefusal("the finding's Region is missing or malformed") }
                let argv = try entry.action.argv(for: root, region: region, variables: variables, extra: extraArguments)
                let action = PlannedAction(productArn: productArn, findingId: id, updatedAt: updatedAt, accountId: account,
                                           playbook: entry.name, action: entry.action.summary, argv: argv,
                                           risk: entry.risk, requiresApproval: entry.requiresApproval)
                annotation.actions.append((action, .planned))
                context.count("planned")
            } catch {
                annotation.refusals.append((entry.name, error.reason))
                if error.missingVariable {
                    context.count("refused.missing-var")
                    if reportedMissingVariables.insert(entry.name).inserted {
                        diagnostics.report("playbook \(entry.name) \(error.reason); its findings are not planned (counted as refused.missing-var)")
                    }
                } else {
                    context.count("refused")
                    diagnostics.report(file: context.file, line: context.line, "refused playbook \(entry.name) for finding \(ActionRefusal.quote(id)): \(error.reason)")
                }
            }
        }
        if let planOutput {
            for (action, _) in annotation.actions {
                action.write(to: planOutput.buffer)
                planOutput.buffer.append(0x0A)
            }
            do { try planOutput.endRecord() } catch { throw RecordRejection("cannot write the plan: \(error)") }
        }
        if let session, !annotation.actions.isEmpty {
            session.hold(document.text, annotation: annotation)
            return
        }
        let edits = annotation.edits(for: root, updatedAt: now)
        context.emit { $0.append(root, applying: edits) }
    }

    public mutating func finish(_ context: inout RecordContext) throws {
        try planOutput?.flush()
        try session?.finish(&context)
    }

    public mutating func interrupted(_ context: inout RecordContext) throws {
        try planOutput?.flush()
        try session?.interrupted(&context)
    }

    static func emitUnchanged(_ document: JSONDocument, _ context: inout RecordContext) {
        if document.hasWhitespace {
            context.emit { $0.appendCompact(document.root) }
        } else {
            context.emit { $0.append(document.text) }
        }
    }
}
