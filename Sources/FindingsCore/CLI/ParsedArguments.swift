/// A usage error: what was wrong with the command line, printed with a hint to `--help`.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Command-line arguments parsed against a `ToolSpec`.
///
/// Accepts `--opt value`, `--opt=value`, `-o value`, `-ovalue`, bundled short flags (`-vc`),
/// and `--` to end options. Options may repeat; `value(_:)` gives the last occurrence.
public struct ParsedArguments: Sendable {
    private var flags: Set<String> = []
    private var values: [String: [String]] = [:]
    /// Arguments that are not options (typically input files), in order.
    public private(set) var operands: [String] = []

    public init(_ arguments: [String], spec: ToolSpec) throws(UsageError) {
        let options = spec.allOptions
        var index = 0
        var onlyOperands = false
        func find(long: String) throws(UsageError) -> OptionSpec {
            if let option = options.first(where: { $0.long == long }) { return option }
            let near = options.map(\.long).min { editDistance($0, long) < editDistance($1, long) }
            let hint = near.flatMap { editDistance($0, long) <= 3 ? " (did you mean '--\($0)'?)" : nil } ?? ""
            throw UsageError("unknown option '--\(long)'\(hint)")
        }
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyOperands || argument == "-" || !argument.hasPrefix("-") {
                operands.append(argument)
                continue
            }
            if argument == "--" { onlyOperands = true; continue }
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let name: String, inline: String?
                if let equals = body.firstIndex(of: "=") {
                    name = String(body[..<equals]); inline = String(body[body.index(after: equals)...])
                } else {
                    name = String(body); inline = nil
                }
                let option = try find(long: name)
                if option.valueName == nil {
                    if inline != nil { throw UsageError("option '--\(name)' takes no value") }
                    flags.insert(option.long)
                } else if let inline {
                    values[option.long, default: []].append(inline)
                } else {
                    guard index < arguments.count else { throw UsageError("option '--\(name)' needs a value (\(option.valueName!))") }
                    values[option.long, default: []].append(arguments[index])
                    index += 1
                }
                continue
            }
            var characters = Substring(argument.dropFirst())
            while let letter = characters.first {
                characters = characters.dropFirst()
                guard let option = options.first(where: { $0.short == letter }) else {
                    throw UsageError("unknown option '-\(letter)'")
                }
                if option.valueName == nil {
                    flags.insert(option.long)
                    continue
                }
                if !characters.isEmpty {
                    values[option.long, default: []].append(String(characters))
                } else {
                    guard index < arguments.count else { throw UsageError("option '-\(letter)' needs a value (\(option.valueName!))") }
                    values[option.long, default: []].append(arguments[index])
                    index += 1
                }
                break
            }
        }
    }

    /// Whether the flag `--long` was given.
    public func flag(_ long: String) -> Bool { flags.contains(long) }

    /// The last value given for `--long`.
    public func value(_ long: String) -> String? { values[long]?.last }

    /// Every value given for `--long`, in order.
    public func values(_ long: String) -> [String] { values[long] ?? [] }

    /// The value of `--long` as a positive integer, if given.
    public func positiveInteger(_ long: String) throws(UsageError) -> Int? {
        guard let text = value(long) else { return nil }
        guard let number = Int(text), number > 0 else {
            throw UsageError("option '--\(long)' needs a positive whole number, not '\(text)'")
        }
        return number
    }
}

/// Levenshtein distance, for "did you mean" hints.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...max(b.count, 1) where !b.isEmpty {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
}
