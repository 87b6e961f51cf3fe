import FindingsCore

/// Turns findings into the bytes of one output format.
///
/// An encoder writes whole records (with their line ends) into a buffer; formats that wrap
/// several records in one body (Security Hub batches, webhook arrays) close the body in
/// `finishBody`, which the destination calls at every batch boundary so that each delivered
/// batch is complete in itself.
public protocol RecordEncoder: AnyObject {
    /// Bytes written once at the start of each output file or stream (a CSV header row).
    func begin(into out: ByteBuffer)
    /// Appends one finding.
    func encode(_ finding: JSONNode, into out: ByteBuffer)
    /// Closes a body left open by `encode` (no-op for line formats).
    func finishBody(into out: ByteBuffer)
}

extension RecordEncoder {
    public func begin(into out: ByteBuffer) {}
    public func finishBody(into out: ByteBuffer) {}
}
