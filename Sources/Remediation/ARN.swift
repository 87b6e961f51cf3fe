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
        var text = text
        guard let parts = text.withUTF8({ ARN.split(UnsafeRawBufferPointer($0)) }) else { return nil }
        (partition, service, region, account, resource) = parts
    }

    /// One pass over the bytes: five colons, each part checked where it lies.
    private static func split(_ b: UnsafeRawBufferPointer) -> (String, String, String, String, String)? {
        guard b.count > 6, b.count <= 2048, b[0] == UInt8(ascii: "a"), b[1] == UInt8(ascii: "r"), b[2] == UInt8(ascii: "n"), b[3] == UInt8(ascii: ":") else { return nil }
        var colons = [3]
        var i = 4
        while colons.count < 5 && i < b.count {
            if b[i] == UInt8(ascii: ":") { colons.append(i) }
            i += 1
        }
        guard colons.count == 5 else { return nil }
        func text(_ from: Int, _ to: Int) -> String { String(decoding: UnsafeRawBufferPointer(rebasing: b[from..<to]), as: UTF8.self) }
        let partition = text(4, colons[1])
        guard partitions.contains(partition) else { return nil }
        let service = UnsafeRawBufferPointer(rebasing: b[(colons[1] + 1)..<colons[2]])
        guard !service.isEmpty, service.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: "-") }) else { return nil }
        let region = Array(b[(colons[2] + 1)..<colons[3]])
        guard region.isEmpty || IdentifierFormat.isRegion(region) else { return nil }
        let account = UnsafeRawBufferPointer(rebasing: b[(colons[3] + 1)..<colons[4]])
        guard account.isEmpty || (account.count == 12 && account.allSatisfy(isDigit)) || (account.count == 3 && account.elementsEqual("aws".utf8)) else { return nil }
        let resourceStart = colons[4] + 1
        guard resourceStart < b.count, b[resourceStart] != UInt8(ascii: "/") else { return nil }
        var segmentStart = resourceStart
        for k in resourceStart...b.count {
            if k == b.count || b[k] == UInt8(ascii: "/") {
                let length = k - segmentStart
                if (length == 1 || length == 2) && b[segmentStart..<k].allSatisfy({ $0 == UInt8(ascii: ".") }) { return nil }
                segmentStart = k + 1
                continue
            }
            let c = b[k]
            guard isAlnum(c) || resourcePunctuation[Int(c)] else { return nil }
        }
        return (partition, text(colons[1] + 1, colons[2]), String(decoding: region, as: UTF8.self), text(colons[3] + 1, colons[4]), text(resourceStart, b.count))
    }

    private static let resourcePunctuation: [Bool] = (0..<256).map { "_+=,.@:/#*-".utf8.contains(UInt8($0)) }

    /// The resource's own name: what follows its type (`security-group/sg-1` → `sg-1`,
    /// `function:name` → `name`, `bucket` → `bucket`).
    public var resourceName: String {
        if let slash = resource.firstIndex(of: "/") { return String(resource[resource.index(after: slash)...]) }
        if let colon = resource.lastIndex(of: ":") { return String(resource[resource.index(after: colon)...]) }
        return resource
    }
}
