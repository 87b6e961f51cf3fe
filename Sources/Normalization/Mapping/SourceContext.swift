import FindingsCore

/// What is known about a finding from outside it: the envelope it arrived in (EventBridge,
/// SNS) and the `--account` / `--region` fallbacks. A finding's own values win, then the
/// envelope's, then the options'.
struct SourceContext: Sendable {
    /// The options' fallbacks.
    struct Defaults: Sendable {
        var account: String?
        var region: String?
    }

    var defaults: Defaults
    var envelopeAccount: String?
    var envelopeRegion: String?
    /// EventBridge `resources[]` (for Access Analyzer, the analyzer ARN).
    var envelopeResources: [String] = []

    init(defaults: Defaults) { self.defaults = defaults }

    /// The account a finding belongs to, or an error naming where it was looked for.
    func account(_ own: String?) throws(MappingError) -> String {
        if let own = own?.nonBlank { return own }
        if let envelope = envelopeAccount?.nonBlank { return envelope }
        if let fallback = defaults.account { return fallback }
        throw MappingError("no AWS account id in the finding or its envelope; pass --account ACCOUNT")
    }

    /// The region a finding belongs to, or an error naming where it was looked for.
    func region(_ own: String?) throws(MappingError) -> String {
        if let own = own?.nonBlank, own != "N/A" { return own }
        if let envelope = envelopeRegion?.nonBlank { return envelope }
        if let fallback = defaults.region { return fallback }
        throw MappingError("no AWS region in the finding or its envelope; pass --region REGION")
    }

    /// A copy with the envelope values of an EventBridge event or a partial test event.
    func entering(event: JSONNode) -> SourceContext {
        var copy = self
        if let account = event.get("account")?.stringValue?.nonBlank { copy.envelopeAccount = account }
        if let region = event.get("region")?.stringValue?.nonBlank { copy.envelopeRegion = region }
        if let resources = event.get("resources"), resources.kind == .array {
            copy.envelopeResources = resources.elements.compactMap(\.stringValue)
        }
        return copy
    }

    /// A copy with the account and region of an SNS topic ARN.
    func entering(snsTopic arn: String?) -> SourceContext {
        var copy = self
        guard let arn, let parsed = ARN(arn) else { return copy }
        if let region = parsed.region.nonBlank { copy.envelopeRegion = region }
        if let account = parsed.account.nonBlank { copy.envelopeAccount = account }
        return copy
    }
}

extension String {
    /// The string, or `nil` when it is empty or only whitespace.
    var nonBlank: String? {
        // Fast path: most values start with a printable ASCII character.
        if let first = utf8.first, first > 0x20 && first < 0x7F { return self }
        for scalar in unicodeScalars where !scalar.properties.isWhitespace { return self }
        return nil
    }
}
