import FindingsCore

/// Whether patterns are matched against the finding itself or against the EventBridge event
/// Security Hub would publish for it.
public enum EnvelopeMode: String, CaseIterable, Sendable {
    /// Patterns whose top-level keys include an envelope field (`source`, `detail`, ...) see the
    /// event; the others see the finding.
    case auto
    /// Every pattern sees the event.
    case always
    /// Every pattern sees the finding.
    case never

    func usesEnvelope(_ pattern: EventPattern) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto: return !pattern.topLevelKeys.isDisjoint(with: SecurityHubEnvelope.fields)
        }
    }
}
