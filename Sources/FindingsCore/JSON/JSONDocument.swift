/// A parsed JSON value: the input bytes and the tape that indexes them.
///
/// A borrowed view: valid until its `JSONTape` parses again and while its bytes stay alive.
/// Copy out (`JSONValue(node)`, `String`) anything that must outlive the current record.
public struct JSONDocument {
    /// The bytes given to the parser.
    public let bytes: UnsafeRawBufferPointer
    @usableFromInline let entries: UnsafePointer<TapeEntry>
    @usableFromInline let entryCount: Int
    /// Offset just past the parsed value.
    public let end: Int
    /// Whether the value's text holds whitespace between tokens (and so is not compact).
    public let hasWhitespace: Bool

    init(bytes: UnsafeRawBufferPointer, entries: UnsafeMutablePointer<TapeEntry>, entryCount: Int,
         end: Int, hasWhitespace: Bool) {
        self.bytes = bytes
        self.entries = UnsafePointer(entries)
        self.entryCount = entryCount
        self.end = end
        self.hasWhitespace = hasWhitespace
    }

    /// The top-level value.
    @inlinable public var root: JSONNode { JSONNode(document: self, index: 0) }

    /// The exact bytes of the top-level value.
    public var text: UnsafeRawBufferPointer { root.rawBytes }
}
