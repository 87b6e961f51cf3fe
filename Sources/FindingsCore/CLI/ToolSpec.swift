/// The declaration of a command-line tool: what `--help` prints and what the parser accepts.
public struct ToolSpec: Sendable {
    public let name: String
    /// One line saying what the tool does.
    public let summary: String
    /// Usage lines without the tool name, e.g. `[OPTIONS] [FILE...]`.
    public let usage: [String]
    /// Paragraphs printed after the usage lines.
    public let description: String
    /// Options specific to this tool; the common ones are added by `allOptions`.
    public let options: [OptionSpec]
    /// (command line, what it does) pairs.
    public let examples: [(String, String)]
    /// Whether the common record-stream options (--stats, --strict, --dead-letter, limits) apply.
    public let readsRecords: Bool

    public init(name: String, summary: String, usage: [String], description: String = "",
                options: [OptionSpec], examples: [(String, String)], readsRecords: Bool = true) {
        self.name = name
        self.summary = summary
        self.usage = usage
        self.description = description
        self.options = options
        self.examples = examples
        self.readsRecords = readsRecords
    }

    /// The suite's version, printed by `--version`.
    public static let suiteVersion = "0.1.0"

    /// Options every record-reading tool has.
    public static let recordOptions: [OptionSpec] = [
        OptionSpec("stats", help: "print counts (read, written, rejected, skipped, per target) to stderr at the end"),
        OptionSpec("strict", help: "make the first bad record fatal (exit 1 without reading further)"),
        OptionSpec("dead-letter", value: "FILE", help: "append each rejected record to FILE as JSON {tool,file,line,reason,raw}"),
        OptionSpec("max-line", value: "BYTES", help: "longest line or document accepted (default 16777216)"),
        OptionSpec("max-depth", value: "N", help: "deepest JSON nesting accepted (default 128)"),
        OptionSpec("max-string", value: "BYTES", help: "longest JSON string accepted (default 8388608)"),
        OptionSpec("progress", help: "show progress on stderr even when it is not a terminal"),
        OptionSpec("no-progress", help: "never show progress"),
    ]

    public static let standardOptions: [OptionSpec] = [
        OptionSpec("help", short: "h", help: "show this help and exit"),
        OptionSpec("version", help: "print the version and exit"),
    ]

    /// The tool's options followed by the common ones.
    public var allOptions: [OptionSpec] {
        options + (readsRecords ? ToolSpec.recordOptions : []) + ToolSpec.standardOptions
    }

    /// The text of `--help`.
    public var helpText: String {
        var text = "\(name) — \(summary)\n\nUsage:\n"
        for line in usage { text += "  \(name) \(line)\n" }
        if !description.isEmpty { text += "\n\(description)\n" }
        text += "\nOptions:\n"
        let labels = allOptions.map(\.label)
        let width = min(34, (labels.map(\.count).max() ?? 0) + 2)
        for (option, label) in zip(allOptions, labels) {
            let padded = label.count < width ? label + String(repeating: " ", count: width - label.count) : label + "\n" + String(repeating: " ", count: width + 2)
            text += "  \(padded)\(option.help)\n"
        }
        if !examples.isEmpty {
            text += "\nExamples:\n"
            for (command, meaning) in examples { text += "  \(command)\n      \(meaning)\n" }
        }
        if readsRecords {
            text += "\nExit status: 0 all records processed, 1 some records rejected, 2 usage or configuration error,\n3 I/O or delivery failure (output incomplete).\n"
        }
        return text
    }
}

/// One option: `--long`, optionally `-s`, with a value or as a flag.
public struct OptionSpec: Sendable {
    public let long: String
    public let short: Character?
    /// Name of the value in help (`FILE`, `N`); `nil` for a flag.
    public let valueName: String?
    public let help: String

    public init(_ long: String, short: Character? = nil, value: String? = nil, help: String) {
        self.long = long
        self.short = short
        self.valueName = value
        self.help = help
    }

    var label: String {
        var label = short.map { "-\($0), " } ?? "    "
        label += "--\(long)"
        if let valueName { label += " \(valueName)" }
        return label
    }
}
