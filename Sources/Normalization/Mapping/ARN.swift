/// The partition, region and account of an Amazon Resource Name, read leniently: published samples
/// carry forms such as `arn:aws::guardduty:...` and placeholders, so nothing is validated.
struct ARN: Sendable {
    let partition: String
    let region: String
    let account: String

    init?(_ text: String) {
        guard text.utf8.starts(with: "arn:".utf8) else { return nil }
        var parts: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        // A byte scan over the UTF-8 view: colons are ASCII, so indices stay on scalar boundaries.
        let utf8 = text.utf8
        while index != utf8.endIndex, parts.count < 5 {
            if utf8[index] == UInt8(ascii: ":") {
                parts.append(text[start..<index])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        guard parts.count == 5 else { return nil }
        partition = String(parts[1])
        region = String(parts[3])
        account = String(parts[4])
    }
}
