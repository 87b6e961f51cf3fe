import FindingsCore

/// `dedupe --export`: the state as NDJSON, one identity per line, least recently seen first:
/// `{"identity":"HEX16","updatedAt":ISO,"fingerprint":"HEX16","seen":N,"firstSeen":ISO,
/// "lastSeen":ISO,"recordState":..,"complianceStatus":..,"customer":{..}}` (absent values left out).
enum StateExport {
    static func write(_ store: SQLiteIdentityStore, to output: OutputStream) throws {
        try store.forEachRecord { key, record in
            output.buffer.append(json: .object(line(key, record)))
            output.buffer.append(0x0A)
            try output.endRecord()
        }
        try output.flush()
    }

    static func line(_ key: UInt64, _ record: IdentityRecord) -> JSONObject {
        var object = JSONObject()
        object["identity"] = .string(hex(key))
        object["updatedAt"] = .string(record.updatedAt.description)
        object["fingerprint"] = .string(hex(record.fingerprint))
        object["seen"] = .int(record.seen)
        object["firstSeen"] = .string(Clock.iso(record.firstSeen))
        object["lastSeen"] = .string(Clock.iso(record.lastSeen))
        if let state = record.recordState { object["recordState"] = .string(state.rawValue) }
        if let status = record.complianceStatus { object["complianceStatus"] = .string(status.rawValue) }
        if let customer = record.customer { object["customer"] = .object(customer.fields) }
        return object
    }

    /// 16 lower-case hex digits.
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
