#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// The `remediate` command line.
public enum RemediateCommand {
    public static let spec = ToolSpec(
        name: "remediate",
        summary: "turn findings into safe, auditable fixes: planned by default, executed only when asked",
        usage: ["[OPTIONS] [FILE...]", "--execute --ledger DB --audit LOG [--approve PLAN] [OPTIONS] [FILE...]",
                "--list [--playbook FILE]", "--verify-audit LOG"],
        description: """
        Matches each finding against the playbooks (the built-in library, or --playbook FILE) with
        EventBridge patterns. Only control findings with Compliance.Status FAILED and active threat
        findings are considered, with RecordState ACTIVE and Workflow.Status neither SUPPRESSED nor
        RESOLVED; all others pass through untouched (--stats counts them per reason).
        Plan mode (the default) has no side effects: a matched finding leaves with Workflow.Status
        NOTIFIED and a Note naming the planned command, and --plan FILE receives one record per action
        (finding identity, playbook, action, exact argv, risk, approval, idempotency key).
        --execute runs the actions with posix_spawn (never a shell) after the input ends: values from
        findings are checked against their identifier formats first, disruptive actions run only when
        their plan record is in --approve FILE, --max-actions aborts before anything runs, the ledger
        skips actions that already succeeded for the same finding version, and every outcome is
        appended to a SHA-256-chained audit log. Succeeded findings leave RESOLVED; failed ones stay
        NOTIFIED with the error, and the exit status is 3.
        """,
        options: [
            OptionSpec("playbook", value: "FILE", help: "use the playbooks in FILE (YAML or JSON) instead of the built-in library"),
            OptionSpec("list", help: "print the playbooks (name, risk, approval, action, pattern, notes) and exit"),
            OptionSpec("plan", value: "FILE", help: "write one NDJSON plan record per planned action to FILE"),
            OptionSpec("var", value: "NAME=VALUE", help: "value for playbook parameters {var: NAME} (repeatable), e.g. automation-role=ARN"),
            OptionSpec("endpoint-url", value: "URL", help: "add --endpoint-url URL to every command (VPC endpoints, local emulators)"),
            OptionSpec("execute", help: "run the planned actions (needs --ledger and --audit)"),
            OptionSpec("approve", value: "FILE", help: "with --execute: run exactly the actions whose plan records are in FILE"),
            OptionSpec("max-actions", value: "N", help: "with --execute: abort before acting when more than N actions would run (default 50)"),
            OptionSpec("ledger", value: "FILE", help: "SQLite ledger of executed actions; reruns skip what succeeded"),
            OptionSpec("audit", value: "FILE", help: "append-only, hash-chained NDJSON audit log of executed actions"),
            OptionSpec("verify-audit", value: "FILE", help: "check the hash chain of an audit log and exit (1 when broken)"),
            OptionSpec("account", value: "ID", help: "with --execute: the account the credentials belong to (default: asked with aws sts get-caller-identity)"),
            OptionSpec("aws-cli", value: "PATH", help: "the AWS CLI executable (default: aws from PATH); the only program actions may start"),
            OptionSpec("concurrency", value: "N", help: "commands running at once (default 4)"),
            OptionSpec("timeout", value: "SECONDS", help: "time limit per command attempt (default 300)"),
            OptionSpec("retries", value: "N", help: "retries after a throttling error, with exponential backoff (default 3)"),
            OptionSpec("rate", value: "N", help: "command starts per second per account (default 2)"),
        ],
        examples: [
            ("remediate --plan plan.ndjson findings.ndjson > out.ndjson", "plan: annotate findings and write the plan for review"),
            ("grep -v ec2-default-security-group plan.ndjson > approved.ndjson", "review: keep the actions a person approves"),
            ("remediate --execute --approve approved.ndjson --ledger r.db --audit audit.ndjson findings.ndjson",
             "execute exactly the approved actions"),
            ("remediate --verify-audit audit.ndjson", "detect an edited, removed or reordered audit record"),
        ])

    /// Runs the command with parsed arguments.
    public static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        if let path = arguments.value("verify-audit") { return try verifyAudit(path) }
        let playbook = try arguments.value("playbook").map { path throws(ConfigurationError) in try Playbook(path: path) } ?? Playbook.builtIn()
        if arguments.flag("list") { return try list(playbook) }

        var variables: [String: String] = [:]
        for assignment in arguments.values("var") {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw UsageError("--var needs NAME=VALUE, not '\(assignment)'")
            }
            variables[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        var extra: [String] = []
        if let url = arguments.value("endpoint-url") {
            guard isEndpointURL(url) else { throw UsageError("--endpoint-url needs an http:// or https:// URL without spaces or quotes, not '\(url)'") }
            extra = ["--endpoint-url", url]
        }
        let executeOnly = ["approve", "max-actions", "ledger", "audit", "account", "aws-cli", "concurrency", "timeout", "retries", "rate"]
        var session: ExecutionSession?
        if arguments.flag("execute") {
            session = try makeSession(arguments, extraArguments: extra)
        } else if let misplaced = executeOnly.first(where: { arguments.value($0) != nil }) {
            throw UsageError("--\(misplaced) applies only with --execute")
        }
        var planOutput: OutputStream?
        var planFD: Int32 = -1
        if let path = arguments.value("plan") {
            planFD = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard planFD >= 0 else { throw ConfigurationError(file: path, "cannot write the plan: \(String(cString: strerror(errno)))") }
            planOutput = OutputStream(fd: planFD, name: path)
        }
        var remediator = Remediator(playbook: playbook, variables: variables, extraArguments: extra, planOutput: planOutput, session: session)
        let status = try StreamRunner(spec: spec, arguments: arguments).run(&remediator)
        if planFD >= 0 { close(planFD) }
        return status
    }

    private static func makeSession(_ arguments: ParsedArguments, extraArguments: [String]) throws -> ExecutionSession {
        guard let ledgerPath = arguments.value("ledger") else { throw UsageError("--execute needs --ledger FILE (it keeps reruns from repeating actions)") }
        guard let auditPath = arguments.value("audit") else { throw UsageError("--execute needs --audit FILE (every action is recorded)") }
        let program = arguments.value("aws-cli") ?? "aws"
        guard let executable = ChildProcess.resolve(program) else {
            throw UsageError("cannot find the AWS CLI '\(program)' (install it or give --aws-cli PATH)")
        }
        var executor = ExecutorSettings()
        executor.concurrency = try arguments.positiveInteger("concurrency") ?? executor.concurrency
        executor.timeout = try positiveNumber(arguments, "timeout") ?? executor.timeout
        executor.ratePerAccount = try positiveNumber(arguments, "rate") ?? executor.ratePerAccount
        if let retries = arguments.value("retries") {
            guard let count = Int(retries), count >= 0 else { throw UsageError("--retries needs a whole number, not '\(retries)'") }
            executor.retries = count
        }
        let settings = ExecutionSession.Settings(maxActions: try arguments.positiveInteger("max-actions") ?? 50, executor: executor)
        let approvals = try arguments.value("approve").map { path throws(ConfigurationError) in try ApprovalSet(path: path) }
        let account: String
        if let given = arguments.value("account") {
            guard IdentifierFormat.accountId.accepts(given) else { throw UsageError("--account needs a 12-digit account id, not '\(given)'") }
            account = given
        } else {
            account = try callerAccount(executable: executable, settings: executor, extraArguments: extraArguments)
        }
        let ledger: Ledger, audit: AuditLog
        do {
            ledger = try Ledger(path: ledgerPath)
            audit = try AuditLog(path: auditPath)
        } catch { throw ConfigurationError(error.description) }
        return ExecutionSession(settings: settings, programs: ["aws": executable], ledger: ledger, audit: audit, approvals: approvals,
                                credentialsAccount: account)
    }

    /// The account of the credentials the AWS CLI uses, from `aws sts get-caller-identity`.
    private static func callerAccount(executable: String, settings: ExecutorSettings, extraArguments: [String]) throws(ConfigurationError) -> String {
        var result: ActionExecutor.Result?
        let job = ActionExecutor.Job(argv: ["aws", "sts", "get-caller-identity", "--query", "Account", "--output", "text"] + extraArguments, account: "")
        ActionExecutor(settings: settings, programs: ["aws": executable]).run([job], halt: { nil }) { result = $1 }
        let account = String((result?.stdout ?? "").filter { !$0.isWhitespace })
        guard let result, result.succeeded, IdentifierFormat.accountId.accepts(account) else {
            throw ConfigurationError("cannot tell which account the credentials belong to (aws sts get-caller-identity: \(result?.summary(timeout: settings.timeout) ?? "not run")); give --account ID")
        }
        return account
    }

    private static func positiveNumber(_ arguments: ParsedArguments, _ name: String) throws(UsageError) -> Double? {
        guard let text = arguments.value(name) else { return nil }
        guard let value = Double(text), value > 0, value.isFinite else { throw UsageError("--\(name) needs a positive number, not '\(text)'") }
        return value
    }

    static func isEndpointURL(_ url: String) -> Bool {
        (url.hasPrefix("http://") || url.hasPrefix("https://")) && url.utf8.count <= 2048
            && url.utf8.allSatisfy { isAlnum($0) || ":/.-_[]%~".utf8.contains($0) }
    }

    private static func list(_ playbook: Playbook) throws -> ExitStatus {
        let out = OutputStream()
        out.buffer.append("NAME\tRISK\tREQUIRES\tACTION\tMATCH\tNOTES\n" as StaticString)
        for entry in playbook.entries {
            out.buffer.append(contentsOf: "\(entry.name)\t\(entry.risk.rawValue)\t\(entry.requiresApproval ? "approval" : "none")\t\(entry.action.summary)\t")
            out.buffer.append(json: entry.match.json)
            out.buffer.append(contentsOf: "\t\(entry.notes)\n")
        }
        try out.flush()
        return .success
    }

    private static func verifyAudit(_ path: String) throws -> ExitStatus {
        let bytes: [UInt8]
        do { bytes = try InputStream.readAll(path) } catch { throw ConfigurationError(error.description) }
        switch AuditChain.verify(bytes) {
        case .intact(let records, let lastHash):
            let out = OutputStream()
            out.buffer.append(contentsOf: "\(path): intact: \(records) record(s), last hash \(lastHash)\n")
            try out.flush()
            return .success
        case .broken(let line, let reason):
            Diagnostics(tool: "remediate").report(file: path, line: line, reason)
            return .recordsRejected
        }
    }
}
