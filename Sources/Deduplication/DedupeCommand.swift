import FindingsCore

/// The `dedupe` command line.
public enum DedupeCommand {
    public static let spec = ToolSpec(
        name: "dedupe",
        summary: "pass each finding once per identity, and again only when a later version changed",
        usage: ["[OPTIONS] [FILE...]", "--learn --state PATH [FILE...]", "--state PATH --compact", "--state PATH --export"],
        description: """
        Applies Security Hub's identity and update rules to a stream of ASFF findings. Identity is
        (ProductArn, Id) unless --key names other fields. A new identity passes; a strictly later
        UpdatedAt passes when something other than the volatile fields changed; an equal or earlier
        UpdatedAt never passes. Passed findings carry UserDefinedFields "dedupe.seen" (times seen)
        and "dedupe.first" (first seen). With --state, identities survive between runs in a SQLite
        file (locked against concurrent runs, committed only after the output it covers is written),
        and later versions keep the Workflow, Note, UserDefinedFields and VerificationState that
        'dedupe --learn' recorded at the end of the pipeline, with Security Hub's workflow resets.
        A state file that is not a dedupe state, is damaged or was built with another --key exits 2
        before anything is read; a state held by another run with --no-wait exits 3.
        """,
        options: [
            OptionSpec("key", value: "FIELDS", help: "identity fields, comma-separated dotted paths (default ProductArn,Id)"),
            OptionSpec("volatile", value: "FIELDS", help: "also ignore these fields when comparing versions (repeatable)"),
            OptionSpec("emit", value: "MODE", help: "changes (default), every-update (every later version) or first (first sighting only)"),
            OptionSpec("state", value: "PATH", help: "keep identities in the SQLite file PATH between runs (default: memory, this run only)"),
            OptionSpec("commit-every", value: "N", help: "commit the state after N findings (default 262144) or 5 seconds, whichever comes first"),
            OptionSpec("no-wait", help: "fail (exit 3) instead of waiting when another run holds the state file"),
            OptionSpec("learn", help: "record the customer-owned fields of each finding into --state; pass findings through unchanged"),
            OptionSpec("compact", help: "apply --window/--max-keys to --state, then vacuum it, and exit"),
            OptionSpec("export", help: "write every identity in --state as NDJSON to stdout, and exit"),
            OptionSpec("window", value: "DURATION", help: "forget identities not seen for DURATION (e.g. 90d, 12h, 1d6h)"),
            OptionSpec("max-keys", value: "N", help: "keep at most N identities, forgetting the least recently seen first"),
            OptionSpec("now", value: "TIME", help: "use the ISO 8601 TIME as the current time (replays, tests)"),
            OptionSpec("partition-of", value: "N", help: "print 'PARTITION HASH' (hash mod N, hash in hex) for each finding instead of filtering"),
        ],
        examples: [
            ("normalize exports/*.json.gz | dedupe --stats > findings.ndjson", "drop repeats within one batch"),
            ("normalize in.json | dedupe --state /var/lib/findings/dedupe.db --window 90d | route", "cron batch: pass only what is new or changed since earlier runs"),
            ("... | remediate | dedupe --learn --state dedupe.db | sink", "record Workflow, Note, UserDefinedFields downstream"),
            ("dedupe --key GeneratorId,Resources.Id < findings.ndjson", "one finding per generator and resource"),
            ("dedupe --partition-of 8 < findings.ndjson", "show which of 8 partitions each finding belongs to"),
        ])

    /// Runs the command with parsed arguments.
    public static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        let options = try DedupeOptions(arguments)
        let runner = try StreamRunner(spec: spec, arguments: arguments)
        if let partitions = options.partitionCount {
            var partitioner = Partitioner(identity: options.identity, count: partitions)
            return runner.run(&partitioner)
        }
        guard let statePath = options.statePath else {
            var deduplicator = Deduplicator(store: MemoryIdentityStore(retention: options.retention), identity: options.identity,
                                            fingerprint: ContentFingerprint(volatile: options.volatile), emit: options.emit,
                                            retention: options.retention, clock: options.clock)
            return runner.run(&deduplicator)
        }
        return try StateCommands.run(options, statePath: statePath, runner: runner)
    }
}
