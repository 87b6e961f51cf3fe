/// A step in a path to a value inside a configuration document.
public enum ConfigKey: Hashable, Sendable, CustomStringConvertible {
    case key(String)
    case index(Int)

    public var description: String {
        switch self {
        case .key(let name): return name
        case .index(let i): return "[\(i)]"
        }
    }
}

/// A configuration file (JSON or YAML) loaded as a `JSONValue`, remembering where each value
/// starts so that errors can name the file, the line and the key.
public struct ConfigDocument: Sendable {
    public let path: String
    public let root: JSONValue
    let lines: [[ConfigKey]: Int]

    init(path: String, root: JSONValue, lines: [[ConfigKey]: Int]) {
        self.path = path
        self.root = root
        self.lines = lines
    }

    /// The line where the value at `keyPath` starts, when known.
    public func line(at keyPath: [ConfigKey]) -> Int? {
        var path = keyPath
        while true {
            if let line = lines[path] { return line }
            if path.isEmpty { return nil }
            path.removeLast()
        }
    }

    /// An error naming this file, the line of `keyPath` and the key path itself.
    public func error(at keyPath: [ConfigKey], _ message: String) -> ConfigurationError {
        ConfigurationError(file: path, line: line(at: keyPath), key: ConfigDocument.render(keyPath), message)
    }

    /// `Rules[3].EventPattern` style rendering of a key path.
    public static func render(_ keyPath: [ConfigKey]) -> String? {
        guard !keyPath.isEmpty else { return nil }
        var text = ""
        for step in keyPath {
            switch step {
            case .key(let name): text += text.isEmpty ? name : ".\(name)"
            case .index(let i): text += "[\(i)]"
            }
        }
        return text
    }
}
