import FindingsCore

/// The `enrich` command line.
public enum EnrichCommand {
    public static let spec = ToolSpec(
        name: "enrich",
        summary: "add account and asset context, threat intelligence and contextual risk scores to ASFF findings",
        usage: ["[OPTIONS] [FILE...]", "--score [FILE...]"],
        description: """
        --score turns enrich into a calculator: each line of input is a CVSS v2, v3.0, v3.1 or v4.0
        vector, or a ctx-score request {"vector","reach","kev","exploit","epss","fix","criticality"};
        each gives one JSON object with its scores. A bad line is reported as
        'enrich: FILE:LINE: reason' and the rest goes on.
        """,
        options: [
            OptionSpec("score", help: "score CVSS vectors and ctx-score requests, one per line, instead of enriching findings"),
        ],
        examples: [
            ("echo 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' | enrich --score", "score one vector"),
            (#"echo '{"vector":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","reach":"internal"}' | enrich --score"#,
             "contextual score of an internal-only asset"),
        ])

    /// Runs the command with parsed arguments.
    public static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        let runner = try StreamRunner(spec: spec, arguments: arguments)
        if arguments.flag("score") {
            var calculator = ScoreCalculator()
            return runner.runLines(&calculator)
        }
        throw UsageError("finding enrichment needs at least one inventory, intelligence or rule option")
    }
}
