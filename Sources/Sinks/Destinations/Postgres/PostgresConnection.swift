import CPostgres

/// A libpq connection: statements, COPY FROM STDIN, reconnect.
final class PostgresConnection {
    private let connection: OpaquePointer
    let label: String

    init(conninfo: String, label: String) throws(DeliveryError) {
        self.label = label
        guard let connection = PQconnectdb(conninfo) else { throw DeliveryError("\(label): out of memory") }
        self.connection = connection
        // On failure `deinit` (which runs, as every property is set) closes the connection.
        guard PQstatus(connection) == CONNECTION_OK else { throw DeliveryError("\(label): cannot connect: \(lastError)") }
        // Notices ("relation already exists, skipping") are not for the user.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit { PQfinish(connection) }

    var lastError: String { String(cString: PQerrorMessage(connection)).trimmingNewlines }

    var isBroken: Bool { PQstatus(connection) != CONNECTION_OK }

    /// Resets a broken connection.
    func reset() { PQreset(connection) }

    /// Runs a statement without results.
    func execute(_ sql: String) throws(DeliveryError) {
        let result = PQexec(connection, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw DeliveryError("\(label): \(lastError)")
        }
    }

    /// Sends `data` (COPY text format rows) through `COPY … FROM STDIN`.
    func copy(_ sql: String, data: UnsafeRawBufferPointer) throws(DeliveryError) {
        let start = PQexec(connection, sql)
        let status = PQresultStatus(start)
        PQclear(start)
        guard status == PGRES_COPY_IN else { throw DeliveryError("\(label): \(lastError)") }
        var offset = 0
        while offset < data.count {
            let chunk = min(1 << 20, data.count - offset)
            guard PQputCopyData(connection, data.baseAddress!.assumingMemoryBound(to: CChar.self) + offset, Int32(chunk)) == 1 else {
                throw DeliveryError("\(label): \(lastError)")
            }
            offset += chunk
        }
        guard PQputCopyEnd(connection, nil) == 1 else { throw DeliveryError("\(label): \(lastError)") }
        var failure: String?
        while let result = PQgetResult(connection) {
            if PQresultStatus(result) != PGRES_COMMAND_OK { failure = String(cString: PQresultErrorMessage(result)).trimmingNewlines }
            PQclear(result)
        }
        if let failure { throw DeliveryError("\(label): COPY failed: \(failure)") }
    }
}

extension String {
    fileprivate var trimmingNewlines: String {
        var text = Substring(self)
        while text.last == "\n" { text = text.dropLast() }
        return String(text)
    }
}
