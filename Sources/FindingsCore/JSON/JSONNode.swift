#if canImport(Glibc)
import Glibc
#endif

/// A value inside a `JSONDocument`: a position on its tape.
///
/// Lookups decode nothing but the keys they compare; `stringValue`, `doubleValue` and
/// friends build Swift values only on request. Like its document, a node is a borrowed view.
public struct JSONNode {
    public let document: JSONDocument
    @usableFromInline let index: Int

    @inlinable init(document: JSONDocument, index: Int) {
        self.document = document
        self.index = index
    }

    @inlinable var entry: TapeEntry { document.entries[index] }

    /// The value's type.
    @inlinable public var kind: JSONKind { entry.kind }

    /// Tape index of the entry after this value's subtree.
    @inlinable var nextIndex: Int {
        let e = entry
        return (e.kind == .object || e.kind == .array) ? Int(e.next) : index + 1
    }

    /// The exact source bytes of the value (strings with their quotes).
    public var rawBytes: UnsafeRawBufferPointer {
        let e = entry
        if e.kind == .string {
            return UnsafeRawBufferPointer(rebasing: document.bytes[Int(e.start) - 1 ..< Int(e.end) + 1])
        }
        return UnsafeRawBufferPointer(rebasing: document.bytes[Int(e.start) ..< Int(e.end)])
    }

    /// Offset of the value's first byte in the document's bytes.
    public var byteOffset: Int {
        let e = entry
        return e.kind == .string ? Int(e.start) - 1 : Int(e.start)
    }

    /// For strings: the undecoded bytes between the quotes.
    @inlinable var stringBody: UnsafeRawBufferPointer {
        let e = entry
        return UnsafeRawBufferPointer(rebasing: document.bytes[Int(e.start) ..< Int(e.end)])
    }

    // MARK: Objects

    /// The value of member `key`; with duplicate keys the last one wins.
    public subscript(key: JSONKey) -> JSONNode? {
        key.utf8.withUnsafeBytes { member($0) }
    }

    public subscript(key: String) -> JSONNode? {
        var key = key
        return key.withUTF8 { member(UnsafeRawBufferPointer($0)) }
    }

    /// The value of the member whose key equals the given UTF-8 bytes (last one wins).
    public func member(_ key: UnsafeRawBufferPointer) -> JSONNode? {
        guard kind == .object else { return nil }
        var found: Int = -1
        var i = index + 1
        let stop = Int(entry.next)
        let entries = document.entries
        while i < stop {
            let keyEntry = entries[i]
            let valueIndex = i + 1
            if JSONNode(document: document, index: i).stringEquals(key, keyEntry) { found = valueIndex }
            let v = entries[valueIndex]
            i = (v.kind == .object || v.kind == .array) ? Int(v.next) : valueIndex + 1
        }
        return found < 0 ? nil : JSONNode(document: document, index: found)
    }

    /// The members of an object in document order (empty for other kinds).
    public var members: JSONMembers { JSONMembers(container: self) }

    /// The elements of an array in document order (empty for other kinds).
    public var elements: JSONElements { JSONElements(container: self) }

    /// Number of members or elements (0 for scalars).
    public var count: Int {
        var n = 0
        var i = index + 1
        guard kind == .object || kind == .array else { return 0 }
        let stride = kind == .object ? 2 : 1
        let stop = Int(entry.next)
        while i < stop {
            let valueIndex = i + stride - 1
            n += 1
            i = JSONNode(document: document, index: valueIndex).nextIndex
        }
        return n
    }

    /// Follows a path of keys; `nil` where a step is missing or not an object.
    public subscript(path path: JSONPath) -> JSONNode? {
        var node: JSONNode? = self
        for key in path.keys {
            node = node?[key]
            if node == nil { return nil }
        }
        return node
    }

    // MARK: Scalars

    /// The decoded string, or `nil` when the value is not a string.
    public var stringValue: String? {
        guard kind == .string else { return nil }
        let body = stringBody
        if !entry.escaped { return String(decoding: body, as: UTF8.self) }
        return String(decoding: JSONStringDecoder.decode(body), as: UTF8.self)
    }

    /// The decoded UTF-8 bytes of a string value.
    public var stringBytes: [UInt8]? {
        guard kind == .string else { return nil }
        return entry.escaped ? JSONStringDecoder.decode(stringBody) : Array(stringBody)
    }

    /// Compares a string value with UTF-8 bytes without allocating (when unescaped).
    public func stringEquals(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard kind == .string else { return false }
        return stringEquals(bytes, entry)
    }

    public func stringEquals(_ string: StaticString) -> Bool {
        stringEquals(UnsafeRawBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }

    @inline(__always)
    func stringEquals(_ bytes: UnsafeRawBufferPointer, _ e: TapeEntry) -> Bool {
        let length = Int(e.end - e.start)
        if !e.escaped {
            guard length == bytes.count else { return false }
            if length == 0 { return true }
            return memcmp(document.bytes.baseAddress! + Int(e.start), bytes.baseAddress!, length) == 0
        }
        let decoded = JSONStringDecoder.decode(stringBody)
        return decoded.elementsEqual(bytes)
    }

    /// The literal text of a number value.
    public var numberText: String? {
        guard kind == .number else { return nil }
        return String(decoding: rawBytes, as: UTF8.self)
    }

    /// A number as `Double` (`nil` for other kinds).
    public var doubleValue: Double? {
        guard kind == .number else { return nil }
        return JSONNumberParsing.double(rawBytes)
    }

    /// A number as `Int` when it is an integer literal in range (`nil` otherwise).
    public var intValue: Int? {
        guard kind == .number else { return nil }
        return JSONNumberParsing.integer(rawBytes)
    }

    /// `true`/`false`, or `nil` for other kinds.
    public var boolValue: Bool? {
        switch kind {
        case .true: return true
        case .false: return false
        default: return nil
        }
    }

    public var isNull: Bool { kind == .null }
}

/// The members of an object, as (key, value) pairs in document order.
public struct JSONMembers: Sequence {
    let container: JSONNode

    public struct Iterator: IteratorProtocol {
        let document: JSONDocument
        var i: Int
        let stop: Int

        public mutating func next() -> (key: JSONNode, value: JSONNode)? {
            guard i < stop else { return nil }
            let key = JSONNode(document: document, index: i)
            let value = JSONNode(document: document, index: i + 1)
            i = value.nextIndex
            return (key, value)
        }
    }

    public func makeIterator() -> Iterator {
        let stop = container.kind == .object ? Int(container.entry.next) : container.index + 1
        return Iterator(document: container.document, i: container.index + 1, stop: stop)
    }
}

/// The elements of an array in document order.
public struct JSONElements: Sequence {
    let container: JSONNode

    public struct Iterator: IteratorProtocol {
        let document: JSONDocument
        var i: Int
        let stop: Int

        public mutating func next() -> JSONNode? {
            guard i < stop else { return nil }
            let node = JSONNode(document: document, index: i)
            i = node.nextIndex
            return node
        }
    }

    public func makeIterator() -> Iterator {
        let stop = container.kind == .array ? Int(container.entry.next) : container.index + 1
        return Iterator(document: container.document, i: container.index + 1, stop: stop)
    }
}

extension JSONNode {
    /// Whether the object has a member `key` (any value).
    public func has(_ key: StaticString) -> Bool {
        member(UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)) != nil
    }

    /// The value of member `key` looked up with a static key (no allocation).
    public func get(_ key: StaticString) -> JSONNode? {
        member(UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    }
}
