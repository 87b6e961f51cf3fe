import FindingsCore

/// One `enrich --score` request line: `{"vector","reach","kev","exploit","epss","fix","criticality"}`,
/// every member optional (absent or null is "no data", which never lowers a score).
///
/// - `vector`: a `CVSS:3.0/` or `CVSS:3.1/` vector; absent or null scores as UNTRIAGED.
/// - `reach`: `internet`, `internal`, `none` or `unknown`.
/// - `kev`: true or false. `exploit`: `"YES"`/`"NO"` (Inspector's `exploitAvailable`) or a boolean.
/// - `epss`: a probability 0–1, as a number or a numeric string (the EPSS API's form).
/// - `fix`: `YES`, `PARTIAL` or `NO`. `criticality`: `high`, `medium` or `low`.
struct ContextRequest {
    /// The vector as given (for `baseVector`).
    var vectorText: [UInt8]?
    var vector: CVSS3Vector?
    var context = RiskContext()

    static let members = ["vector", "reach", "kev", "exploit", "epss", "fix", "criticality"]

    init(_ root: JSONNode) throws(RecordRejection) {
        guard root.kind == .object else { throw RecordRejection("a request must be a JSON object") }
        for (key, value) in root.members {
            let name = key.stringValue ?? ""
            if value.kind == .null { continue }
            switch name {
            case "vector":
                guard let bytes = value.stringBytes else { throw Self.wrongType(name, "a CVSS 3.x vector string") }
                vectorText = bytes
                do {
                    vector = try bytes.withUnsafeBufferPointer { (bytes) throws(CVSSVectorError) in try CVSS3Vector(utf8: bytes) }
                } catch {
                    throw RecordRejection("vector: \(error) (ctx-score v1 scores CVSS 3.0 and 3.1 vectors)")
                }
            case "reach":
                guard let text = value.stringValue, let reach = Reachability(rawValue: text) else {
                    throw Self.wrongType(name, "one of " + Reachability.allCases.map(\.rawValue).joined(separator: ", "))
                }
                context.reach = reach
            case "kev":
                guard let flag = value.boolValue else { throw Self.wrongType(name, "true or false") }
                context.kev = flag
            case "exploit":
                guard let exploit = Self.yesNo(value) else { throw Self.wrongType(name, "\"YES\", \"NO\", true or false") }
                context.exploitAvailable = exploit
            case "epss":
                guard let epss = Self.probability(value) else { throw Self.wrongType(name, "a probability from 0 to 1") }
                context.epss = epss
            case "fix":
                guard let text = value.stringValue, let fix = FixAvailability(rawValue: text) else {
                    throw Self.wrongType(name, "YES, PARTIAL or NO")
                }
                context.fix = fix
            case "criticality":
                guard let text = value.stringValue, let criticality = AssetCriticality(rawValue: text) else {
                    throw Self.wrongType(name, "high, medium or low")
                }
                context.criticality = criticality
            default:
                throw RecordRejection("unknown member \"\(name)\"; a request has " + Self.members.joined(separator: ", "))
            }
        }
    }

    /// `"YES"`/`"NO"` or a boolean.
    static func yesNo(_ node: JSONNode) -> Bool? {
        if let flag = node.boolValue { return flag }
        if node.stringEquals("YES") { return true }
        if node.stringEquals("NO") { return false }
        return nil
    }

    /// A number or numeric string from 0 to 1.
    static func probability(_ node: JSONNode) -> Double? {
        let value = node.kind == .string ? node.stringValue.flatMap(Double.init) : node.doubleValue
        guard let value, value >= 0, value <= 1 else { return nil }
        return value
    }

    private static func wrongType(_ member: String, _ expected: String) -> RecordRejection {
        RecordRejection("\(member): expected \(expected)")
    }
}
