#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// The `sink` command line.
public enum SinkCommand {
    public static let spec = ToolSpec(
        name: "sink",
        summary: "deliver findings to stores, files and SIEMs in their exact formats, with nothing lost",
        usage: ["[OPTIONS] DESTINATION...", "--replay DIR [OPTIONS] DESTINATION...", "--list-formats"],
        description: """
        Reads ASFF findings (NDJSON; stdin, or the files given with --input) and delivers every
        finding to every DESTINATION:
          -                       standard output, in --format
          sqlite:PATH             SQLite findings store (latest version per ProductArn+Id, insight views)
          file:TEMPLATE           files named from finding fields, e.g.
                                  file:out/{AwsAccountId}/{Region}/{UpdatedAt:%Y/%m/%d}/findings.ndjson.gz
          http(s)://URL           Splunk HEC, Elasticsearch _bulk or a webhook (--format splunk-hec,
                                  elastic-bulk or webhook), gzip bodies, retries with backoff
          syslog+tcp://HOST:PORT  RFC 5424 over TCP, octet-counted framing (RFC 6587)
          syslog+udp://HOST:PORT  RFC 5424, one datagram per finding
                                  (syslog payload: CEF with --format cef, else the finding as JSON)
          postgres:CONNINFO       PostgreSQL findings store (libpq conninfo or postgresql:// URL):
                                  COPY into staging, one upsert per batch, finding as jsonb
          html:PATH               a self-contained HTML report (charts, sortable tables), rewritten per batch

        Findings go in batches (--batch-size, --flush-interval); a batch is acknowledged (written,
        committed) before the next. A batch a destination cannot take, after retries, is written to
        --spool DIR and the run ends with exit 3; 'sink --replay DIR DESTINATION...' delivers the
        spooled findings later and removes each spool file once every destination acknowledged it.
        """,
        options: [
            OptionSpec("format", short: "f", value: "FORMAT", help: "output format for -, file: and network destinations (default asff; see --list-formats)"),
            OptionSpec("list-formats", help: "print the output formats, one per line, and exit"),
            OptionSpec("input", short: "i", value: "FILE", help: "read findings from FILE instead of stdin (repeatable; '-' is stdin)"),
            OptionSpec("batch-size", value: "N", help: "findings per batch (default 500)"),
            OptionSpec("flush-interval", value: "SECONDS", help: "deliver a batch at the first finding after SECONDS since the last delivery (default 5; 0 = only by size)"),
            OptionSpec("spool", value: "DIR", help: "write batches that cannot be delivered to DIR (created if missing) instead of stopping"),
            OptionSpec("replay", value: "DIR", help: "deliver the findings spooled in DIR, then remove the delivered spool files"),
            OptionSpec("index", value: "NAME", help: "Splunk index / Elasticsearch _index written into each event"),
            OptionSpec("sourcetype", value: "NAME", help: "Splunk sourcetype (default aws:securityhub:finding)"),
            OptionSpec("hostname", value: "NAME", help: "host name in syslog headers and HEC events (default: this machine's)"),
            OptionSpec("facility", value: "N", help: "syslog facility 0-23 (default 10, authpriv)"),
            OptionSpec("token-env", value: "NAME", help: "send the token in environment variable NAME (HEC: 'Splunk', _bulk: 'ApiKey', webhook: 'Bearer')"),
            OptionSpec("cacert", value: "FILE", help: "trust the CA certificates in FILE (PEM) for https destinations"),
            OptionSpec("retries", value: "N", help: "attempts after the first on 429, 5xx and network errors (http, syslog, postgres; default 5)"),
            OptionSpec("retry-delay", value: "SECONDS", help: "first backoff delay, doubled per attempt, with jitter (default 0.5)"),
            OptionSpec("timeout", value: "SECONDS", help: "time limit of one HTTP request (default 30)"),
            OptionSpec("rotate-size", value: "BYTES", help: "complete a file: output once it holds BYTES (suffixes k, M, G)"),
            OptionSpec("rotate-age", value: "SECONDS", help: "complete a file: output once it has been open SECONDS"),
            OptionSpec("gzip-level", value: "N", help: "compression level 0-12 for .gz files (0 stored, default 1 fastest, 12 smallest)"),
        ],
        examples: [
            ("normalize exports/*.json | sink sqlite:findings.db", "keep the latest version of every finding in SQLite"),
            ("sink --format cef - < findings.ndjson", "print findings as CEF lines"),
            ("sink --format securityhub-batch - < findings.ndjson > bodies.ndjson", "make BatchImportFindings request bodies"),
            ("sink --spool spool/ sqlite:a.db && sink --replay spool/ sqlite:a.db", "spool what fails, deliver it later"),
        ])

    /// Runs the command with parsed arguments.
    public static func run(_ arguments: ParsedArguments) throws -> ExitStatus {
        if arguments.flag("list-formats") {
            let out = OutputStream()
            for format in OutputFormat.allCases { out.buffer.append(contentsOf: "\(format.rawValue)\t\(format.summary)\n") }
            try out.flush()
            return .success
        }
        let formatName = arguments.value("format") ?? "asff"
        guard let format = OutputFormat(rawValue: formatName) else {
            throw UsageError("unknown format '\(formatName)' for --format; formats: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard !arguments.operands.isEmpty else { throw UsageError("no destination given") }
        let uris = try arguments.operands.map { (text) throws(UsageError) in try DestinationURI(text) }
        if uris.filter({ $0 == .standardOutput }).count > 1 { throw UsageError("'-' given more than once") }
        var options = FormatOptions()
        options.index = arguments.value("index")
        if let sourcetype = arguments.value("sourcetype") { options.sourcetype = sourcetype }
        if let hostname = arguments.value("hostname") { options.hostname = hostname }
        if let facilityText = arguments.value("facility") {
            guard let facility = Int(facilityText), (0...23).contains(facility) else {
                throw UsageError("option '--facility' needs a number from 0 to 23, not '\(facilityText)'")
            }
            options.facility = facility
        }
        let batchSize = try arguments.positiveInteger("batch-size") ?? 500
        var flushInterval = 5.0
        if let text = arguments.value("flush-interval") {
            guard let seconds = Double(text), seconds >= 0, seconds.isFinite else {
                throw UsageError("option '--flush-interval' needs a number of seconds, not '\(text)'")
            }
            flushInterval = seconds
        }
        var inputs = arguments.values("input")
        let replayFiles: [String]
        if let replay = arguments.value("replay") {
            guard inputs.isEmpty else { throw UsageError("--replay reads the spool directory; it takes no --input") }
            do { replayFiles = try Spool.files(in: replay) } catch { throw UsageError(error.message) }
            if replayFiles.isEmpty {
                Diagnostics(tool: spec.name).report("\(replay): nothing to replay")
                return .success
            }
            inputs = replayFiles
        } else {
            replayFiles = []
        }
        let spool: Spool?
        do { spool = try arguments.value("spool").map { (dir) throws(DeliveryError) in try Spool(directory: dir) } } catch {
            throw UsageError(error.message)
        }
        let fileOptions = try fileOptions(arguments)
        let httpOptions = try httpOptions(arguments)
        let diagnostics = Diagnostics(tool: spec.name)
        var destinations: [Destination] = []
        for uri in uris {
            do {
                destinations.append(try makeDestination(uri, format: format, options: options, fileOptions: fileOptions, httpOptions: httpOptions))
            } catch {
                throw ConfigurationError(error.message)
            }
        }
        var processor = SinkProcessor(destinations: destinations, batchSize: batchSize, flushInterval: flushInterval,
                                      spool: spool, maxFindingBytes: format.maxFindingBytes, diagnostics: diagnostics)
        let status = try StreamRunner(spec: spec, arguments: arguments, inputs: inputs).run(&processor)
        if status == .success && processor.allDelivered {
            for file in replayFiles where !processor.spoolFiles.contains(file) { unlink(file) }
        }
        return status
    }

    /// Opens the destination a URI names.
    static func makeDestination(_ uri: DestinationURI, format: OutputFormat, options: FormatOptions,
                                fileOptions: FileDestination.Options, httpOptions: HTTPDestination.Options) throws(DeliveryError) -> Destination {
        switch uri {
        case .standardOutput:
            return StreamDestination(encoder: format.makeEncoder(options))
        case .sqlite(let path):
            return try SQLiteStore(path: path)
        case .html(let path):
            return try HTMLReportDestination(path: path)
        case .file(let template):
            return try FileDestination(template: template, options: fileOptions) { format.makeEncoder(options) }
        case .http(let url):
            return try HTTPDestination(url: url, label: uri.label, format: format, formatOptions: options, options: httpOptions)
        case .syslog(let transport, let host, let port):
            guard [.asff, .syslog, .cef].contains(format) else {
                throw DeliveryError("\(uri.label): syslog destinations carry the finding as JSON (--format asff or syslog) or CEF (--format cef), not \(format.rawValue)")
            }
            return SyslogDestination(label: uri.label, transport: transport, host: host, port: port,
                                     payload: format == .cef ? .cef : .json, options: options, retry: httpOptions.retry)
        case .postgres(let conninfo):
            return try PostgresStore(conninfo: conninfo, label: uri.label, retry: httpOptions.retry)
        }
    }

    static func httpOptions(_ arguments: ParsedArguments) throws -> HTTPDestination.Options {
        var options = HTTPDestination.Options()
        if let name = arguments.value("token-env") {
            guard let value = getenv(name) else { throw ConfigurationError("--token-env \(name): the environment variable is not set") }
            options.token = String(cString: value)
        }
        if let path = arguments.value("cacert") {
            guard access(path, R_OK) == 0 else { throw ConfigurationError("--cacert \(path): cannot read the file") }
            options.caCertificate = path
        }
        if let text = arguments.value("retries") {
            guard let retries = Int(text), retries >= 0 else { throw UsageError("option '--retries' needs a whole number, not '\(text)'") }
            options.retry.retries = retries
        }
        if let text = arguments.value("retry-delay") {
            guard let delay = Double(text), delay >= 0, delay.isFinite else { throw UsageError("option '--retry-delay' needs seconds, not '\(text)'") }
            options.retry.baseDelay = delay
        }
        options.timeoutSeconds = try arguments.positiveInteger("timeout") ?? options.timeoutSeconds
        return options
    }

    static func fileOptions(_ arguments: ParsedArguments) throws(UsageError) -> FileDestination.Options {
        var options = FileDestination.Options()
        if let text = arguments.value("rotate-size") {
            guard let bytes = byteCount(text), bytes > 0 else { throw UsageError("option '--rotate-size' needs a size like 100M, not '\(text)'") }
            options.rotateBytes = bytes
        }
        if let text = arguments.value("rotate-age") {
            guard let seconds = Double(text), seconds > 0, seconds.isFinite else {
                throw UsageError("option '--rotate-age' needs a number of seconds, not '\(text)'")
            }
            options.rotateSeconds = seconds
        }
        if let text = arguments.value("gzip-level") {
            guard let level = Int32(text), GzipMember.levels.contains(level) else {
                throw UsageError("option '--gzip-level' needs \(GzipMember.levels.lowerBound) to \(GzipMember.levels.upperBound), not '\(text)'")
            }
            options.gzipLevel = level
        }
        return options
    }

    /// `123`, `64k`, `100M`, `2G` (powers of 1024).
    static func byteCount(_ text: String) -> Int? {
        let multipliers: [Character: Int] = ["k": 1 << 10, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        if let last = text.last, let multiplier = multipliers[last] {
            return Int(text.dropLast()).map { $0 * multiplier }
        }
        return Int(text)
    }
}
