import FindingsCore

/// An EventBridge rule as `route` runs it.
public struct RouteRule: Sendable {
    public let name: String
    public let arn: String
    public let pattern: EventPattern
    public let enabled: Bool
    public let targets: [RouteTarget]
}

/// One target of a rule: where its records go and what they look like.
public struct RouteTarget: Sendable {
    public let id: String
    public let destination: Destination
    public let input: TargetInput
}

/// What a target receives, as EventBridge's Input / InputPath / InputTransformer.
public enum TargetInput: Sendable {
    /// The finding with `UserDefinedFields["route.rule"]` set to the rule's name.
    case finding
    /// Constant JSON (`Input`), written compact.
    case constant(JSONValue)
    /// The part of the event `InputPath` selects.
    case path(EventPath)
    case transformer(InputTransformer)
}
