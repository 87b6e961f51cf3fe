#if canImport(Glibc)
import Glibc
#endif

/// The text of the current `errno` (or of `code`).
func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
