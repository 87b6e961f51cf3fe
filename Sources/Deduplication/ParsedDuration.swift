import FindingsCore

/// A length of time written `90d`, `12h`, `30m`, `45s`, `2w` or a sum such as `1d12h`.
public struct ParsedDuration: Equatable, Sendable {
    public let milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public init(parsing text: String) throws(UsageError) {
        var total: Int64 = 0
        var number: Int64? = nil
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (grown, overflow) = (number ?? 0).multipliedReportingOverflow(by: 10)
                guard !overflow else { throw UsageError("duration '\(text)' is too long") }
                number = grown + Int64(digit)
                continue
            }
            let unit: Int64
            switch character {
            case "s": unit = 1000
            case "m": unit = 60_000
            case "h": unit = 3_600_000
            case "d": unit = 86_400_000
            case "w": unit = 604_800_000
            default: throw UsageError("duration '\(text)': unknown unit '\(character)' (use s, m, h, d or w)")
            }
            guard let amount = number else { throw UsageError("duration '\(text)': a unit without a number") }
            let (product, overflow) = amount.multipliedReportingOverflow(by: unit)
            guard !overflow, total <= Int64.max - product else { throw UsageError("duration '\(text)' is too long") }
            total += product
            number = nil
        }
        guard number == nil else { throw UsageError("duration '\(text)': the number \(number!) needs a unit (s, m, h, d or w)") }
        guard total > 0 else { throw UsageError("duration '\(text)' must be longer than zero, e.g. 90d") }
        milliseconds = total
    }
}
