/// Why an action was refused for a finding: nothing is executed for it.
public struct ActionRefusal: Error, CustomStringConvertible, Sendable {
    public let reason: String
    /// Refused because the command line lacks a `--var`, not because of the finding.
    public let missingVariable: Bool
    public init(_ reason: String, missingVariable: Bool = false) {
        self.reason = reason
        self.missingVariable = missingVariable
    }
    public var description: String { reason }

    /// Shows a hostile value safely in messages: control characters escaped, length bounded.
    static func quote(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars.prefix(120) {
            if scalar.value < 0x20 || scalar.value == 0x7F { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
        }
        return value.unicodeScalars.count > 120 ? out + "…" : out
    }
}
