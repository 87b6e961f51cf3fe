import FindingsCore

/// Why a source finding could not be mapped to ASFF; reported as `FILE:LINE: <format> finding: reason`.
struct MappingError: Error, CustomStringConvertible, Sendable {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One result of mapping: an ASFF finding, or why one element could not be mapped and where
/// it sits inside the source document.
enum MappedFinding {
    case finding(JSONValue)
    case failure(path: String, MappingError)

    /// Runs a one-finding mapping and captures its error.
    static func one(_ map: () throws(MappingError) -> JSONValue) -> [MappedFinding] {
        do throws(MappingError) { return [.finding(try map())] } catch { return [.failure(path: "", error)] }
    }
}
