#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// Execute mode: holds the findings with planned actions until the input ends, decides which
/// actions may run (ledger, approvals, blast-radius guard), runs them, records every outcome
/// in the ledger and the audit log, and writes each finding with the result.
public final class ExecutionSession {
    public struct Settings: Sendable {
        /// Most actions one run may execute; more aborts the run before anything runs.
        public var maxActions: Int
        public var executor: ExecutorSettings

        public init(maxActions: Int = 50, executor: ExecutorSettings = ExecutorSettings()) {
            self.maxActions = maxActions
            self.executor = executor
        }
    }

    let settings: Settings
    let programs: [String: String]
    let ledger: Ledger
    let audit: AuditLog
    let approvals: ApprovalSet?
    /// The account the AWS CLI's credentials belong to: actions for findings of other accounts
    /// are not run (they would act on a same-named resource in the wrong account).
    let credentialsAccount: String
    let actor: Actor
    private var held: [(text: [UInt8], annotation: FindingAnnotation)] = []
    private let diagnostics = Diagnostics(tool: "remediate")

    /// `programs` maps the program names actions may use (`aws`) to executables.
    public init(settings: Settings, programs: [String: String], ledger: Ledger, audit: AuditLog, approvals: ApprovalSet?,
                credentialsAccount: String) {
        self.settings = settings
        self.programs = programs
        self.ledger = ledger
        self.audit = audit
        self.approvals = approvals
        self.credentialsAccount = credentialsAccount
        actor = Actor.current()
    }

    func hold(_ text: UnsafeRawBufferPointer, annotation: FindingAnnotation) {
        held.append((Array(text), annotation))
    }

    func finish(_ context: inout RecordContext) throws {
        var jobs: [ActionExecutor.Job] = []
        var owners: [(finding: Int, action: Int)] = []
        var firstJobByKey: [String: Int] = [:]
        var duplicates: [(finding: Int, action: Int, job: Int)] = []
        var seenApprovals = Set<String>()
        for findingIndex in held.indices {
            for actionIndex in held[findingIndex].annotation.actions.indices {
                let action = held[findingIndex].annotation.actions[actionIndex].action
                let outcome: ActionOutcome?
                if try ledger.hasSucceeded(action.key) {
                    outcome = .alreadyDone
                } else if action.accountId != credentialsAccount {
                    outcome = .notRun("the finding is in account \(ActionRefusal.quote(action.accountId)); the credentials are for \(credentialsAccount)")
                } else if let approvals {
                    if approvals.actions[action.key] != nil {
                        seenApprovals.insert(action.key)
                        outcome = nil
                    } else {
                        outcome = action.requiresApproval ? .awaitingApproval : .notRun("not in the approved set \(approvals.path)")
                    }
                } else {
                    outcome = action.requiresApproval ? .awaitingApproval : nil
                }
                if let outcome {
                    held[findingIndex].annotation.actions[actionIndex].outcome = outcome
                    context.count(outcome.label)
                } else if let job = firstJobByKey[action.key] {
                    duplicates.append((findingIndex, actionIndex, job))
                } else {
                    firstJobByKey[action.key] = jobs.count
                    jobs.append(ActionExecutor.Job(argv: action.argv, account: action.accountId))
                    owners.append((findingIndex, actionIndex))
                }
            }
        }
        if let approvals {
            for (key, action) in approvals.actions where !seenApprovals.contains(key) {
                diagnostics.report("\(approvals.path): approved action \(action.playbook) for finding \(ActionRefusal.quote(action.findingId)) matches no finding version in the input; not run")
            }
        }

        if jobs.count > settings.maxActions {
            let reason = "\(jobs.count) actions to run exceed --max-actions \(settings.maxActions); nothing was executed"
            for (findingIndex, actionIndex) in owners { held[findingIndex].annotation.actions[actionIndex].outcome = .notRun("blast-radius guard") }
            try abort(reason, &context)
            throw RemediationStopped(reason)
        }

        var failures = 0
        var storageError: Error?
        let executor = ActionExecutor(settings: settings.executor, programs: programs)
        executor.run(jobs, halt: { storageError.map { "the ledger or audit log cannot be written (\($0))" } }) { job, result in
            let (findingIndex, actionIndex) = owners[job]
            let action = held[findingIndex].annotation.actions[actionIndex].action
            let summary = result.summary(timeout: settings.executor.timeout)
            let outcome: ActionOutcome = result.succeeded ? .succeeded : .failed(summary)
            if !result.succeeded {
                failures += 1
                diagnostics.report("\(action.playbook) for finding \(ActionRefusal.quote(action.findingId)) failed: \(summary)")
            }
            do {
                try ledger.record(action, outcome: outcome.label, detail: summary, attempts: result.attempts, finishedAt: result.finished)
                try audit.append { record in self.writeAction(record, action: action, result: result, outcome: outcome) }
            } catch {
                storageError = storageError ?? error
            }
            held[findingIndex].annotation.actions[actionIndex].outcome = outcome
            context.count(outcome.label)
        }
        for duplicate in duplicates {
            let (owner, ownerAction) = owners[duplicate.job]
            let outcome = held[owner].annotation.actions[ownerAction].outcome
            held[duplicate.finding].annotation.actions[duplicate.action].outcome = outcome.isDone ? .alreadyDone : outcome
        }
        try emitAll(&context)
        if let storageError { throw storageError }
        if failures > 0 { throw RemediationStopped("\(failures) of \(jobs.count) action(s) failed; their findings stay NOTIFIED") }
    }

    /// A stop signal cut the input short: nothing runs, and every held finding is written with
    /// its actions not run, so the findings read are not lost.
    func interrupted(_ context: inout RecordContext) throws {
        guard !held.isEmpty else { return }
        let outcome = ActionOutcome.notRun("interrupted by a signal")
        for findingIndex in held.indices {
            for actionIndex in held[findingIndex].annotation.actions.indices {
                held[findingIndex].annotation.actions[actionIndex].outcome = outcome
                context.count(outcome.label)
            }
        }
        try abort("interrupted by a signal before any action ran", &context)
    }

    /// Records the abort in the audit log and writes every held finding.
    private func abort(_ reason: String, _ context: inout RecordContext) throws {
        try audit.append { record in
            self.writeActor(record)
            record.append(",\"event\":\"abort\",\"reason\":" as StaticString)
            record.appendJSONString(reason)
        }
        try emitAll(&context)
    }

    private func emitAll(_ context: inout RecordContext) throws {
        let tape = JSONTape()
        let now = Clock.isoNow()
        for (text, annotation) in held {
            try text.withUnsafeBytes { raw in
                let document = try tape.parse(raw)
                let edits = annotation.edits(for: document.root, updatedAt: now)
                context.emit { $0.append(document.root, applying: edits) }
            }
        }
        held.removeAll()
    }

    private func writeActor(_ record: ByteBuffer) {
        record.append(",\"actor\":{\"user\":" as StaticString)
        record.appendJSONString(actor.user)
        record.append(",\"uid\":" as StaticString)
        record.append(integer: Int(actor.uid))
        record.append(",\"host\":" as StaticString)
        record.appendJSONString(actor.host)
        record.append(",\"tool\":\"remediate " as StaticString)
        record.append(contentsOf: ToolSpec.suiteVersion)
        record.append("\"}" as StaticString)
    }

    private func writeAction(_ record: ByteBuffer, action: PlannedAction, result: ActionExecutor.Result, outcome: ActionOutcome) {
        writeActor(record)
        record.append(",\"event\":\"action\",\"key\":" as StaticString)
        record.appendJSONString(action.key)
        record.append(",\"finding\":{\"ProductArn\":" as StaticString)
        record.appendJSONString(action.productArn)
        record.append(",\"Id\":" as StaticString)
        record.appendJSONString(action.findingId)
        record.append(",\"UpdatedAt\":" as StaticString)
        record.appendJSONString(action.updatedAt)
        record.append(",\"AwsAccountId\":" as StaticString)
        record.appendJSONString(action.accountId)
        record.append("},\"playbook\":" as StaticString)
        record.appendJSONString(action.playbook)
        record.append(",\"risk\":" as StaticString)
        record.appendJSONString(action.risk.rawValue)
        record.append(",\"approval\":" as StaticString)
        if let approvals { record.appendJSONString("\(approvals.path) sha256:\(approvals.digest)") } else { record.append("null" as StaticString) }
        record.append(",\"argv\":" as StaticString)
        record.append(json: .array(action.argv.map(JSONValue.string)))
        record.append(",\"started\":" as StaticString)
        record.appendJSONString(result.started)
        record.append(",\"finished\":" as StaticString)
        record.appendJSONString(result.finished)
        record.append(",\"attempts\":" as StaticString)
        record.append(integer: result.attempts)
        record.append(",\"exit\":" as StaticString)
        if case .exited(let code)? = result.termination { record.append(integer: Int(code)) } else { record.append("null" as StaticString) }
        record.append(",\"signal\":" as StaticString)
        if case .signaled(let signal)? = result.termination { record.append(integer: Int(signal)) } else { record.append("null" as StaticString) }
        record.append(",\"timedOut\":" as StaticString)
        record.append(result.timedOut ? "true" as StaticString : "false")
        record.append(",\"outcome\":" as StaticString)
        record.appendJSONString(outcome.label)
        record.append(",\"detail\":" as StaticString)
        record.appendJSONString(result.summary(timeout: settings.executor.timeout))
        record.append(",\"stdout\":" as StaticString)
        record.appendJSONString(String(decoding: Array(result.stdout.utf8.suffix(4096)), as: UTF8.self))
        record.append(",\"stderr\":" as StaticString)
        record.appendJSONString(String(decoding: Array(result.stderr.utf8.suffix(4096)), as: UTF8.self))
    }
}
