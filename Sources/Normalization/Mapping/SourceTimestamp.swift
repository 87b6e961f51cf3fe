import FindingsCore

/// Reads the timestamp forms source findings use and writes them as ASFF timestamps
/// (`YYYY-MM-DDTHH:MM:SS[.mmm]Z`, UTC).
///
/// Accepted: ISO 8601 / RFC 3339 (with `Z` or an offset, as the APIs and CLIs print them),
/// epoch seconds or milliseconds as numbers or digit strings (GuardDuty `launchTime`, Config
/// CLI output), `Wed Sep 04 16:59:44.356 UTC 2024` and `Dec 3, 2021, 6:02:30 PM` (the forms
/// in AWS's published Inspector EventBridge samples, taken as UTC).
enum SourceTimestamp {
    /// The ASFF text of a timestamp node, or `nil` when it is absent or not a timestamp.
    static func asff(_ node: JSONNode?) -> String? {
        guard let node else { return nil }
        switch node.kind {
        case .number: return node.doubleValue.flatMap(fromEpoch)?.description
        case .string: return node.stringValue.flatMap(parse)?.description
        default: return nil
        }
    }

    /// Parses one of the accepted textual forms.
    static func parse(_ text: String) -> Timestamp? {
        let trimmed = text.trimmingWhitespace
        if let iso = Timestamp(trimmed) { return iso }
        if let iso = Timestamp(trimmed.replacingFirst(" ", with: "T")) { return iso }
        if !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let value = Double(trimmed) {
            return fromEpoch(value)
        }
        return unixDate(trimmed) ?? monthDayYear(trimmed)
    }

    /// Epoch seconds, or milliseconds when the value is too large to be seconds.
    static func fromEpoch(_ value: Double) -> Timestamp? {
        guard value.isFinite, value >= 0 else { return nil }
        let seconds = value > 100_000_000_000 ? value / 1000 : value
        let whole = seconds.rounded(.down)
        let millis = ((seconds - whole) * 1000).rounded()
        return Timestamp(seconds: Int64(whole), nanoseconds: Int32(min(millis, 999)) * 1_000_000)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func month(_ name: Substring) -> Int? {
        guard name.count >= 3 else { return nil }
        return months.firstIndex(of: name.prefix(3).lowercased()).map { $0 + 1 }
    }

    /// `EEE MMM dd HH:mm:ss[.SSS] zzz yyyy` (Java's `Date.toString`), zone UTC/GMT.
    private static func unixDate(_ text: String) -> Timestamp? {
        let fields = text.split(separator: " ")
        guard fields.count == 6, let month = month(fields[1]), let day = Int(fields[2]),
              fields[4] == "UTC" || fields[4] == "GMT", let year = Int(fields[5]) else { return nil }
        return make(year: year, month: month, day: day, clock: fields[3], meridiem: nil)
    }

    /// `MMM d, yyyy, h:mm:ss a` (as the ECR guide prints Inspector times), taken as UTC.
    private static func monthDayYear(_ text: String) -> Timestamp? {
        let fields = text.replacingOccurrences(",", with: "").split(separator: " ")
        guard fields.count == 5, let month = month(fields[0]), let day = Int(fields[1]), let year = Int(fields[2]) else {
            return nil
        }
        return make(year: year, month: month, day: day, clock: fields[3], meridiem: fields[4].uppercased())
    }

    private static func make(year: Int, month: Int, day: Int, clock: Substring, meridiem: String?) -> Timestamp? {
        let parts = clock.split(separator: ":")
        guard parts.count == 3, var hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
        let secondParts = parts[2].split(separator: ".", maxSplits: 1)
        guard let second = Int(secondParts[0]) else { return nil }
        var millis = 0
        if secondParts.count == 2 {
            let digits = secondParts[1].prefix(3)
            guard let value = Int(digits) else { return nil }
            millis = value * [100, 10, 1][digits.count - 1]
        }
        if let meridiem {
            guard (1...12).contains(hour), meridiem == "AM" || meridiem == "PM" else { return nil }
            hour = hour % 12 + (meridiem == "PM" ? 12 : 0)
        }
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        // The core parser validates the calendar (month lengths, leap years).
        return Timestamp("\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(millis, 3))Z")
    }
}

extension String {
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    func replacingFirst(_ target: Character, with replacement: Character) -> String {
        guard let index = firstIndex(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(index...index, with: String(replacement))
        return copy
    }

    func replacingOccurrences(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
