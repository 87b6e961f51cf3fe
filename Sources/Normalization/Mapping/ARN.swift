/// The colon-separated parts of an Amazon Resource Name, read leniently: published samples
/// carry forms such as `arn:aws::guardduty:...` and placeholders, so nothing is validated.
struct ARN: Sendable {
    let partition: String
    let service: String
    let region: String
    let account: String
    /// Everything after the fifth colon.
    let resource: String

    init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        partition = String(parts[1])
        service = String(parts[2])
        region = String(parts[3])
        account = String(parts[4])
        resource = String(parts[5])
    }
}
