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
        case .string:
            guard let text = node.stringValue else { return nil }
            // Already in the output form (UTC, seconds or milliseconds): keep the text.
            let utf8 = text.utf8
            if (utf8.count == 20 || utf8.count == 24) && utf8.last == UInt8(ascii: "Z") && Timestamp(text) != nil { return text }
            return parse(text)?.description
        default: return nil
        }
    }

    /// Parses one of the accepted textual forms.
    static func parse(_ text: String) -> Timestamp? {
        let trimmed = text.trimmingWhitespace
        let bytes = Array(trimmed.utf8)
        guard let first = bytes.first else { return nil }
        if isDigit(first) {
            if let iso = Timestamp(trimmed) { return iso }
            if bytes.count > 10 && bytes[10] == UInt8(ascii: " ") {
                var spaced = bytes
                spaced[10] = UInt8(ascii: "T")
                if let iso = spaced.withUnsafeBytes({ Timestamp(bytes: $0) }) { return iso }
            }
            if bytes.allSatisfy({ isDigit($0) || $0 == UInt8(ascii: ".") }), let value = Double(trimmed) { return fromEpoch(value) }
            return nil
        }
        let fields = bytes.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ",") })
        switch fields.count {
        case 6: return unixDate(fields)
        case 5: return monthDayYear(fields)
        default: return nil
        }
    }

    /// Epoch seconds, or milliseconds when the value is too large to be seconds.
    static func fromEpoch(_ value: Double) -> Timestamp? {
        guard value.isFinite, value >= 0 else { return nil }
        let seconds = value > 100_000_000_000 ? value / 1000 : value
        // ASFF timestamps have four-digit years: nothing after 9999-12-31.
        guard seconds < 253_402_300_800 else { return nil }
        let whole = seconds.rounded(.down)
        let millis = ((seconds - whole) * 1000).rounded()
        return Timestamp(seconds: Int64(whole), nanoseconds: Int32(min(millis, 999)) * 1_000_000)
    }

    private typealias Field = ArraySlice<UInt8>

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// A decimal number of up to 9 digits.
    private static func number(_ field: Field) -> Int? {
        guard !field.isEmpty, field.count <= 9 else { return nil }
        var value = 0
        for byte in field {
            guard isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static let months: [[UInt8]] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .map { Array($0.utf8) }

    /// The month of an English month name or its three-letter abbreviation, any case.
    private static func month(_ field: Field) -> Int? {
        guard field.count >= 3 else { return nil }
        let prefix = field.prefix(3).map { $0 | 0x20 }
        return months.firstIndex(of: prefix).map { $0 + 1 }
    }

    /// `EEE MMM dd HH:mm:ss[.SSS] zzz yyyy` (Java's `Date.toString`), zone UTC/GMT.
    private static func unixDate(_ fields: [Field]) -> Timestamp? {
        guard let month = month(fields[1]), let day = number(fields[2]),
              fields[4].elementsEqual("UTC".utf8) || fields[4].elementsEqual("GMT".utf8), let year = number(fields[5]) else { return nil }
        return make(year: year, month: month, day: day, clock: fields[3], meridiem: nil)
    }

    /// `MMM d, yyyy, h:mm:ss a` (as the ECR guide prints Inspector times), taken as UTC.
    private static func monthDayYear(_ fields: [Field]) -> Timestamp? {
        guard let month = month(fields[0]), let day = number(fields[1]), let year = number(fields[2]) else { return nil }
        return make(year: year, month: month, day: day, clock: fields[3], meridiem: fields[4])
    }

    /// Builds the instant from its parts; `meridiem` is `AM`/`PM` for 12-hour clocks.
    private static func make(year: Int, month: Int, day: Int, clock: Field, meridiem: Field?) -> Timestamp? {
        let parts = clock.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count == 3, var hour = number(parts[0]), let minute = number(parts[1]) else { return nil }
        let secondParts = parts[2].split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard let second = number(secondParts[0]) else { return nil }
        var millis = 0
        if secondParts.count == 2 {
            let digits = secondParts[1].prefix(3)
            guard let value = number(digits) else { return nil }
            millis = value * [100, 10, 1][digits.count - 1]
        }
        if let meridiem {
            let pm = meridiem.elementsEqual("PM".utf8) || meridiem.elementsEqual("pm".utf8)
            let am = meridiem.elementsEqual("AM".utf8) || meridiem.elementsEqual("am".utf8)
            guard (1...12).contains(hour), am || pm else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        // The core parser validates the calendar (month lengths, leap years).
        return Timestamp("\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(millis, 3))Z")
    }
}
