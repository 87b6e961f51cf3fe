import FindingsCore

extension Enricher {
    /// IP reputation: each remote address of the finding found in a list becomes a
    /// `ThreatIntelIndicators` entry (up to ASFF's 5) and is named in `intel.ip`.
    func addThreatIntel(_ finding: JSONNode, _ changes: inout FindingChanges) {
        guard !sources.ipLists.isEmpty else { return }
        var matches: [(address: String, type: String, list: String)] = []
        for node in RemoteAddresses.of(finding) {
            guard let list = node.withStringBytes({ bytes in sources.ipLists.first { $0.contains(bytes: bytes) } }) ?? nil,
                  let address = node.stringValue, !matches.contains(where: { $0.address == address }) else { continue }
            matches.append((address, address.contains(":") ? "IPV6_ADDRESS" : "IPV4_ADDRESS", list.name))
        }
        guard !matches.isEmpty else { return }
        changes.setUserField("intel.ip", matches.map(\.address).joined(separator: ","))
        changes.setUserField("intel.ip.source", matches.map(\.list).joined(separator: ","))
        guard !sources.customerFieldsOnly else { return }
        var indicators = finding.get("ThreatIntelIndicators").map(JSONValue.init)?.arrayValue ?? []
        for match in matches where indicators.count < 5 {
            let known = indicators.contains { $0["Value"]?.stringValue == match.address && $0["Source"]?.stringValue == match.list }
            if known { continue }
            indicators.append(.object(["Type": .string(match.type), "Value": .string(match.address), "Source": .string(match.list)]))
        }
        changes.set(FindingChanges.threatIntelIndicators, .array(indicators))
    }
}
