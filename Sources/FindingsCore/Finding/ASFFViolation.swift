/// Why a finding is not valid ASFF: the field path and the rule it breaks.
public struct ASFFViolation: Error, Equatable, Sendable, CustomStringConvertible {
    /// Path of the field, e.g. `Resources[0].Type` (empty for the finding itself).
    public private(set) var path: String
    public let rule: String

    public init(path: String = "", _ rule: String) {
        self.path = path
        self.rule = rule
    }

    /// The same violation one level further out.
    func inside(_ component: String) -> ASFFViolation {
        var outer = self
        if path.isEmpty { outer.path = component } else if path.hasPrefix("[") { outer.path = component + path } else { outer.path = component + "." + path }
        return outer
    }

    public var description: String {
        path.isEmpty ? "invalid ASFF finding: \(rule)" : "invalid ASFF finding: \(path): \(rule)"
    }
}
