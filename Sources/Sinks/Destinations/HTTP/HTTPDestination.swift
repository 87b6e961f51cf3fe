import FindingsCore

/// `http(s)://…`: batches POSTed as Splunk HEC events, Elasticsearch `_bulk` bodies or webhook
/// JSON arrays, gzip-compressed, with a token from the environment. 2xx acknowledges a batch
/// (for `_bulk`: every item 2xx or 409); 429, 5xx and network errors are retried with
/// exponential backoff and jitter, `Retry-After` honoured; for `_bulk` only the failed items are
/// sent again (deterministic `_id`s make that idempotent). Other answers fail the batch.
public final class HTTPDestination: Destination {
    public struct Options: Sendable {
        /// Token sent as `Authorization: <scheme> <token>` (Splunk for HEC, ApiKey for
        /// Elasticsearch, Bearer for webhooks).
        public var token: String?
        public var caCertificate: String?
        public var timeoutSeconds = 30
        public var retry = RetryPolicy()
        public var gzip = true
        public init() {}
    }

    public let label: String
    public private(set) var statistics = DeliveryStatistics()
    private let format: OutputFormat
    private let encoder: RecordEncoder
    private let options: Options
    private let client: HTTPClient
    private let body = ByteBuffer(capacity: 1 << 20)
    private var items: [Range<Int>] = []
    private let request = ByteBuffer(capacity: 1 << 20)
    private let gzip: GzipMember?

    public static let formats: [OutputFormat] = [.splunkHEC, .elasticBulk, .webhook]

    public init(url: String, label: String, format: OutputFormat, formatOptions: FormatOptions, options: Options) throws(DeliveryError) {
        guard HTTPDestination.formats.contains(format) else {
            throw DeliveryError("\(label): HTTP destinations take --format splunk-hec, elastic-bulk or webhook, not \(format.rawValue)")
        }
        self.label = label
        self.format = format
        self.options = options
        encoder = format.makeEncoder(formatOptions)
        var headers = ["Content-Type: \(format.contentType)", "Expect:"]
        if options.gzip { headers.append("Content-Encoding: gzip") }
        if let token = options.token {
            let scheme = format == .splunkHEC ? "Splunk" : format == .elasticBulk ? "ApiKey" : "Bearer"
            headers.append("Authorization: \(scheme) \(token)")
        }
        client = try HTTPClient(url: url, label: label, headers: headers, caCertificate: options.caCertificate, timeoutSeconds: options.timeoutSeconds)
        gzip = options.gzip ? try GzipMember(level: 1) : nil
    }

    public func add(_ finding: JSONNode) throws(DeliveryError) {
        let start = body.count
        encoder.encode(finding, into: body)
        items.append(start..<body.count)
    }

    public func flush() throws(DeliveryError) {
        guard !items.isEmpty else { return }
        encoder.finishBody(into: body)
        var sending = Array(items.indices)
        var attempt = 0
        while true {
            switch try send(sending) {
            case .delivered:
                statistics.batches += 1
                statistics.delivered += items.count
                discardBatch()
                return
            case .retry(let message, let retryAfter, let remaining):
                attempt += 1
                guard attempt <= options.retry.retries else {
                    throw DeliveryError("\(message) (gave up after \(attempt) attempts)")
                }
                sending = remaining
                statistics.retries += 1
                RetryPolicy.sleep(seconds: options.retry.delay(attempt: attempt, retryAfter: retryAfter))
            }
        }
    }

    /// The result of one request.
    private enum Attempt {
        case delivered
        /// Worth another try, with the items still to send.
        case retry(String, retryAfter: Double?, remaining: [Int])
    }

    /// Sends the items at `positions` once; throws when the answer cannot be fixed by retrying.
    private func send(_ positions: [Int]) throws(DeliveryError) -> Attempt {
        request.removeAll()
        if positions.count == items.count {
            request.append(body.bytes)
        } else {
            for index in positions { request.append(UnsafeRawBufferPointer(rebasing: body.bytes[items[index]])) }
        }
        let response: HTTPClient.Response
        do { response = try post(request) } catch { return .retry(error.message, retryAfter: nil, remaining: positions) }
        guard (200...299).contains(response.status) else {
            let message = "HTTP \(response.status) \(String(decoding: response.body.prefix(300), as: UTF8.self))"
            guard RetryPolicy.isRetryable(status: response.status) else { throw DeliveryError(message) }
            return .retry(message, retryAfter: response.retryAfter, remaining: positions)
        }
        guard format == .elasticBulk else { return .delivered }
        let outcome = try ElasticBulkResponse(response.body, itemCount: positions.count)
        if let rejected = outcome.rejected.first {
            throw DeliveryError("\(outcome.rejected.count) bulk item(s) rejected, first: \(rejected.reason)")
        }
        if outcome.retryable.isEmpty { return .delivered }
        return .retry("\(outcome.retryable.count) bulk item(s) answered 429/5xx", retryAfter: response.retryAfter,
                      remaining: outcome.retryable.map { positions[$0] })
    }

    private func post(_ payload: ByteBuffer) throws(DeliveryError) -> HTTPClient.Response {
        guard let gzip else {
            statistics.bytes += payload.count
            return try client.post(payload.bytes)
        }
        let compressed = ByteBuffer(capacity: payload.count / 4 + 1024)
        try gzip.compress(payload.bytes, into: compressed)
        statistics.bytes += compressed.count
        return try client.post(compressed.bytes)
    }

    public func discardBatch() {
        body.removeAll()
        items.removeAll()
        encoder.finishBody(into: body)
        body.removeAll()
    }

    public func close() throws(DeliveryError) { try flush() }
}
