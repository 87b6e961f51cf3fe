/// A failure to read or write a file or stream; names the file.
public struct IOError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

#if canImport(Glibc)
import Glibc

/// The text of the current `errno`.
func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
#endif
