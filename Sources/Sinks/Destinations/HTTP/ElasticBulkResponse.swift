import FindingsCore

/// The per-item outcome of an Elasticsearch `_bulk` answer (the API is not atomic: a 200
/// answer can carry `"errors": true` and failed items).
struct ElasticBulkResponse {
    /// Positions (in the request) of items worth sending again: status 429 or 5xx.
    var retryable: [Int] = []
    /// Items that failed for good, with the reason Elasticsearch gave.
    var rejected: [(position: Int, reason: String)] = []

    /// Reads the answer to a request of `itemCount` items. 409 (a version conflict: the
    /// stored version is as new or newer) counts as delivered.
    init(_ body: [UInt8], itemCount: Int) throws(DeliveryError) {
        let tape = JSONTape()
        let parsed: Result<Void, DeliveryError> = body.withUnsafeBytes { bytes in
            let document: JSONDocument
            do { document = try tape.parse(bytes) } catch { return .failure(DeliveryError("the _bulk answer is not JSON: \(error)")) }
            let root = document.root
            guard root.get("errors")?.boolValue == true else { return .success(()) }
            guard let items = root.get("items"), items.kind == .array, items.count == itemCount else {
                return .failure(DeliveryError("the _bulk answer reports errors without one item per request item"))
            }
            for (position, item) in items.elements.enumerated() {
                guard let outcome = item.members.first(where: { _ in true })?.value else { continue }
                let status = outcome.get("status")?.intValue ?? 0
                if (200...299).contains(status) || status == 409 { continue }
                if RetryPolicy.isRetryable(status: status) {
                    retryable.append(position)
                } else {
                    let error = outcome.get("error")
                    let reason = [error?.get("type")?.stringValue, error?.get("reason")?.stringValue].compactMap { $0 }.joined(separator: ": ")
                    rejected.append((position, "status \(status)" + (reason.isEmpty ? "" : " \(reason)")))
                }
            }
            return .success(())
        }
        try parsed.get()
    }
}
