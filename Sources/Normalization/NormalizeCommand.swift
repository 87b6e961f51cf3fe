import FindingsCore

/// The `normalize` command line.
public enum NormalizeCommand {
    public static let spec = ToolSpec(
        name: "normalize",
        summary: "turn exported security findings into one valid ASFF finding per line",
        usage: ["[OPTIONS] [FILE...]", "--list-formats"],
        description: """
        Reads each FILE (or stdin; '-' is stdin), gzip or not (detected by magic bytes, multi-member
        files too), as NDJSON, JSON arrays, concatenated or pretty-printed documents. Unwraps
        {"Findings":[...]} (get-findings output, BatchImportFindings bodies), EventBridge events and
        SNS notifications, recognises each finding's format from its keys (GuardDuty, Inspector,
        Macie, IAM Access Analyzer, Config, OCSF, Trivy, Grype, ASFF; see --list-formats), maps it
        to ASFF as Security Hub does, and writes every finding as one compact line that Security
        Hub's BatchImportFindings accepts. Ids are derived from each source's own identity, so the
        same input always gives the same output. Invalid findings are reported as
        'normalize: FILE:LINE: PATH: reason' and not written. Documents that are not findings
        (CloudTrail records, configuration items, insight results, scan and coverage events, VPC
        flow log text lines, Route 53 resolver query logs) are counted and reported in one summary
        line; --strict rejects them.
        """,
        options: [
            OptionSpec("from", value: "FORMAT", help: "read every document as FORMAT instead of detecting it (see --list-formats)"),
            OptionSpec("list-formats", help: "print the supported input formats, one per line, and exit"),
            OptionSpec("account", value: "ACCOUNT", help: "AWS account id (12 digits) of findings that name none, in the finding or its envelope"),
            OptionSpec("region", value: "REGION", help: "AWS region of findings that name none (Trivy, Grype, Config CLI output)"),
        ],
        examples: [
            ("normalize exports/*.json.gz > findings.ndjson", "normalize gzip exports into NDJSON"),
            ("aws securityhub get-findings | normalize --stats", "normalize CLI output and print counts"),
            ("normalize --strict --dead-letter bad.ndjson in.json", "stop at the first bad record, keeping it in bad.ndjson"),
            ("trivy image -f json nginx | normalize --account 123456789012 --region eu-west-1", "scanner output, with the account and region it belongs to"),
            ("normalize --from guardduty AWSLogs/*/GuardDuty/*/*.jsonl.gz", "read a GuardDuty S3 export without detection"),
        ])

    /// Runs the command with parsed arguments.
    public static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        if arguments.flag("list-formats") {
            let out = OutputStream()
            for format in InputFormat.allCases { out.buffer.append(contentsOf: "\(format.rawValue)\t\(format.summary)\n") }
            try out.flush()
            return .success
        }
        let formatName = arguments.value("from") ?? "auto"
        guard let format = InputFormat(rawValue: formatName) else {
            throw UsageError("unknown format '\(formatName)' for --from; formats: \(InputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let account = arguments.value("account")
        if let account, account.utf8.count != 12 || !account.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            throw UsageError("--account must be a 12-digit AWS account id, got '\(account)'")
        }
        let region = arguments.value("region")
        if let region, region.isEmpty || region.utf8.count > 16
            || !region.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) {
            throw UsageError("--region must be a region name such as eu-west-1, got '\(region)'")
        }
        var normalizer = Normalizer(format: format, account: account, region: region)
        var runner = try StreamRunner(spec: spec, arguments: arguments)
        runner.textLines = true
        return runner.run(&normalizer)
    }
}
