#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// The `enrich` command line.
public enum EnrichCommand {
    public static let spec = ToolSpec(
        name: "enrich",
        summary: "add account and asset context, threat intelligence and contextual risk scores to ASFF findings",
        usage: ["[OPTIONS] [FILE...]", "--score [FILE...]"],
        description: """
        Reads ASFF findings (NDJSON, arrays, gzip or not) and writes each one enriched, changing only
        the fields BatchUpdateFindings may change (UserDefinedFields, Severity, Criticality and those an
        automation rule sets) plus, unless --customer-fields-only, Vulnerabilities[].EpssScore, a
        contextual Vulnerabilities[].Cvss[] entry and ThreatIntelIndicators. FindingProviderFields is
        never changed and untouched members are copied byte for byte. Inventories and intelligence are
        loaded once at start-up; an entry that does not parse stops the run (exit 2) naming its file and
        line. See docs/enrich.md for every rule.

        --score turns enrich into a calculator: each line of input is a CVSS v2, v3.0, v3.1 or v4.0
        vector, or a ctx-score request {"vector","reach","kev","exploit","epss","fix","criticality"};
        each gives one JSON object with its scores. A bad line is reported as
        'enrich: FILE:LINE: reason' and the rest goes on.
        """,
        options: [
            OptionSpec("score", help: "score CVSS vectors and ctx-score requests, one per line, instead of enriching findings"),
            OptionSpec("accounts", value: "FILE", help: "AWS Organizations list-accounts output (JSON; repeatable)"),
            OptionSpec("account-map", value: "FILE", help: "account map, CSV or JSON: id, name, owner, environment, ou (repeatable)"),
            OptionSpec("resources", value: "FILE", help: "Resource Groups Tagging API get-resources output (JSON; repeatable)"),
            OptionSpec("asset-map", value: "FILE", help: "asset map, CSV or JSON: resource, criticality, reach, tags (repeatable)"),
            OptionSpec("criticality-tag", value: "KEY", help: "tag holding an asset's criticality (default criticality)"),
            OptionSpec("reach-tag", value: "KEY", help: "tag holding an asset's reachability (default reach)"),
            OptionSpec("kev", value: "FILE", help: "CISA Known Exploited Vulnerabilities catalog (JSON)"),
            OptionSpec("epss", value: "FILE", help: "FIRST EPSS scores (CSV, gzip or not)"),
            OptionSpec("bad-ips", value: "FILE", help: "IP reputation list: one address or CIDR block per line (repeatable)"),
            OptionSpec("automation", value: "FILE", help: "Security Hub automation rules (JSON or YAML) to apply after enrichment"),
            OptionSpec("now", value: "TIME", help: "the current time for automation rules (ISO 8601; default: the clock)"),
            OptionSpec("customer-fields-only", help: "change only BatchUpdateFindings fields (no Vulnerabilities or ThreatIntelIndicators)"),
        ],
        examples: [
            ("enrich --accounts accounts.json --asset-map assets.csv --kev kev.json --epss epss.csv.gz < in.ndjson",
             "enrich findings with inventories and threat intelligence"),
            ("enrich --automation rules.json --now 2026-05-18T00:00:00Z in.ndjson", "apply Security Hub automation rules offline"),
            ("enrich --bad-ips blocklist.txt --customer-fields-only in.ndjson", "mark findings with listed remote addresses"),
            ("echo 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' | enrich --score", "score one vector"),
            (#"echo '{"vector":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","reach":"internal"}' | enrich --score"#,
             "contextual score of an internal-only asset"),
        ])

    /// Runs the command with parsed arguments.
    public static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        var runner = try StreamRunner(spec: spec, arguments: arguments)
        if arguments.flag("score") {
            runner.textLines = true
            runner.splitArrays = false
            var calculator = ScoreCalculator()
            return runner.run(&calculator)
        }
        let started = monotonicSeconds()
        let sources = try loadSources(arguments)
        guard !sources.isEmpty else {
            throw UsageError("nothing to enrich with: give --accounts, --account-map, --resources, --asset-map, --kev, --epss, --bad-ips or --automation (or --score)")
        }
        if arguments.flag("stats") {
            Diagnostics(tool: spec.name).report("loaded " + describe(sources) + " in " + seconds(monotonicSeconds() - started))
        }
        var enricher = Enricher(sources: sources)
        return runner.run(&enricher)
    }

    static func loadSources(_ arguments: ParsedArguments) throws -> EnrichmentSources {
        var sources = EnrichmentSources()
        sources.customerFieldsOnly = arguments.flag("customer-fields-only")
        if !arguments.values("accounts").isEmpty || !arguments.values("account-map").isEmpty {
            var accounts = AccountDirectory()
            for path in arguments.values("accounts") { try accounts.loadOrganizationsAccounts(path) }
            for path in arguments.values("account-map") { try accounts.loadAccountMap(path) }
            sources.accounts = accounts
        }
        if !arguments.values("resources").isEmpty || !arguments.values("asset-map").isEmpty {
            var assets = AssetInventory(criticalityTag: arguments.value("criticality-tag") ?? "criticality",
                                        reachTag: arguments.value("reach-tag") ?? "reach")
            for path in arguments.values("resources") { try assets.loadTaggedResources(path) }
            for path in arguments.values("asset-map") { try assets.loadAssetMap(path) }
            sources.assets = assets
        }
        if let path = arguments.value("kev") {
            var kev = KEVCatalog()
            try kev.load(path)
            sources.kev = kev
        }
        if let path = arguments.value("epss") {
            var epss = EPSSTable()
            try epss.load(path)
            sources.epss = epss
        }
        for path in arguments.values("bad-ips") { sources.ipLists.append(try IPReputationList(path: path)) }
        var now = Timestamp(seconds: Int64(realtimeSeconds()))
        if let text = arguments.value("now") {
            guard let time = Timestamp(text) else { throw UsageError("--now needs an ISO 8601 timestamp, not '\(text)'") }
            now = time
        }
        if let path = arguments.value("automation") { sources.automation = try AutomationRuleSet(path: path, now: now) }
        return sources
    }

    private static func describe(_ sources: EnrichmentSources) -> String {
        var parts: [String] = []
        if let accounts = sources.accounts { parts.append("\(accounts.count) accounts") }
        if let assets = sources.assets { parts.append("\(assets.count) assets") }
        if let kev = sources.kev { parts.append("\(kev.count) KEV entries") }
        if let epss = sources.epss { parts.append("\(epss.count) EPSS scores") }
        if !sources.ipLists.isEmpty { parts.append("\(sources.ipLists.reduce(0) { $0 + $1.count }) bad IP blocks") }
        if let rules = sources.automation { parts.append("\(rules.count) enabled automation rules") }
        return parts.joined(separator: ", ")
    }

    private static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    private static func realtimeSeconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return now.tv_sec
    }

    private static func seconds(_ value: Double) -> String {
        let milliseconds = Int((value * 1000).rounded())
        return "\(milliseconds / 1000).\(String(repeating: "0", count: 3 - String(milliseconds % 1000).count))\(milliseconds % 1000) s"
    }
}
