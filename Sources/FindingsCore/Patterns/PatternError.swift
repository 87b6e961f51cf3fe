/// Why an event pattern (or an input transformer) is not valid, in the words EventBridge uses
/// for `InvalidEventPatternException`, naming the place in the pattern.
public struct PatternError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Dotted path of the offending key inside the pattern (`detail.state`); empty for the root.
    public let path: String
    /// What is wrong there.
    public let reason: String

    public init(path: String, _ reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `Event pattern is not valid. Reason: ... at detail.state`.
    public var description: String {
        "Event pattern is not valid. Reason: \(reason)" + (path.isEmpty ? "" : " at \(path)")
    }
}
