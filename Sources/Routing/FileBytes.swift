import FindingsCore

/// Whole-file reads for small configuration inputs (gzip-aware, `-` is stdin).
enum FileBytes {
    static func read(_ path: String) throws(IOError) -> [UInt8] {
        let stream = try InputStream(path: path)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = try chunk.withUnsafeMutableBytes { buffer in
                Result { () throws(IOError) -> Int in try stream.read(into: buffer) }
            }.get()
            if n == 0 { return bytes }
            bytes += chunk[0..<n]
        }
    }
}
