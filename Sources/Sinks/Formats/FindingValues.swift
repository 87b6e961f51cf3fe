import FindingsCore

extension Timestamp {
    /// Milliseconds since the epoch (fraction truncated).
    var epochMilliseconds: Int64 { seconds * 1000 + Int64(nanoseconds / 1_000_000) }
}

extension ByteBuffer {
    /// Appends `seconds.mmm`, the epoch time Splunk's `time` key takes.
    func appendEpochSeconds(_ time: Timestamp) {
        append(integer: Int(time.seconds))
        append(UInt8(ascii: "."))
        let millis = Int(time.nanoseconds / 1_000_000)
        if millis < 100 { append(UInt8(ascii: "0")) }
        if millis < 10 { append(UInt8(ascii: "0")) }
        append(integer: millis)
    }

    /// Appends `value` zero-padded to `width` digits.
    func appendPadded(_ value: Int, width: Int) {
        var digits = 1, limit = 10
        while value >= limit && digits < 18 { digits += 1; limit *= 10 }
        for _ in digits..<max(digits, width) { append(UInt8(ascii: "0")) }
        append(integer: value)
    }

    /// Appends an RFC 3339 UTC timestamp with microseconds, e.g. `2020-09-30T11:56:49.123000Z`
    /// (RFC 5424 allows at most 6 fraction digits).
    func appendRFC3339Micros(_ time: Timestamp) {
        let c = time.components
        appendPadded(c.year, width: 4); append(UInt8(ascii: "-"))
        appendPadded(c.month, width: 2); append(UInt8(ascii: "-"))
        appendPadded(c.day, width: 2); append(UInt8(ascii: "T"))
        appendPadded(c.hour, width: 2); append(UInt8(ascii: ":"))
        appendPadded(c.minute, width: 2); append(UInt8(ascii: ":"))
        appendPadded(c.second, width: 2); append(UInt8(ascii: "."))
        appendPadded(Int(time.nanoseconds / 1000), width: 6); append(UInt8(ascii: "Z"))
    }

    /// Appends `"key":` (key is a trusted literal).
    func appendKey(_ key: StaticString) {
        append(UInt8(ascii: "\""))
        append(key)
        append("\":")
    }

    /// Appends `,"key":<string>` when `value` is present.
    func appendStringMember(_ key: StaticString, _ value: [UInt8]?, comma: Bool = true) {
        guard let value else { return }
        if comma { append(UInt8(ascii: ",")) }
        appendKey(key)
        value.withUnsafeBytes { appendJSONString($0) }
    }
}

/// UTF-8 helpers for formats with length caps.
enum UTF8Text {
    /// The longest prefix of `bytes` of at most `limit` bytes that does not split a character.
    static func prefix(_ bytes: UnsafeRawBufferPointer, limit: Int) -> UnsafeRawBufferPointer {
        guard bytes.count > limit else { return bytes }
        var end = limit
        while end > 0 && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[..<end])
    }
}
