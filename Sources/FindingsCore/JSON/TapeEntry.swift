/// One value (or object key) of a parsed document, in document order.
///
/// Offsets point into the parsed bytes. Strings span their contents without the quotes;
/// containers span from the opening to one past the closing bracket. `next` is the index of
/// the first entry after this value and everything inside it, so a reader skips a whole
/// subtree in one step.
@usableFromInline
struct TapeEntry {
    @usableFromInline var start: UInt32
    @usableFromInline var end: UInt32
    @usableFromInline var next: UInt32
    @usableFromInline var kind: JSONKind
    /// For strings: the text holds escape sequences and must be decoded before use.
    @usableFromInline var escaped: Bool

    @inlinable init(kind: JSONKind, start: UInt32, end: UInt32, next: UInt32, escaped: Bool = false) {
        self.kind = kind
        self.start = start
        self.end = end
        self.next = next
        self.escaped = escaped
    }
}
