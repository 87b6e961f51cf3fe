#if canImport(Glibc)
import Glibc
#endif
import FindingsCore

/// The append-only audit log: one JSON object per line, each chained to the one before.
///
/// A record is written as `{"seq":N,"prev":HASH,...fields...,"hash":H}` where `H` is the
/// SHA-256 of the same text without the `,"hash":...` member (i.e. of `{"seq":N,...fields...}`)
/// and `prev` is the previous record's `hash` (64 zeros for the first). Editing, inserting,
/// reordering or deleting a record breaks the chain, which `AuditChain.verify` reports.
/// Appends hold an exclusive lock and are synced to disk before the action's result is used.
public final class AuditLog {
    public let path: String
    private let fd: Int32
    private(set) var lastHash: String
    private(set) var nextSequence: Int

    public init(path: String) throws(IOError) {
        self.path = path
        fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw IOError(file: path, errnoText()) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw IOError(file: path, "the audit log is in use by another remediate run")
        }
        let existing: [UInt8]
        do { existing = try AuditLog.readAll(fd) } catch { close(fd); throw IOError(file: path, error.message) }
        switch AuditChain.verify(existing) {
        case .intact(let count, let last):
            lastHash = last
            nextSequence = count + 1
        case .broken(let line, let reason):
            close(fd)
            throw IOError(file: path, "line \(line): \(reason); the audit chain is broken, refusing to append")
        }
    }

    deinit { close(fd) }

    /// Appends one record: `fields` writes the members after `seq`, `prev` and `time`
    /// (each starting with a comma).
    public func append(_ fields: (ByteBuffer) -> Void) throws(IOError) {
        let record = ByteBuffer(capacity: 1024)
        record.append("{\"seq\":" as StaticString)
        record.append(integer: nextSequence)
        record.append(",\"prev\":" as StaticString)
        record.appendJSONString(lastHash)
        record.append(",\"time\":" as StaticString)
        record.appendJSONString(Clock.isoNow())
        fields(record)
        record.append(UInt8(ascii: "}"))
        let hash = SHA256.hex(record.bytes)
        record.truncate(to: record.count - 1)
        record.append(",\"hash\":\"" as StaticString)
        record.append(contentsOf: hash)
        record.append("\"}\n" as StaticString)
        var offset = 0
        while offset < record.count {
            let n = write(fd, record.base + offset, record.count - offset)
            if n < 0 { if errno == EINTR { continue }; throw IOError(file: path, errnoText()) }
            offset += n
        }
        guard fsync(fd) == 0 else { throw IOError(file: path, errnoText()) }
        lastHash = hash
        nextSequence += 1
    }

    static func readAll(_ fd: Int32) throws(IOError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var position: off_t = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, position) }
            if n < 0 { if errno == EINTR { continue }; throw IOError(file: "", errnoText()) }
            if n == 0 { return bytes }
            bytes += chunk[0..<n]
            position += off_t(n)
        }
    }
}

/// Checks an audit log's hash chain.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    public enum Verdict: Equatable, Sendable {
        /// Every record is intact: how many, and the last hash (to anchor elsewhere).
        case intact(records: Int, lastHash: String)
        /// The first record that does not verify (1-based line) and why.
        case broken(line: Int, reason: String)
    }

    /// Verifies the whole log text.
    public static func verify(_ bytes: [UInt8]) -> Verdict {
        var previous = genesis
        var count = 0
        var line = 0
        let suffixLength = ",\"hash\":\"".utf8.count + 64 + 2
        for raw in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            line += 1
            if raw.isEmpty {
                if raw.endIndex == bytes.endIndex { break }
                return .broken(line: line, reason: "empty line inside the log")
            }
            let record = Array(raw)
            guard record.count > suffixLength + 2, record.last == UInt8(ascii: "}"),
                  Array(record[(record.count - suffixLength)..<(record.count - suffixLength + 9)]) == Array(",\"hash\":\"".utf8) else {
                return .broken(line: line, reason: "record does not end with its hash")
            }
            let hash = String(decoding: record[(record.count - 66)..<(record.count - 2)], as: UTF8.self)
            let body = Array(record[0..<(record.count - suffixLength)]) + [UInt8(ascii: "}")]
            guard SHA256.hex(body) == hash else { return .broken(line: line, reason: "record hash mismatch (the record was edited)") }
            let parsed: JSONValue
            do { parsed = try JSONValue(parsing: String(decoding: record, as: UTF8.self)) } catch {
                return .broken(line: line, reason: "not valid JSON")
            }
            guard case .object(let object) = parsed, object["seq"] == .number(String(count + 1)) else {
                return .broken(line: line, reason: "sequence number is not \(count + 1) (a record was removed or reordered)")
            }
            guard object["prev"]?.stringValue == previous else {
                return .broken(line: line, reason: "previous-hash link does not match the record before (a record was removed, inserted or reordered)")
            }
            previous = hash
            count += 1
        }
        return .intact(records: count, lastHash: previous)
    }
}
