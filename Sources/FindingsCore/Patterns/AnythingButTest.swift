#if canImport(Glibc)
import Glibc
#endif

/// An `anything-but` operand of the kinds tested one by one (lists of exact strings and numbers
/// are indexed by `FieldIndex`), compiled for matching without allocation: folded strings in a
/// hash table, affixes compared in place. Values other than strings are never excluded.
final class AnythingButTest {
    private let folded = ByteTable()
    private let prefixes: [[UInt8]]
    private let suffixes: [[UInt8]]
    private let wildcards: [WildcardPattern]
    private let kind: Kind

    private enum Kind { case prefixes, suffixes, ignoringCase, wildcards }

    init(_ operand: AnythingBut) {
        var prefixes: [[UInt8]] = [], suffixes: [[UInt8]] = [], wildcards: [WildcardPattern] = []
        switch operand {
        case .strings, .numbers: preconditionFailure("lists of exact values are indexed by FieldIndex")
        case .prefixes(let excluded): kind = .prefixes; prefixes = excluded
        case .suffixes(let excluded): kind = .suffixes; suffixes = excluded
        case .ignoringCase(let excluded): kind = .ignoringCase; for value in excluded { folded.set(value, 0) }
        case .wildcards(let excluded): kind = .wildcards; wildcards = excluded
        }
        self.prefixes = prefixes
        self.suffixes = suffixes
        self.wildcards = wildcards
    }

    /// Whether a string value is not excluded; `scratch` holds its case folding when needed.
    func accepts(string text: UnsafeRawBufferPointer, scratch: inout [UInt8]) -> Bool {
        switch kind {
        case .prefixes: return !prefixes.contains { AnythingButTest.equal(text, from: 0, $0) }
        case .suffixes: return !suffixes.contains { AnythingButTest.equal(text, from: text.count - $0.count, $0) }
        case .ignoringCase:
            CaseFolding.fold(text, into: &scratch)
            return scratch.withUnsafeBytes { folded.value($0) == nil }
        case .wildcards: return !wildcards.contains { $0.matches(text) }
        }
    }

    private static func equal(_ text: UnsafeRawBufferPointer, from offset: Int, _ piece: [UInt8]) -> Bool {
        guard offset >= 0, offset + piece.count <= text.count else { return false }
        if piece.isEmpty { return true }
        return piece.withUnsafeBytes { memcmp(text.baseAddress! + offset, $0.baseAddress!, piece.count) == 0 }
    }
}
