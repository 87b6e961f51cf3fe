/// An EventBridge input transformer: `InputPathsMap` names values of the event, and
/// `InputTemplate` is text in which `<name>` is replaced by them.
///
/// Substitution is textual. A placeholder inside a JSON string of the template (`"id: <id>"`)
/// receives a string's raw text, unescaped, as EventBridge does; a placeholder outside quotes
/// (`{"id": <id>}`) receives the value as JSON (a string quoted and escaped). Numbers,
/// booleans, null, objects and arrays are written as compact JSON either way. A path that
/// selects nothing leaves `null` outside quotes and nothing inside quotes. Text in angle
/// brackets that names no variable stays as written.
///
/// Reserved variables: `<aws.events.rule-name>`, `<aws.events.rule-arn>`,
/// `<aws.events.event.ingestion-time>`, `<aws.events.event>` (the event without `detail`) and
/// `<aws.events.event.json>` (the whole event); the last two only outside quotes.
public struct InputTransformer: Sendable, Equatable {
    public static let maxPaths = 100
    public static let maxTemplateLength = 8192

    /// The values of the reserved variables for one delivery.
    public struct Reserved {
        public var ruleName: String
        public var ruleArn: String
        public var ingestionTime: String
        public init(ruleName: String, ruleArn: String, ingestionTime: String) {
            self.ruleName = ruleName
            self.ruleArn = ruleArn
            self.ingestionTime = ingestionTime
        }
    }

    enum Piece: Sendable, Equatable {
        case text([UInt8])
        /// A variable, and whether it stands inside a JSON string of the template.
        case variable(String, quoted: Bool)
    }

    public let paths: [(name: String, path: EventPath)]
    let pieces: [Piece]

    public static func == (a: InputTransformer, b: InputTransformer) -> Bool {
        a.pieces == b.pieces && a.paths.map(\.name) == b.paths.map(\.name) && a.paths.map(\.path) == b.paths.map(\.path)
    }

    static let reservedNames: Set<String> = [
        "aws.events.rule-name", "aws.events.rule-arn", "aws.events.event.ingestion-time",
        "aws.events.event", "aws.events.event.json",
    ]

    /// Validates the map and the template with EventBridge's limits.
    public init(pathsMap: [(name: String, path: String)], template: String) throws(PatternError) {
        guard pathsMap.count <= InputTransformer.maxPaths else {
            throw PatternError(path: "InputPathsMap", "InputPathsMap has \(pathsMap.count) entries; at most \(InputTransformer.maxPaths) are allowed")
        }
        var paths: [(name: String, path: EventPath)] = []
        for (name, text) in pathsMap {
            let where_ = "InputPathsMap.\(name)"
            guard !name.isEmpty, name.utf8.count <= 256,
                  name.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x5F || $0 == 0x2D }) else {
                // (so they can never start with "AWS.", which EventBridge reserves)
                throw PatternError(path: where_, "InputPathsMap keys must be 1-256 characters of A-Z a-z 0-9 _ -")
            }
            let path: EventPath
            do { path = try EventPath(text) } catch { throw PatternError(path: where_, error.reason) }
            paths.append((name, path))
        }
        guard !template.isEmpty, template.utf8.count <= InputTransformer.maxTemplateLength else {
            throw PatternError(path: "InputTemplate", "InputTemplate must be 1-\(InputTransformer.maxTemplateLength) characters")
        }
        self.paths = paths
        pieces = try InputTransformer.split(template, names: Set(paths.map(\.name)))
    }

    /// Cuts the template into text and placeholders, tracking whether each placeholder stands
    /// inside a JSON string.
    private static func split(_ template: String, names: Set<String>) throws(PatternError) -> [Piece] {
        let bytes = Array(template.utf8)
        var pieces: [Piece] = []
        var text: [UInt8] = []
        var inString = false
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "<"), let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: ">")) {
                let name = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
                if names.contains(name) || reservedNames.contains(name) {
                    var after = close + 1
                    while after < bytes.count, JSONSyntax.isWhitespace(bytes[after]) { after += 1 }
                    if !inString, after < bytes.count, bytes[after] == UInt8(ascii: ":") {
                        throw PatternError(path: "InputTemplate", "Placeholder <\(name)> cannot be used as an object key")
                    }
                    if inString && (name == "aws.events.event" || name == "aws.events.event.json") {
                        throw PatternError(path: "InputTemplate", "<\(name)> can only be used as a JSON value, not inside a string")
                    }
                    if !text.isEmpty { pieces.append(.text(text)); text = [] }
                    pieces.append(.variable(name, quoted: inString))
                    i = close + 1
                    continue
                }
            }
            if c == UInt8(ascii: "\"") {
                inString.toggle()
            } else if c == UInt8(ascii: "\\"), inString, i + 1 < bytes.count {
                text.append(c)
                text.append(bytes[i + 1])
                i += 2
                continue
            }
            text.append(c)
            i += 1
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        return pieces
    }

    /// Renders the template for `event`.
    public func render(_ event: JSONNode, reserved: Reserved, to buffer: ByteBuffer) {
        for piece in pieces {
            switch piece {
            case .text(let bytes): buffer.append(bytes)
            case .variable(let name, let quoted):
                switch name {
                case "aws.events.rule-name": writeString(reserved.ruleName, quoted: quoted, to: buffer)
                case "aws.events.rule-arn": writeString(reserved.ruleArn, quoted: quoted, to: buffer)
                case "aws.events.event.ingestion-time": writeString(reserved.ingestionTime, quoted: quoted, to: buffer)
                case "aws.events.event.json": buffer.appendCompact(event)
                case "aws.events.event":
                    var edits = JSONEdits()
                    edits.remove(JSONPath(keys: ["detail"]))
                    buffer.append(event, applying: edits)
                default:
                    let path = paths.first { $0.name == name }!.path
                    writeValue(path, event, quoted: quoted, to: buffer)
                }
            }
        }
    }

    private func writeString(_ value: String, quoted: Bool, to buffer: ByteBuffer) {
        if quoted { buffer.append(contentsOf: value) } else { buffer.appendJSONString(value) }
    }

    private func writeValue(_ path: EventPath, _ event: JSONNode, quoted: Bool, to buffer: ByteBuffer) {
        if !path.selectsMany, let node = path.select(event).first, node.kind == .string, quoted {
            node.stringBytes!.withUnsafeBytes { buffer.append($0) }
            return
        }
        if !path.write(event, to: buffer), !quoted { buffer.append("null") }
    }
}
