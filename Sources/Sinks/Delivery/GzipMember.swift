import CDeflate
import FindingsCore

/// Compresses one buffer into one complete gzip member (header, deflate data, trailer) with
/// libdeflate's one-shot compressor. A file of such members, one per batch, is a valid
/// multi-member gzip file after every batch.
final class GzipMember {
    /// The compression levels libdeflate offers: 0 (stored, no compression), 1 (fastest) … 12 (smallest).
    static let levels: ClosedRange<Int32> = 0...12

    private let compressor: OpaquePointer

    init(level: Int32) throws(DeliveryError) {
        guard GzipMember.levels.contains(level), let compressor = libdeflate_alloc_compressor(level) else {
            throw DeliveryError("libdeflate cannot make a level \(level) compressor")
        }
        self.compressor = compressor
    }

    deinit { libdeflate_free_compressor(compressor) }

    /// Appends the compressed member of `input` to `output`.
    func compress(_ input: UnsafeRawBufferPointer, into output: ByteBuffer) throws(DeliveryError) {
        let bound = libdeflate_gzip_compress_bound(compressor, input.count)
        output.reserve(bound)
        let written = libdeflate_gzip_compress(compressor, input.baseAddress, input.count, output.base + output.count, bound)
        guard written > 0 else { throw DeliveryError("libdeflate gzip compression failed") }
        output.count += written
    }
}
