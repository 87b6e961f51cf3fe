/// The formats a value taken from a finding must have before it may become a command-line
/// argument. Each is the documented format of the AWS identifier, never looser; nothing a
/// shell or an option parser could read as syntax (spaces, quotes, `;`, `$`, a leading `-`,
/// `..` path steps) fits any of them.
public enum IdentifierFormat: String, CaseIterable, Sendable {
    case s3Bucket = "s3-bucket"
    case securityGroupId = "security-group-id"
    case instanceId = "instance-id"
    case volumeId = "volume-id"
    case snapshotId = "snapshot-id"
    case subnetId = "subnet-id"
    case transitGatewayId = "transit-gateway-id"
    case accessKeyId = "access-key-id"
    case iamUserName = "iam-user-name"
    case iamUserId = "iam-user-id"
    case iamRoleArn = "iam-role-arn"
    case accountId = "account-id"
    case region = "region"
    case arn = "arn"
    case kmsKeyId = "kms-key-id"
    case trailName = "trail-name"
    case lambdaFunctionName = "lambda-function-name"
    case rdsIdentifier = "rds-identifier"
    case redshiftClusterId = "redshift-cluster-id"
    case ssmDocumentName = "ssm-document-name"
    case ecrRepositoryName = "ecr-repository-name"
    case dynamoDBTableName = "dynamodb-table-name"
    case logGroupName = "log-group-name"
    case configRecorderName = "config-recorder-name"

    /// Whether `value` has this format.
    public func accepts(_ value: String) -> Bool {
        let b = Array(value.utf8)
        switch self {
        case .s3Bucket: return IdentifierFormat.isBucketName(b)
        case .securityGroupId: return IdentifierFormat.isResourceId(b, prefix: "sg-")
        case .instanceId: return IdentifierFormat.isResourceId(b, prefix: "i-")
        case .volumeId: return IdentifierFormat.isResourceId(b, prefix: "vol-")
        case .snapshotId: return IdentifierFormat.isResourceId(b, prefix: "snap-")
        case .subnetId: return IdentifierFormat.isResourceId(b, prefix: "subnet-")
        case .transitGatewayId: return IdentifierFormat.isResourceId(b, prefix: "tgw-")
        case .accessKeyId:
            return b.count == 20 && value.hasPrefix("AKIA") && b.allSatisfy { isUpper($0) || isDigit($0) }
        case .iamUserName:
            return (1...64).contains(b.count) && b.allSatisfy { isAlnum($0) || "+=,.@_-".utf8.contains($0) } && b[0] != UInt8(ascii: "-")
        case .iamUserId:
            return (16...128).contains(b.count) && value.hasPrefix("AIDA") && b.allSatisfy { isUpper($0) || isDigit($0) }
        case .iamRoleArn:
            guard let arn = ARN(value), arn.service == "iam", arn.region.isEmpty, IdentifierFormat.accountId.accepts(arn.account),
                  arn.resource.hasPrefix("role/") else { return false }
            let name = Array(arn.resource.utf8.dropFirst(5))
            return (1...512).contains(name.count) && name.allSatisfy { isAlnum($0) || "+=,.@_-/".utf8.contains($0) }
        case .accountId: return b.count == 12 && b.allSatisfy(isDigit)
        case .region: return IdentifierFormat.isRegion(b)
        case .arn: return ARN(value) != nil
        case .kmsKeyId:
            if let arn = ARN(value) { return arn.service == "kms" && arn.resource.hasPrefix("key/") && IdentifierFormat.isKeyUUID(Array(arn.resource.utf8.dropFirst(4))) }
            return IdentifierFormat.isKeyUUID(b)
        case .trailName:
            return (3...128).contains(b.count) && isAlnum(b[0]) && isAlnum(b[b.count - 1])
                && b.allSatisfy { isAlnum($0) || "._-".utf8.contains($0) } && !IdentifierFormat.hasAdjacentPunctuation(b)
        case .lambdaFunctionName:
            return (1...64).contains(b.count) && b.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") } && b[0] != UInt8(ascii: "-")
        case .rdsIdentifier:
            return (1...63).contains(b.count) && isAlpha(b[0]) && b[b.count - 1] != UInt8(ascii: "-")
                && b.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: "-") } && !value.contains("--")
        case .redshiftClusterId:
            return (1...63).contains(b.count) && isLower(b[0]) && b[b.count - 1] != UInt8(ascii: "-")
                && b.allSatisfy { isLower($0) || isDigit($0) || $0 == UInt8(ascii: "-") } && !value.contains("--")
        case .ssmDocumentName:
            return (3...128).contains(b.count) && b.allSatisfy { isAlnum($0) || "_.-".utf8.contains($0) } && isAlnum(b[0])
        case .ecrRepositoryName:
            // (?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*
            guard (2...256).contains(b.count) else { return false }
            return value.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { segment in
                let s = Array(segment.utf8)
                return !s.isEmpty && isLowerAlnum(s[0]) && isLowerAlnum(s[s.count - 1])
                    && s.allSatisfy { isLowerAlnum($0) || "._-".utf8.contains($0) } && !IdentifierFormat.hasAdjacentPunctuation(s)
            }
        case .dynamoDBTableName:
            return (3...255).contains(b.count) && b.allSatisfy { isAlnum($0) || "_.-".utf8.contains($0) } && isAlnum(b[0])
        case .logGroupName:
            return (1...512).contains(b.count) && b.allSatisfy { isAlnum($0) || "._-/#".utf8.contains($0) }
                && b[0] != UInt8(ascii: "-") && !IdentifierFormat.hasDotSegment(value)
        case .configRecorderName:
            return (1...256).contains(b.count) && b.allSatisfy { isAlnum($0) || "_.-".utf8.contains($0) } && isAlnum(b[0])
        }
    }

    /// `prefix` followed by 8 or 17 lowercase hex digits (`sg-0123abcd`, `i-0123456789abcdef0`).
    static func isResourceId(_ b: [UInt8], prefix: StaticString) -> Bool {
        let p = prefix.utf8Start
        let n = prefix.utf8CodeUnitCount
        guard b.count == n + 8 || b.count == n + 17 else { return false }
        for k in 0..<n where b[k] != p[k] { return false }
        return b[n...].allSatisfy(isLowerHex)
    }

    /// S3 general purpose bucket naming rules.
    static func isBucketName(_ b: [UInt8]) -> Bool {
        guard (3...63).contains(b.count), isLowerAlnum(b[0]), isLowerAlnum(b[b.count - 1]),
              b.allSatisfy({ isLowerAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }) else { return false }
        for k in 1..<b.count where b[k] == UInt8(ascii: ".") && (b[k - 1] == UInt8(ascii: ".") || b[k - 1] == UInt8(ascii: "-") || b[k + 1] == UInt8(ascii: "-")) {
            return false
        }
        let parts = b.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if parts.count == 4 && parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isDigit) }) { return false }  // looks like an IP address
        let text = String(decoding: b, as: UTF8.self)
        return !text.hasPrefix("xn--") && !text.hasPrefix("sthree-") && !text.hasSuffix("-s3alias") && !text.hasSuffix("--ol-s3")
    }

    /// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`.
    static func isRegion(_ b: [UInt8]) -> Bool {
        let parts = b.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard (3...4).contains(parts.count), parts.first!.count == 2, parts.last!.count == 1, isDigit(parts.last!.first!) else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.count <= 12 && $0.allSatisfy(isLower) }
    }

    /// A KMS key id: a UUID, or `mrk-` and 32 hex digits.
    static func isKeyUUID(_ b: [UInt8]) -> Bool {
        if b.count == 36 && b.starts(with: Array("mrk-".utf8)) == false {
            for (k, c) in b.enumerated() {
                if [8, 13, 18, 23].contains(k) { if c != UInt8(ascii: "-") { return false } } else if !isLowerHex(c) { return false }
            }
            return true
        }
        return b.count == 36 && b.starts(with: Array("mrk-".utf8)) && b[4...].allSatisfy(isLowerHex)
    }

    static func hasAdjacentPunctuation(_ b: [UInt8]) -> Bool {
        let punctuation = Array("._-".utf8)
        for k in 1..<max(1, b.count) where punctuation.contains(b[k]) && punctuation.contains(b[k - 1]) && b[k] != b[k - 1] { return true }
        for k in 1..<max(1, b.count) where b[k] == UInt8(ascii: ".") && b[k - 1] == UInt8(ascii: ".") { return true }
        return false
    }

    /// Whether a `/`-separated value has a `.` or `..` step.
    static func hasDotSegment(_ value: String) -> Bool {
        value.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == "." || $0 == ".." }
    }
}

@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
@inline(__always) func isUpper(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }
@inline(__always) func isLower(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }
@inline(__always) func isAlpha(_ c: UInt8) -> Bool { isUpper(c) || isLower(c) }
@inline(__always) func isAlnum(_ c: UInt8) -> Bool { isAlpha(c) || isDigit(c) }
@inline(__always) func isLowerAlnum(_ c: UInt8) -> Bool { isLower(c) || isDigit(c) }
@inline(__always) func isLowerHex(_ c: UInt8) -> Bool { isDigit(c) || (c >= 0x61 && c <= 0x66) }
