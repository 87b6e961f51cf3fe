import CZlib
import FindingsCore

/// Compresses one buffer into one complete gzip member (header, deflate data, trailer).
/// A file of such members, one per batch, is a valid multi-member gzip file after every batch.
final class GzipMember {
    private var stream = z_stream()
    private let level: Int32

    init(level: Int32) throws(DeliveryError) {
        self.level = level
        let status = deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw DeliveryError("zlib deflateInit2 failed (\(status))") }
    }

    deinit { deflateEnd(&stream) }

    /// Appends the compressed member of `input` to `output`.
    func compress(_ input: UnsafeRawBufferPointer, into output: ByteBuffer) throws(DeliveryError) {
        deflateReset(&stream)
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        while true {
            output.reserve(Int(deflateBound(&stream, uLong(stream.avail_in))) + 64)
            let room = output.capacity - output.count
            stream.next_out = output.base + output.count
            stream.avail_out = uInt(room)
            let status = deflate(&stream, Z_FINISH)
            output.count += room - Int(stream.avail_out)
            if status == Z_STREAM_END { return }
            guard status == Z_OK || status == Z_BUF_ERROR else { throw DeliveryError("zlib deflate failed (\(status))") }
        }
    }
}
