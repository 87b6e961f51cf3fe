/// Ends an execute run with exit status 3 after its findings were written.
public struct RemediationStopped: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
