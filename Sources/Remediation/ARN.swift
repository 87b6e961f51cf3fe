/// An Amazon Resource Name, split and checked strictly:
/// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` with a known partition, a lowercase service,
/// an empty or well-formed Region, an empty or 12-digit account, and a resource made only of
/// the characters AWS resource names use, without `.`/`..` path steps.
public struct ARN: Hashable, Sendable {
    public let partition: String
    public let service: String
    public let region: String
    public let account: String
    public let resource: String

    public static let partitions: Set<String> = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]

    public init?(_ text: String) {
        guard text.utf8.count <= 2048 else { return nil }
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", ARN.partitions.contains(String(parts[1])) else { return nil }
        let service = Array(parts[2].utf8), region = Array(parts[3].utf8), account = Array(parts[4].utf8), resource = Array(parts[5].utf8)
        guard !service.isEmpty, service.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") }) else { return nil }
        guard region.isEmpty || IdentifierFormat.isRegion(region) else { return nil }
        guard account.isEmpty || (account.count == 12 && account.allSatisfy(isDigit)) || String(parts[4]) == "aws" else { return nil }
        guard !resource.isEmpty, resource.allSatisfy({ isAlnum($0) || "_+=,.@:/#*-".utf8.contains($0) }),
              !IdentifierFormat.hasDotSegment(String(parts[5])), resource[0] != UInt8(ascii: "/") else { return nil }
        partition = String(parts[1])
        self.service = String(parts[2])
        self.region = String(parts[3])
        self.account = String(parts[4])
        self.resource = String(parts[5])
    }

    /// The resource's own name: what follows its type (`security-group/sg-1` → `sg-1`,
    /// `function:name` → `name`, `bucket` → `bucket`).
    public var resourceName: String {
        if let slash = resource.firstIndex(of: "/") { return String(resource[resource.index(after: slash)...]) }
        if let colon = resource.lastIndex(of: ":") { return String(resource[resource.index(after: colon)...]) }
        return resource
    }
}
