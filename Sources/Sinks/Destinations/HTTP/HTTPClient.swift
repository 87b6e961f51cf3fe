import CCurl
import FindingsCore

/// One libcurl easy handle that POSTs bodies and returns status, body and `Retry-After`.
final class HTTPClient {
    struct Response {
        let status: Int
        let body: [UInt8]
        /// Seconds from a `Retry-After: <seconds>` header.
        let retryAfter: Double?
    }

    /// Collects what libcurl hands the callbacks.
    final class Collector {
        var body: [UInt8] = []
        var retryAfter: Double?
    }

    private let handle: UnsafeMutableRawPointer
    /// The URL without credentials, for messages.
    private let label: String
    private var headers: UnsafeMutablePointer<curl_slist>?

    private static let initialised: Bool = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK }()

    init(url: String, label: String, headers: [String], caCertificate: String?, timeoutSeconds: Int) throws(DeliveryError) {
        guard HTTPClient.initialised, let handle = curl_easy_init() else { throw DeliveryError("libcurl cannot be initialised") }
        self.handle = handle
        self.label = label
        for header in headers { self.headers = curl_slist_append(self.headers, header) }
        ccurl_setopt_pointer(handle, CURLOPT_URL, url)
        ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_long(handle, CURLOPT_TIMEOUT, timeoutSeconds)
        ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, min(timeoutSeconds, 10))
        ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        ccurl_setopt_long(handle, CURLOPT_POST, 1)
        ccurl_setopt_pointer(handle, CURLOPT_HTTPHEADER, self.headers)
        ccurl_setopt_pointer(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        if let caCertificate { ccurl_setopt_pointer(handle, CURLOPT_CAINFO, caCertificate) }
        ccurl_setopt_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let collector = Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue()
            let total = size * count
            if let data { collector.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: total)) }
            return total
        }
        ccurl_setopt_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let collector = Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue()
            let total = size * count
            if let data {
                let line = String(decoding: UnsafeRawBufferPointer(start: data, count: total), as: UTF8.self)
                if line.lowercased().hasPrefix("retry-after:") {
                    collector.retryAfter = Double(String(line.dropFirst(12)).trimmingCharacters(in: " \r\n\t"))
                }
            }
            return total
        }
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headers)
    }

    /// POSTs `body`; throws only when no HTTP answer came (connection refused, timeout, TLS).
    func post(_ body: UnsafeRawBufferPointer) throws(DeliveryError) -> Response {
        let collector = Collector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, body.baseAddress ?? UnsafeRawPointer(bitPattern: 1))
        ccurl_setopt_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
        let result = withExtendedLifetime(collector) { curl_easy_perform(handle) }
        guard result == CURLE_OK else {
            throw DeliveryError("\(label): \(String(cString: curl_easy_strerror(result)))")
        }
        var status = 0
        ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return Response(status: status, body: collector.body, retryAfter: collector.retryAfter)
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
