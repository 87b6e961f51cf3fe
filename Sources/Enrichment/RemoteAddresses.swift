import FindingsCore

/// The addresses of the other side in a finding: `Network.SourceIpV4/V6` and
/// `DestinationIpV4/V6`, and the `RemoteIpDetails.IpAddressV4` of GuardDuty-style actions
/// (`NetworkConnectionAction`, `AwsApiCallAction`, `PortProbeAction.PortProbeDetails[]`).
enum RemoteAddresses {
    static func of(_ finding: JSONNode) -> [JSONNode] {
        var addresses: [JSONNode] = []
        func add(_ node: JSONNode?) {
            if let node, node.kind == .string { addresses.append(node) }
        }
        if let network = finding.get("Network") {
            add(network.get("SourceIpV4")); add(network.get("SourceIpV6"))
            add(network.get("DestinationIpV4")); add(network.get("DestinationIpV6"))
        }
        if let action = finding.get("Action"), action.kind == .object {
            add(action.get("NetworkConnectionAction")?.get("RemoteIpDetails")?.get("IpAddressV4"))
            add(action.get("AwsApiCallAction")?.get("RemoteIpDetails")?.get("IpAddressV4"))
            if let probes = action.get("PortProbeAction")?.get("PortProbeDetails"), probes.kind == .array {
                for probe in probes.elements { add(probe.get("RemoteIpDetails")?.get("IpAddressV4")) }
            }
        }
        return addresses
    }
}
