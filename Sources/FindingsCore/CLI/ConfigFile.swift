#if canImport(Glibc)
import Glibc
#endif
import CYAML

/// Loads configuration files: JSON or YAML, told apart by content (JSON starts with `{` or `[`).
///
/// YAML is read with libyaml and resolved with the YAML 1.2 core schema (`true`/`false`,
/// `null`/`~`, integers and floats; `yes`/`no` stay strings). Anchors and aliases are
/// expanded, with a bound on the total size so a hostile file cannot explode memory.
public enum ConfigFile {
    /// Most values a document may expand to (aliases included).
    static let maxValues = 1_000_000

    /// Reads and parses the file at `path`.
    public static func load(_ path: String) throws(ConfigurationError) -> ConfigDocument {
        let bytes: [UInt8]
        do { bytes = try InputStream.readAll(path) } catch { throw ConfigurationError(file: path, error.message) }
        return try parse(bytes, path: path)
    }

    /// Parses configuration text; `path` names it in errors.
    public static func parse(_ bytes: [UInt8], path: String) throws(ConfigurationError) -> ConfigDocument {
        let first = bytes.first { !JSONSyntax.isWhitespace($0) }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return try parseJSON(bytes, path: path) }
        return try YAMLLoader(path: path).load(bytes)
    }

    private static func parseJSON(_ bytes: [UInt8], path: String) throws(ConfigurationError) -> ConfigDocument {
        let tape = JSONTape()
        let outcome: Result<ConfigDocument, ConfigurationError> = bytes.withUnsafeBytes { raw in
            do {
                let document = try tape.parse(raw)
                var lines: [[ConfigKey]: Int] = [:]
                var newlines = LineIndex(raw)
                record(document.root, at: [], into: &lines, index: &newlines)
                return .success(ConfigDocument(path: path, root: JSONValue(document.root), lines: lines))
            } catch let error as JSONError {
                var index = LineIndex(raw)
                return .failure(ConfigurationError(file: path, line: index.line(of: error.offset), error.description))
            } catch {
                return .failure(ConfigurationError(file: path, "\(error)"))
            }
        }
        return try outcome.get()
    }

    private static func record(_ node: JSONNode, at path: [ConfigKey], into lines: inout [[ConfigKey]: Int], index: inout LineIndex) {
        lines[path] = index.line(of: node.byteOffset)
        switch node.kind {
        case .object:
            for (key, value) in node.members { record(value, at: path + [.key(key.stringValue!)], into: &lines, index: &index) }
        case .array:
            for (i, element) in node.elements.enumerated() { record(element, at: path + [.index(i)], into: &lines, index: &index) }
        default: break
        }
    }

    /// Maps byte offsets to 1-based line numbers.
    struct LineIndex {
        private var newlineOffsets: [Int] = []
        init(_ bytes: UnsafeRawBufferPointer) {
            for (i, byte) in bytes.enumerated() where byte == 0x0A { newlineOffsets.append(i) }
        }
        mutating func line(of offset: Int) -> Int {
            var low = 0, high = newlineOffsets.count
            while low < high {
                let mid = (low + high) / 2
                if newlineOffsets[mid] < offset { low = mid + 1 } else { high = mid }
            }
            return low + 1
        }
    }
}

/// Builds a `JSONValue` from libyaml's event stream.
private final class YAMLLoader {
    let path: String
    var parser = yaml_parser_t()
    var lines: [[ConfigKey]: Int] = [:]
    var anchors: [String: JSONValue] = [:]
    var produced = 0

    init(path: String) { self.path = path }

    func load(_ bytes: [UInt8]) throws(ConfigurationError) -> ConfigDocument {
        guard yaml_parser_initialize(&parser) == 1 else { throw ConfigurationError(file: path, "cannot start the YAML parser") }
        defer { yaml_parser_delete(&parser) }
        let outcome: Result<JSONValue, ConfigurationError> = bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            do {
                var root: JSONValue = .null
                var event = try next()
                while event.type != YAML_STREAM_END_EVENT {
                    if event.type == YAML_DOCUMENT_START_EVENT {
                        yaml_event_delete(&event)
                        event = try next()
                        root = try value(from: &event, at: [])
                        event = try next()  // document end
                        yaml_event_delete(&event)
                        event = try next()
                        if event.type == YAML_DOCUMENT_START_EVENT {
                            yaml_event_delete(&event)
                            throw ConfigurationError(file: path, "holds more than one YAML document")
                        }
                        continue
                    }
                    yaml_event_delete(&event)
                    event = try next()
                }
                yaml_event_delete(&event)
                return .success(root)
            } catch let error as ConfigurationError {
                return .failure(error)
            } catch {
                return .failure(ConfigurationError(file: path, "\(error)"))
            }
        }
        let root = try outcome.get()
        return ConfigDocument(path: path, root: root, lines: lines)
    }

    private func next() throws(ConfigurationError) -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else {
            let problem = parser.problem.map { String(cString: $0) } ?? "syntax error"
            let context = parser.context.map { " \(String(cString: $0))" } ?? ""
            throw ConfigurationError(file: path, line: Int(parser.problem_mark.line) + 1, "invalid YAML: \(problem)\(context)")
        }
        return event
    }

    private func count() throws(ConfigurationError) {
        produced += 1
        if produced > ConfigFile.maxValues { throw ConfigurationError(file: path, "expands to more than \(ConfigFile.maxValues) values (alias bomb?)") }
    }

    /// Consumes the value that starts with `event` (deleting every event it reads).
    private func value(from event: inout yaml_event_t, at keyPath: [ConfigKey]) throws(ConfigurationError) -> JSONValue {
        defer { yaml_event_delete(&event) }
        lines[keyPath] = Int(event.start_mark.line) + 1
        try count()
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let tag = scalar.tag.map { String(cString: $0) }
            let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE && tag == nil
            let result = plain ? YAMLLoader.resolve(text) : .string(text)
            remember(anchor: scalar.anchor, result)
            return result
        case YAML_ALIAS_EVENT:
            let name = String(cString: event.data.alias.anchor)
            guard let target = anchors[name] else {
                throw ConfigurationError(file: path, line: Int(event.start_mark.line) + 1, "unknown YAML alias *\(name)")
            }
            produced += YAMLLoader.size(of: target)
            try count()
            return target
        case YAML_SEQUENCE_START_EVENT:
            let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
            var elements: [JSONValue] = []
            while true {
                var item = try next()
                if item.type == YAML_SEQUENCE_END_EVENT { yaml_event_delete(&item); break }
                elements.append(try value(from: &item, at: keyPath + [.index(elements.count)]))
            }
            let result = JSONValue.array(elements)
            if let anchor { anchors[anchor] = result }
            return result
        case YAML_MAPPING_START_EVENT:
            let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
            var object = JSONObject()
            while true {
                var keyEvent = try next()
                if keyEvent.type == YAML_MAPPING_END_EVENT { yaml_event_delete(&keyEvent); break }
                let keyLine = Int(keyEvent.start_mark.line) + 1
                let key = try value(from: &keyEvent, at: keyPath + [.key("?")])
                let name: String
                switch key {
                case .string(let s): name = s
                case .number(let n): name = n
                case .bool(let b): name = b ? "true" : "false"
                case .null: name = "null"
                default: throw ConfigurationError(file: path, line: keyLine, "a YAML mapping key must be a scalar")
                }
                var valueEvent = try next()
                object[name] = try value(from: &valueEvent, at: keyPath + [.key(name)])
            }
            lines[keyPath + [.key("?")]] = nil
            let result = JSONValue.object(object)
            if let anchor { anchors[anchor] = result }
            return result
        default:
            throw ConfigurationError(file: path, line: Int(event.start_mark.line) + 1, "unexpected YAML structure")
        }
    }

    private func remember(anchor: UnsafeMutablePointer<yaml_char_t>?, _ value: JSONValue) {
        if let anchor { anchors[String(cString: anchor)] = value }
    }

    private static func size(of value: JSONValue) -> Int {
        switch value {
        case .array(let a): return a.reduce(1) { $0 + size(of: $1) }
        case .object(let o): return o.members.reduce(1) { $0 + size(of: $1.value) }
        default: return 1
        }
    }

    /// YAML 1.2 core schema resolution of a plain scalar.
    static func resolve(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if isJSONNumber(text) { return .number(text) }
        if text.hasPrefix("+"), isJSONNumber(String(text.dropFirst())) { return .number(String(text.dropFirst())) }
        return .string(text)
    }

    /// Whether `text` is a number literal JSON can carry as is.
    static func isJSONNumber(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return false }
            do { return try JSONSyntax.scanNumber(base, bytes.count, 0) == bytes.count } catch { return false }
        }
    }
}
