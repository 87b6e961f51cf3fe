/// A parsed CVSS vector of any supported version, recognised by its prefix (see `VectorSyntax`).
public enum CVSSVector: Sendable, Hashable, CustomStringConvertible {
    case v2(CVSS2Vector)
    case v3(CVSS3Vector)
    case v4(CVSS4Vector)

    /// Parses a vector of any supported version strictly (see `CVSSVectorError`).
    public init(_ text: String) throws(CVSSVectorError) {
        self = try VectorSyntax.withBytes(text) { (bytes) throws(CVSSVectorError) in try CVSSVector(utf8: bytes) }
    }

    /// Parses the UTF-8 bytes of a vector of any supported version strictly.
    public init(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(CVSSVectorError) {
        switch try VectorSyntax.split(bytes).0 {
        case .v2_0: self = .v2(try CVSS2Vector(utf8: bytes))
        case .v3_0, .v3_1: self = .v3(try CVSS3Vector(utf8: bytes))
        case .v4_0: self = .v4(try CVSS4Vector(utf8: bytes))
        }
    }

    /// The version the vector declares.
    public var version: CVSSVersion {
        switch self {
        case .v2: return .v2_0
        case let .v3(vector): return vector.version
        case .v4: return .v4_0
        }
    }

    /// Scores the vector with its version's equations.
    public func score() -> CVSSScore {
        switch self {
        case let .v2(vector): return vector.score()
        case let .v3(vector): return vector.score()
        case let .v4(vector): return vector.score()
        }
    }

    /// The canonical form of the vector (see each version's `description`).
    public var description: String {
        switch self {
        case let .v2(vector): return vector.description
        case let .v3(vector): return vector.description
        case let .v4(vector): return vector.description
        }
    }
}
