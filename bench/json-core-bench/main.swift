#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// Measures the JSON core alone over an NDJSON file: `parse` (tape only) or `roundtrip`
/// (tape + compact re-serialisation into a buffer that is discarded). Prints one line:
/// `MODE BYTES LINES SECONDS`.
let arguments = CommandLine.arguments
guard arguments.count == 3, ["parse", "roundtrip"].contains(arguments[1]) else {
    Diagnostics.writeStderr("usage: json-core-bench parse|roundtrip FILE\n")
    exit(2)
}
let roundtrip = arguments[1] == "roundtrip"
let fd = open(arguments[2], O_RDONLY)
guard fd >= 0 else { Diagnostics.writeStderr("json-core-bench: cannot open \(arguments[2])\n"); exit(2) }
var size = stat()
fstat(fd, &size)
let length = Int(size.st_size)
let data = UnsafeMutableRawPointer.allocate(byteCount: max(length, 1), alignment: 64)
var loaded = 0
while loaded < length {
    let n = read(fd, data + loaded, length - loaded)
    if n <= 0 { break }
    loaded += n
}
let tape = JSONTape()
let out = ByteBuffer(capacity: 1 << 20)
var start = timespec(), end = timespec()
clock_gettime(CLOCK_MONOTONIC, &start)
var offset = 0
var lines = 0
while offset < loaded {
    let lineEnd = memchr(data + offset, 0x0A, loaded - offset).map { data.distance(to: UnsafeMutableRawPointer($0)) } ?? loaded
    if lineEnd > offset {
        do {
            let document = try tape.parse(UnsafeRawBufferPointer(start: data + offset, count: lineEnd - offset))
            if roundtrip {
                out.appendCompact(document.root)
                out.append(0x0A)
                if out.count > 1 << 19 { out.removeAll() }
            }
            lines += 1
        } catch {
            Diagnostics.writeStderr("json-core-bench: line \(lines + 1): \(error)\n")
            exit(1)
        }
    }
    offset = lineEnd + 1
}
clock_gettime(CLOCK_MONOTONIC, &end)
let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
print("\(arguments[1]) \(loaded) \(lines) \(seconds)")
