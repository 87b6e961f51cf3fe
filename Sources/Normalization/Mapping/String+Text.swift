/// Text helpers the mappings use on source values.
extension String {
    /// The string, or `nil` when it is empty or only whitespace.
    var nonBlank: String? {
        // Fast path: most values start with a printable ASCII character.
        if let first = utf8.first, first > 0x20 && first < 0x7F { return self }
        for scalar in unicodeScalars where !scalar.properties.isWhitespace { return self }
        return nil
    }

    /// The string without leading and trailing whitespace.
    var trimmingWhitespace: String {
        // Fast path: nothing to trim when both ends are printable ASCII.
        if let first = utf8.first, let last = utf8.last, first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F { return self }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    /// The string with its first `target` replaced.
    func replacingFirst(_ target: Character, with replacement: Character) -> String {
        guard let index = firstIndex(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(index...index, with: String(replacement))
        return copy
    }

    /// Whether `needle` occurs in the string, by a plain UTF-8 byte search; the standard
    /// library's generic `contains` is far slower on this hot path.
    func containsBytes(_ needle: StaticString) -> Bool {
        let pattern = UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        var text = self
        return text.withUTF8 { haystack in
            guard let first = pattern.first, pattern.count <= haystack.count else { return pattern.isEmpty }
            var offset = 0
            while offset + pattern.count <= haystack.count {
                if haystack[offset] == first && pattern.indices.allSatisfy({ haystack[offset + $0] == pattern[$0] }) { return true }
                offset += 1
            }
            return false
        }
    }
}
