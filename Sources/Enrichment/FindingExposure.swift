#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

extension Reachability {
    /// Exposure order for combining sources: the most exposed answer wins.
    var exposure: Int {
        switch self {
        case .unknown: return 0
        case .none: return 1
        case .internal: return 2
        case .internet: return 3
        }
    }

    func widened(to other: Reachability) -> Reachability { other.exposure > exposure ? other : self }
}

/// What a finding itself says about how reachable its resources are (docs/enrich.md, "Reachability"):
/// - X1 a public IPv4 address on the resource: `AwsEc2Instance.IpV4Addresses[]` outside the private,
///   shared, loopback, link-local and "this network" ranges, or `AwsEc2NetworkInterface.PublicIp` → internet;
/// - X2 a security group in the resource details with an ingress rule open to `0.0.0.0/0` or `::/0`
///   (`AwsEc2SecurityGroup.IpPermissions[].IpRanges[].CidrIp` / `Ipv6Ranges[].CidrIpv6`) → internet;
/// - X3 inbound traffic from a public address (`Network.Direction` IN with a public `SourceIpV4`) → internet;
/// - X4 an Amazon Inspector network-reachability finding (ProductArn `…:product/aws/inspector`, a Types
///   entry starting `Software and Configuration Checks/AWS Security Best Practices/Network Reachability`):
///   internet when its `NetworkPath` passes an `AWS::EC2::InternetGateway` (or, without a path, its
///   title or description names an internet gateway), internal otherwise. Its resources keep that
///   reachability for the findings that follow in the same run.
enum FindingExposure {
    /// The reachability the finding's own fields prove; `.unknown` when they prove nothing.
    static func evidence(in finding: JSONNode) -> Reachability {
        var reach = Reachability.unknown
        if let network = finding.get("Network"), network.get("Direction")?.stringEquals("IN") == true,
           network.get("SourceIpV4")?.withStringBytes(isPublicIPv4) == true {
            reach = .internet
        }
        guard let resources = finding.get("Resources"), resources.kind == .array else { return reach }
        for resource in resources.elements {
            guard let details = resource.get("Details"), details.kind == .object else { continue }
            if let instance = details.get("AwsEc2Instance"), let addresses = instance.get("IpV4Addresses"), addresses.kind == .array,
               addresses.elements.contains(where: { $0.withStringBytes(isPublicIPv4) ?? false }) {
                return .internet
            }
            if let interface = details.get("AwsEc2NetworkInterface"), let ip = interface.get("PublicIp")?.stringValue, !ip.isEmpty {
                return .internet
            }
            if let group = details.get("AwsEc2SecurityGroup"), let permissions = group.get("IpPermissions"),
               permissions.kind == .array, permissions.elements.contains(where: isOpenToTheWorld) {
                return .internet
            }
        }
        return reach
    }

    /// For an Inspector network-reachability finding: the reachability it reports (X4).
    static func networkReachability(of finding: JSONNode) -> Reachability? {
        guard finding.get("ProductArn")?.withStringBytes({ $0.ends(with: ":product/aws/inspector") }) == true,
              let types = finding.get("Types"), types.kind == .array,
              types.elements.contains(where: { $0.stringValue?.hasPrefix(reachabilityType) ?? false }) else { return nil }
        if let path = finding.get("NetworkPath"), path.kind == .array, path.count > 0 {
            let gateway = path.elements.contains { $0.get("ComponentType")?.stringEquals("AWS::EC2::InternetGateway") ?? false }
            return gateway ? .internet : .internal
        }
        let text = (finding.get("Title")?.stringValue ?? "") + " " + (finding.get("Description")?.stringValue ?? "")
        return text.contains("InternetGateway") || text.contains("Internet Gateway") || text.contains("internet gateway") ? .internet : .internal
    }

    static let reachabilityType = "Software and Configuration Checks/AWS Security Best Practices/Network Reachability"

    private static func isOpenToTheWorld(_ permission: JSONNode) -> Bool {
        if let ranges = permission.get("IpRanges"), ranges.kind == .array,
           ranges.elements.contains(where: { $0.get("CidrIp")?.stringEquals("0.0.0.0/0") ?? false }) { return true }
        if let ranges = permission.get("Ipv6Ranges"), ranges.kind == .array,
           ranges.elements.contains(where: { $0.get("CidrIpv6")?.stringEquals("::/0") ?? false }) { return true }
        return false
    }

    /// Not in 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.168/16 (RFC 1122, 1918, 6598, 3927).
    static func isPublicIPv4(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBytes(isPublicIPv4)
    }

    static func isPublicIPv4(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let address = IPBlock.parseV4(bytes: bytes) else { return false }
        let nonPublic: [(UInt32, Int)] = [(0x0000_0000, 8), (0x0A00_0000, 8), (0x6440_0000, 10), (0x7F00_0000, 8),
                                          (0xA9FE_0000, 16), (0xAC10_0000, 12), (0xC0A8_0000, 16)]
        return !nonPublic.contains { IPBlock.mask(address, $0.1) == $0.0 }
    }
}

extension UnsafeRawBufferPointer {
    /// Whether the bytes end with the UTF-8 of `suffix`.
    func ends(with suffix: StaticString) -> Bool {
        let length = suffix.utf8CodeUnitCount
        guard count >= length, let base = baseAddress else { return false }
        return memcmp(base + count - length, suffix.utf8Start, length) == 0
    }
}
