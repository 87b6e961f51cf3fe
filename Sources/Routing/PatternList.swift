import FindingsCore

/// Loads the patterns of filter mode: `-e PATTERN` arguments and `-f FILE` files.
///
/// A file holds either a JSON array (of patterns, or of `{"name": ..., "pattern": ...}`
/// objects) or one pattern per line (blank lines and lines starting with `#` are skipped).
/// A pattern without a name is named by its compact JSON text.
public enum PatternList {
    public static func load(expressions: [String], files: [String],
                            limits: PatternLimits = .eventBridge) throws(ConfigurationError) -> [(name: String, pattern: EventPattern)] {
        var patterns: [(name: String, pattern: EventPattern)] = []
        for (position, text) in expressions.enumerated() {
            do {
                let pattern = try EventPattern(text: text, limits: limits)
                patterns.append((compactName(pattern.json), pattern))
            } catch {
                throw ConfigurationError("-e #\(position + 1): \(error)")
            }
        }
        for path in files { patterns += try loadFile(path, limits) }
        return patterns
    }

    static func compactName(_ json: JSONValue) -> String {
        let buffer = ByteBuffer(capacity: 256)
        buffer.append(json: json)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    private static func loadFile(_ path: String, _ limits: PatternLimits) throws(ConfigurationError) -> [(name: String, pattern: EventPattern)] {
        let bytes: [UInt8]
        do { bytes = try InputStream.readAll(path) } catch { throw ConfigurationError(file: path, error.message) }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.drop(while: { $0.isWhitespace }).first == "[" {
            return try loadArray(ConfigFile.parse(bytes, path: path), limits)
        }
        var patterns: [(name: String, pattern: EventPattern)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do {
                let pattern = try EventPattern(text: trimmed, limits: limits)
                patterns.append((compactName(pattern.json), pattern))
            } catch {
                throw ConfigurationError(file: path, line: index + 1, error.description)
            }
        }
        return patterns
    }

    private static func loadArray(_ document: ConfigDocument, _ limits: PatternLimits) throws(ConfigurationError) -> [(name: String, pattern: EventPattern)] {
        guard case .array(let items) = document.root else {
            throw document.error(at: [], "expected a JSON array of patterns")
        }
        var patterns: [(name: String, pattern: EventPattern)] = []
        for (index, item) in items.enumerated() {
            var json = item
            var name: String? = nil
            var keyPath: [ConfigKey] = [.index(index)]
            if case .object(let object) = item, let inner = object["pattern"] {
                guard case .string(let given)? = object["name"] else {
                    throw document.error(at: [.index(index), .key("name")], "a named pattern needs a string \"name\"")
                }
                name = given
                json = inner
                keyPath.append(.key("pattern"))
            }
            do {
                let pattern = try EventPattern(json: json, limits: limits)
                patterns.append((name ?? compactName(json), pattern))
            } catch {
                throw document.error(at: keyPath, error.description)
            }
        }
        return patterns
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        String(drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
    }
}
