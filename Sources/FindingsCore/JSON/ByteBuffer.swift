#if canImport(Glibc)
import Glibc
#endif

/// A growable byte buffer: the one place output is assembled before it is written.
public final class ByteBuffer {
    public private(set) var base: UnsafeMutablePointer<UInt8>
    public private(set) var capacity: Int
    /// Number of bytes held.
    public var count: Int

    public init(capacity: Int = 64 * 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        count = 0
    }

    deinit { base.deallocate() }

    /// The bytes held, as a borrowed view.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// A copy of the bytes held.
    public var array: [UInt8] { Array(bytes) }

    public func removeAll() { count = 0 }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    public func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }

    @inline(__always)
    public func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    public func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        memcpy(base + count, source, bytes.count)
        count += bytes.count
    }

    public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    public func append(_ string: StaticString) {
        append(UnsafeRawBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }

    /// Appends the UTF-8 of `string` as is (no JSON quoting).
    public func append(contentsOf string: String) {
        var string = string
        string.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends a decimal integer.
    public func append(integer value: Int) {
        if value == 0 { append(UInt8(ascii: "0")); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var magnitude = value.magnitude
        var k = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while magnitude > 0 {
                d[k] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                k += 1
            }
            reserve(k + 1)
            if value < 0 { base[count] = UInt8(ascii: "-"); count += 1 }
            while k > 0 { k -= 1; base[count] = d[k]; count += 1 }
        }
    }

    /// Drops bytes past `mark` (used to roll back a record that failed half-way).
    public func truncate(to mark: Int) {
        precondition(mark <= count)
        count = mark
    }
}
