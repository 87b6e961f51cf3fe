extension String {
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
