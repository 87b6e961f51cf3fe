#if canImport(Glibc)
import Glibc
#endif

/// Messages to people, on stderr, each prefixed with the tool's name:
/// `TOOL: FILE:LINE: reason` for records, `TOOL: message` otherwise.
public struct Diagnostics: Sendable {
    public let tool: String

    public init(tool: String) { self.tool = tool }

    public func report(_ message: String) {
        Diagnostics.writeStderr("\(tool): \(message)\n")
    }

    public func report(file: String, line: Int, _ reason: String) {
        Diagnostics.writeStderr("\(tool): \(file):\(line): \(reason)\n")
    }

    /// Writes text to stderr in one write(2), so lines from concurrent tools do not interleave.
    public static func writeStderr(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}
