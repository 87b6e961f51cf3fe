import FindingsCore

extension ByteBuffer {
    /// Appends a CVSS score (always one decimal) as a JSON number, e.g. `9.8`, `10.0`, `0.0`.
    func appendScore(_ score: Double) {
        let tenths = Int((score * 10).rounded())
        append(integer: tenths / 10)
        append(UInt8(ascii: "."))
        append(UInt8(ascii: "0") + UInt8(tenths % 10))
    }

    /// Appends a score, or `null`.
    func appendScore(_ score: Double?) {
        if let score { appendScore(score) } else { append("null") }
    }
}

extension CVSSVersion {
    /// The version as a JSON string literal, without allocating.
    var jsonLiteral: StaticString {
        switch self {
        case .v2_0: return "\"2.0\""
        case .v3_0: return "\"3.0\""
        case .v3_1: return "\"3.1\""
        case .v4_0: return "\"4.0\""
        }
    }
}

extension CVSSSeverity {
    var jsonLiteral: StaticString {
        switch self {
        case .none: return "\"None\""
        case .low: return "\"Low\""
        case .medium: return "\"Medium\""
        case .high: return "\"High\""
        case .critical: return "\"Critical\""
        }
    }
}
