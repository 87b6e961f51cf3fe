import FindingsCore

/// Whole-file reads for the small files remediate reads (approvals, audit logs).
enum FileBytes {
    static func read(_ path: String) throws(IOError) -> [UInt8] {
        let stream = try InputStream(path: path)
        var bytes: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { chunk.deallocate() }
        while true {
            let n = try stream.read(into: chunk)
            if n == 0 { return bytes }
            bytes += chunk[0..<n]
        }
    }
}
