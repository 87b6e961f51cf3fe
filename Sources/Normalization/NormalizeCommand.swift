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
        {"Findings":[...]} (get-findings output, BatchImportFindings bodies) and EventBridge events, and
        writes every finding as one compact line that Security Hub's BatchImportFindings accepts.
        Invalid findings are reported as 'normalize: FILE:LINE: PATH: reason' and not written.
        Documents that are not findings (CloudTrail records, configuration items, insight results)
        are counted and reported in one summary line.
        """,
        options: [
            OptionSpec("from", value: "FORMAT", help: "read every document as FORMAT instead of detecting it (see --list-formats)"),
            OptionSpec("list-formats", help: "print the supported input formats, one per line, and exit"),
        ],
        examples: [
            ("normalize exports/*.json.gz > findings.ndjson", "normalize gzip exports into NDJSON"),
            ("aws securityhub get-findings | normalize --stats", "normalize CLI output and print counts"),
            ("normalize --strict --dead-letter bad.ndjson in.json", "stop at the first bad record, keeping it in bad.ndjson"),
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
        var normalizer = Normalizer(format: format)
        return try StreamRunner(spec: spec, arguments: arguments).run(&normalizer)
    }
}
