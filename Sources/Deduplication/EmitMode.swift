/// Which versions of an identity `dedupe` passes on.
public enum EmitMode: String, CaseIterable, Sendable {
    /// The first sighting, and each strictly later version whose content changed (default).
    case changes
    /// The first sighting, and every strictly later version.
    case everyUpdate = "every-update"
    /// Only the first sighting.
    case first
}
