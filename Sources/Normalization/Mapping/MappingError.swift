import FindingsCore

/// Why a source finding could not be mapped to ASFF; reported as `FILE:LINE: <format> finding: reason`.
struct MappingError: Error, CustomStringConvertible, Sendable {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One result of mapping: an ASFF finding, or why one element could not be mapped and where
/// it sits inside the source document.
enum MappedFinding {
    case finding(FindingDraft)
    case failure(path: String, MappingError)

    /// Runs a one-finding mapping and captures its error.
    static func one(_ map: () throws(MappingError) -> FindingDraft) -> [MappedFinding] {
        do throws(MappingError) { return [.finding(try map())] } catch { return [.failure(path: "", error)] }
    }

    /// Maps each element of the array `name`, so one bad element fails alone, at `name[i]`.
    static func each(_ elements: [JSONNode], in name: String, _ map: (JSONNode) throws(MappingError) -> FindingDraft) -> [MappedFinding] {
        elements.enumerated().map { index, element in
            do throws(MappingError) { return .finding(try map(element)) } catch { return .failure(path: "\(name)[\(index)]", error) }
        }
    }
}
