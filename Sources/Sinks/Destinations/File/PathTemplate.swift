import FindingsCore

/// A file path made from finding fields: `out/{AwsAccountId}/{Region}/{UpdatedAt:%Y/%m/%d}/findings.ndjson.gz`.
///
/// `{Path}` is a dotted field path (`{Resources}` is not allowed: only strings and numbers
/// give a value); `{Path:FORMAT}` formats a timestamp field in UTC with `%Y %m %d %H %M %S %%`.
/// Each value is made safe as one path component (`PathSanitizer`): no `/`, no `..`, no NUL,
/// no shell metacharacters; a missing field gives `none` (`{Region}` falls back to the first
/// resource's Region, then the ProductArn's, as `Finding.region` does). The literal text of the template
/// is trusted, and everything is written under its literal directory prefix (`baseDirectory`).
public struct PathTemplate: Sendable {
    enum Part: Sendable {
        case literal(String)
        case field(JSONPath, name: String)
        case time(JSONPath, name: String, format: String)
    }

    let parts: [Part]
    /// The directory every rendered path lies in: the template's text before the first field,
    /// up to its last `/` (`.` when there is none).
    public let baseDirectory: String

    public init(_ template: String) throws(UsageError) {
        var parts: [Part] = []
        var literal = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            literal += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw UsageError("path template '\(template)': '{' without '}'")
            }
            let body = rest[rest.index(after: open)..<close]
            let name = body.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            guard !name.isEmpty, let path = JSONPath(name) else {
                throw UsageError("path template '\(template)': '{\(body)}' does not name a field")
            }
            if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
            if let colon = body.firstIndex(of: ":") {
                let format = String(body[body.index(after: colon)...])
                try PathTemplate.checkTimeFormat(format, template: template)
                parts.append(.time(path, name: name, format: format))
            } else {
                parts.append(.field(path, name: name))
            }
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        if !literal.isEmpty { parts.append(.literal(literal)) }
        guard !template.hasSuffix("/"), !template.isEmpty else {
            throw UsageError("path template '\(template)' must end in a file name")
        }
        self.parts = parts
        let prefix: String
        if case .literal(let text)? = parts.first { prefix = parts.count == 1 ? AtomicFile.parentDirectory(of: text) + "/" : text } else { prefix = "" }
        if let slash = prefix.lastIndex(of: "/") {
            let directory = String(prefix[..<slash])
            baseDirectory = directory.isEmpty ? "/" : directory
        } else {
            baseDirectory = "."
        }
    }

    private static func checkTimeFormat(_ format: String, template: String) throws(UsageError) {
        var percent = false
        for character in format {
            if percent {
                guard "YmdHMS%".contains(character) else {
                    throw UsageError("path template '\(template)': '%\(character)' is not a supported time field (use %Y %m %d %H %M %S %%)")
                }
                percent = false
            } else if character == "%" {
                percent = true
            } else if character == "." && format.contains("..") {
                throw UsageError("path template '\(template)': '..' in a time format")
            }
        }
    }

    /// The path for `finding`.
    public func render(_ finding: JSONNode) -> String {
        var path = ""
        for part in parts {
            switch part {
            case .literal(let text):
                path += text
            case .field(let field, let name):
                var value = PathTemplate.value(finding[path: field])
                if value == nil && name == "Region" { value = Finding(finding).region.map { Array($0.utf8) } }
                path += PathSanitizer.component(bytes: value ?? Array("none".utf8))
            case .time(let field, _, let format):
                if let text = finding[path: field]?.stringValue, let time = Timestamp(text) {
                    path += PathTemplate.format(time, format)
                } else {
                    path += "none"
                }
            }
        }
        return path
    }

    private static func value(_ node: JSONNode?) -> [UInt8]? {
        guard let node else { return nil }
        switch node.kind {
        case .string: return node.stringBytes
        case .number, .true, .false: return Array(node.rawBytes)
        default: return nil
        }
    }

    /// `format` with `%Y %m %d %H %M %S %%` replaced by the UTC fields of `time`.
    static func format(_ time: Timestamp, _ format: String) -> String {
        let c = time.components
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        var text = ""
        var percent = false
        for character in format {
            if percent {
                switch character {
                case "Y": text += pad(c.year, 4)
                case "m": text += pad(c.month, 2)
                case "d": text += pad(c.day, 2)
                case "H": text += pad(c.hour, 2)
                case "M": text += pad(c.minute, 2)
                case "S": text += pad(c.second, 2)
                default: text.append(character)
                }
                percent = false
            } else if character == "%" {
                percent = true
            } else {
                text.append(character)
            }
        }
        return text
    }
}
